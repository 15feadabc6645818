"""frab-compatible schedule JSON (``schedule.json`` from frab, pretalx, the C3VOC hub).

Two shapes share the ``{"schedule": ...}`` envelope: version 1 nests events under
``conference.days[].rooms{name: [events]}`` with ``date``/``duration``; the newer
"schedule2" lists ``events`` with ``start``/``end``, room objects and ``participants``.
JSON has no line numbers; the report names the event by its path in the document.
"""

from __future__ import annotations

from typing import Any

from recapkit.importers.errors import SourceError
from recapkit.importers.events import ConferenceIn, EventIn, PersonIn, build
from recapkit.importers.formats.jsondata import name_of, parse_json
from recapkit.importers.report import Report
from recapkit.importers.schedule import Imported, ImportOptions
from recapkit.importers.times import parse_datetime, parse_minutes


def _slug(value: Any) -> str | None:
    return value.get("slug") if isinstance(value, dict) else None


def _date(value: Any):
    when = parse_datetime(value)
    return when.date() if when else None


def _persons(items: Any, where: str, bios: dict[str, PersonIn]) -> list[PersonIn]:
    persons = []
    for item in items or []:
        if isinstance(item, str):
            persons.append(PersonIn(item, item, where))
            continue
        if not isinstance(item, dict):
            continue
        if item.get("role") and str(item["role"]).upper() not in {
            "SPEAKER",
            "MODERATOR",
            "HOST",
            "SUBMITTER",
        }:
            continue
        key = str(
            item.get("guid")
            or item.get("code")
            or item.get("id")
            or item.get("public_name")
            or item.get("name")
            or ""
        )
        known = bios.get(key)
        name = item.get("public_name") or item.get("name") or (known.name if known else "")
        persons.append(
            PersonIn(
                key,
                str(name),
                where,
                item.get("biography") or (known.bio if known else None),
                known.links if known else [],
            )
        )
    return persons


def _links(event: dict[str, Any]) -> list[tuple[str, str, str]]:
    links = []
    for key in ("links", "attachments"):
        for link in event.get(key) or []:
            if isinstance(link, dict):
                kind = str(link.get("type") or "")
                if kind.upper() in {"ORIGIN", "FEEDBACK"}:
                    continue  # the source's own pages, not the talk's material
                links.append((str(link.get("title") or ""), str(link.get("url") or ""), kind))
            elif isinstance(link, str):
                links.append(("", link, ""))
    for key in ("video_download_url", "video"):
        if isinstance(event.get(key), str):
            links.insert(0, ("Video", event[key], "VIDEO"))
    return links


def _event(
    event: dict[str, Any],
    where: str,
    room: str | None,
    room_slug: str | None,
    bios: dict[str, PersonIn],
    report: Report,
) -> EventIn:
    start = parse_datetime(event.get("date")) or parse_datetime(event.get("start"))
    if event.get("date") is None and start is not None and "T" not in str(event.get("start")):
        start = None  # "start": "11:30" alone is a clock time, not a date
    track = event.get("track")
    return EventIn(
        where=where,
        title=event.get("title"),
        start=start,
        end=parse_datetime(event.get("end")),
        duration=parse_minutes(event.get("duration")),
        guid=event.get("guid"),
        ident=str(event.get("id") or event.get("code") or "") or None,
        slug=event.get("slug"),
        room=name_of(event.get("room")) or room,
        room_slug=_slug(event.get("room")) or room_slug,
        track=name_of(track) if not isinstance(track, dict) or "name" in track else None,
        track_slug=_slug(track),
        type=name_of(event.get("type")),
        language=event.get("language"),
        abstract=event.get("abstract"),
        description=event.get("description"),
        persons=_persons(event.get("persons") or event.get("participants"), where, bios),
        links=_links(event),
    )


def import_frab_json(data: bytes, name: str, options: ImportOptions) -> Imported:
    report = options.report
    doc = parse_json(data, name)
    schedule = doc.get("schedule") if isinstance(doc, dict) else None
    if not isinstance(schedule, dict) or not isinstance(schedule.get("conference"), dict):
        raise SourceError(f"{name}: no schedule.conference object (not a frab schedule.json)")
    c = schedule["conference"]
    conf = ConferenceIn(
        where=f"{name}: schedule.conference",
        title=c.get("title"),
        acronym=c.get("acronym"),
        zone_name=c.get("time_zone_name"),
        start=_date(c.get("start")),
        end=_date(c.get("end")),
        url=c.get("url") or schedule.get("base_url"),
    )
    generator = doc.get("generator") or schedule.get("generator")
    conf.generator = generator.get("name") if isinstance(generator, dict) else None
    for room in c.get("rooms") or []:
        if name_of(room):
            conf.rooms.append((name_of(room) or "", _slug(room)))
    for track in c.get("tracks") or []:
        colour = track.get("color") if isinstance(track, dict) else None
        conf.tracks.append(
            (name_of(track) or "", _slug(track), colour if isinstance(colour, str) else None)
        )
    bios: dict[str, PersonIn] = {}
    for person in schedule.get("persons") or c.get("persons") or []:
        key = str(person.get("guid") or person.get("code") or person.get("id") or "")
        if key:
            bios[key] = PersonIn(
                key,
                str(person.get("public_name") or person.get("name") or ""),
                f"{name}: persons",
                person.get("biography"),
                [
                    (
                        str(link.get("service") or link.get("title") or "Link"),
                        str(link.get("url") or ""),
                    )
                    for link in person.get("links") or []
                    if isinstance(link, dict)
                ],
            )
    track_names = {(_slug(t) or ""): name_of(t) for t in c.get("tracks") or []}
    events: list[EventIn] = []
    for day in c.get("days") or []:
        # Version 1 writes day_start/day_end, "schedule2" start/end.
        conf.day_bounds.append(
            (
                parse_datetime(day.get("day_start") or day.get("start")),
                parse_datetime(day.get("day_end") or day.get("end")),
            )
        )
    for d, day in enumerate(c.get("days") or []):
        for room_name, items in (day.get("rooms") or {}).items():
            if room_name not in {r[0] for r in conf.rooms}:
                conf.rooms.append((room_name, None))
            for i, event in enumerate(items or []):
                where = f"{name}: days[{d}].rooms[{room_name!r}][{i}]"
                events.append(_event(event, where, room_name, None, bios, report))
    for i, event in enumerate(schedule.get("events") or []):
        where = f"{name}: events[{i}] ({event.get('code') or event.get('guid')})"
        item = _event(event, where, None, None, bios, report)
        if item.track is None and item.track_slug:
            item.track = track_names.get(item.track_slug) or item.track_slug
        events.append(item)
    if not events:
        report.add("skipped", name, "the schedule lists no events")
    return build(conf, events, options)
