""" "Around the web": other people's recaps, recordings, slides and albums of a conference.

Authors list them in ``content/conferences/<slug>/links.yaml`` (``links:``), each with
its url (http or https only: it becomes an ``href``), title, author, kind, date and the
sessions or speakers it covers. The loader validates them with the rest of the folder
(lines kept); pages show them as "Elsewhere" and the conference feed lists them as
links to the other sites, never as copies. Nothing is fetched, at build time or ever.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from recapkit.conference.models import Frozen, Text

FILE = "links.yaml"


def _check_web_url(value: str) -> str:
    """Only http(s): a ``javascript:`` or ``data:`` URL would run in the reader's page."""
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.I):
        raise ValueError(f"'{value}' is not an http(s) URL")
    return value


WebUrl = Annotated[str, AfterValidator(_check_web_url)]


class LinkKind(StrEnum):
    RECAP = "recap"
    VIDEO = "video"
    SLIDES = "slides"
    PHOTOS = "photos"
    PODCAST = "podcast"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            LinkKind.RECAP: "Recap",
            LinkKind.VIDEO: "Video",
            LinkKind.SLIDES: "Slides",
            LinkKind.PHOTOS: "Photos",
            LinkKind.PODCAST: "Podcast",
            LinkKind.OTHER: "Link",
        }[self]


class WebLink(Frozen):
    """One entry of links.yaml."""

    url: WebUrl
    title: Text
    author: str | None = None
    kind: LinkKind = LinkKind.RECAP
    date: dt.date | None = None
    sessions: list[str] = Field(default_factory=list)
    speakers: list[str] = Field(default_factory=list)

    @field_validator("sessions", "speakers", mode="before")
    @classmethod
    def _one_slug(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


@dataclass(frozen=True)
class Covered:
    """A session or speaker an entry covers, as the pages link it."""

    title: str
    url: str | None


@dataclass(frozen=True)
class ElsewhereItem:
    """An entry as the templates print it: nothing left to work out."""

    url: str
    title: str
    author: str
    kind: str
    kind_label: str
    date: dt.date | None
    date_text: str
    covers: tuple[Covered, ...]
    sessions: tuple[str, ...]
    speakers: tuple[str, ...]


@dataclass(frozen=True)
class Elsewhere:
    """Every entry of one conference, and the ones that cover a session or a speaker."""

    items: tuple[ElsewhereItem, ...] = ()

    def about_session(self, slug: str) -> tuple[ElsewhereItem, ...]:
        return tuple(i for i in self.items if slug in i.sessions)

    def about_speaker(self, slug: str) -> tuple[ElsewhereItem, ...]:
        return tuple(i for i in self.items if slug in i.speakers)

    def __bool__(self) -> bool:
        return bool(self.items)


def build_elsewhere(
    links: Sequence[WebLink],
    sessions: Mapping[str, Covered],
    speakers: Mapping[str, Covered],
) -> Elsewhere:
    """The view of links.yaml; ``sessions``/``speakers`` name and link what is covered."""
    items = []
    for link in links:
        covers = tuple(sessions[s] for s in link.sessions if s in sessions)
        covers += tuple(speakers[s] for s in link.speakers if s in speakers)
        items.append(
            ElsewhereItem(
                url=link.url,
                title=link.title,
                author=link.author or "",
                kind=link.kind.value,
                kind_label=link.kind.label,
                date=link.date,
                date_text=f"{link.date.day} {link.date:%B %Y}" if link.date else "",
                covers=covers,
                sessions=tuple(link.sessions),
                speakers=tuple(link.speakers),
            )
        )
    return Elsewhere(tuple(items))
