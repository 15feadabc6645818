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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from recapkit.conference.models import Conference, Session, Speaker
from recapkit.core.contained import is_inside, outside_problem, require_inside
from recapkit.core.problems import ContentError, display_path
from recapkit.core.slugs import slugify
from recapkit.core.yamlsource import dump_yaml, load_yaml_roundtrip
from recapkit.importers.record import (
    NOT_RECORDED,
    RECORD_FILE,
    Choice,
    choose,
    read_record,
    record_key,
    record_of,
    same,
    shown,
)
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
    "all_rooms",
)
SPEAKER_FACTS = ("name", "affiliation", "photo_url")
PROSE = {"abstract", "bio", "notes"}
#: Filled when the author's entry has none, never replaced (a photo --fetch-photos got).
FILL_IF_EMPTY = PROSE | {"photo"}
_TIME_KEYS = {"start", "end"}


def _field_order(model: type) -> list[str]:
    return list(model.model_fields)


def _same(key: str, old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is None and new is None
    if key in _TIME_KEYS:
        return parse_datetime(old) == parse_datetime(new)
    if key == "video" and old and new:
        from recapkit.conference.video import video_for

        return video_for(str(old)) == video_for(str(new))  # youtu.be/x is watch?v=x
    return same(old, new)


def _decide(
    node: CommentedMap,
    key: str,
    new: Any,
    last: Mapping[str, Any] | None,
    merge: _Merge,
    label: str,
) -> Choice:
    """Whose ``key`` wins; a kept author's edit is reported here."""
    choice = choose(
        node.get(key),
        new,
        last,
        key,
        key in merge.take_source,
        lambda a, b: _same(key, a, b),
    )
    if choice is Choice.KEEP:
        merge.report.add(
            "kept",
            merge.where,
            f"your {key} {shown(node.get(key))}{label}; the source says {shown(new)}"
            f" (--take-source {key} takes it)",
        )
    return choice


@dataclass(frozen=True)
class _Merge:
    """One file's merge: where to report, and which fields the source wins anyway."""

    where: str
    report: Report
    take_source: frozenset[str] = frozenset()


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


def _describe_move(old: dict[str, Any], new: CommentedMap) -> str:
    """What moved: ``old`` holds the values the source's new ones replaced."""
    parts = []
    if "start" in old or "end" in old:
        parts.append(f"{old.get('start', new.get('start'))} -> {new.get('start')}")
    if "room" in old:
        parts.append(f"room {old['room']} -> {new.get('room')}")
    return ", ".join(parts)


def merge_items(
    existing: CommentedSeq | None,
    imported: list[dict[str, Any]],
    facts: tuple[str, ...],
    model: type,
    what: str,
    merge: _Merge,
    recorded: Mapping[str, Mapping[str, Any]] | None = None,
) -> CommentedSeq:
    """Update matching items (by slug, else guid), add new ones, drop ones gone.

    With a record (``recorded``, by :func:`record_key`), a fact the author changed since
    the last import is kept, an item the source never had (the author's own) stays,
    and only items the source had and dropped are removed. Without one, the source's
    facts win and every item missing from the source goes (the first re-import).
    """
    where, report = merge.where, merge.report
    order = _field_order(model)
    old_items = [i for i in (existing or []) if isinstance(i, dict) and i.get("slug")]
    by_slug = {str(i["slug"]): i for i in old_items}
    by_guid = {str(i["guid"]): i for i in old_items if i.get("guid")}
    reporting = existing is not None
    rank: dict[int, int] = {}  # id(node) -> position in the import's (sorted) order
    added: list[CommentedMap] = []
    matched: set[int] = set()
    for position, new in enumerate(imported):
        node = by_guid.get(str(new.get("guid", ""))) or by_slug.get(new["slug"])
        if node is None or id(node) in matched:
            fresh = _rt(new)
            rank[id(fresh)] = position
            added.append(fresh)
            if reporting:
                report.add("added", where, f"{what} '{new['slug']}' added")
            continue
        matched.add(id(node))
        last = recorded.get(record_key(new)) if recorded is not None else None
        label = f"{what} '{node.get('slug')}': "
        whose = f" ({what} '{node.get('slug')}')"
        replaced: dict[str, Any] = {}
        for key in facts:
            if key not in new:
                continue
            if _decide(node, key, new[key], last, merge, whose) in {Choice.SAME, Choice.KEEP}:
                continue
            replaced[key] = node.get(key)
            if new[key] is None:
                node.pop(key, None)
                continue
            _set(node, key, _rt(new[key]), order)
            if key in {"video", "slides"}:
                verb = "added" if replaced[key] in (None, "") else "changed"
                report.add("updated", where, f"{label}{key} link {verb}")
            elif key not in {"start", "end", "duration", "room"}:
                report.add("updated", where, f"{label}{key} changed")
        if "end" in replaced and "duration" in node and "duration" not in new:
            del node["duration"]
        if "duration" in replaced and "end" in node and "end" not in new:
            del node["end"]
        if moved := (_describe_move(replaced, node) if what == "session" else ""):
            report.add("moved", where, f"{what} '{node.get('slug')}' moved: {moved}")
        for key in FILL_IF_EMPTY:
            if key in new and not node.get(key):
                _set(node, key, new[key], order)
        for title in _merge_links(node, new.get("links", []), order):
            report.add("updated", where, f"{label}link '{title}' added")
        if _decide(node, "slug", new["slug"], last, merge, whose) is not Choice.KEEP:
            node["slug"] = new["slug"]
        rank[id(node)] = position
    kept: list[CommentedMap] = []
    for node in old_items:
        if id(node) in matched:
            kept.append(node)
        elif recorded is not None and record_key(node) not in recorded:
            kept.append(node)  # the author's own: the source never had it
            rank[id(node)] = _rank_of_own(node, imported)
            report.add(
                "kept",
                where,
                f"your {what} '{node['slug']}' (not from the source)",
                group=f"own {what}",
            )
        else:
            report.add(
                "removed", where, f"{what} '{node['slug']}' is gone from the source: removed"
            )
    return _in_authors_order(kept, added, rank)


def _rank_of_own(node: CommentedMap, imported: list[dict[str, Any]]) -> int:
    """Where an author's own session sits among the imported ones (by start)."""
    start = parse_datetime(node.get("start"))
    starts = [parse_datetime(item.get("start")) for item in imported]
    if start is None:
        return len(imported)
    return sum(1 for other in starts if other is not None and other <= start)


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
    merge: _Merge,
    recorded: Mapping[str, Any] | None = None,
) -> CommentedMap:
    """Without a record the author's conference.yaml wins: the import fills gaps, adds
    rooms and widens the dates to cover every session. With one (``recorded``), what
    the author left as the source had it follows the source; the author's edits stay."""
    where, report = merge.where, merge.report
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
            continue
        if key == "tracks" and key in node:
            continue
        if key == "timezone" and explicit_zone:
            if str(node.get(key)) != value:
                report.add("updated", where, f"timezone {node.get(key)} -> {value} (--timezone)")
                node[key] = value
            continue
        choice = _decide(node, key, value, recorded, merge, "")
        if choice is Choice.UNKNOWN:
            choice = _without_record(node, key, value)
        if choice is not Choice.SOURCE:
            continue
        if key in node:
            report.add("updated", where, f"{key} {shown(node[key])} -> {shown(value)}")
        fresh = DoubleQuotedScalarString(value) if key in _QUOTED else _rt(value)
        _set(node, key, fresh, order)
    return node


