"""Merging an import into the conference's YAML files without losing the author's work.

The source owns the facts it states (times, rooms, titles, speakers, recordings); the
author owns everything the source does not state (notes, own abstracts and bios, photos,
extra links) and the conference description (venue, days, room names). ruamel's
round-trip nodes are updated in place, so comments and key order survive.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from recapkit.conference.models import Conference, Session, Speaker
from recapkit.core.contained import is_inside, outside_problem, require_inside
from recapkit.core.problems import ContentError, display_path
from recapkit.core.slugs import slugify
from recapkit.core.yamlsource import dump_yaml, load_yaml_roundtrip
from recapkit.importers.report import Report
from recapkit.importers.schedule import Imported
from recapkit.importers.times import parse_datetime

SESSION_FACTS = (
    "title",
    "kind",
    "speakers",
    "start",
    "end",
    "duration",
    "room",
    "track",
    "level",
    "language",
    "video",
    "slides",
    "guid",
)
SPEAKER_FACTS = ("name", "affiliation")
PROSE = {"abstract", "bio", "notes"}
_TIME_KEYS = {"start", "end"}


def _field_order(model: type) -> list[str]:
    return list(model.model_fields)


def _same(key: str, old: Any, new: Any) -> bool:
    if key in _TIME_KEYS:
        return parse_datetime(old) == parse_datetime(new)
    if key == "video" and old and new:
        from recapkit.conference.video import video_for

        return video_for(str(old)) == video_for(str(new))  # youtu.be/x is watch?v=x
    if isinstance(old, list) and isinstance(new, list):
        return [str(v) for v in old] == [str(v) for v in new]
    return str(old) == str(new)


def _set(node: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set ``key``, inserting a new key where the model's field order puts it."""
    if key in node:
        node[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = sum(1 for k in node if (order.index(k) if k in order else len(order)) <= rank)
    node.insert(position, key, value)


#: Written in quotes: YAML 1.1 tools read a bare 04:00 as a number (240).
_QUOTED = {"day_change"}


def _rt(value: Any) -> Any:
    if isinstance(value, dict):
        node = CommentedMap()
        for k, v in value.items():
            if v is not None:
                node[k] = DoubleQuotedScalarString(v) if k in _QUOTED else _rt(v)
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_rt(v) for v in value)
        if value and all(isinstance(v, str) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _merge_links(node: CommentedMap, links: list[dict[str, str]], order: list[str]) -> list[str]:
    existing = node.get("links") or CommentedSeq()
    if isinstance(existing, dict):
        return []  # author's {title: url} mapping: left alone
    urls = {str(item.get("url")) for item in existing if isinstance(item, dict)}
    added = [link for link in links if link["url"] not in urls]
    if added:
        for link in added:
            existing.append(_rt(link))
        _set(node, "links", existing, order)
    return [link["title"] for link in added]


def _describe_move(old: CommentedMap, new: dict[str, Any]) -> str:
    parts = []
    if not _same("start", old.get("start"), new.get("start")) or not _same(
        "end", old.get("end"), new.get("end")
    ):
        parts.append(f"{old.get('start')} -> {new.get('start')}")
    if "room" in new and str(old.get("room")) != str(new.get("room")):
        parts.append(f"room {old.get('room')} -> {new.get('room')}")
    return ", ".join(parts)


def merge_items(
    existing: CommentedSeq | None,
    imported: list[dict[str, Any]],
    facts: tuple[str, ...],
    model: type,
    what: str,
    where: str,
    report: Report,
) -> CommentedSeq:
    """Update matching items (by slug, else guid), add new ones, drop ones gone."""
    order = _field_order(model)
    old_items = [i for i in (existing or []) if isinstance(i, dict) and i.get("slug")]
    by_slug = {str(i["slug"]): i for i in old_items}
    by_guid = {str(i["guid"]): i for i in old_items if i.get("guid")}
    reporting = existing is not None
    rank: dict[int, int] = {}  # id(node) -> position in the import's (sorted) order
    added: list[CommentedMap] = []
    matched: set[int] = set()
    for position, new in enumerate(imported):
        node = by_slug.get(new["slug"]) or by_guid.get(str(new.get("guid", "")))
        if node is None or id(node) in matched:
            fresh = _rt(new)
            rank[id(fresh)] = position
            added.append(fresh)
            if reporting:
                report.add("added", where, f"{what} '{new['slug']}' added")
            continue
        matched.add(id(node))
        moved = _describe_move(node, new) if what == "session" else ""
        for key in facts:
            if key in new and new[key] is None:
                node.pop(key, None)
                continue
            if key in new and not _same(key, node.get(key), new[key]):
                was = node.get(key)
                _set(node, key, _rt(new[key]), order)
                if key in {"video", "slides"}:
                    verb = "added" if was in (None, "") else "changed"
                    report.add("updated", where, f"{what} '{new['slug']}': {key} link {verb}")
                elif key not in {"start", "end", "duration", "room"}:
                    report.add("updated", where, f"{what} '{new['slug']}': {key} changed")
        if "end" in new and "duration" in node and "duration" not in new:
            del node["duration"]
        if "duration" in new and "end" in node and "end" not in new:
            del node["end"]
        if moved:
            report.add("moved", where, f"{what} '{new['slug']}' moved: {moved}")
        for key in PROSE:
            if key in new and not node.get(key):
                _set(node, key, new[key], order)
        for title in _merge_links(node, new.get("links", []), order):
            report.add("updated", where, f"{what} '{new['slug']}': link '{title}' added")
        if node.get("slug") != new["slug"]:
            node["slug"] = new["slug"]
        rank[id(node)] = position
    for node in old_items:
        if id(node) not in matched:
            report.add(
                "removed", where, f"{what} '{node['slug']}' is gone from the source: removed"
            )
    return _in_authors_order([n for n in old_items if id(n) in matched], added, rank)


def _in_authors_order(
    kept: list[CommentedMap], added: list[CommentedMap], rank: dict[int, int]
) -> CommentedSeq:
    """Kept items stay in the author's order (comments sit where they were written);
    each new item goes before the first kept one that comes later in the schedule."""
    result = CommentedSeq(kept)
    for node in added:
        later = [i for i, other in enumerate(result) if rank[id(other)] > rank[id(node)]]
        result.insert(later[0] if later else len(result), node)
    return result


def merge_conference(
    existing: CommentedMap | None,
    imported: dict[str, Any],
    explicit_zone: bool,
    where: str,
    report: Report,
) -> CommentedMap:
    """The author's conference.yaml wins; the import fills gaps and adds new rooms."""
    if existing is None:
        return _rt(imported)
    node = existing
    order = _field_order(Conference)
    for key, value in imported.items():
        if key == "rooms":
            rooms = node.get("rooms")
            if rooms is None:
                _set(node, "rooms", _rt(value), order)
                continue
            known = {str(r.get("slug")) if isinstance(r, dict) else str(r) for r in rooms}
            known |= {slugify(str(r)) for r in rooms if isinstance(r, str)}
            for room in value:
                if room["slug"] not in known:
                    rooms.append(_rt(room))
                    report.add("added", where, f"room '{room['slug']}' added")
        elif key == "timezone" and explicit_zone and str(node.get(key)) != value:
            report.add("updated", where, f"timezone {node.get(key)} -> {value} (--timezone)")
            node[key] = value
        elif key in {"start", "end"} and key in node:
            old = node[key] if isinstance(node[key], dt.date) else None
            widen = old is None or (value < old if key == "start" else value > old)
            if widen:
                report.add("updated", where, f"{key} {node[key]} -> {value}: sessions outside")
                node[key] = value
        elif key not in node:
            fresh = DoubleQuotedScalarString(value) if key in _QUOTED else _rt(value)
            _set(node, key, fresh, order)
    return node


def _load(path: Path) -> Any:
    require_inside(path, path.parent)
    return load_yaml_roundtrip(path) if path.is_file() else None


def _links_out(paths: Iterable[Path], folder: Path) -> list[str]:
    """Files (or dangling links) that would make a write land outside ``folder``."""
    return [
        str(outside_problem(path, folder))
        for path in paths
        if os.path.lexists(path) and not is_inside(path, folder)
    ]


def existing_zone(folder: Path) -> str | None:
    """The time zone the author already chose for this conference, if any."""
    try:
        data = _load(folder / "conference.yaml")
    except ContentError:
        return None
    return str(data["timezone"]) if isinstance(data, dict) and data.get("timezone") else None


def write(
    imported: Imported, folder: Path, explicit_zone: bool, report: Report, dry_run: bool = False
) -> list[str]:
    """Merge into ``folder``; returns problems (nothing is written if there are any)."""
    paths = {name: folder / f"{name}.yaml" for name in ("conference", "sessions", "speakers")}
    outside = _links_out([folder], folder.parent) or _links_out(paths.values(), folder)
    if outside:
        return outside
    old = {name: _load(path) for name, path in paths.items()}
    conference = merge_conference(
        old["conference"],
        imported.conference,
        explicit_zone,
        display_path(paths["conference"]),
        report,
    )
    old_sessions = old["sessions"].get("sessions") if isinstance(old["sessions"], dict) else None
    old_speakers = old["speakers"].get("speakers") if isinstance(old["speakers"], dict) else None
    sessions = merge_items(
        old_sessions,
        imported.sessions,
        SESSION_FACTS,
        Session,
        "session",
        display_path(paths["sessions"]),
        report,
    )
    speakers = merge_items(
        old_speakers,
        imported.speakers,
        SPEAKER_FACTS,
        Speaker,
        "speaker",
        display_path(paths["speakers"]),
        report,
    )
    session_doc = old["sessions"] if isinstance(old["sessions"], dict) else CommentedMap()
    session_doc["sessions"] = sessions
    speaker_doc = old["speakers"] if isinstance(old["speakers"], dict) else CommentedMap()
    speaker_doc["speakers"] = speakers
    texts = {
        "conference": dump_yaml(conference),
        "sessions": dump_yaml(session_doc),
        "speakers": dump_yaml(speaker_doc),
    }
    problems = site_problems(texts, folder)
    if problems or dry_run:
        return problems
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        if not paths[name].is_file() or paths[name].read_text(encoding="utf-8") != text:
            paths[name].write_text(text, encoding="utf-8")
    return []


def site_problems(texts: dict[str, str], folder: Path) -> list[str]:
    """Load the files exactly as the strictest site build will (fields, overlaps,
    references, photos), in a scratch copy of the folder, so an import never leaves a
    conference that fails the build. Strict: an unknown field, which a default build
    only warns about, stops the import (it is often a misspelt one the merge would miss).
    """
    from recapkit.conference.loader import load_conference

    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / folder.name
        if folder.is_dir():
            shutil.copytree(folder, trial)
        trial.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            (trial / f"{name}.yaml").write_text(text, encoding="utf-8")
        _conference, problems = load_conference(trial, strict=True)
    return [
        str(p).replace(str(trial), display_path(folder)) for p in problems if p.severity == "error"
    ]
