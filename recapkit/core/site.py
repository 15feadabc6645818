"""The typed site model: what one plugin knows that another needs, in one object.

Plugins never import each other. The conference plugin fills in its conferences (with
their sessions and speakers) and the photos plugin its albums and which photos show
which session or speaker, during context generation; every later stage (the photos'
subject check, page subjects for seo, the enrichment of posts) reads them here. Each
page a plugin writes carries a :class:`PageSubject` saying what it shows, so seo never
guesses from a URL.

The model lives in the build's context under :data:`SITE_KEY` (Pelican makes a fresh
context for every run, so nothing outlives a build).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from recapkit.core.urls import UrlScheme

SITE_KEY = "recapkit_site"
#: The keyword a generator passes to ``writer.write_file`` for the page's subject.
SUBJECT_KEY = "page_subject"


class PageKind(StrEnum):
    """What a page shows; seo takes the Open Graph type and search label from it."""

    RECAP = "recap"
    PAGE = "page"
    TALK = "talk"
    SPEAKER = "speaker"
    CONFERENCE = "conference"
    SCHEDULE = "schedule"
    ALBUM = "album"
    PHOTO = "photo"
    LISTING = "listing"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def searchable(self) -> bool:
        """Only these are indexed: listings would only repeat their targets' words."""
        return self in {PageKind.RECAP, PageKind.TALK, PageKind.SPEAKER, PageKind.CONFERENCE}

    @property
    def og_type(self) -> str:
        return {PageKind.RECAP: "article", PageKind.SPEAKER: "profile"}.get(self, "website")


@dataclass(frozen=True)
class ShareImage:
    """An image for link previews; ``path`` is site-relative unless it is absolute."""

    path: str
    width: int | None = None
    height: int | None = None
    alt: str = ""


@dataclass(frozen=True)
class PageSubject:
    """What a generated page is about, told by the generator that writes it."""

    kind: PageKind
    #: None: the page's own <title> says it best (a schedule, a listing).
    title: str | None = None
    description: str | None = None
    image: ShareImage | None = None
    conference: str | None = None
    #: The file this page traces back to (its YAML, its album folder).
    source_path: str | None = None
    generated_by: str = ""


@dataclass(frozen=True)
class Venue:
    name: str
    city: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Entry:
    """A session or speaker of a conference, as other plugins may link to it.

    Sessions also say when and where they ran, so that photos can find the session
    they were taken in: ``start``/``end`` are aware (the conference's zone), and
    ``fills_venue`` marks a session nothing else runs beside (a keynote, a plenary, one
    across all rooms)."""

    slug: str
    title: str
    url: str | None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    room: str | None = None
    fills_venue: bool = False
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True)
class WebLinkFacts:
    """A page elsewhere about a conference (its links.yaml), for the conference feed."""

    url: str
    title: str
    author: str
    kind_label: str
    date: dt.date | None
    #: Titles of the sessions and names of the speakers it covers.
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConferenceFacts:
    slug: str
    name: str
    url: str
    start: dt.date
    end: dt.date
    timezone: str
    venue: Venue | None
    source_path: str
    sessions: Mapping[str, Entry] = field(default_factory=dict)
    speakers: Mapping[str, Entry] = field(default_factory=dict)
    elsewhere: tuple[WebLinkFacts, ...] = ()


@dataclass(frozen=True)
class PhotoFacts:
    """A published photo, for the pages that show it and for link previews."""

    key: str
    url: str
    share: ShareImage


@dataclass(frozen=True)
class AlbumFacts:
    key: str
    title: str
    url: str
    conference: str | None
    photos: tuple[PhotoFacts, ...]


@dataclass
class Site:
    """Filled during context generation, read afterwards; the records are frozen."""

    urls: UrlScheme
    conferences: dict[str, ConferenceFacts] = field(default_factory=dict)
    #: Conference folders whose data had errors (already reported): links into them
    #: are follow-on problems, not new ones.
    failed_conferences: set[str] = field(default_factory=set)
    albums: dict[str, AlbumFacts] = field(default_factory=dict)
    #: ("session" | "speaker", conference, slug) -> the photos that show it.
    photos_of: dict[tuple[str, str, str], tuple[PhotoFacts, ...]] = field(default_factory=dict)
    #: (conference, session slug) -> source paths of the published posts about that
    #: conference that link the session (filled by the conference plugin's link pass):
    #: the author was there.
    recap_links: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    def link_from_recap(self, conference: str, session: str, source_path: str) -> None:
        known = self.recap_links.get((conference, session), ())
        if source_path not in known:
            self.recap_links[(conference, session)] = (*known, source_path)

    def album_of_conference(self, slug: str) -> AlbumFacts | None:
        return next((a for a in self.albums.values() if a.conference == slug), None)

    def showing(self, kind: str, conference: str, slug: str) -> tuple[PhotoFacts, ...]:
        return self.photos_of.get((kind, conference, slug), ())


def site_of(context: MutableMapping[str, Any]) -> Site:
    """The build's site model (made on first use from the build's settings)."""
    site = context.get(SITE_KEY)
    if not isinstance(site, Site):
        site = Site(urls=UrlScheme.from_settings(context))
        context[SITE_KEY] = site
    return site
