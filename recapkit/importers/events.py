"""The shared half of the frab XML, frab JSON, pretalx and Sessionize importers.

All of them describe the same things (an event with a guid, a start, a duration, a room,
persons and links) in different shapes; each reader turns its shape into
:class:`EventIn` records and :func:`build` does the rest once: short slugs from titles
(remembered across re-imports), one speaker per person, the time zone.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from recapkit.conference.exports.frab import ALL_ROOMS, NO_ROOM
from recapkit.conference.models import SessionKind
from recapkit.core.slugs import is_slug, slugify
from recapkit.importers.days import day_change
from recapkit.importers.kinds import guess_kind
from recapkit.importers.report import Report
from recapkit.importers.sanitize import changed, markdown_text, plain_text, safe_url
from recapkit.importers.schedule import Draft, Imported, ImportOptions, Rooms, finish
from recapkit.importers.times import Clock, iana_zone, zone_for_offset

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_VIDEO = re.compile(r"video|recording|youtube|vimeo|media\.ccc\.de|youtu\.be", re.I)
_SLIDES = re.compile(r"slides?\b|slide deck|speakerdeck|slideshare", re.I)


@dataclass
class PersonIn:
    key: str
    name: str
    where: str
    bio: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)
    affiliation: str | None = None
    photo_url: str | None = None


@dataclass
class EventIn:
    where: str
    title: object
    start: dt.datetime | None
    end: dt.datetime | None = None
    duration: int | None = None
    guid: str | None = None
    ident: str | None = None
    slug: str | None = None
    room: str | None = None
    room_slug: str | None = None
    track: str | None = None
    track_slug: str | None = None
    type: object = None
    kind: SessionKind | None = None  # the source says so outright (Sessionize service sessions)
    level: str | None = None
    all_rooms: bool = False  # a plenum session: every room takes part
    unscheduled: bool = False  # accepted, no time yet: listed, not placed in the grid
    language: str | None = None
    abstract: object = None
    description: object = None
    persons: list[PersonIn] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # title, url, type


@dataclass
class ConferenceIn:
    where: str
    title: str | None = None
    acronym: str | None = None
    zone_name: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    venue: str | None = None
    city: str | None = None
    url: str | None = None
    generator: str | None = None
    rooms: list[tuple[str, str | None]] = field(default_factory=list)  # name, slug
    tracks: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    day_change: dt.time | None = None  # as declared (frab's <day_change>)
    #: Each day's start and end as the source gives them (recapkit.importers.days).
    day_bounds: list[tuple[dt.datetime | None, dt.datetime | None]] = field(default_factory=list)


def source_slug(value: object) -> str | None:
    """A slug as the source wrote it, lower-cased if need be; None if unusable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().lower()
    return text if is_slug(text) else None


#: What the site's own exports call the columns of sessions that have no room.
ROOMLESS_COLUMNS = {ALL_ROOMS, NO_ROOM}


def _without_prefix(slug: str | None, acronym: str | None) -> str | None:
    """frab slugs often start with the acronym (``38c3-opening``); ours never do."""
    if slug and acronym and slug.lower().startswith(acronym.lower() + "-"):
        rest = slug[len(acronym) + 1 :]
        return rest or slug
    return slug


def choose_zone(
    requested: str | None, conf: ConferenceIn, events: list[EventIn], report: Report
) -> str:
    """--timezone or the author's zone, else the declared IANA zone, else the offsets."""
    if requested:
        return requested
    if conf.zone_name:
        zone = iana_zone(conf.zone_name)
        if zone and zone != conf.zone_name.strip():
            report.add("fixed", conf.where, f"time zone '{conf.zone_name}' read as {zone}")
        if zone:
            return zone
        report.add("skipped", conf.where, f"time zone '{conf.zone_name}' is not an IANA name")
    offsets = sorted({e.start.utcoffset() for e in events if e.start and e.start.tzinfo})
    if offsets:
        zone = zone_for_offset(offsets[0]) or "UTC"
        more = " (several offsets: daylight saving? give --timezone)" if len(offsets) > 1 else ""
        report.add("guessed", conf.where, f"no IANA time zone: {zone} from the offsets{more}")
        return zone
    report.add("guessed", conf.where, "no time zone and no offsets: UTC (give --timezone)")
    return "UTC"


