"""Checks over a built output folder, shared by the site-wide tests."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

URL_ATTRS = (
    ("a", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("source", "src"),
    ("video", "poster"),
    ("iframe", "src"),
)


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def page_urls(doc) -> Iterator[tuple[str, str]]:
    """(tag, url) for every URL a page references, srcset candidates included."""
    for tag, attr in URL_ATTRS:
        for el in doc.iter(tag):
            value = el.get(attr)
            if value:
                yield tag, value
    for el in doc.xpath("//*[@srcset]"):
        for candidate in el.get("srcset").split(","):
            url = candidate.strip().split(" ")[0]
            if url:
                yield el.tag, url


def broken_internal_links(output: Path) -> list[str]:
    """Every internal URL (relative or under the site) that points at no file or anchor."""
    problems = []
    ids_cache: dict[Path, set[str]] = {}

    def ids(path: Path) -> set[str]:
        if path not in ids_cache:
            doc = lxml_html.fromstring(path.read_bytes())
            ids_cache[path] = {e.get("id") for e in doc.xpath("//*[@id]")} | {
                e.get("name") for e in doc.xpath("//a[@name]")
            }
        return ids_cache[path]

    for page in html_files(output):
        doc = lxml_html.fromstring(page.read_bytes())
        rel_dir = page.parent.relative_to(output).as_posix()
        for tag, url in page_urls(doc):
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//") or url.startswith("data:"):
                continue
            if parts.path.startswith("/"):
                problems.append(f"{page.relative_to(output)}: root-absolute {url}")
                continue
            target_rel = posixpath.normpath(posixpath.join(rel_dir, unquote(parts.path)))
            if target_rel.startswith(".."):
                problems.append(f"{page.relative_to(output)}: {url} leaves the site")
                continue
            target = output / target_rel if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(output)}: {tag} {url} -> missing")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in ids(target):
                problems.append(f"{page.relative_to(output)}: {url} -> no #{fragment}")
    return problems
