"""The frab/pentabarf schedule that conference apps read, as XML and as C3VOC JSON.

Both follow the schemas in use by schedule apps (schedule.xml.xsd and schema.json):
rooms inside days, events inside rooms, each event with a guid, an integer id,
local start, ``HH:MM`` duration and the full date with its UTC offset.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

from lxml import etree

from recapkit.conference.exports import GENERATOR, absolute, person_guid, room_guid, session_guid
from recapkit.conference.views import ConferenceView, DayView, SessionView

#: Room names for sessions without a room: plenary ones, and the rest.
ALL_ROOMS = "All rooms"
NO_ROOM = "Room not given"


def _version(view: ConferenceView) -> str:
    """Changes whenever the schedule does, so apps know to refresh."""
    digest = hashlib.sha256()
    for s in view.sessions:
        digest.update(s.session.model_dump_json().encode())
    return digest.hexdigest()[:12]


def _duration(session: SessionView) -> str:
    minutes = int((session.end - session.start).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _event_slug(view: ConferenceView, session: SessionView) -> str:
    return f"{view.conference.frab_acronym}-{session.slug}"


def _xml_slug_ok(view: ConferenceView, session: SessionView) -> bool:
    """The XSD wants four characters on each side of the first hyphen."""
    return len(view.conference.frab_acronym) >= 4 and len(session.slug) >= 4


def _rooms_of_day(day: DayView) -> list[tuple[str, str, list[SessionView]]]:
    """(name, key, sessions) in column order; sessions without a room come last, under
    "All rooms" (breaks, keynotes) or "Room not given" (anything else)."""
    columns: dict[str, tuple[str, str, list[SessionView]]] = {}
    for room, _label, _place in day.rooms:
        if room is not None:
            columns[room.slug] = (room.name, room.slug, [])
    everywhere: list[SessionView] = []
    unknown: list[SessionView] = []
    for s in day.sessions:
        if s.room is not None:
            columns.setdefault(s.room.slug, (s.room.name, s.room.slug, []))[2].append(s)
        elif s.session.spans_all_rooms:
            everywhere.append(s)
        else:
            unknown.append(s)
    result = [c for c in columns.values() if c[2]]
    if everywhere:
        result.append((ALL_ROOMS, "all-rooms", everywhere))
    if unknown:
        result.append((NO_ROOM, "room-not-given", unknown))
    return result


def _numbered(view: ConferenceView) -> dict[str, int]:
    return {s.slug: i + 1 for i, s in enumerate(view.sessions)}


def _day_bounds(view: ConferenceView, day: DayView) -> tuple[str, str]:
    if day.sessions:
        start = min(s.start for s in day.sessions)
        end = max(s.end for s in day.sessions)
    else:
        import datetime as dt

        start = dt.datetime.combine(day.date, dt.time(), tzinfo=view.conference.tz)
        end = dt.datetime.combine(day.date, dt.time(23, 59), tzinfo=view.conference.tz)
    return start.isoformat(), end.isoformat()


def _links(session: SessionView) -> Iterator[tuple[str, str, str]]:
    """(url, title, frab type) for slides, the recording and other links."""
    if session.slides:
        yield session.slides, "Slides", "slides"
    if session.video:
        yield session.video.url, f"Recording on {session.video.provider}", "media"
    for link in session.links:
        yield link.url, link.title, "related"


def schedule_xml(view: ConferenceView, base_url: str = "") -> bytes:
    conf = view.conference
    numbers = _numbered(view)
    root = etree.Element("schedule")
    etree.SubElement(root, "generator", name=GENERATOR)
    if url := absolute(base_url, view.xml_url):
        etree.SubElement(root, "url").text = url
    etree.SubElement(root, "version").text = _version(view)
    c = etree.SubElement(root, "conference")
    etree.SubElement(c, "title").text = conf.name
    etree.SubElement(c, "acronym").text = conf.frab_acronym
    etree.SubElement(c, "start").text = conf.start.isoformat()
    etree.SubElement(c, "end").text = conf.end.isoformat()
    etree.SubElement(c, "days").text = str(len(view.days))
    etree.SubElement(c, "timeslot_duration").text = "00:05"
    if base := absolute(base_url, view.url):
        etree.SubElement(c, "base_url").text = base
    if conf.url:
        etree.SubElement(c, "url").text = conf.url
    etree.SubElement(c, "time_zone_name").text = conf.timezone
    for track in conf.tracks:
        attrs = {"name": track.name}
        if track.color:
            attrs["color"] = track.color.lower()
        if len(track.slug) >= 2 and track.slug[0].isalpha() and "_" not in track.slug:
            attrs["slug"] = track.slug
        etree.SubElement(c, "track", attrs).text = track.name
    for index, day in enumerate(view.days, start=1):
        start, end = _day_bounds(view, day)
        d = etree.SubElement(
            root, "day", date=day.date.isoformat(), start=start, end=end, index=str(index)
        )
        for name, key, sessions in _rooms_of_day(day):
            r = etree.SubElement(d, "room", name=name, guid=room_guid(view, key))
            for s in sessions:
                e = etree.SubElement(
                    r, "event", guid=session_guid(view, s), id=str(numbers[s.slug])
                )
                etree.SubElement(e, "room").text = name
                etree.SubElement(e, "title").text = s.title
                etree.SubElement(e, "subtitle").text = ""
                etree.SubElement(e, "type").text = s.kind
                etree.SubElement(e, "date").text = s.start.isoformat()
                etree.SubElement(e, "start").text = f"{s.start:%H:%M}"
                etree.SubElement(e, "duration").text = _duration(s)
                etree.SubElement(e, "abstract").text = s.abstract_text
                if _xml_slug_ok(view, s):
                    etree.SubElement(e, "slug").text = _event_slug(view, s)
                etree.SubElement(e, "track").text = s.track.name if s.track else ""
                persons = etree.SubElement(e, "persons")
                for ref, slug in zip(s.speakers, s.speaker_slugs, strict=True):
                    etree.SubElement(
                        persons, "person", guid=person_guid(view, slug)
                    ).text = ref.title
                etree.SubElement(e, "language").text = s.session.language or ""
                if s.video and s.video.url.startswith(("http://", "https://")):
                    rec = etree.SubElement(e, "recording")
                    etree.SubElement(rec, "license").text = ""
                    etree.SubElement(rec, "optout").text = "false"
                    etree.SubElement(rec, "link").text = s.video.url
                links = etree.SubElement(e, "links")
                for href, title, kind in _links(s):
                    etree.SubElement(links, "link", href=href, type=kind).text = title
                if page := absolute(base_url, s.url):
                    etree.SubElement(e, "url").text = page
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def schedule_json(view: ConferenceView, base_url: str = "") -> bytes:
    conf = view.conference
    numbers = _numbered(view)
    days = []
    rooms: dict[str, dict[str, str]] = {}
    for index, day in enumerate(view.days, start=1):
        start, end = _day_bounds(view, day)
        by_room: dict[str, list[dict[str, object]]] = {}
        for name, key, sessions in _rooms_of_day(day):
            rooms.setdefault(key, {"name": name, "guid": room_guid(view, key)})
            by_room[name] = [
                _json_event(view, s, name, numbers[s.slug], base_url) for s in sessions
            ]
        days.append(
            {
                "index": index,
                "date": day.date.isoformat(),
                "day_start": start,
                "day_end": end,
                "rooms": by_room,
            }
        )
    conference: dict[str, object] = {
        "acronym": conf.frab_acronym,
        "title": conf.name,
        "start": conf.start.isoformat(),
        "end": conf.end.isoformat(),
        "daysCount": len(view.days),
        "timeslot_duration": "00:05",
        "time_zone_name": conf.timezone,
    }
    if conf.url:
        conference["url"] = conf.url
    conference["tracks"] = [
        {"name": t.name, "slug": t.slug, **({"color": t.color.lower()} if t.color else {})}
        for t in conf.tracks
    ]
    conference["rooms"] = [rooms[k] for k in rooms]
    conference["days"] = days
    schedule: dict[str, object] = {"version": _version(view)}
    if base := absolute(base_url, view.url):
        schedule["base_url"] = base
    schedule["conference"] = conference
    document = {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": GENERATOR},
        "schedule": schedule,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


def _json_event(
    view: ConferenceView, s: SessionView, room: str, number: int, base_url: str
) -> dict[str, object]:
    return {
        "guid": session_guid(view, s),
        "id": number,
        "date": s.start.isoformat(),
        "start": f"{s.start:%H:%M}",
        "end": s.end.isoformat(),
        "duration": _duration(s),
        "room": room,
        "slug": _event_slug(view, s),
        "url": absolute(base_url, s.url) or (s.url or view.schedule_url),
        "title": s.title,
        "subtitle": "",
        "track": s.track.name if s.track else None,
        "type": s.kind,
        "language": s.session.language,
        "abstract": s.abstract_text or None,
        "description": None,
        "persons": [
            {"name": ref.title, "guid": person_guid(view, slug)}
            for ref, slug in zip(s.speakers, s.speaker_slugs, strict=True)
        ],
        "links": [{"url": href, "title": title, "type": kind} for href, title, kind in _links(s)],
    }
