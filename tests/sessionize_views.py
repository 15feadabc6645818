"""Sessionize test data made from the real "All" export (this module holds no tests).

The real file (Global Azure Austria 2024, MIT) has no categories, no service or plenum
session and nothing unscheduled, all of which real exports often carry; :func:`enriched`
adds them, as Sessionize would write them. :func:`gridsmart` and :func:`sessions_view`
regroup the same data into the API's other two schedule views, so the three imports can
be compared with each other and with counts taken from the JSON here.
"""

from __future__ import annotations

import copy
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests.support import shared_data

REAL = ("schedules", "sessionize-global-azure-austria-2024.json")
CATEGORIES = [
    {
        "id": 1,
        "title": "Track",
        "items": [{"id": 11, "name": "AI", "sort": 1}, {"id": 12, "name": "Cloud", "sort": 2}],
        "sort": 1,
        "type": "session",
    },
    {
        "id": 2,
        "title": "Level",
        "items": [{"id": 21, "name": "Introductory", "sort": 1}, {"id": 22, "name": "Advanced"}],
        "sort": 2,
        "type": "session",
    },
    {
        "id": 3,
        "title": "Session format",
        "items": [{"id": 31, "name": "Session"}, {"id": 32, "name": "Workshop"}],
        "sort": 3,
        "type": "session",
    },
]
LUNCH_ID = "lunch-1"
UNSCHEDULED_ID = "777001"
PLENUM_TITLE_START = "Keynote: Total rational"


def real() -> dict[str, Any]:
    return json.loads(shared_data(*REAL).read_text(encoding="utf-8"))


def enriched() -> dict[str, Any]:
    """The real export plus categories, a lunch break, a plenum keynote, a recording
    and an unscheduled session (with our own titles: no prose of the source copied)."""
    doc = copy.deepcopy(real())
    doc["categories"] = CATEGORIES
    for i, session in enumerate(doc["sessions"]):
        session["categoryItems"] = [11 if i % 2 else 12, 21 if i % 3 else 22, 31]
        if session["title"].startswith(PLENUM_TITLE_START):
            session["isPlenumSession"] = True
    doc["sessions"][1]["recordingUrl"] = "https://www.youtube.com/watch?v=abcdefghijk"
    doc["sessions"][2]["categoryItems"][-1] = 32
    doc["sessions"].append(
        {
            "id": LUNCH_ID,
            "title": "Lunch",
            "description": None,
            "startsAt": "2024-04-20T12:30:00",
            "endsAt": "2024-04-20T13:30:00",
            "isServiceSession": True,
            "isPlenumSession": True,
            "speakers": [],
            "categoryItems": [],
            "questionAnswers": [],
            "roomId": None,
            "liveUrl": None,
            "recordingUrl": None,
            "status": None,
        }
    )
    doc["sessions"].append(
        {
            "id": UNSCHEDULED_ID,
            "title": "A reserve talk on Bicep modules",
            "description": "Held back in case a speaker cannot come.",
            "startsAt": None,
            "endsAt": None,
            "isServiceSession": False,
            "isPlenumSession": False,
            "speakers": [doc["speakers"][0]["id"]],
            "categoryItems": [12],
            "questionAnswers": [],
            "roomId": None,
            "liveUrl": None,
            "recordingUrl": None,
            "status": "Accepted",
        }
    )
    return doc


def _inline(session: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """A session as the Sessions and GridSmart views write it: names, not ids."""
    names = {p["id"]: p["fullName"] for p in doc["speakers"]}
    rooms = {r["id"]: r["name"] for r in doc["rooms"]}
    items = {
        item["id"]: (category, item)
        for category in doc.get("categories") or []
        for item in category["items"]
    }
    categories: dict[int, dict[str, Any]] = {}
    for item_id in session.get("categoryItems") or []:
        category, item = items[item_id]
        entry = categories.setdefault(
            category["id"],
            {"id": category["id"], "name": category["title"], "categoryItems": [], "sort": 0},
        )
        entry["categoryItems"].append({"id": item["id"], "name": item["name"]})
    inline = {k: v for k, v in session.items() if k not in {"categoryItems", "questionAnswers"}}
    inline["speakers"] = [{"id": s, "name": names[s]} for s in session["speakers"]]
    inline["categories"] = list(categories.values())
    inline["room"] = rooms.get(session["roomId"])
    return inline


def gridsmart(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Days, each with rooms (a plenum session listed in every room) and time slots."""
    by_day: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for session in doc["sessions"]:
        if session["startsAt"]:
            by_day[session["startsAt"][:10]].append(session)
    days = []
    for date, sessions in sorted(by_day.items()):
        rooms = []
        for room in doc["rooms"]:
            mine = [
                _inline(s, doc)
                for s in sessions
                if s["roomId"] == room["id"] or s.get("isPlenumSession")
            ]
            only_plenum = all(s.get("isPlenumSession") for s in mine)
            rooms.append(
                {
                    "id": room["id"],
                    "name": room["name"],
                    "sessions": mine,
                    "hasOnlyPlenumSessions": only_plenum,
                }
            )
        slots = []
        for start in sorted({s["startsAt"][11:] for s in sessions}):
            slot_rooms = [
                {"id": room["id"], "name": room["name"], "session": s, "index": i}
                for i, room in enumerate(rooms)
                for s in room["sessions"]
                if s["startsAt"][11:] == start
            ]
            slots.append({"slotStart": start, "rooms": slot_rooms})
        day = {"date": f"{date}T00:00:00", "isDefault": False, "rooms": rooms}
        days.append({**day, "timeSlots": slots})
    return days


def sessions_view(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Sessions grouped by room (unscheduled and roomless ones in a group of their own)."""
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for session in doc["sessions"]:
        groups[session["roomId"]].append(_inline(session, doc))
    names = {r["id"]: r["name"] for r in doc["rooms"]}
    return [
        {"groupId": key, "groupName": names.get(key, "Other"), "sessions": items}
        for key, items in groups.items()
    ]


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
