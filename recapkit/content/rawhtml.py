"""Raw HTML in posts: sanitised by default, escaped or allowed on request.

Markdown passes raw HTML through untouched, so a pull request can put ``<script>``,
``<iframe>`` or ``onerror=`` into a post. The site's CSP stops them on the page, but Atom
feeds have no CSP and carry them to feed readers. ``MARKDOWN_RAW_HTML`` chooses:

- ``"sanitize"`` (default): nh3 (the ammonia HTML sanitiser) keeps the tags and
  attributes below and drops everything else, with its content where that is script;
- ``"escape"``: raw HTML is shown as text, as Hugo does by default;
- ``"allow"``: raw HTML is published as written (for authors who trust every contributor).

Whatever the mode, every URL in the document (``href``, ``src``, ``srcset``, ``poster``,
...) is read from the parsed HTML, after entities are decoded, and only http(s), mailto
and relative URLs pass: ``[x](javascript&#58;alert(1))`` is reported, not published.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

import nh3
from lxml import html as lxml_html
from markdown import Extension, Markdown

RawHtml = Literal["sanitize", "escape", "allow"]
MODES: tuple[RawHtml, ...] = ("sanitize", "escape", "allow")
DEFAULT_MODE: RawHtml = "sanitize"

#: Text-level and block elements an author may write, plus what Markdown's extensions
#: emit (footnotes, tables, definition lists, abbreviations, code blocks). No script,
#: style, iframe, object, embed, form, input, base, meta or link.
ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS) | {
    "audio",
    "picture",
    "source",
    "track",
    "video",
}
#: On every element: what Markdown's toc, footnotes and attr_list need.
GENERIC_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "data": {"value"},
    "details": {"open"},
    "video": {"src", "poster", "controls", "width", "height", "preload", "muted", "loop"},
    "audio": {"src", "controls", "preload", "muted", "loop"},
    "source": {"src", "srcset", "sizes", "type", "media", "width", "height"},
    "track": {"src", "kind", "srclang", "label", "default"},
}
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
#: Every attribute a browser treats as a URL (HTML, SVG and obsolete ones).
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "srcset",
        "poster",
        "action",
        "formaction",
        "data",
        "cite",
        "background",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "ping",
        "manifest",
        "icon",
        "codebase",
        "xlink:href",
        "{http://www.w3.org/1999/xlink}href",
    }
)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
#: Browsers drop ASCII tab and newlines anywhere in a URL and trim C0 controls and
#: spaces at both ends (WHATWG URL standard): "java\tscript:" is "javascript:".
_URL_NOISE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


class EscapeRawHtml(Extension):
    """Markdown with its two raw-HTML passes removed: tags come out as text."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        for registry, name in ((md.preprocessors, "html_block"), (md.inlinePatterns, "html")):
            if name in registry:
                registry.deregister(name)


def markdown_for(settings: dict, mode: RawHtml) -> Markdown:
    """A Markdown instance configured by the site's MARKDOWN setting and ``mode``."""
    config = dict(settings)
    if mode == "escape":
        config["extensions"] = [*config.get("extensions", []), EscapeRawHtml()]
    return Markdown(**config)


def sanitize(html: str) -> str:
    """``html`` reduced to the allowlist above (nh3 also refuses unsafe URL schemes)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={"*": set(GENERIC_ATTRIBUTES), **ALLOWED_ATTRIBUTES},
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def clean(html: str, mode: RawHtml) -> str:
    """The HTML Markdown produced, made safe as ``mode`` asks."""
    return sanitize(html) if mode == "sanitize" else html


def _candidates(name: str, value: str) -> Iterator[str]:
    if name in {"srcset", "ping"}:
        for part in value.split("," if name == "srcset" else " "):
            words = part.split()
            if words:
                yield words[0]
    else:
        yield value


def unsafe_urls(html: str) -> list[str]:
    """Every URL in ``html`` with a scheme other than http(s) or mailto, as written
    after entity decoding (``javascript&#58;x`` comes back as ``javascript:x``)."""
    if not html or not html.strip():
        return []
    found: list[str] = []
    for element in lxml_html.fragments_fromstring(html, no_leading_text=False):
        if not hasattr(element, "iter"):
            continue
        for node in element.iter():
            if not isinstance(node.tag, str):
                continue
            for name, value in node.attrib.items():
                if name.lower() not in URL_ATTRIBUTES:
                    continue
                for url in _candidates(name.lower(), value):
                    plain = _URL_NOISE.sub("", url).strip(_C0_AND_SPACE)
                    match = _SCHEME.match(plain)
                    if match and match[1].lower() not in SAFE_SCHEMES:
                        found.append(plain)
    return list(dict.fromkeys(found))
