"""frab / pentabarf schedule XML, FOSDEM's flavour and old frab versions included.

Parsed with lxml with entity expansion and network access off (exports come from other
people's servers). Every element keeps its ``sourceline`` for the report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lxml import etree

from recapkit.importers.errors import SourceError
from recapkit.importers.events import ConferenceIn, EventIn, PersonIn, build
from recapkit.importers.report import Report
from recapkit.importers.schedule import Imported, ImportOptions
from recapkit.importers.times import parse_datetime, parse_minutes


def _text(node: Any, path: str) -> str | None:
    found = node.find(path)
    if found is None:
        return None
    text = "".join(found.itertext()).strip()
    return text or None


def _parse(data: bytes, name: str, report: Report) -> Any:
    strict = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(data, strict)
    except etree.XMLSyntaxError as exc:
        lenient = etree.XMLParser(
            resolve_entities=False, no_network=True, recover=True, huge_tree=True
        )
        root = etree.fromstring(data, lenient)
        if root is None:
            raise SourceError(f"{name}: not XML: {exc}") from exc
        report.add("fixed", f"{name}:{exc.lineno}", f"broken XML read leniently: {exc.msg}")
        return root


def _day_change(value: str | None) -> dt.time:
    minutes = parse_minutes(value) if value else None
    return dt.time(minutes // 60 % 24, minutes % 60) if minutes else dt.time(0, 0)


def _start(event: Any, day: Any, day_change: dt.time, where: str, report: Report):
    """``<date>`` when present; else the day's date and ``<start>`` (after day_change)."""
    when = parse_datetime(_text(event, "date"))
    if when is not None:
        return when
    start = _text(event, "start")
    day_date = day.get("date") if day is not None else None
    if not start or not day_date:
        return None
    minutes = parse_minutes(start)
    if minutes is None:
        return None
    date = dt.date.fromisoformat(day_date[:10])
    clock = dt.time(minutes // 60 % 24, minutes % 60)
    if clock < day_change:
        date += dt.timedelta(days=1)  # after midnight, still the same conference day
    report.add("fixed", where, "no <date>: built from the day's date and <start>", group="no-date")
    return dt.datetime.combine(date, clock)


def import_frab_xml(data: bytes, name: str, options: ImportOptions) -> Imported:
    report, prose = options.report, options.prose
    root = _parse(data, name, report)
    if root.tag != "schedule":
        raise SourceError(f"{name}: XML, but not a frab schedule (root <{root.tag}>)")
    conf_node = root.find("conference")
    at = lambda node: f"{name}:{node.sourceline}"  # noqa: E731
    conf = ConferenceIn(where=at(conf_node) if conf_node is not None else name)
    if conf_node is not None:
        conf.title = _text(conf_node, "title")
        conf.acronym = _text(conf_node, "acronym")
        conf.zone_name = _text(conf_node, "time_zone_name")
        start, end = (
            parse_datetime(_text(conf_node, "start")),
            parse_datetime(_text(conf_node, "end")),
        )
        conf.start = start.date() if start else None
        conf.end = end.date() if end else None
        conf.venue = _text(conf_node, "venue")
        conf.city = _text(conf_node, "city")
        conf.url = _text(conf_node, "base_url") or _text(conf_node, "url")
        day_change = _day_change(_text(conf_node, "day_change"))
        conf.day_change = day_change
    else:
        report.add("skipped", name, "no <conference> element: name and dates from the events")
        day_change = dt.time(0, 0)
    generator = root.find("generator")
    conf.generator = generator.get("name") if generator is not None else None
    for track in root.findall("tracks/track") + root.findall("conference/track"):
        conf.tracks.append((_text(track, ".") or "", track.get("slug"), track.get("color")))
    bios: dict[str, PersonIn] = {}
    for person in root.findall("persons/person"):
        pid = person.get("id") or person.get("guid")
        if pid:
            bios[pid] = PersonIn(
                pid,
                _text(person, "name") or _text(person, "public_name") or "",
                at(person),
                _text(person, "biography"),
            )
    events: list[EventIn] = []
    for day in root.iter("day"):
        conf.day_bounds.append((parse_datetime(day.get("start")), parse_datetime(day.get("end"))))
        for room in day.findall("room"):
            if room.get("name"):
                conf.rooms.append((room.get("name"), room.get("slug")))
    for event in root.iter("event"):
        where = at(event)
        day = next((a for a in event.iterancestors("day")), None)
        room_el = next((a for a in event.iterancestors("room")), None)
        track = event.find("track")
        persons = []
        for person in event.findall("persons/person"):
            pid = person.get("id") or person.get("guid") or (_text(person, ".") or "")
            known = bios.get(pid)
            persons.append(
                PersonIn(
                    pid,
                    _text(person, ".") or (known.name if known else ""),
                    at(person),
                    known.bio if known else None,
                )
            )
        links = [
            (_text(link, ".") or "", link.get("href") or "", "")
            for link in event.findall("links/link")
        ]
        links += [
            (_text(att, ".") or "", att.get("href") or "", att.get("type") or "")
            for att in event.findall("attachments/attachment")
        ]
        for path, title in (
            ("video_download_url", "Video"),
            ("recording/url", "Video"),
            ("recording/link", "Video"),
        ):
            if _text(event, path):
                links.insert(0, (title, _text(event, path) or "", "VIDEO"))
        events.append(
            EventIn(
                where=where,
                title=_text(event, "title"),
                start=_start(event, day, day_change, where, report),
                duration=parse_minutes(_text(event, "duration")),
                guid=event.get("guid"),
                ident=event.get("id"),
                slug=_text(event, "slug"),
                room=_text(event, "room") or (room_el.get("name") if room_el is not None else None),
                room_slug=room_el.get("slug")
                if room_el is not None and room_el.get("name") == _text(event, "room")
                else None,
                track=_text(event, "track"),
                track_slug=track.get("slug") if track is not None else None,
                type=_text(event, "type"),
                language=_text(event, "language"),
                abstract=_text(event, "abstract"),
                description=_text(event, "description"),
                persons=persons,
                links=links,
            )
        )
        if not _text(event, "title"):
            continue
        subtitle = _text(event, "subtitle")
        if subtitle and prose:
            events[-1].abstract = f"{subtitle}\n\n{events[-1].abstract or ''}"
    return build(conf, events, options)
