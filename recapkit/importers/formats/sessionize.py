"""Sessionize's API views: "All", "Sessions" and "GridSmart", read into one shape.

"All" (``/api/v2/{id}/view/All``) is normalised: sessions name their speakers, room and
category items by id, and the speakers, rooms, categories and questions are listed
beside them. "Sessions" (sessions grouped by day or room) and "GridSmart" (days, then
rooms, then sessions, each session repeated in every room a plenum session fills) carry
the names inline and no bios. All three become :class:`_Session` records here, and the
shared :func:`~recapkit.importers.events.build` does the rest.

Sessionize prints wall-clock times without an offset, so the conference's zone must come
from the author (``--timezone``, or a ``timezone`` already in conference.yaml).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from recapkit.conference.models import SessionKind
from recapkit.importers.errors import SourceError
from recapkit.importers.events import ConferenceIn, EventIn, PersonIn, build
from recapkit.importers.formats.jsondata import parse_json
from recapkit.importers.kinds import kind_from_title
from recapkit.importers.report import Report
from recapkit.importers.schedule import Imported, ImportOptions
from recapkit.importers.times import parse_datetime

#: Category titles (lower-case words) and the session field their items fill.
_CATEGORY_FIELDS = (
    (re.compile(r"\btracks?\b|\btopics?\b|\bthemes?\b"), "track"),
    (re.compile(r"\blevels?\b|\bdifficulty\b|\baudience\b"), "level"),
    (re.compile(r"\bformats?\b|\btypes?\b|\blength\b|\bduration\b"), "format"),
    (re.compile(r"\blanguages?\b"), "language"),
)
_VIDEO_QUESTION = re.compile(r"video|recording|youtube|vimeo", re.I)
_SLIDES_QUESTION = re.compile(r"slides?\b|deck", re.I)
#: Kinds a service session may keep when its title says so; anything else is a break.
_SERVICE_KINDS = {SessionKind.BREAK, SessionKind.OTHER, SessionKind.SOCIAL}
#: Statuses of sessions that are on the programme (the All view lists only those by
#: default; an export with "Include declined" would list the others too).
_ON_PROGRAMME = {None, "accepted", "confirmed", "nominated"}


@dataclass
class _Session:
    """One session as any of the three views describes it."""

    where: str
    data: dict[str, Any]
    speaker_ids: list[str] = field(default_factory=list)
    speaker_names: dict[str, str] = field(default_factory=dict)
    room: str | None = None
    categories: list[tuple[str, str]] = field(default_factory=list)  # category, item
    answers: list[tuple[str, str]] = field(default_factory=list)  # question, answer


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, str | int) and str(value).strip() else None


def is_sessionize(doc: Any) -> bool:
    """Whether a decoded JSON document is one of Sessionize's schedule views."""
    return _view(doc) is not None


def is_sessionize_speakers(doc: Any) -> bool:
    """The "Speakers" view: people and their session titles, but no times or rooms."""
    return (
        isinstance(doc, list)
        and bool(doc)
        and all(isinstance(p, dict) and "fullName" in p and "sessions" in p for p in doc)
    )


def _view(doc: Any) -> str | None:
    if isinstance(doc, dict):
        sessions = doc.get("sessions")
        if (
            isinstance(sessions, list)
            and isinstance(doc.get("speakers"), list)
            and isinstance(doc.get("rooms"), list)
            and all(isinstance(s, dict) and "startsAt" in s for s in sessions)
        ):
            return "all"
        return None
    if not isinstance(doc, list) or not doc or not all(isinstance(g, dict) for g in doc):
        return None
    if all("timeSlots" in g and "rooms" in g for g in doc):
        return "gridsmart"
    if all("groupName" in g and isinstance(g.get("sessions"), list) for g in doc):
        return "sessions"
    return None


