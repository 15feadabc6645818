"""What the templates show: every date, time, URL and grid position worked out here.

Templates never compute; the generator turns each loaded conference into these frozen
views once per build. URLs are relative to SITEURL (``conferences/<conf>/...``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup

from recapkit.conference.elsewhere import Covered, Elsewhere, build_elsewhere
from recapkit.conference.loader import LoadedConference
from recapkit.conference.markup import plain_text, render_markdown
from recapkit.conference.models import (
    Conference,
    Day,
    DayKind,
    Link,
    Room,
    Session,
    SessionKind,
    Speaker,
    Track,
)
from recapkit.conference.timeline import timeline
from recapkit.conference.video import Video, video_for
from recapkit.core.imagesafe import EXTENSIONS, Cleaned
from recapkit.core.slugs import slugify as core_slugify
from recapkit.core.urls import UrlScheme

KIND_LABELS = {
    SessionKind.KEYNOTE: "Keynote",
    SessionKind.TALK: "Talk",
    SessionKind.TUTORIAL: "Tutorial",
    SessionKind.WORKSHOP: "Workshop",
    SessionKind.LIGHTNING: "Lightning talks",
    SessionKind.PANEL: "Panel",
    SessionKind.SPRINT: "Sprint",
    SessionKind.BREAK: "Break",
    SessionKind.SOCIAL: "Social event",
    SessionKind.OTHER: "Other",
}
DAY_LABELS = {
    DayKind.TUTORIALS: "Tutorials",
    DayKind.TALKS: "Talks",
    DayKind.WORKSHOPS: "Workshops",
    DayKind.SPRINTS: "Sprints",
    DayKind.OTHER: "",
}


@dataclass(frozen=True)
class Ref:
    """A link to another page, as the templates print it."""

    title: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class GeneratedPage:
    """Registered in ``context['generated_content']`` so ``{filename}/key`` links resolve.

    Pelican's link replacer only reads ``.url``; the other attributes say where the
    page came from, for plugins that list generated content.
    """

    key: str
    url: str
    save_as: str
    title: str
    source_path: str
    generated_by: str = "recapkit.conference"


@dataclass(frozen=True)
class PhotoFile:
    """One published size of a speaker photo, and the cached file it is linked from."""

    url: str
    save_as: str
    width: int
    height: int
    cached: Path


@dataclass(frozen=True)
class PhotoSource:
    """One modern format of a speaker photo, for a ``<source>`` of its ``<picture>``."""

    mime: str
    files: tuple[PhotoFile, ...]


@dataclass(frozen=True)
class Photo:
    """A speaker photo as published: re-encoded square JPEGs (largest first), plus the
    same sizes in AVIF and WebP (``sources``), never the source file."""

    source: Path
    url: str
    save_as: str
    width: int | None
    height: int | None
    files: tuple[PhotoFile, ...] = ()  # the template lists several as a srcset
    sources: tuple[PhotoSource, ...] = ()

    @property
    def every_file(self) -> tuple[PhotoFile, ...]:
        return (*self.files, *(f for s in self.sources for f in s.files))


@dataclass(frozen=True)
class SpeakerView:
    speaker: Speaker
    slug: str
    name: str
    key: str
    url: str
    save_as: str
    bio_html: Markup
    bio_text: str
    links: tuple[Link, ...]
    photo: Photo | None
    sessions: tuple[Ref, ...]


@dataclass(frozen=True)
class GridPlace:
    """Row and column lines in the day's grid, and the CSS class that places it there."""

    row_start: int
    row_end: int
    col_start: int
    col_end: int

    @property
    def css_class(self) -> str:
        return f"sg-r{self.row_start}-{self.row_end} sg-c{self.col_start}-{self.col_end}"


@dataclass(frozen=True)
class SessionView:
    session: Session
    slug: str
    title: str
    kind: str
    kind_label: str
    key: str
    url: str | None
    save_as: str | None
    ics_url: str | None
    ics_save_as: str | None
    speakers: tuple[Ref, ...]
    speaker_slugs: tuple[str, ...]
    room: Room | None
    room_name: str
    track: Track | None
    start: dt.datetime
    end: dt.datetime
    day_anchor: str
    date_text: str
    time_text: str
    zone_abbr: str
    utc_offset: str
    abstract_html: Markup
    abstract_text: str
    video: Video | None
    slides: str | None
    links: tuple[Link, ...]
    level: str | None
    spans_all_rooms: bool
    place: GridPlace | None = None
    #: Nothing else ran beside it: it spans every column of its day's grid.
    fills_venue: bool = False
    previous: Ref | None = None
    next: Ref | None = None


