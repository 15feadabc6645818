"""pretalx API data: submissions (or talks) with slots, speakers, i18n dicts.

pretalx answers in several shapes: paginated ``{"results": [...]}`` lists, bare lists, or
a site's own dump that nests submissions under dates and minutes (PyCon FR). Rather than
one parser per shape, the document is walked and every object that looks like a
scheduled submission (``code``, ``title``, a ``slot`` or ``slots`` with a start) is
taken, with its JSON path for the report. Names may be i18n dicts (``{"en":, "fr":}``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from recapkit.importers.errors import SourceError
from recapkit.importers.events import ConferenceIn, EventIn, PersonIn, build
from recapkit.importers.formats.jsondata import name_of, parse_json
from recapkit.importers.schedule import Imported, ImportOptions
from recapkit.importers.times import parse_datetime

_SCHEDULED = {"confirmed", "accepted", None}


def _walk(node: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        slots = node.get("slots") if isinstance(node.get("slots"), list) else None
        if "code" in node and "title" in node and (isinstance(node.get("slot"), dict) or slots):
            yield path, node
            return
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")


def _speakers(doc: Any) -> dict[str, dict[str, Any]]:
    found = doc.get("speakers") if isinstance(doc, dict) else None
    if isinstance(found, dict) and isinstance(found.get("results"), list):
        found = found["results"]
    if isinstance(found, dict):
        return {str(k): v for k, v in found.items() if isinstance(v, dict)}
    if isinstance(found, list):
        return {str(p.get("code")): p for p in found if isinstance(p, dict) and p.get("code")}
    return {}


def _rooms(doc: Any) -> dict[str, str]:
    found = doc.get("rooms") if isinstance(doc, dict) else None
    if isinstance(found, dict) and isinstance(found.get("results"), list):
        found = found["results"]
    rooms: dict[str, str] = {}
    for room in found or []:
        if isinstance(room, dict) and name_of(room.get("name")):
            rooms[str(room.get("id", name_of(room["name"])))] = name_of(room["name"]) or ""
    return rooms


def _links(sub: dict[str, Any]) -> list[tuple[str, str, str]]:
    links = []
    for res in sub.get("resources") or []:
        if isinstance(res, dict) and res.get("resource"):
            label = str(res.get("description") or "")
            kind = "SLIDES" if "slide" in label.lower() else ""
            links.append((label, str(res["resource"]), kind))
    for key in ("recording_url", "video_url"):
        if isinstance(sub.get(key), str):
            links.insert(0, ("Video", sub[key], "VIDEO"))
    return links


def _extras(doc: Any, name: str) -> Iterator[EventIn]:
    """Site-specific breaks: ``extra: {date: {minute-of-day: {id, title}}}``."""
    extra = doc.get("extra") if isinstance(doc, dict) else None
    if not isinstance(extra, dict):
        return
    for date, slots in extra.items():
        for minute, item in (slots or {}).items():
            try:
                day = dt.date.fromisoformat(str(date))
                start = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=int(minute))
            except ValueError:
                continue
            if isinstance(item, dict):
                yield EventIn(
                    where=f"{name}: extra.{date}.{minute}",
                    title=name_of(item.get("title")),
                    start=start,
                    slug=item.get("id"),
                    type="break",
                )


def import_pretalx_api(data: bytes, name: str, options: ImportOptions) -> Imported:
    conference_slug, report = options.conference, options.report
    doc = parse_json(data, name)
    speakers = _speakers(doc)
    rooms = _rooms(doc)
    conf = ConferenceIn(where=name, title=conference_slug)
    if isinstance(doc, dict):
        event_info = doc.get("event") if isinstance(doc.get("event"), dict) else {}
        conf.title = name_of(event_info.get("name")) or conference_slug
        conf.zone_name = event_info.get("timezone")
        conf.url = event_info.get("url") if isinstance(event_info.get("url"), str) else None
    conf.rooms = [(room, None) for room in rooms.values()]
    events: list[EventIn] = []
    for path, sub in _walk(doc, ""):
        where = f"{name}: {path} ({sub.get('code')})"
        if sub.get("state") not in _SCHEDULED:
            report.add("skipped", where, f"state '{sub.get('state')}' is not scheduled")
            continue
        persons = []
        for person in sub.get("speakers") or []:
            code = str(person.get("code") if isinstance(person, dict) else person)
            info = {**speakers.get(code, {}), **(person if isinstance(person, dict) else {})}
            if not info.get("name"):
                report.add("guessed", where, f"speaker '{code}' has no name: code used")
            persons.append(
                PersonIn(code, str(info.get("name") or code), where, info.get("biography"))
            )
        slots = sub["slots"] if isinstance(sub.get("slots"), list) else [sub["slot"]]
        for slot in slots:
            room_id = slot.get("room_id", slot.get("room")) if isinstance(slot, dict) else None
            room = rooms.get(str(room_id)) or name_of(slot.get("room"))
            events.append(
                EventIn(
                    where=where,
                    title=name_of(sub.get("title")),
                    start=parse_datetime(slot.get("start")),
                    end=parse_datetime(slot.get("end")),
                    duration=sub.get("duration") if isinstance(sub.get("duration"), int) else None,
                    ident=str(sub.get("code")),
                    slug=sub.get("code"),
                    room=room,
                    track=name_of(sub.get("track")),
                    type=name_of(sub.get("submission_type")),
                    language=sub.get("content_locale") or sub.get("language"),
                    abstract=sub.get("abstract"),
                    description=sub.get("description"),
                    persons=persons,
                    links=_links(sub),
                )
            )
    events.extend(_extras(doc, name))
    if not events:
        raise SourceError(f"{name}: JSON, but no scheduled submissions found")
    return build(conf, events, options)
