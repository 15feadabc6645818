"""Feeds a reader can show offline: absolute links and images, one feed per conference.

Pelican makes ``{filename}``/``{static}`` links absolute in feeds but leaves every other
relative URL (photo derivatives, ``srcset``, author-written paths) relative to the page,
so images break in feed readers; each item's HTML is rewritten against its own link.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pelican.generators import Generator

from .cards import conference_name
from .settings import SeoSettings
from .urls import absolutize_html


def absolutize_feed(context: Any, feed: Any) -> None:
    """``feed_generated`` receiver: resolve relative URLs in every item's HTML."""
    for item in feed.items:
        base = item.get("link") or ""
        for key in ("content", "description"):
            if item.get(key):
                item[key] = absolutize_html(str(item[key]), base)


class ConferenceFeedGenerator(Generator):
    """One Atom feed per conference, of the recaps whose ``conference`` names it."""

    def generate_output(self, writer) -> None:
        settings = SeoSettings.from_pelican(self.settings)
        if not settings.conference_feed_atom:
            return
        by_conference: dict[str, list[Any]] = defaultdict(list)
        for article in self.context.get("articles", ()):
            slug = getattr(article, "conference", None)
            if isinstance(slug, str) and slug:
                by_conference[slug].append(article)
        for slug in sorted(by_conference):
            articles = sorted(by_conference[slug], key=lambda a: (a.date, a.slug), reverse=True)
            path = settings.conference_feed_atom.format(slug=slug)
            writer.write_feed(
                articles,
                self.context,
                path,
                feed_title=conference_name(self.context, slug),
            )