@dataclass(frozen=True)
class TimeLabel:
    text: str
    iso: str
    place: GridPlace
    #: Set on the label of a folded stretch with nothing on ("14:00–19:00: nothing on").
    gap_text: str = ""


@dataclass(frozen=True)
class DayView:
    date: dt.date
    anchor: str
    heading: str
    kind_label: str
    title: str | None
    rooms: tuple[tuple[Room | None, str, GridPlace], ...]
    times: tuple[TimeLabel, ...]
    sessions: tuple[SessionView, ...]
    zone_text: str
    zone_abbr: str
    grid_class: str
    #: On the grid's box: lets it grow with the page where its rooms fit the screen.
    box_class: str


@dataclass(frozen=True)
class UnscheduledView:
    """An accepted session without a time yet: a line in the schedule's list, no page."""

    slug: str
    title: str
    kind_label: str
    speakers: tuple[Ref, ...]
    speaker_slugs: tuple[str, ...]
    url: str  # the list's anchor on the schedule page, where {talk} links lead
    anchor: str


@dataclass(frozen=True)
class SeriesNav:
    """An edition's place in its series: the series page and the editions either side."""

    name: str
    url: str
    previous: Ref | None = None
    next: Ref | None = None


@dataclass
class ConferenceView:
    """One conference for the templates; ``recaps`` and mentions are filled later in
    the build (after the link pass), the rest is fixed once built."""

    conference: Conference
    loaded: LoadedConference
    slug: str
    name: str
    key: str
    url: str
    save_as: str
    schedule_url: str
    schedule_save_as: str
    photos_url: str
    has_photos: bool  # an album of this conference was published (see the generator)
    ics_url: str
    xml_url: str
    json_url: str
    grid_css_url: str
    dates_text: str
    place_text: str
    zone_text: str
    description_html: Markup
    description_text: str
    days: tuple[DayView, ...]
    sessions: tuple[SessionView, ...]
    speakers: tuple[SpeakerView, ...]
    grid_css: str
    source_path: str
    unscheduled: tuple[UnscheduledView, ...] = ()
    recaps: list[Any] = field(default_factory=list)
    mentions: dict[str, list[Any]] = field(default_factory=dict)
    #: links.yaml: other people's recaps, recordings and slides (conference.elsewhere).
    elsewhere: Elsewhere = field(default_factory=Elsewhere)
    #: Set by recapkit.conference.series once every conference is loaded.
    series: SeriesNav | None = None

    @cached_property
    def session_by_slug(self) -> dict[str, SessionView]:
        return {s.slug: s for s in self.sessions}

    @cached_property
    def unscheduled_by_slug(self) -> dict[str, UnscheduledView]:
        return {u.slug: u for u in self.unscheduled}

    @cached_property
    def speaker_by_slug(self) -> dict[str, SpeakerView]:
        return {s.slug: s for s in self.speakers}

    @property
    def talk_count(self) -> int:
        return sum(1 for s in self.sessions if s.url)

    def mentioned_in(self, key: str) -> list[Any]:
        return self.mentions.get(key, [])

    def pages(self) -> list[GeneratedPage]:
        """The pages other content can link to with ``{filename}/key``."""
        pages = [GeneratedPage(self.key, self.url, self.save_as, self.name, self.source_path)]
        pages.append(  # {talk} links to an unscheduled session lead to its line here
            GeneratedPage(
                f"{self.key}/schedule",
                self.schedule_url,
                self.schedule_save_as,
                f"Schedule · {self.name}",
                self.source_path,
            )
        )
        pages += [
            GeneratedPage(s.key, s.url, s.save_as, s.title, self.source_path)
            for s in self.sessions
            if s.url and s.save_as
        ]
        pages += [
            GeneratedPage(s.key, s.url, s.save_as, s.name, self.source_path) for s in self.speakers
        ]
        return pages


def _date_range(start: dt.date, end: dt.date) -> str:
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


def _offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _place(conference: Conference) -> str:
    venue = conference.venue
    if venue is None:
        return ""
    return ", ".join(p for p in (venue.name, venue.city, venue.region, venue.country) if p)


def _zone_place(conference: Conference) -> str | None:
    """The venue's city, else the zone's name: the zone's own city (Europe/Berlin)
    may be another city than the venue's (a congress in Leipzig). None for a zone that
    names no place (``Etc/GMT-1``, ``UTC``): its offset says it all."""
    venue = conference.venue
    if venue and venue.city:
        return venue.city
    if "/" not in conference.timezone or conference.timezone.startswith("Etc/"):
        return None
    return conference.timezone