def _links(event: EventIn, fields: dict[str, Any], report: Report) -> None:
    links: list[dict[str, str]] = []
    seen: set[str] = set()
    for title, raw, kind in event.links:
        url = safe_url(raw)
        if url is None:
            report.add("skipped", event.where, f"link '{raw}' is not an http(s) URL")
            continue
        label = plain_text(title) or kind.title() or url
        if "video" not in fields and (kind.upper() == "VIDEO" or _VIDEO.search(f"{label} {url}")):
            fields["video"] = url
        elif "slides" not in fields and (kind.upper() == "SLIDES" or _SLIDES.search(label)):
            fields["slides"] = url
        elif url not in seen:
            links.append({"title": label, "url": url})
        seen.add(url)
    if links:
        fields["links"] = links


def _guid(event: EventIn, acronym: str, report: Report) -> str:
    if event.guid and _UUID.match(event.guid.strip()):
        return event.guid.strip().lower()
    basis = event.guid or f"{acronym}/{event.ident or event.slug or event.title}"
    made = str(uuid.uuid5(uuid.NAMESPACE_URL, f"recapkit:import/{basis}"))
    what = f"guid '{event.guid}' is not a UUID" if event.guid else "no guid"
    report.add("fixed", event.where, f"{what}: {made} derived from it", group=what.split("'")[0])
    return made


#: Made slugs stay short enough to type in a ``{talk}`` link.
SLUG_WORDS = 6
SLUG_CHARS = 60
# Words a slug should not end on ("state-of-the" reads as cut off). python-slugify's
# ``stopwords`` drops them everywhere, which would change the words that remain, so
# the trailing ones are trimmed here.
_TRAILING = frozenset(
    {"a", "an", "and", "as", "at", "by", "de", "der", "die", "das", "des", "du", "en", "et"}
    | {"for", "from", "in", "into", "la", "le", "les", "of", "on", "or", "the", "to", "und"}
    | {"vs", "with"}
)


def short_slug(text: str, words: int = SLUG_WORDS, chars: int = SLUG_CHARS) -> str:
    """The first ``words`` words of ``text`` as a slug, at most ``chars`` characters,
    cut only between words (a first word longer than ``chars`` is the one exception)."""
    # "What's new" is two words, not three ("what-s-new"): apostrophes join
    joined = re.sub(r"(?<=\w)['’](?=\w)", "", text)
    parts = slugify(joined, max_length=0).split("-")[:words]
    while len(parts) > 1 and (len("-".join(parts)) > chars or parts[-1] in _TRAILING):
        parts.pop()
    return "-".join(parts)[:chars].strip("-") or "item"


def _session_slug(event: EventIn, acronym: str | None, title: str, own_export: bool) -> str:
    """From the title; our own exports keep their slugs, so a round trip changes none."""
    if own_export:
        given = source_slug(_without_prefix(event.slug, acronym))
        if given:
            return given
    return short_slug(title)


@dataclass
class _Tracks:
    by_slug: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, name: object, slug: str | None, color: str | None = None) -> str | None:
        clean = plain_text(name)
        known = {t["name"]: t["slug"] for t in self.by_slug.values()}
        key = source_slug(slug) or known.get(clean or "") or (slugify(clean) if clean else None)
        if key is None:
            return None
        self.by_slug.setdefault(key, {"slug": key, "name": clean or key})
        if color and re.match(r"^#[0-9a-fA-F]{6}$", color):
            self.by_slug[key]["color"] = color
        return key


def _same_bio(one: str | None, other: str | None) -> bool:
    """Bios that say the same (or one person left it empty) belong to one person."""
    if not one or not other:
        return True
    return " ".join(one.casefold().split()) == " ".join(other.casefold().split())


