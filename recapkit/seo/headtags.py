"""A pass over every written HTML page: sharing tags nobody rendered, search markers.

Other plugins write pages from templates this package does not own, and a theme may not
include ``partials/seo.html`` everywhere; every page still needs a canonical link and
Open Graph tags. The page's own ``<title>`` and meta description are the best title and
description a page without a content object has. Search markers go on ``<main>`` by URL
kind (DESIGN.md's URL scheme), so Pagefind indexes recaps, talks, speakers and
conferences only, and labels each hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from markupsafe import escape

from recapkit.seo.kinds import PageKind, page_kind
from recapkit.seo.settings import SeoSettings
from recapkit.seo.urls import page_path, site_url

_HEAD_END = re.compile(r"</head\s*>", re.I)
_MAIN_START = re.compile(r"<main\b", re.I)
_NAV_START = re.compile(r"<nav\b(?![^>]*data-pagefind-ignore)", re.I)


@dataclass(frozen=True)
class HeadFacts:
    """What a written page already declares in its ``<head>``."""

    title: str
    description: str
    declared: frozenset[str]
    has_canonical: bool
    noindex: bool

    @classmethod
    def read(cls, html: str) -> HeadFacts:
        doc = lxml.html.document_fromstring(html)
        head = doc.find("head")
        if head is None:
            return cls("", "", frozenset(), False, False)
        declared = set()
        description = ""
        noindex = False
        for meta in head.iter("meta"):
            key = meta.get("property") or meta.get("name") or ""
            declared.add(key.lower())
            if key.lower() == "description":
                description = meta.get("content", "")
            if key.lower() == "robots" and "noindex" in meta.get("content", "").lower():
                noindex = True
        canonical = any(
            "canonical" in (link.get("rel") or "").lower().split() for link in head.iter("link")
        )
        title = " ".join((head.findtext("title") or "").split())
        return cls(title, description.strip(), frozenset(declared), canonical, noindex)


def _strip_site_name(title: str, site_name: str) -> str:
    """'Talk — Site' becomes 'Talk'; the site name has its own og:site_name tag."""
    for separator in (" — ", " – ", " - ", " | ", " · "):
        suffix = separator + site_name
        if site_name and title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)]
    return title


def _page_url(path: str, settings: SeoSettings, output_file: str) -> str:
    if settings.absolute_url:
        return site_url(settings.absolute_url, path)
    depth = page_path(output_file).count("/")
    return ("../" * depth or "./") + path


def missing_tags(facts: HeadFacts, output_file: str, settings: SeoSettings) -> list[str]:
    """The tags this page lacks, as HTML lines (values escaped)."""
    kind = page_kind(output_file)
    url = _page_url(page_path(output_file), settings, output_file)
    title = _strip_site_name(facts.title, settings.site_name) or settings.site_name
    description = facts.description or settings.site_subtitle or title
    width, height = settings.default_image_size
    wanted: list[tuple[str, str, str]] = [
        ("property", "og:url", url),
        ("property", "og:type", kind.og_type),
        ("property", "og:site_name", settings.site_name),
        ("property", "og:title", title),
        ("property", "og:description", description),
    ]
    if "og:image" not in facts.declared:
        wanted += [
            ("property", "og:image", _page_url(settings.default_image, settings, output_file)),
            ("property", "og:image:width", str(width)),
            ("property", "og:image:height", str(height)),
            ("property", "og:image:alt", settings.site_name),
        ]
    wanted.append(("name", "twitter:card", "summary_large_image"))
    lines = []
    if not facts.has_canonical:
        lines.append(f'<link rel="canonical" href="{escape(url)}">')
    for attribute, key, value in wanted:
        if key not in facts.declared:
            lines.append(f'<meta {attribute}="{key}" content="{escape(value)}">')
    return lines


def search_markers(kind: PageKind) -> str:
    """Index this page's main content and label its hits. The kind is meta, not a
    Pagefind filter: filter files are written in a different order on every run, which
    would break byte-identical builds, and results need only the label."""
    return f' data-pagefind-body data-pagefind-meta="kind:{kind.label}"'


def complete_page(html: str, output_file: str, settings: SeoSettings) -> str:
    """The page with missing sharing tags added and, if searchable, search markers."""
    facts = HeadFacts.read(html)
    lines = missing_tags(facts, output_file, settings)
    if lines and (end := _HEAD_END.search(html)):
        html = html[: end.start()] + "\n".join(lines) + "\n" + html[end.start() :]
    kind = page_kind(output_file)
    if kind.searchable and not facts.noindex and "data-pagefind-body" not in html:
        html = _MAIN_START.sub(lambda m: m.group(0) + search_markers(kind), html, count=1)
        # Navigation repeats other pages' titles ("next talk", section links): noise
        # that would make every page match every title.
        html = _NAV_START.sub(lambda m: m.group(0) + " data-pagefind-ignore", html)
    return html
