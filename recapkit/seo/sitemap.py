"""sitemap.xml from the written output, and a robots.txt that points to it.

The output folder is scanned after the build (not collected from ``content_written``)
so pages other plugins write by other means are listed too. ``lastmod`` comes only from
content dates, never from file times, so two builds of the same input are identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from lxml import etree

from recapkit.seo.settings import SeoSettings
from recapkit.seo.urls import page_path, site_url

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
EXCLUDED_FILES = {"404.html"}
EXCLUDED_FOLDERS = {"drafts", "pagefind", "theme"}


def listed_pages(output: Path) -> list[str]:
    """Output-relative paths of the HTML pages a sitemap should list, sorted."""
    pages = []
    for path in output.rglob("*.html"):
        relative = path.relative_to(output).as_posix()
        if relative in EXCLUDED_FILES or relative.split("/")[0] in EXCLUDED_FOLDERS:
            continue
        pages.append(relative)
    return sorted(pages)


def content_dates(items: Iterable[Any]) -> dict[str, dt.date]:
    """Output file -> last content change, for articles and pages that have dates."""
    dates: dict[str, dt.date] = {}
    for item in items:
        save_as = getattr(item, "save_as", None)
        when = getattr(item, "modified", None) or getattr(item, "date", None)
        if save_as and isinstance(when, dt.date):
            dates[save_as] = when.date() if isinstance(when, dt.datetime) else when
    return dates


def sitemap_xml(pages: Iterable[str], base: str, dates: Mapping[str, dt.date]) -> bytes:
    urlset = etree.Element(f"{{{NAMESPACE}}}urlset", nsmap={None: NAMESPACE})
    for page in pages:
        entry = etree.SubElement(urlset, f"{{{NAMESPACE}}}url")
        etree.SubElement(entry, f"{{{NAMESPACE}}}loc").text = site_url(base, page_path(page))
        if page in dates:
            etree.SubElement(entry, f"{{{NAMESPACE}}}lastmod").text = dates[page].isoformat()
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def robots_txt(settings: SeoSettings) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if settings.absolute_url:
        lines += ["", f"Sitemap: {site_url(settings.absolute_url, settings.sitemap_save_as)}"]
    return "\n".join(lines) + "\n"


def write_sitemap(output: Path, settings: SeoSettings, dates: Mapping[str, dt.date]) -> None:
    """Sitemap (only with an absolute site URL: it requires one) and robots.txt."""
    if settings.absolute_url and settings.sitemap_save_as:
        xml = sitemap_xml(listed_pages(output), settings.absolute_url, dates)
        (output / settings.sitemap_save_as).write_bytes(xml)
    if settings.robots_save_as:
        (output / settings.robots_save_as).write_text(robots_txt(settings), encoding="utf-8")