def _zone_text(conference: Conference, dates: Sequence[dt.date]) -> str:
    """``Times are Leipzig time (CET, UTC+01:00).``: abbreviation and offset on
    ``dates`` (at noon), each change of them named with the day it starts."""
    marks: list[tuple[str, str, dt.date]] = []
    for date in dates:
        noon = dt.datetime.combine(date, dt.time(12), tzinfo=conference.tz)
        mark = (noon.tzname() or "", _offset(noon))
        if not marks or marks[-1][:2] != mark:
            marks.append((*mark, date))
    parts = [
        # A zone without a name of its own has "+01" for one: the offset alone says it.
        (f"{abbr}, {offset}" if abbr and abbr[0] not in "+-" and abbr != "UTC" else offset)
        + (f" from {date.day} {date:%B}" if i else "")
        for i, (abbr, offset, date) in enumerate(marks)
    ]
    place = _zone_place(conference)
    if place is None:
        return f"Times are {'; '.join(parts)}."
    return f"Times are {place} time ({'; '.join(parts)})."


@dataclass(frozen=True)
class _Paths:
    """One conference's pages and files, as the site's URL scheme places them."""

    urls: UrlScheme
    slug: str

    @property
    def base(self) -> str:
        return self.urls.conference(self.slug).url

    def page(self, *parts: str) -> tuple[str, str]:
        place = self.urls.conference(self.slug, *parts)
        return place.url, place.save_as

    def file(self, name: str) -> str:
        return self.urls.conference_file(self.slug, name)


def build_view(
    loaded: LoadedConference,
    source_path: str,
    photos: Mapping[str, Mapping[str, Cleaned]] | None = None,
    urls: UrlScheme | None = None,
) -> ConferenceView:
    """Turn one checked conference into everything its pages need; ``photos`` holds
    each speaker's processed photo (speakers without one there show none)."""
    conf = loaded.conference
    tz = conf.tz
    paths = _Paths(urls or UrlScheme(), conf.slug)
    url, save_as = paths.page()
    schedule_url, schedule_save_as = paths.page("schedule")

    speaker_models = {s.slug: s for s in loaded.speakers}
    speaker_urls = {slug: paths.page("speakers", slug) for slug in speaker_models}

    days_by_date = {d.date: d for d in conf.days}
    sessions: list[SessionView] = []
    for session in loaded.sessions:
        start = session.start.replace(tzinfo=tz)
        end = session.finish.replace(tzinfo=tz)
        has_page = _has_page(session)
        s_url, s_save = paths.page("talks", session.slug) if has_page else (None, None)
        ics = paths.file(f"talks/{session.slug}/{session.slug}.ics") if has_page else None
        room = loaded.room_of(session)
        sessions.append(
            SessionView(
                session=session,
                slug=session.slug,
                title=session.title,
                kind=session.kind.value,
                kind_label=KIND_LABELS[session.kind],
                key=f"{paths.base}talks/{session.slug}",
                url=s_url,
                save_as=s_save,
                ics_url=ics,
                ics_save_as=ics,
                speakers=tuple(
                    Ref(speaker_models[s].name, speaker_urls[s][0]) for s in session.speakers
                ),
                speaker_slugs=tuple(session.speakers),
                room=room,
                room_name=room.name if room else "",
                track=loaded.track_of(session),
                start=start,
                end=end,
                day_anchor=f"day-{conf.day_of(session.start).isoformat()}",
                date_text=f"{start:%A} {start.day} {start:%B %Y}",
                time_text=f"{start:%H:%M}–{end:%H:%M}",
                zone_abbr=start.tzname() or "",
                utc_offset=_offset(start),
                abstract_html=render_markdown(session.abstract),
                abstract_text=plain_text(session.abstract),
                video=video_for(session.video),
                slides=session.slides,
                links=tuple(session.links),
                level=session.level,
                spans_all_rooms=session.spans_all_rooms,
            )
        )
    sessions = _with_neighbours(sessions)
    days, sessions, css = _lay_out_days(conf, days_by_date, sessions)

    unscheduled = tuple(
        UnscheduledView(
            slug=session.slug,
            title=session.title,
            kind_label=KIND_LABELS[session.kind],
            speakers=tuple(
                Ref(speaker_models[s].name, speaker_urls[s][0]) for s in session.speakers
            ),
            speaker_slugs=tuple(session.speakers),
            url=f"{schedule_url}#talk-{session.slug}",
            anchor=f"talk-{session.slug}",
        )
        for session in loaded.unscheduled
    )

    speakers = []
    # Each speaker's sessions, in schedule order, found once (not a scan per speaker).
    sessions_of: dict[str, list[SessionView]] = {}
    for session_view in sessions:
        for slug in dict.fromkeys(session_view.speaker_slugs):
            sessions_of.setdefault(slug, []).append(session_view)
    for speaker in loaded.speakers:
        own = sessions_of.get(speaker.slug, [])
        sp_url, sp_save = speaker_urls[speaker.slug]
        speakers.append(
            SpeakerView(
                speaker=speaker,
                slug=speaker.slug,
                name=speaker.name,
                key=f"{paths.base}speakers/{speaker.slug}",
                url=sp_url,
                save_as=sp_save,
                bio_html=render_markdown(speaker.bio),
                bio_text=plain_text(speaker.bio),
                links=tuple(speaker.links),
                photo=_photo(speaker, sp_url, (photos or {}).get(speaker.slug)),
                sessions=tuple(
                    Ref(
                        s.title,
                        s.url or f"{schedule_url}#{s.day_anchor}",
                        f"{s.date_text}, {s.time_text}",
                    )
                    for s in own
                )
                + tuple(
                    Ref(u.title, u.url, "not scheduled yet")
                    for u in unscheduled
                    if speaker.slug in u.speaker_slugs
                ),
            )
        )

    return ConferenceView(
        conference=conf,
        loaded=loaded,
        slug=conf.slug,
        name=conf.name,
        key=paths.base.rstrip("/"),
        url=url,
        save_as=save_as,
        schedule_url=schedule_url,
        schedule_save_as=schedule_save_as,
        # Set from the site model once the photos plugin has published its albums.
        photos_url="",
        has_photos=False,
        ics_url=paths.file("schedule.ics"),
        xml_url=paths.file("schedule.xml"),
        json_url=paths.file("schedule.json"),
        grid_css_url=paths.file("schedule/grid.css"),
        dates_text=_date_range(conf.start, conf.end),
        place_text=_place(conf),
        zone_text=_zone_text(conf, conf.dates),
        description_html=render_markdown(conf.description),
        description_text=plain_text(conf.description),
        days=days,
        sessions=tuple(sessions),
        speakers=tuple(speakers),
        grid_css=css,
        source_path=source_path,
        unscheduled=unscheduled,
        elsewhere=build_elsewhere(
            loaded.links,
            {s.slug: Covered(s.title, s.url) for s in sessions},
            {s.slug: Covered(s.name, s.url) for s in speakers},
        ),
    )