def _from_all(doc: dict[str, Any], name: str, report: Report) -> tuple[list[_Session], Any]:
    rooms = {str(r.get("id")): _text(r.get("name")) for r in doc["rooms"] if isinstance(r, dict)}
    items: dict[str, tuple[str, str]] = {}
    for category in doc.get("categories") or []:
        if not isinstance(category, dict):
            continue
        for item in category.get("items") or []:
            if isinstance(item, dict) and _text(item.get("name")):
                items[str(item.get("id"))] = (
                    str(category.get("title") or ""),
                    str(item["name"]),
                )
    questions = {
        str(q.get("id")): str(q.get("question") or "")
        for q in doc.get("questions") or []
        if isinstance(q, dict)
    }
    found = []
    for i, data in enumerate(doc["sessions"]):
        where = f"{name}: sessions[{i}] ({data.get('id')})"
        room_id = data.get("roomId")
        if room_id is not None and str(room_id) not in rooms:
            report.add("skipped", where, f"room id {room_id} is not in rooms: no room")
        found.append(
            _Session(
                where,
                data,
                speaker_ids=[str(s) for s in data.get("speakers") or [] if _text(s)],
                room=rooms.get(str(room_id)),
                categories=[
                    items[str(c)] for c in data.get("categoryItems") or [] if str(c) in items
                ],
                answers=[
                    (questions.get(str(a.get("questionId")), ""), str(a.get("answerValue") or ""))
                    for a in data.get("questionAnswers") or []
                    if isinstance(a, dict)
                ],
            )
        )
    return found, [r for r in doc["rooms"] if isinstance(r, dict)]


def _inline(data: dict[str, Any], where: str) -> _Session:
    """A session of the Sessions or GridSmart view: names inline."""
    speakers = [p for p in data.get("speakers") or [] if isinstance(p, dict) and p.get("id")]
    return _Session(
        where,
        data,
        speaker_ids=[str(p["id"]) for p in speakers],
        speaker_names={str(p["id"]): str(p.get("name") or "") for p in speakers},
        room=_text(data.get("room")),
        categories=[
            (str(c.get("name") or ""), str(item.get("name")))
            for c in data.get("categories") or []
            if isinstance(c, dict)
            for item in c.get("categoryItems") or []
            if isinstance(item, dict) and _text(item.get("name"))
        ],
    )


def _grouped(doc: list[dict[str, Any]], view: str, name: str) -> Iterator[_Session]:
    """Every session of a grouped view, each once (GridSmart repeats plenum sessions)."""
    seen: set[str] = set()

    def once(data: Any, where: str) -> Iterator[_Session]:
        if isinstance(data, dict) and str(data.get("id")) not in seen:
            seen.add(str(data.get("id")))
            yield _inline(data, f"{name}: {where} ({data.get('id')})")

    for g, group in enumerate(doc):
        if view == "sessions":
            for i, data in enumerate(group["sessions"]):
                yield from once(data, f"[{g}].sessions[{i}]")
            continue
        for r, room in enumerate(group.get("rooms") or []):
            for i, data in enumerate(room.get("sessions") or [] if isinstance(room, dict) else []):
                yield from once(data, f"[{g}].rooms[{r}].sessions[{i}]")
        for t, slot in enumerate(group.get("timeSlots") or []):
            for r, room in enumerate(slot.get("rooms") or [] if isinstance(slot, dict) else []):
                if isinstance(room, dict):
                    yield from once(room.get("session"), f"[{g}].timeSlots[{t}].rooms[{r}]")


