"""Feeds a reader can show offline: absolute links and images, one feed per conference.

Pelican makes ``{filename}``/``{static}`` links absolute in feeds but leaves every other
relative URL (photo derivatives, ``srcset``, author-written paths) relative to the page,
so images break in feed readers; each item's HTML is rewritten against its own link.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pelican.generators import Generator

from recapkit.core.site import site_of
from recapkit.seo.cards import conference_name
from recapkit.seo.settings import seo_settings
from recapkit.seo.urls import absolutize_html

#: Context key naming the page a feed belongs to (Pelican links every feed to the root).
FEED_PAGE = "RECAPKIT_FEED_PAGE"


def absolutize_feed(context: Any, feed: Any) -> None:
    """``feed_generated`` receiver: resolve relative URLs in every item's HTML, and point
    a conference feed's own link at the conference page."""
    if context.get(FEED_PAGE):
        feed.feed["link"] = feed.feed["id"] = context[FEED_PAGE]
    for item in feed.items:
        base = item.get("link") or ""
        for key in ("content", "description"):
            if item.get(key):
                item[key] = absolutize_html(str(item[key]), base)


class ConferenceFeedGenerator(Generator):
    """One Atom feed per conference, of the recaps whose ``conference`` names it."""

    def generate_output(self, writer) -> None:
        settings = seo_settings(self.settings)
        if not settings.conference_feed_atom:
            return
        by_conference: dict[str, list[Any]] = defaultdict(list)
        for article in self.context.get("articles", ()):
            slug = getattr(article, "conference", None)
            if isinstance(slug, str) and slug:
                by_conference[slug].append(article)
        site = site_of(self.context)
        base = str(self.settings.get("SITEURL") or "").rstrip("/")
        for slug in sorted(by_conference):
            articles = sorted(by_conference[slug], key=lambda a: (a.date, a.slug), reverse=True)
            path = settings.conference_feed_atom.format(slug=slug)
            page = site.urls.conference(slug).url if slug in site.conferences else None
            context = {**self.context, FEED_PAGE: f"{base}/{page}" if page and base else None}
            writer.write_feed(articles, context, path, feed_title=conference_name(site, slug))
