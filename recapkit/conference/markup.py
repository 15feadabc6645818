"""Markdown for abstracts and bios, sanitised: content is data, never page code.

Abstracts come from importers and call-for-papers forms. Raw HTML in them is shown
as text (Markdown's HTML passthrough is switched off), and nh3 (ammonia) then removes
anything unsafe Markdown itself could produce, such as ``javascript:`` link targets.
"""

from __future__ import annotations

import functools
from html import unescape

import markdown
import nh3
from markupsafe import Markup

#: Text-level markup only: no headings (they would break the page outline), no images
#: (off-site requests), no tables or forms.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "i", "kbd", "li", "ol", "p",
    "pre", "q", "strong", "sub", "sup", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


@functools.cache
def _converter() -> markdown.Markdown:
    """Markdown with raw HTML escaped: ``<script>`` in an abstract is text.

    One instance, reset before each text: making one per abstract cost more than
    converting it (extension set-up), about 2 s for a 900-talk schedule."""
    md = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


@functools.lru_cache(maxsize=16384)
def _html(text: str) -> str:
    """The Markdown of ``text`` as HTML (not yet sanitised); the abstract and bio of a
    rebuild (the live server's) and of the page and its description are converted once."""
    return _converter().reset().convert(text)


@functools.lru_cache(maxsize=16384)
def render_markdown(text: str | None) -> Markup:
    """Markdown to safe HTML (an empty Markup for no text)."""
    if not text:
        return Markup("")
    html = _html(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean.strip())


@functools.lru_cache(maxsize=16384)
def plain_text(text: str | None, limit: int = 300) -> str:
    """The abstract as one line of text (meta descriptions, calendars, JSON-LD)."""
    if not text:
        return ""
    html = _html(text)
    flat = " ".join(unescape(nh3.clean(html, tags=set())).split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0] + "…"