def _rooms_of_grid(doc: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rooms: dict[str, dict[str, Any]] = {}
    for group in doc:
        for room in group.get("rooms") or []:
            if isinstance(room, dict) and _text(room.get("name")):
                rooms.setdefault(str(room.get("id")), room)
    return list(rooms.values())


def _person(data: dict[str, Any], where: str) -> PersonIn:
    name = _text(data.get("fullName")) or " ".join(
        str(data.get(k) or "") for k in ("firstName", "lastName")
    )
    links = [
        (str(link.get("title") or link.get("linkType") or "Link"), str(link.get("url") or ""))
        for link in data.get("links") or []
        if isinstance(link, dict)
    ]
    return PersonIn(
        str(data.get("id")),
        name.strip(),
        where,
        bio=_text(data.get("bio")),
        links=links,
        affiliation=_text(data.get("tagLine")),
        photo_url=_text(data.get("profilePicture")),
    )


def _kind(session: _Session, title: str) -> SessionKind | None:
    """A service session is housekeeping: a break unless its title names another kind."""
    if not session.data.get("isServiceSession"):
        return None
    by_title = kind_from_title(title)
    return by_title if by_title in _SERVICE_KINDS else SessionKind.BREAK


def _fields(session: _Session, event: EventIn, report: Report) -> None:
    """Category items and question answers into track, level, format and links."""
    for category, item in session.categories:
        target = next(
            (f for pattern, f in _CATEGORY_FIELDS if pattern.search(category.lower())), None
        )
        if target is None:
            report.add(
                "skipped",
                session.where,
                f"category '{category}' is not a track, level, format or language",
                group=f"category {category}",
            )
        elif target == "format":
            event.type = event.type or item
        elif getattr(event, target) is None:
            setattr(event, target, item)
    for question, answer in session.answers:
        if not answer.startswith(("http://", "https://")):
            continue  # free-text answers are the organisers' own notes
        if _VIDEO_QUESTION.search(question):
            event.links.insert(0, (question, answer, "VIDEO"))
        elif _SLIDES_QUESTION.search(question):
            event.links.append((question, answer, "SLIDES"))
        else:
            event.links.append((question, answer, ""))


def _event(session: _Session, persons: dict[str, PersonIn], report: Report) -> EventIn | None:
    data = session.data
    status = str(data.get("status")).lower() if data.get("status") else None
    if status not in _ON_PROGRAMME:
        message = f"status '{data.get('status')}' is not on the programme"
        report.add("skipped", session.where, message)
        return None
    start = parse_datetime(data.get("startsAt"))
    people = []
    for key in session.speaker_ids:
        person = persons.get(key)
        if person is None:
            person = PersonIn(key, session.speaker_names.get(key) or key, session.where)
            persons[key] = person
        people.append(person)
    event = EventIn(
        where=session.where,
        title=data.get("title"),
        start=start,
        end=parse_datetime(data.get("endsAt")),
        # Sessionize ids are numbers: a UUID made from one stays the same on re-import.
        guid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://sessionize.com/s/{data.get('id')}")),
        ident=f"sessionize/{data.get('id')}",
        room=session.room,
        abstract=data.get("description"),
        persons=people,
        all_rooms=bool(data.get("isPlenumSession")),
        unscheduled=start is None and data.get("startsAt") is None,
    )
    _fields(session, event, report)
    event.kind = _kind(session, str(data.get("title") or ""))
    if _text(data.get("recordingUrl")):
        event.links.insert(0, ("Recording", str(data["recordingUrl"]), "VIDEO"))
    return event


def import_sessionize(data: bytes, name: str, options: ImportOptions) -> Imported:
    report = options.report
    doc = parse_json(data, name)
    view = _view(doc)
    if view is None:
        if is_sessionize_speakers(doc):
            raise SourceError(
                f"{name}: Sessionize's Speakers view has no times or rooms: "
                "import the All, Sessions or GridSmart view"
            )
        raise SourceError(f"{name}: JSON, but not a Sessionize All, Sessions or GridSmart view")
    if not options.zone:
        raise SourceError(
            f"{name}: Sessionize times have no time zone: give the venue's with "
            "--timezone (an IANA name such as Europe/Vienna)"
        )
    persons: dict[str, PersonIn] = {}
    if view == "all":
        sessions, rooms = _from_all(doc, name, report)
        for i, person in enumerate(doc["speakers"]):
            if isinstance(person, dict) and person.get("id"):
                persons[str(person["id"])] = _person(person, f"{name}: speakers[{i}]")
    else:
        sessions = list(_grouped(doc, view, name))
        rooms = _rooms_of_grid(doc) if view == "gridsmart" else []
    conf = ConferenceIn(where=name, title=options.conference)
    report.add(
        "guessed",
        name,
        f"Sessionize exports have no conference name: '{options.conference}' "
        "(change it in conference.yaml)",
    )
    ordered = sorted(rooms, key=lambda r: r.get("sort") if isinstance(r.get("sort"), int) else 0)
    conf.rooms = [(str(r["name"]), None) for r in ordered if _text(r.get("name"))]
    events = [e for s in sessions if (e := _event(s, persons, report)) is not None]
    if not events:
        raise SourceError(f"{name}: a Sessionize view without sessions")
    return build(conf, events, options)