def _has_page(session: Session) -> bool:
    """Breaks never get a page; a quiet room or a reception only when there is
    something to say about it (people, an abstract, a recording)."""
    if not session.kind.has_page:
        return False
    if session.kind in {SessionKind.OTHER, SessionKind.SOCIAL}:
        return bool(session.speakers or session.abstract or session.video or session.slides)
    return True


def _photo(speaker: Speaker, page_url: str, cleaned: Mapping[str, Cleaned] | None) -> Photo | None:
    """The published sizes, named ``<stem>-<width>.<ext>`` next to the speaker page."""
    if not speaker.photo or not cleaned or "JPEG" not in cleaned:
        return None
    stem = slugify(Path(speaker.photo).stem)

    def files(fmt: str) -> tuple[PhotoFile, ...]:
        ext = EXTENSIONS[fmt]
        return tuple(
            PhotoFile(
                page_url + f"{stem}-{v.width}.{ext}",
                page_url + f"{stem}-{v.width}.{ext}",
                v.width,
                v.height,
                v.path,
            )
            for v in cleaned[fmt].variants
        )

    jpegs = files("JPEG")
    sources = tuple(
        PhotoSource(f"image/{fmt.lower()}", files(fmt))
        for fmt in ("AVIF", "WEBP")
        if fmt in cleaned
    )
    largest = jpegs[0]
    return Photo(
        cleaned["JPEG"].source,
        largest.url,
        largest.save_as,
        largest.width,
        largest.height,
        jpegs,
        sources,
    )


def slugify(text: str) -> str:
    """File and credit names as URL slugs: the site's one slugifier, uncapped."""
    return core_slugify(text, max_length=0, fallback="photo")