def _without_record(node: CommentedMap, key: str, value: Any) -> Choice:
    """The rule before records: fill what is missing, widen the dates, keep the rest."""
    if key not in node:
        return Choice.SOURCE
    if key in {"start", "end"} and isinstance(node[key], dt.date):
        wider = value < node[key] if key == "start" else value > node[key]
        return Choice.SOURCE if wider else Choice.KEEP
    return Choice.KEEP


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
    imported: Imported,
    folder: Path,
    explicit_zone: bool,
    report: Report,
    dry_run: bool = False,
    take_source: frozenset[str] = frozenset(),
) -> list[str]:
    """Merge into ``folder``; returns problems (nothing is written if there are any).

    ``take_source`` names fields whose source value wins over an author's edit.
    """
    paths = {name: folder / f"{name}.yaml" for name in ("conference", "sessions", "speakers")}
    record_path = folder / RECORD_FILE
    outside = _links_out([folder], folder.parent) or _links_out(
        [*paths.values(), record_path], folder
    )
    if outside:
        return outside
    old = {name: _load(path) for name, path in paths.items()}
    record = read_record(folder) if old["conference"] is not None else None
    if record is None and old["sessions"] is not None:
        report.add(
            "warning",
            display_path(record_path),
            "no record of the last import: where the YAML differs from the source, "
            "sessions and speakers take the source's values (the conference keeps yours)",
        )

    def merge(name: str) -> _Merge:
        return _Merge(display_path(paths[name]), report, take_source)

    conference = merge_conference(
        old["conference"],
        imported.conference,
        explicit_zone,
        merge("conference"),
        record.conference if record else None,
    )
    old_sessions = old["sessions"].get("sessions") if isinstance(old["sessions"], dict) else None
    old_speakers = old["speakers"].get("speakers") if isinstance(old["speakers"], dict) else None
    sessions = merge_items(
        old_sessions,
        imported.sessions,
        SESSION_FACTS,
        Session,
        "session",
        merge("sessions"),
        record.sessions if record else None,
    )
    speakers = merge_items(
        old_speakers,
        imported.speakers,
        SPEAKER_FACTS,
        Speaker,
        "speaker",
        merge("speakers"),
        record.speakers if record else None,
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
    files = {paths[name]: text for name, text in texts.items()}
    files[record_path] = record_of(imported, SESSION_FACTS, SPEAKER_FACTS)
    for path, text in files.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return []


def take_source_problems(fields: Iterable[str]) -> list[str]:
    """``--take-source`` names that are no field the import writes, one line each."""
    known = {
        *SESSION_FACTS,
        *SPEAKER_FACTS,
        "slug",
        *(k for k in Conference.model_fields if k not in NOT_RECORDED),
    }
    return [
        f"--take-source '{name}': not a field the import writes "
        f"(one of: {', '.join(sorted(known))})"
        for name in fields
        if name not in known
    ]


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
