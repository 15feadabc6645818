"""Checks for front-matter values that end up in an attribute, a URL or a file path.

Pelican's templates print metadata unescaped (``<html lang="{{ article.lang }}">``,
``href="{{ SITEURL }}/{{ article.url }}"``), so a value is either free text (stored
HTML-escaped by the reader) or one of the shapes below, whose alphabets cannot leave
an attribute, start a scheme or climb out of the site. Each check returns the value or
raises ValueError with what the author should write instead.
"""

from __future__ import annotations

import re

# RFC 5646 "langtag" (well-formed BCP 47, without the grandfathered irregulars). No
# library in our dependencies checks this, and the grammar is short.
_BCP47 = re.compile(
    r"""^(?:
        (?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})  # language
        (?:-[A-Za-z]{4})?                                    # script
        (?:-(?:[A-Za-z]{2}|[0-9]{3}))?                       # region
        (?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*       # variants
        (?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*        # extensions
        (?:-x(?:-[A-Za-z0-9]{1,8})+)?                        # private use
      |x(?:-[A-Za-z0-9]{1,8})+
    )$""",
    re.X,
)
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")
_TEMPLATE = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*$")
_LINK_KIND = re.compile(r"^\{(?:photo|static|filename)\}")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_UNSAFE_IN_PATH = re.compile(r"[\"'<>`\\\x00-\x1f\x7f]")


def language_tag(value: str) -> str:
    if not _BCP47.match(value):
        raise ValueError(f"'{value}' is not a language tag (write e.g. en, de-CH, pt-BR)")
    return value


def slug(value: str) -> str:
    if not _SLUG.match(value):
        hint = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        suggestion = f" (e.g. '{hint}')" if hint else ""
        raise ValueError(
            f"'{value}' is not a slug: use lowercase letters, digits and '-'{suggestion}"
        )
    return value


def site_path(value: str, *, directory_ok: bool) -> str:
    """A path inside the site: relative, no '..', URL-safe letters only."""
    if not value:
        raise ValueError("is empty (leave the field out to use the default)")
    if value.startswith("/") or "\\" in value or ":" in value:
        raise ValueError(f"'{value}' must be a path relative to the site root, like 'about/'")
    parts = value.split("/")
    if value.endswith("/"):
        if not directory_ok:
            raise ValueError(f"'{value}' must name a file, like 'about/index.html'")
        parts = parts[:-1]
    for part in parts:
        if part in {"", ".", ".."} or not _SEGMENT.match(part):
            raise ValueError(
                f"'{value}' must be a plain path inside the site (letters, digits, "
                "'-', '_', '.', '~' between slashes; no '..')"
            )
    return value


def url_and_save_as(url: str | None, save_as: str | None) -> str | None:
    """None when the pair agrees; else why not (a page linked at one place and
    written at another is a dead link on every list that shows it)."""
    if url is None and save_as is None:
        return None
    if url is None or save_as is None:
        return "set 'url' and 'save_as' together (e.g. url: about/ and save_as: about/index.html)"
    if save_as not in {url, url + "index.html"}:
        return f"'url: {url}' and 'save_as: {save_as}' name different places"
    return None


def template_name(value: str) -> str:
    if not _TEMPLATE.match(value):
        raise ValueError(f"'{value}' is not a template name (e.g. 'article' or 'page')")
    return value


def image_path(value: str) -> str:
    """A photo or static file of the site: ``{photo}...``, ``{static}...`` or a path
    (``..`` is fine here: the photo and static resolvers keep it inside content/)."""
    rest = _LINK_KIND.sub("", value)
    if not rest or _UNSAFE_IN_PATH.search(rest) or _SCHEME.match(rest) or rest.startswith("//"):
        raise ValueError(
            f"'{value}' must be a photo or image file of the site, like "
            "'photos/stage.jpg' or '{static}../images/map.png'"
        )
    return value
