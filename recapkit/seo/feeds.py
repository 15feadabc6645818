"""Feeds a reader can show offline: absolute links and images, one feed per conference.

A conference feed also lists the conference's pages elsewhere (its links.yaml, in the
site model) as entries that link to the other site: a title, an author and a line
saying what it is, never a copy of someone else's text.

Pelican makes ``{filename}``/``{static}`` links absolute in feeds but leaves every other
relative URL (photo derivatives, ``srcset``, author-written paths) relative to the page,
so images break in feed readers; each item's HTML is rewritten against its own link.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from recapkit.core.site import ConferenceFacts, WebLinkFacts, site_of
from recapkit.seo.cards import conference_name
from recapkit.seo.settings import seo_settings
from recapkit.seo.urls import absolutize_html

#: Context key naming the page a feed belongs to (Pelican links every feed to the root).
FEED_PAGE = "RECAPKIT_FEED_PAGE"
#: Context key holding the conference whose pages elsewhere the feed lists.
FEED_ELSEWHERE = "RECAPKIT_FEED_ELSEWHERE"


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
    facts = context.get(FEED_ELSEWHERE)
    if isinstance(facts, ConferenceFacts) and facts.elsewhere:
        _add_elsewhere(feed, facts)


def _description(link: WebLinkFacts) -> str:
    by = f" by {link.author}" if link.author else ""
    about = f", about {', '.join(link.covers)}" if link.covers else ""
    return f"{link.kind_label}{by}{about} (on another site)."


def _add_elsewhere(feed: Any, facts: ConferenceFacts) -> None:
    """Each entry links to the other site; undated ones take the conference's last day
    (Atom needs a date, and "now" would change the feed on every build)."""
    zone = ZoneInfo(facts.timezone)
    for link in facts.elsewhere:
        when = dt.datetime.combine(link.date or facts.end, dt.time(12), tzinfo=zone)
        feed.add_item(
            title=link.title,
            link=link.url,
            unique_id=link.url,
            description=_description(link),
            author_name=link.author or None,
            pubdate=when,
            categories=[link.kind_label],
        )
    feed.items.sort(key=lambda item: item["pubdate"], reverse=True)


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
        for slug, facts in site.conferences.items():
            if facts.elsewhere:  # a feed of links alone is worth following too
                by_conference.setdefault(slug, [])
        base = str(self.settings.get("SITEURL") or "").rstrip("/")
        for slug in sorted(by_conference):
            articles = sorted(by_conference[slug], key=lambda a: (a.date, a.slug), reverse=True)
            path = settings.conference_feed_atom.format(slug=slug)
            page = site.urls.conference(slug).url if slug in site.conferences else None
            context = {
                **self.context,
                FEED_PAGE: f"{base}/{page}" if page and base else None,
                FEED_ELSEWHERE: site.conferences.get(slug),
            }
            writer.write_feed(articles, context, path, feed_title=conference_name(site, slug))