@dataclass
class _People:
    """Speakers by the source's person key; one slug per person, from the name.

    Exports give one person two ids (a second account, a co-speaker typed in again):
    the same normalised name is one speaker unless the bios disagree, in which case
    they stay apart and the report warns. ``known`` holds the slugs the conference's
    speakers.yaml already uses, by normalised name, so a re-import keeps them.
    """

    prose: bool
    report: Report
    known: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    speakers: dict[str, dict[str, Any]] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)
    slug_of: dict[str, str] = field(default_factory=dict)
    bio_of: dict[str, str | None] = field(default_factory=dict)
    keys_of: dict[str, list[str]] = field(default_factory=dict)

    def _links(self, person: PersonIn) -> list[dict[str, str]]:
        return [
            {"title": plain_text(title) or "Link", "url": url}
            for title, raw in person.links
            if (url := safe_url(raw))
        ]

    def _merge(self, slug: str, person: PersonIn, bio: str | None) -> None:
        entry = self.speakers[slug]
        urls = {link["url"] for link in entry["links"]}
        entry["links"] += [link for link in self._links(person) if link["url"] not in urls]
        if bio and not self.bio_of[slug]:
            self.bio_of[slug] = bio
            if self.prose:
                entry["bio"] = bio
        for key, value in (("affiliation", person.affiliation), ("photo_url", person.photo_url)):
            if value and not entry.get(key):
                entry[key] = plain_text(value) if key == "affiliation" else safe_url(value)

    def _new_slug(self, norm: str, base: str) -> str:
        """A remembered slug of this name not yet taken, else the base, else base-2..."""
        for slug in self.known.get(norm, ()):
            if slug not in self.speakers:
                return slug
        slug, n = base, 1
        while slug in self.speakers:
            n += 1
            slug = f"{short_slug(base, chars=SLUG_CHARS - len(str(n)) - 1)}-{n}"
        return slug

    def slug(self, person: PersonIn) -> str:
        if person.key in self.slug_of:
            return self.slug_of[person.key]
        name = plain_text(person.name)
        norm = slugify(name, max_length=0) if name else f"person-{slugify(person.key)}"
        base = short_slug(norm, words=12)
        bio = markdown_text(person.bio)
        namesakes = [s for s in self.keys_of if self.speakers[s]["norm"] == norm]
        for slug in namesakes:
            if _same_bio(self.bio_of[slug], bio):
                self.report.add(
                    "fixed",
                    person.where,
                    f"speaker '{name}' appears with two ids ({self.keys_of[slug][0]}, "
                    f"{person.key}): merged as '{slug}'",
                )
                self.slug_of[person.key] = slug
                self.keys_of[slug].append(person.key)
                self._merge(slug, person, bio)
                return slug
        slug = self._new_slug(norm, base)
        if namesakes:
            self.report.add(
                "warning",
                person.where,
                f"speaker '{name}' appears with two ids ({self.keys_of[namesakes[0]][0]}, "
                f"{person.key}) and different bios: kept apart as '{namesakes[0]}' and "
                f"'{slug}' (merge them in speakers.yaml if they are one person)",
            )
        self.slug_of[person.key] = slug
        self.keys_of[slug] = [person.key]
        self.bio_of[slug] = bio
        self.speakers[slug] = {
            "slug": slug,
            "norm": norm,
            "name": name or slug,
            "affiliation": plain_text(person.affiliation),
            "photo_url": safe_url(person.photo_url),
            "links": self._links(person),
        }
        if self.prose:
            self.speakers[slug]["bio"] = bio
        self.where[slug] = person.where
        return slug

    def finished(self) -> dict[str, dict[str, Any]]:
        """The speakers as the content model has them (without the matching key)."""
        return {
            slug: {k: v for k, v in entry.items() if k != "norm" and v is not None}
            for slug, entry in self.speakers.items()
        }


