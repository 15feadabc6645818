"""The conference content model: what authors type (or importers write) in YAML.

Files under ``content/conferences/<slug>/``: ``conference.yaml`` (one Conference),
``sessions.yaml`` (``sessions:`` list) and ``speakers.yaml`` (``speakers:`` list).
Times are wall-clock times in the conference's own IANA time zone, written without an
offset (``2019-09-23 10:15``), because that is what a printed schedule shows.
Models are frozen and reject unknown fields; cross-references (speaker, room, track
slugs, overlaps) are checked by the loader, which sees all three files at once.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from recapkit.core.slugs import check_slug


def _check_url(value: str) -> str:
    if not re.match(r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s]+)$", value, re.I):
        raise ValueError(f"'{value}' is not an http(s) or mailto URL")
    return value


def _check_text(value: str) -> str:
    if not value:  # already stripped (str_strip_whitespace)
        raise ValueError("must not be blank")
    return value


Slug = Annotated[str, AfterValidator(check_slug)]
Url = Annotated[str, AfterValidator(_check_url)]
#: A required name or title: whitespace alone would give an empty heading or link.
Text = Annotated[str, AfterValidator(_check_text)]


def conference_day(moment: dt.datetime, day_change: dt.time) -> dt.date:
    """The day ``moment`` belongs to when days change at ``day_change`` (a morning
    time): before it, still the day before."""
    return (moment - dt.timedelta(hours=day_change.hour, minutes=day_change.minute)).date()


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class DayKind(StrEnum):
    TUTORIALS = "tutorials"
    TALKS = "talks"
    WORKSHOPS = "workshops"
    SPRINTS = "sprints"
    OTHER = "other"


class SessionKind(StrEnum):
    KEYNOTE = "keynote"
    TALK = "talk"
    TUTORIAL = "tutorial"
    WORKSHOP = "workshop"
    LIGHTNING = "lightning"
    PANEL = "panel"
    SPRINT = "sprint"
    BREAK = "break"
    SOCIAL = "social"
    OTHER = "other"

    @property
    def has_page(self) -> bool:
        """Breaks and housekeeping slots appear in the schedule but get no page."""
        return self not in {SessionKind.BREAK}

    @property
    def is_plenary(self) -> bool:
        """Shown across all rooms in the schedule grid."""
        return self in {SessionKind.KEYNOTE, SessionKind.BREAK, SessionKind.SOCIAL}


class Link(Frozen):
    title: Text
    url: Url


def _links(value: object) -> object:
    """Accept ``{title: url}`` mappings as well as lists of ``{title, url}``."""
    if isinstance(value, dict):
        return [{"title": str(k), "url": v} for k, v in value.items()]
    return value


Links = Annotated[list[Link], BeforeValidator(_links)]


class Venue(Frozen):
    name: Text
    address: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    url: Url | None = None


class Day(Frozen):
    date: dt.date
    kind: DayKind = DayKind.TALKS
    title: str | None = None


class Room(Frozen):
    slug: Slug
    name: Text
    capacity: int | None = Field(default=None, ge=0)


class Track(Frozen):
    slug: Slug
    name: Text
    color: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")


def _named(value: object) -> object:
    """A room or track may be written as its name alone."""
    if isinstance(value, str):
        from recapkit.core.slugs import slugify

        return {"slug": slugify(value), "name": value}
    return value


class Series(Frozen):
    """The run of conferences an edition belongs to (``series: djangocon-us``)."""

    slug: Slug
    #: Shown on the series page; without one, the newest edition's name less its year.
    name: str | None = None


def _series(value: object) -> object:
    """``series: djangocon-us`` is short for ``series: {slug: djangocon-us}``."""
    return {"slug": value} if isinstance(value, str) else value


class Conference(Frozen):
    slug: Slug
    name: Text
    acronym: str | None = Field(default=None, pattern=r"^[a-z0-9_]{1,40}$")
    timezone: str
    start: dt.date
    end: dt.date
    #: When one conference day ends and the next begins (frab's ``day_change``): a
    #: session starting at 00:30 with ``day_change: "04:00"`` belongs to the day before.
    day_change: dt.time = dt.time(0)
    venue: Venue | None = None
    url: Url | None = None
    description: str | None = None
    image: str | None = None
    days: list[Day] = Field(default_factory=list)
    rooms: list[Annotated[Room, BeforeValidator(_named)]] = Field(default_factory=list)
    tracks: list[Annotated[Track, BeforeValidator(_named)]] = Field(default_factory=list)
    links: Links = Field(default_factory=list)
    series: Annotated[Series, BeforeValidator(_series)] | None = None

    @field_validator("day_change", mode="before")
    @classmethod
    def _clock_time(cls, value: object) -> object:
        """Hours and minutes (``"04:00"``), not pydantic's many other time spellings."""
        if isinstance(value, dt.time):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{1,2}:\d{2}", value.strip()):
            return value.strip().zfill(5)
        raise ValueError('write a time of day as HH:MM, such as "04:00"')

    @field_validator("day_change")
    @classmethod
    def _morning(cls, value: dt.time) -> dt.time:
        if value >= dt.time(12):
            raise ValueError(
                f"day_change {value:%H:%M} is not in the morning (days run from it to "
                "the same time the next day: use a time before 12:00)"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone '{value}' (use an IANA name such as Europe/Brussels)"
            ) from None
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> Conference:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        for day in self.days:
            if not self.start <= day.date <= self.end:
                raise ValueError(f"day {day.date} is outside {self.start} to {self.end}")
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def dates(self) -> list[dt.date]:
        count = (self.end - self.start).days + 1
        return [self.start + dt.timedelta(days=i) for i in range(count)]

    def day_of(self, moment: dt.datetime) -> dt.date:
        """The conference day a wall-clock moment belongs to (see ``day_change``)."""
        return conference_day(moment, self.day_change)

    @property
    def frab_acronym(self) -> str:
        """frab's acronym pattern allows no hyphen inside: derive one from the slug."""
        return self.acronym or re.sub(r"[^a-z0-9_]", "", self.slug.lower())[:40]


