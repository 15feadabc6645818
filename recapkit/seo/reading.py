"""Reading aids for a recap: time to read, contents, older/newer, related recaps.

Computed once all articles are read and attached as ``article.reading_aids``; templates
only print them (``article.html``: reading time and the older/newer links;
``partials/reading_aids.html``: contents and related recaps; listing cards: reading
time). Pelican gives articles no neighbours of their own, so they are found here, once,
in date order. The table of contents is built from the ids Markdown's ``toc`` extension
gives the h2/h3 day headings; Pelican does not expose its token tree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import lxml.html

from recapkit.seo.settings import SeoSettings


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class ReadingAids:
    words: int
    minutes: int
    toc: tuple[TocEntry, ...]
    #: The listed recap just before this one in date order (older), and just after it.
    previous: Any | None
    next: Any | None
    related: tuple[Any, ...]

    @property
    def older(self) -> Any | None:
        return self.previous

    @property
    def newer(self) -> Any | None:
        return self.next


def _tree(html: str) -> Any | None:
    if not html or not html.strip():
        return None
    return lxml.html.fragment_fromstring(html, create_parent="div")


def count_words(tree: Any | None) -> int:
    return len(tree.text_content().split()) if tree is not None else 0


def table_of_contents(tree: Any | None) -> tuple[TocEntry, ...]:
    """h2 entries with their h3 entries nested; headings without an id are skipped."""
    if tree is None:
        return ()
    top: list[tuple[TocEntry, list[TocEntry]]] = []
    for heading in tree.iter("h2", "h3"):
        anchor = heading.get("id")
        title = " ".join(heading.text_content().split())
        if not anchor or not title:
            continue
        entry = TocEntry(anchor, title)
        if heading.tag == "h3" and top:
            top[-1][1].append(entry)
        else:
            top.append((entry, []))
    return tuple(TocEntry(e.anchor, e.title, tuple(kids)) for e, kids in top)


def _toc_size(toc: Sequence[TocEntry]) -> int:
    return sum(1 + len(entry.children) for entry in toc)


def related_recaps(article: Any, articles: Sequence[Any], count: int) -> tuple[Any, ...]:
    """Same conference counts twice as much as one shared tag; newer wins ties."""
    conference = getattr(article, "conference", None)
    tags = {t.slug for t in getattr(article, "tags", None) or ()}
    scored = []
    for other in articles:
        if other is article:
            continue
        score = len(tags & {t.slug for t in getattr(other, "tags", None) or ()})
        if conference and getattr(other, "conference", None) == conference:
            score += 2
        if score:
            scored.append((-score, -other.date.timestamp(), other.slug, other))
    return tuple(item[-1] for item in sorted(scored, key=lambda s: s[:3])[:count])


def reading_aids_for(
    article: Any, timeline: Sequence[Any], settings: SeoSettings, *, listed: bool
) -> ReadingAids:
    tree = _tree(getattr(article, "_content", "") or "")
    words = count_words(tree)
    toc = table_of_contents(tree)
    wanted = getattr(article, "toc", None)
    if wanted is False or (wanted is not True and _toc_size(toc) < settings.toc_min_headings):
        toc = ()
    previous = following = None
    related: tuple[Any, ...] = ()
    if listed:
        index = next(i for i, a in enumerate(timeline) if a is article)
        previous = timeline[index - 1] if index > 0 else None
        following = timeline[index + 1] if index + 1 < len(timeline) else None
        related = related_recaps(article, timeline, settings.related_count)
    return ReadingAids(
        words=words,
        minutes=max(1, math.ceil(words / settings.words_per_minute)),
        toc=toc,
        previous=previous,
        next=following,
        related=related,
    )


def attach_reading_aids(
    listed: Iterable[Any], unlisted: Iterable[Any], settings: SeoSettings
) -> None:
    """Give every written article its ``reading_aids``: the listed ones (Pelican's
    ``articles``) with neighbours and related recaps, the others (drafts, translations,
    hidden articles) with reading time and contents only."""
    timeline = sorted(listed, key=lambda a: (a.date, a.slug))
    for article in timeline:
        article.reading_aids = reading_aids_for(article, timeline, settings, listed=True)
    for other in unlisted:
        other.reading_aids = reading_aids_for(other, timeline, settings, listed=False)
