"""``recapkit linkcheck``: every link of a built site reaches a file of that site.

The build already checks the links an author writes (``content.written``); this reads
what was published, templates included, the way a reader's browser would resolve it
under the site's real address (a GitHub Pages project site lives under ``/repo/``).
Relative URLs, root-absolute ones and absolute ones on the site's own address are
followed to a file (and a ``#fragment`` to an element with that id); other sites are
not fetched: the check works offline. HTML is parsed with lxml.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

#: Elements and attributes that load or lead to a URL.
_URL_ATTRIBUTES = (
    ("a", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("source", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("iframe", "src"),
    ("form", "action"),
)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)""")
#: Schemes that name no file of the site.
_ELSEWHERE = ("mailto:", "tel:", "data:", "geo:", "webcal:")


@dataclass(frozen=True)
class Site:
    """A built site and the address it is published at."""

    output: Path
    url: str

    @property
    def base(self) -> str:
        return self.url.rstrip("/") + "/"

    @property
    def prefix(self) -> str:
        """The path the site is served under: ``/recaps/`` for ``https://x.github.io/recaps``."""
        return urlsplit(self.base).path or "/"


def _html_urls(doc) -> Iterator[str]:
    for tag, attribute in _URL_ATTRIBUTES:
        for element in doc.iter(tag):
            value = element.get(attribute)
            if value and value.strip():
                yield value.strip()
    for element in doc.xpath("//*[@srcset]"):
        for candidate in element.get("srcset").split(","):
            url = candidate.strip().split(" ")[0]
            if url:
                yield url


def _xml_urls(tree) -> Iterator[str]:
    """Feed and sitemap addresses (``<link href>``, ``<loc>``)."""
    for value in tree.xpath("//*[local-name()='link']/@href | //*[local-name()='loc']/text()"):
        if str(value).strip():
            yield str(value).strip()


def _target(site: Site, page: Path, url: str) -> tuple[str | None, str, str | None]:
    """(output-relative path or None when not ours, fragment, problem)."""
    if url.startswith(_ELSEWHERE) or url.startswith("#") and len(url) == 1:
        return None, "", None
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        absolute = url if parts.scheme else "https:" + url
        if not absolute.startswith(site.base) and absolute.rstrip("/") != site.base.rstrip("/"):
            return None, "", None  # another site: not fetched
        path = unquote(urlsplit(absolute).path)[len(site.prefix) :]
    elif url.startswith("/"):
        path = unquote(parts.path)
        if not (path + "/").startswith(site.prefix):
            return None, "", f"starts at the server root, outside {site.prefix}"
        path = path[len(site.prefix) :]
    else:
        here = page.parent.relative_to(site.output).as_posix()
        path = posixpath.join(here, unquote(parts.path)) if parts.path else None
        if path is None:
            return page.relative_to(site.output).as_posix(), parts.fragment, None
    target = posixpath.normpath(path or ".")
    if target == ".." or target.startswith("../"):
        return None, "", "leads out of the site"
    return target, parts.fragment, None


class _Ids:
    """The ids (and ``<a name>``s) of each HTML page, read once."""

    def __init__(self) -> None:
        self._seen: dict[Path, set[str]] = {}

    def of(self, path: Path) -> set[str]:
        if path not in self._seen:
            doc = lxml_html.fromstring(path.read_bytes())
            self._seen[path] = {e.get("id") for e in doc.xpath("//*[@id]")} | {
                e.get("name") for e in doc.xpath("//a[@name]")
            }
        return self._seen[path]


def _file_of(site: Site, target: str) -> Path | None:
    path = site.output / target
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def _sources(output: Path) -> Iterator[tuple[Path, list[str] | None]]:
    """Each page, feed and stylesheet with the URLs in it (None: XML that does not parse)."""
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".html":
            yield path, list(_html_urls(lxml_html.fromstring(path.read_bytes())))
        elif path.suffix == ".xml":
            try:
                tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False))
            except etree.XMLSyntaxError:
                yield path, None
                continue
            yield path, list(_xml_urls(tree))
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            yield path, [m["url"].strip() for m in _CSS_URL.finditer(text)]


@dataclass(frozen=True)
class Checked:
    pages: int
    links: int
    broken: list[str]


def check(output: Path, site_url: str) -> Checked:
    """Every broken link of the site in ``output`` published at ``site_url``."""
    site = Site(output, site_url)
    ids = _Ids()
    broken: list[str] = []
    pages = links = 0
    for source, urls in _sources(output):
        pages += 1
        shown = source.relative_to(output).as_posix()
        if urls is None:
            broken.append(f"{shown}: not well-formed XML")
            continue
        for url in dict.fromkeys(urls):
            target, fragment, problem = _target(site, source, url)
            if problem is None and target is None:
                continue
            links += 1
            if problem is not None:
                broken.append(f"{shown}: {url}: {problem}")
                continue
            found = _file_of(site, target)
            if found is None:
                broken.append(f"{shown}: {url}: no such file in the site")
            elif fragment and found.suffix == ".html" and unquote(fragment) not in ids.of(found):
                broken.append(f"{shown}: {url}: no element with id '{unquote(fragment)}'")
    return Checked(pages, links, broken)