def _with_neighbours(sessions: list[SessionView]) -> list[SessionView]:
    with_pages = [i for i, s in enumerate(sessions) if s.url]
    result = list(sessions)
    for n, index in enumerate(with_pages):
        before = sessions[with_pages[n - 1]] if n > 0 else None
        after = sessions[with_pages[n + 1]] if n + 1 < len(with_pages) else None
        result[index] = replace(
            sessions[index],
            previous=Ref(before.title, before.url or "", before.time_text) if before else None,
            next=Ref(after.title, after.url or "", after.time_text) if after else None,
        )
    return result


def _lay_out_days(
    conf: Conference,
    days_by_date: dict[dt.date, Day],
    sessions: Sequence[SessionView],
) -> tuple[tuple[DayView, ...], list[SessionView], str]:
    """Place each day's sessions in a grid: rooms as columns, SLOT_MINUTES per row,
    from the day's first session to its last (recapkit.conference.timeline).

    Positions become classes of a generated stylesheet (not inline styles), so a strict
    Content-Security-Policy needs no 'unsafe-inline' for styles.
    """
    by_date: dict[dt.date, list[SessionView]] = defaultdict(list)
    for s in sessions:
        # After-midnight sessions (before day_change) close the day they continue.
        by_date[conf.day_of(s.session.start)].append(s)
    placed: dict[str, SessionView] = {}
    rows_used: set[tuple[int, int]] = set()
    cols_used: set[tuple[int, int]] = set()
    grids: set[int] = set()
    days = []
    for date in conf.dates:
        todays = by_date.get(date, [])
        meta = days_by_date.get(date)
        rooms = _columns(conf, todays)
        column = {(r.slug if r else None): i + 2 for i, r in enumerate(rooms)}
        grids.add(len(rooms))
        rows = timeline((s.start, s.end) for s in todays) if todays else None
        spans = _column_spans(todays, column, len(rooms))
        day_sessions = []
        for s in todays:
            assert rows is not None
            row_start = rows.row(s.start)
            row_end = max(row_start + 1, rows.row(s.end))
            cols = spans[s.slug]
            place = GridPlace(row_start, row_end, *cols)
            rows_used.add((row_start, row_end))
            cols_used.add(cols)
            view = replace(
                s,
                place=place,
                spans_all_rooms=cols[1] - cols[0] > 1,
                fills_venue=cols == (2, len(rooms) + 2),
            )
            placed[s.slug] = view
            day_sessions.append(view)
        times = []
        for label in rows.labels() if rows is not None else []:
            # A folded stretch is a band across the whole day, not only the time column.
            last_col = len(rooms) + 2 if label.gap else 2
            place = GridPlace(label.row_start, label.row_end, 1, last_col)
            rows_used.add((place.row_start, place.row_end))
            cols_used.add((1, last_col))
            gap = label.gap
            gap_text = f"{gap.start:%H:%M}–{gap.end:%H:%M}: nothing on" if gap else ""
            times.append(
                TimeLabel(f"{label.moment:%H:%M}", label.moment.isoformat(), place, gap_text)
            )
        heads = []
        rows_used.add((1, 2))
        cols_used.add((1, 2))
        for i, room in enumerate(rooms):
            place = GridPlace(1, 2, i + 2, i + 3)
            rows_used.add((1, 2))
            cols_used.add((i + 2, i + 3))
            label = room.name if room else ("All rooms" if len(rooms) == 1 else "Room not given")
            heads.append((room, label, place))
        noon = dt.datetime.combine(date, dt.time(12), tzinfo=conf.tz)
        days.append(
            DayView(
                date=date,
                anchor=f"day-{date.isoformat()}",
                heading=f"{date:%A} {date.day} {date:%B}",
                kind_label=DAY_LABELS[meta.kind] if meta else "",
                title=meta.title if meta else None,
                rooms=tuple(heads),
                times=tuple(times),
                sessions=tuple(day_sessions),
                zone_text=_zone_text(conf, [date]),
                zone_abbr=noon.tzname() or "",
                grid_class=f"sg-cols-{len(rooms)}",
                box_class=f"sg-box-{len(rooms)}",
            )
        )
    css = _grid_css(rows_used, cols_used, grids)
    return tuple(days), [placed.get(s.slug, s) for s in sessions], css


#: Kinds that are housekeeping rather than programme: rooms holding only these go last.
_HOUSEKEEPING = {SessionKind.BREAK, SessionKind.OTHER, SessionKind.SOCIAL}


