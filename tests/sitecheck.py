"""Checks over a built output folder, shared by the site-wide tests."""

from __future__ import annotations

import json
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


def broken_internal_links(output: Path, site_root: str | None = None) -> list[str]:
    """Every internal URL (relative or under the site) that points at no file or anchor.

    Root-absolute URLs (``/x/``) are problems, unless ``site_root`` says where the site is
    served (``"/"`` for Pelican's development default, ``SITEURL = ""``): then they are
    checked under it."""
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
            path = unquote(parts.path)
            if path.startswith("/"):
                if site_root is None or not path.startswith(site_root):
                    problems.append(f"{page.relative_to(output)}: root-absolute {url}")
                    continue
                path = path[len(site_root) :] or "."
                target_rel = posixpath.normpath(path)
            else:
                target_rel = posixpath.normpath(posixpath.join(rel_dir, path))
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


#: Elements no content may bring into a page, whatever the raw-HTML mode.
FOREIGN_TAGS = {"x-injected", "iframe", "object", "embed", "frame", "frameset", "applet"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


def foreign_in_document(doc, where: str) -> list[str]:
    """Markup in one parsed HTML document (a page, or one feed entry) that the site's
    own templates never write: injected elements, handlers, script URLs, inline script."""
    found = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in FOREIGN_TAGS:
            found.append(f"{where}: <{tag}>")
        if tag == "base" and not where.endswith("404.html"):  # 404 pages need one
            found.append(f"{where}: <base>")
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            found.append(f"{where}: <meta http-equiv=refresh>")
        for name, value in el.attrib.items():
            name = str(name).lower()
            if name.startswith("on") or "injected" in name:
                found.append(f"{where}: {name}= on <{tag}>")
            plain = "".join(str(value).split()).lower()
            if plain.startswith(_BAD_SCHEMES):
                found.append(f"{where}: {name}={value!r}")
        if tag == "html" and el.get("lang") is not None:
            lang = el.get("lang")
            if not lang.replace("-", "").isalnum():
                found.append(f"{where}: <html lang={lang!r}>")
        if tag == "script":
            if el.get("type") == "application/ld+json":
                try:
                    json.loads(el.text or "")
                except ValueError:
                    found.append(f"{where}: JSON-LD broken by content")
            elif not el.get("src"):
                found.append(f"{where}: inline <script>")
    return found


def foreign_markup(output: Path) -> list[str]:
    """:func:`foreign_in_document` over every page, every entry of every Atom feed
    (feeds have no CSP: feed readers show what they carry) and the sitemap."""
    from lxml import etree

    found = []
    for page in html_files(output):
        rel = page.relative_to(output).as_posix()
        found += foreign_in_document(lxml_html.fromstring(page.read_bytes()), rel)
    atom = "{http://www.w3.org/2005/Atom}"
    for feed in sorted(output.rglob("*.xml")):
        rel = feed.relative_to(output).as_posix()
        tree = etree.fromstring(feed.read_bytes(), etree.XMLParser(resolve_entities=False))
        for el in tree.iter():
            if isinstance(el.tag, str) and not el.tag.startswith(("{", "conference", "day")):
                # Atom and sitemap elements are namespaced; frab's schedule.xml is not.
                if rel.endswith("schedule.xml"):
                    continue
                found.append(f"{rel}: un-namespaced <{el.tag}>")
        for el in tree.iter(f"{atom}content", f"{atom}summary", f"{atom}title"):
            if el.get("type") == "html" and (el.text or "").strip():
                found += foreign_in_document(lxml_html.fromstring(el.text), f"{rel} entry")
    return found
