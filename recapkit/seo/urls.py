"""Absolute URLs from output paths, and links made absolute inside HTML fragments.

Pages link to each other relatively (``RELATIVE_URLS``) so one build works under any
sub-path; canonical links, Open Graph, feeds and the sitemap need absolute URLs.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin, urlsplit

import lxml.html

#: Attributes holding one URL each; ``srcset`` holds several and is handled apart.
URL_ATTRIBUTES = ("href", "src", "poster", "cite", "data")


def page_path(output_file: str) -> str:
    """The URL path (relative to the site root) of a written file: no ``index.html``."""
    path = output_file.replace("\\", "/").lstrip("/")
    if path == "index.html":
        return ""
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def site_url(base: str, path: str) -> str:
    """``base`` (absolute, or "" in development) joined with a site-relative path."""
    path = path.lstrip("/")
    if not base:
        return "/" + path
    return f"{base.rstrip('/')}/{path}"


def site_path_of(url: str, base: str) -> str | None:
    """The output-relative file path an absolute site URL points to, or None."""
    base = base.rstrip("/") + "/"
    if not url.startswith(base):
        return None
    path = urlsplit(url).path[len(urlsplit(base).path) :]
    if path == "" or path.endswith("/"):
        path += "index.html"
    return posixpath.normpath(path)


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in {"mailto", "data"})


def _absolute_srcset(value: str, base: str) -> str:
    candidates = []
    for candidate in value.split(","):
        words = candidate.split()
        if words:
            candidates.append(" ".join([urljoin(base, words[0]), *words[1:]]))
    return ", ".join(candidates)


def absolutize_html(fragment: str, base: str) -> str:
    """Every link and image URL of an HTML fragment resolved against ``base``.

    lxml's ``make_links_absolute`` skips ``srcset`` and ``poster``, which feed readers
    need for responsive photos and videos, so the walk is done here.
    """
    if not fragment or not fragment.strip():
        return fragment
    wrapper = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in wrapper.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in URL_ATTRIBUTES:
            value = element.get(attribute)
            if value is not None:
                element.set(attribute, urljoin(base, value.strip()))
        srcset = element.get("srcset")
        if srcset:
            element.set("srcset", _absolute_srcset(srcset, base))
    head = wrapper.text or ""
    return head + "".join(
        lxml.html.tostring(child, encoding="unicode", method="html") for child in wrapper
    )