def _columns(conf: Conference, todays: Sequence[SessionView]) -> list[Room | None]:
    """The day's rooms in conference order, programme rooms before housekeeping ones
    (quiet room, registration desk), so plenary sessions can span the programme rooms.
    Sessions without a room that are not plenary get a column of their own (None)."""
    kinds: dict[str, set[SessionKind]] = defaultdict(set)
    for s in todays:
        if s.room is not None:
            kinds[s.room.slug].add(s.session.kind)
    order = {r.slug: i for i, r in enumerate(conf.rooms)}
    used = sorted(kinds, key=lambda slug: (kinds[slug] <= _HOUSEKEEPING, order[slug]))
    by_slug = {r.slug: r for r in conf.rooms}
    columns: list[Room | None] = [by_slug[slug] for slug in used]
    if any(s.room is None and not s.session.spans_all_rooms for s in todays) or not columns:
        programme = sum(1 for slug in used if not kinds[slug] <= _HOUSEKEEPING)
        columns.insert(programme, None)
    return columns


def _column_spans(
    todays: Sequence[SessionView], column: dict[str | None, int], count: int
) -> dict[str, tuple[int, int]]:
    """Grid columns (start line, end line) of each session of one day.

    A session in a room takes that room's column, one without a room the "room not
    given" column. Keynotes, breaks and socials widen over the neighbouring columns
    that are free for their whole time; without a room they take the widest free run
    (all columns if none is free), so wide entries never cover a parallel session.
    """
    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    spans: dict[str, tuple[int, int]] = {}
    wide = [s for s in todays if s.session.spans_all_rooms]
    for s in todays:
        if not s.session.spans_all_rooms:
            col = column[s.room.slug if s.room else None]
            spans[s.slug] = (col, col + 1)
            busy[col].append((s.start, s.end))
    for s in wide:
        if s.room is not None:
            busy[column[s.room.slug]].append((s.start, s.end))

    def free(col: int, s: SessionView) -> bool:
        return all(end <= s.start or start >= s.end for start, end in busy[col])

    first, last = 2, count + 2
    for s in wide:
        if s.room is not None:
            home = column[s.room.slug]
            busy[home].remove((s.start, s.end))
            left = home
            while left - 1 >= first and free(left - 1, s):
                left -= 1
            right = home + 1
            while right < last and free(right, s):
                right += 1
        else:
            left, right, best = first, last, 0
            start = None
            for col in range(first, last + 1):
                if col < last and free(col, s):
                    start = col if start is None else start
                    continue
                if start is not None and col - start > best:
                    left, right, best = start, col, col - start
                start = None
            if best == 0:
                left, right = first, last
        spans[s.slug] = (left, right)
        for col in range(left, right):
            busy[col].append((s.start, s.end))
    return spans


#: The grid's columns (em): the time column, then each room at its narrowest.
TIME_COLUMN, ROOM_COLUMN = 4.5, 11.0
#: What the themes put around the grid (em): gaps, gutters, borders, with room to spare.
AROUND_GRID = 7.0


def _fits_from(count: int) -> float:
    """The narrowest screen (em) on which ``count`` rooms fit side by side."""
    return max(48.0, TIME_COLUMN + count * (ROOM_COLUMN + 0.4) + AROUND_GRID)


def _grid_css(rows: set[tuple[int, int]], cols: set[tuple[int, int]], grids: set[int]) -> str:
    """Only the placements this conference uses, sorted: same data, same bytes.

    A grid's box scrolls sideways when its rooms do not fit the screen; where they
    fit it has no scrolling of its own (``overflow: visible``), so the page scrolls as
    one and the room names stick to the top of the window.
    """
    lines = [
        "/* Generated from the conference data: grid placement of schedule entries. */",
        "@media (min-width: 48em) {",
    ]
    for count in sorted(grids):
        columns = f"{TIME_COLUMN}rem repeat({count}, minmax({ROOM_COLUMN:g}rem, 1fr))"
        lines.append(f".sg-cols-{count} {{ grid-template-columns: {columns}; }}")
    for start, end in sorted(rows):
        lines.append(f".sg-r{start}-{end} {{ grid-row: {start} / {end}; }}")
    for start, end in sorted(cols):
        lines.append(f".sg-c{start}-{end} {{ grid-column: {start} / {end}; }}")
    lines.append("}")
    for count in sorted(grids):
        lines.append(
            f"@media (min-width: {_fits_from(count):g}em) "
            f"{{ .sg-box-{count} {{ overflow: visible; }} }}"
        )
    return "\n".join(lines) + "\n"