class Speaker(Frozen):
    slug: Slug
    name: Text
    bio: str | None = None
    affiliation: str | None = None
    photo: str | None = None
    #: Where the source keeps the photo; never shown (``--fetch-photos`` downloads it).
    photo_url: Url | None = None
    links: Links = Field(default_factory=list)
    notes: str | None = None


class Session(Frozen):
    slug: Slug
    title: Text
    kind: SessionKind = SessionKind.TALK
    speakers: list[str] = Field(default_factory=list)
    #: None: accepted but not scheduled yet; listed under the schedule, not in the grid.
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    duration: int | None = Field(default=None, gt=0, le=24 * 60, description="minutes")
    room: str | None = None
    #: A plenum session: it fills every room's column of the grid, whatever its kind.
    all_rooms: bool = False
    track: str | None = None
    level: str | None = None
    language: str | None = None
    abstract: str | None = None
    video: Url | None = None
    slides: Url | None = None
    links: Links = Field(default_factory=list)
    notes: str | None = None
    guid: str | None = None

    @field_validator("speakers", mode="before")
    @classmethod
    def _one_speaker(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("start", "end")
    @classmethod
    def _wall_clock(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            raise ValueError(
                "write local wall-clock time without an offset (the conference's timezone applies)"
            )
        return value

    @field_validator("end")
    @classmethod
    def _ends_after_start(cls, value: dt.datetime | None, info: ValidationInfo) -> object:
        """A field check (not a model check) so the error points at the ``end:`` line."""
        start = info.data.get("start")
        if value is not None and start is not None and value <= start:
            raise ValueError(
                f"ends ({value:%Y-%m-%d %H:%M}) before it starts ({start:%Y-%m-%d %H:%M})"
            )
        return value

    @model_validator(mode="after")
    def _has_length(self) -> Session:
        if self.start is None and (self.end is not None or self.room or self.all_rooms):
            raise ValueError("an unscheduled session (no start) has no end, room or all_rooms")
        if self.start is not None and self.end is None and self.duration is None:
            raise ValueError("give an end time or a duration")
        return self

    @property
    def spans_all_rooms(self) -> bool:
        """Shown across the rooms of the grid: a plenum session, or a plenary kind."""
        return self.all_rooms or self.kind.is_plenary

    @property
    def finish(self) -> dt.datetime:
        """When a scheduled session ends (the loader keeps unscheduled ones apart)."""
        if self.end is not None:
            return self.end
        return self.start + dt.timedelta(minutes=self.duration or 0)

    @property
    def minutes(self) -> int:
        return int((self.finish - self.start).total_seconds() // 60)
