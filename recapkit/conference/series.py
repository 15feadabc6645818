"""Series: the editions of one conference over the years (``series:`` in conference.yaml).

Each edition's overview links the previous and next edition (by start date), and each
series gets a page listing every edition with its recaps, at the URL scheme's
``series(slug)`` place.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from recapkit.conference.views import ConferenceView, Ref, SeriesNav
from recapkit.core.urls import UrlScheme


@dataclass(frozen=True)
class SeriesView:
    """A series page: its editions oldest first (their recaps are set before writing)."""

    slug: str
    name: str
    url: str
    save_as: str
    editions: tuple[ConferenceView, ...]
    #: The conference.yaml of the newest edition (the page traces back to it).
    source_path: str


def _name(editions: Sequence[ConferenceView], slug: str) -> str:
    """The name an edition gives the series, else the newest's name less its year."""
    for view in reversed(editions):
        series = view.conference.series
        if series is not None and series.name:
            return series.name
    newest = editions[-1].name
    return re.sub(r"\s*\b(19|20)\d\d\b\s*$", "", newest) or slug


def build_series(views: Sequence[ConferenceView], urls: UrlScheme) -> list[SeriesView]:
    """Group the conferences by series and set each one's previous/next edition."""
    groups: dict[str, list[ConferenceView]] = defaultdict(list)
    for view in views:
        if view.conference.series is not None:
            groups[view.conference.series.slug].append(view)
    result = []
    for slug in sorted(groups):
        editions = sorted(groups[slug], key=lambda v: (v.conference.start, v.slug))
        place = urls.series(slug)
        name = _name(editions, slug)
        for i, view in enumerate(editions):
            before = editions[i - 1] if i > 0 else None
            after = editions[i + 1] if i + 1 < len(editions) else None
            view.series = SeriesNav(
                name=name,
                url=place.url,
                previous=Ref(before.name, before.url, before.dates_text) if before else None,
                next=Ref(after.name, after.url, after.dates_text) if after else None,
            )
        result.append(
            SeriesView(
                slug, name, place.url, place.save_as, tuple(editions), editions[-1].source_path
            )
        )
    return result