def _abstract(event: EventIn, report: Report) -> str | None:
    parts = [markdown_text(event.abstract), markdown_text(event.description)]
    if changed(event.abstract, parts[0]) and re.search(r"<[a-z/!]", str(event.abstract)):
        report.add("fixed", event.where, "HTML in the abstract reduced to text", group="html")
    return "\n\n".join(p for p in dict.fromkeys(parts) if p) or None


def _conference(
    slug: str, conf: ConferenceIn, zone: str, tracks: _Tracks, change: dt.time | None
) -> dict[str, Any]:
    data: dict[str, Any] = {"slug": slug, "name": plain_text(conf.title) or slug, "timezone": zone}
    if change is not None:
        data["day_change"] = f"{change:%H:%M}"
    if conf.acronym and re.match(r"^[a-z0-9_]{1,40}$", conf.acronym):
        data["acronym"] = conf.acronym
    if conf.start and conf.end:
        data["start"], data["end"] = conf.start, conf.end
    venue = {"name": plain_text(conf.venue) or plain_text(conf.city), "city": plain_text(conf.city)}
    if venue["name"]:
        data["venue"] = {k: v for k, v in venue.items() if v}
    if safe_url(conf.url):
        data["url"] = safe_url(conf.url)
    if tracks.by_slug:
        data["tracks"] = list(tracks.by_slug.values())
    return data


def build(conf: ConferenceIn, events: list[EventIn], options: ImportOptions) -> Imported:
    conference_slug, report = options.conference, options.report
    keep_wall_clock, prose = options.keep_wall_clock, options.prose
    zone = choose_zone(options.zone, conf, events, report)
    clock = Clock(zone, keep_wall_clock, report)
    rooms = Rooms(report)
    for name, slug in conf.rooms:
        rooms.add(name, conf.where, slug=source_slug(slug), quiet=True)
    tracks = _Tracks()
    for name, slug, color in conf.tracks:
        tracks.add(name, slug, color)
    people = _People(prose, report, options.known.speakers)
    own_export = conf.generator == "recapkit"
    drafts: list[Draft] = []
    for event in events:
        title = plain_text(event.title)
        if not title or (event.start is None and not event.unscheduled):
            report.add("skipped", event.where, "event without a title or a start")
            continue
        if changed(event.title, title):
            report.add("fixed", event.where, "markup removed from the title")
        kind, guessed = (
            (event.kind, False) if event.kind else guess_kind(title, event.type, trust_word=True)
        )
        if guessed:
            what = f"type '{event.type}'" if event.type is not None else "no session type"
            message = f"{what}: kind '{kind.value}'"
            report.add("guessed", event.where, message, group=f"type {event.type}")
        start = clock.local(event.start, event.where) if event.start else None
        end = clock.local(event.end, event.where) if event.end and start else None
        if start is None:
            report.add("added", event.where, f"'{title}' has no time yet: listed as unscheduled")
        room = None if own_export and event.room in ROOMLESS_COLUMNS else event.room
        fields: dict[str, Any] = {
            "title": title,
            "kind": kind,
            "speakers": list(dict.fromkeys(people.slug(p) for p in event.persons)),
            "start": start,
            "end": end,
            "duration": None if end or not start else event.duration,
            "room": rooms.add(room, event.where, slug=source_slug(event.room_slug))
            if start
            else None,
            "all_rooms": event.all_rooms,
            "track": tracks.add(event.track, event.track_slug)
            if event.track or event.track_slug
            else None,
            "level": plain_text(event.level),
            "language": plain_text(event.language),
            "abstract": _abstract(event, report) if prose else None,
            "guid": _guid(event, conf.acronym or conference_slug, report),
        }
        _links(event, fields, report)
        known = options.known.sessions.get(fields["guid"])
        slug = known or _session_slug(event, conf.acronym, title, own_export)
        drafts.append(Draft(event.where, slug, fields, kept=known is not None))
    change = day_change(conf.day_change, conf.day_bounds, zone, keep_wall_clock, conf.where, report)
    conference = _conference(conference_slug, conf, zone, tracks, change)
    speakers = people.finished()
    return finish(conference, drafts, speakers, people.where, rooms, report, conf.where)
