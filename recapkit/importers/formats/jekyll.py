"""DjangoCon US-style Jekyll sites: ``_schedule/**/*.md``, ``_presenters/*.md``, ``_config.yml``.

Each schedule file is one slot with YAML front matter; its file name carries the date,
time and a column marker (``2019-09-23-11-30-t0-awesome-automated-apis.md``), which we
drop to get a stable slug. Presenters are files named by their slug.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from recapkit.conference.models import DayKind, SessionKind
from recapkit.core.problems import ContentError, display_path
from recapkit.core.slugs import slugify
from recapkit.core.yamlsource import load_yaml_text
from recapkit.importers.kinds import guess_kind
from recapkit.importers.report import Report
from recapkit.importers.sanitize import changed, markdown_text, plain_text, safe_url
from recapkit.importers.schedule import Draft, Imported, ImportOptions, Rooms, finish
from recapkit.importers.times import Clock, iana_zone, parse_datetime, zone_for_offset

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?(.*)\Z", re.S | re.M)
_STEM_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-\d{1,2}-\d{2}-")
_COLUMN = re.compile(r"^t\d+-")
_ROOM_IS_A_NOTE = 50
_LINK_TITLES = {"website": "Website", "github": "GitHub", "twitter": "Twitter"}
_FOLDER_DAYS = {"tutorials": DayKind.TUTORIALS, "talks": DayKind.TALKS, "sprints": DayKind.SPRINTS}


def looks_like(path: Path) -> bool:
    return path.is_dir() and (path / "_schedule").is_dir()


def _read(path: Path, report: Report) -> tuple[Any, str] | None:
    where = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        report.add("skipped", where, f"unreadable: {exc}")
        return None
    match = _FRONT.match(text)
    if not match:
        report.add("skipped", where, "no YAML front matter")
        return None
    try:
        data = load_yaml_text(match.group(1), path, first_line=2)
    except ContentError as exc:
        report.add("skipped", where, str(exc.problems[0].message))
        return None
    if not isinstance(data, dict):
        report.add("skipped", where, "front matter is not a mapping")
        return None
    return data, match.group(2)


def _at(path: Path, data: Any, key: str) -> str:
    try:
        return f"{display_path(path)}:{data.lc.key(key)[0] + 2}"
    except (AttributeError, KeyError, TypeError):
        return display_path(path)


def session_slug(stem: str) -> str:
    """``2019-09-23-11-30-t0-awesome-apis`` -> ``awesome-apis``."""
    return slugify(_COLUMN.sub("", _STEM_PREFIX.sub("", stem)))


def _config(root: Path, report: Report) -> dict[str, Any]:
    path = root / "_config.yml"
    if not path.is_file():
        return {}
    try:
        data = load_yaml_text(path.read_text(encoding="utf-8"), path)
    except ContentError as exc:
        report.add("skipped", str(exc.problems[0]), "_config.yml unreadable: name and zone unknown")
        return {}
    return data if isinstance(data, dict) else {}


def _schedule_entries(root: Path, report: Report) -> list[tuple[Path, Any, str]]:
    """(file, front matter, body) for every schedule file, ``.md`` or extension-less."""
    entries = []
    for path in sorted(p for p in (root / "_schedule").rglob("*") if p.is_file()):
        if path.suffix != ".md":
            if path.suffix:
                continue
            report.add("fixed", display_path(path), "schedule file without .md read anyway")
        read = _read(path, report)
        if read is not None:
            entries.append((path, *read))
    return entries


def _zone_from_offsets(entries: list[tuple[Path, Any, str]], root: Path, report: Report) -> str:
    """No zone named anywhere: a fixed-offset zone when every time has the same offset."""
    offsets = {
        when.utcoffset() for _, data, _ in entries if (when := parse_datetime(data.get("date")))
    }
    offsets.discard(None)
    zone = (zone_for_offset(next(iter(offsets))) if len(offsets) == 1 else None) or "UTC"
    report.add("guessed", display_path(root), f"no time zone given: {zone} from the offsets")
    return zone


def _rooms_by_use(entries: list[tuple[Path, Any, str]], report: Report) -> Rooms:
    """Rooms registered busiest first, so the schedule's main rooms come first."""
    rooms = Rooms(report, fuzzy=True)
    usage: dict[str, int] = {}
    for _path, data, _body in entries:
        room = plain_text(data.get("room"))
        if room and len(room) <= _ROOM_IS_A_NOTE and not room.endswith("."):
            usage[room] = usage.get(room, 0) + 1
    for room in sorted(usage, key=lambda r: (-usage[r], r)):
        rooms.add(room, "", quiet=True)
    return rooms


def _room(
    value: object, rooms: Rooms, prose: bool, where: str, report: Report
) -> tuple[str | None, str | None]:
    """The room's slug, and a note when the "room" is really a sentence of directions."""
    text = plain_text(value)
    if not text or (len(text) <= _ROOM_IS_A_NOTE and not text.endswith(".")):
        return rooms.add(text, where), None
    known = [n for n in rooms.names.values() if n.lower() in text.lower()]
    report.add(
        "guessed",
        where,
        "room reads like a sentence"
        + (": kept as a note" if prose else "")
        + (f", room '{known[0]}'" if known else ""),
    )
    return (rooms.add(known[0], where) if known else None), (text if prose else None)


def _recordings(path: Path, data: Any, report: Report) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for key, target in (("video_url", "video"), ("slides_url", "slides")):
        raw = data.get(key)
        if raw:
            found[target] = safe_url(raw)
            if found[target] is None:
                report.add("skipped", _at(path, data, key), f"{key} '{raw}' is not a URL")
    return found


def _speaker(path: Path, data: Any, body: str, prose: bool, report: Report) -> dict[str, Any]:
    links = []
    for key, prefix in (
        ("website", ""),
        ("github", "https://github.com/"),
        ("twitter", "https://twitter.com/"),
    ):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            handle = value.strip().lstrip("@")
            url = safe_url(
                handle if handle.startswith(("http:", "https:")) or not prefix else prefix + handle
            )
            if url:
                links.append({"title": _LINK_TITLES[key], "url": url})
            else:
                report.add("skipped", _at(path, data, key), f"{key} link '{value}' is not a URL")
    person: dict[str, Any] = {
        "slug": path.stem.lower(),
        "name": plain_text(data.get("name")) or path.stem.replace("-", " ").title(),
        "affiliation": plain_text(data.get("company")),
        "links": links,
    }
    if prose:
        person["bio"] = markdown_text(body)
        if changed(body, person["bio"]):
            report.add("fixed", display_path(path), "markup removed from the bio")
    return person


def _presenters(value: Any, path: Path, data: Any, report: Report) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        report.add(
            "fixed",
            _at(path, data, "presenters"),
            f"presenters given as a string ('{value}'), read as a list of one",
        )
        value = [value]
    return [slugify(str(v)) for v in value if v]


def import_jekyll(root: Path, options: ImportOptions) -> Imported:
    conference_slug, zone, report = options.conference, options.zone, options.report
    keep_wall_clock, prose = options.keep_wall_clock, options.prose
    config = _config(root, report)
    declared = iana_zone(config.get("timezone"))
    if config.get("timezone") and not declared:
        report.add(
            "skipped",
            display_path(root / "_config.yml"),
            f"time zone '{config['timezone']}' is not an IANA name",
        )
    speakers: dict[str, dict[str, Any]] = {}
    speaker_where: dict[str, str] = {}
    for path in sorted((root / "_presenters").glob("*.md")):
        read = _read(path, report)
        if read is not None:
            person = _speaker(path, read[0], read[1], prose, report)
            speakers[person["slug"]] = person
            speaker_where[person["slug"]] = display_path(path)
    entries = _schedule_entries(root, report)
    zone = zone or declared or _zone_from_offsets(entries, root, report)
    clock = Clock(zone, keep_wall_clock, report)
    rooms = _rooms_by_use(entries, report)
    drafts: list[Draft] = []
    day_votes: dict[Any, dict[DayKind, int]] = {}
    for path, data, _body in entries:
        where = _at(path, data, "title")
        title = plain_text(data.get("title"))
        start = parse_datetime(data.get("date"))
        if not title or start is None:
            report.add("skipped", where, "no title or no readable date")
            continue
        if changed(data.get("title"), title):
            report.add("fixed", where, "markup removed from the title")
        named_at = start.replace(tzinfo=None)
        start = clock.local(start, _at(path, data, "date"))
        end = parse_datetime(data.get("end_date"))
        end = clock.local(end, _at(path, data, "end_date")) if end is not None else None
        kind, guessed = guess_kind(title, data.get("category"))
        if guessed:
            report.add(
                "guessed",
                _at(path, data, "category"),
                f"category '{data.get('category')}' unknown: kind '{kind.value}'",
            )
        room, notes = _room(data.get("room"), rooms, prose, _at(path, data, "room"), report)
        fields: dict[str, Any] = {
            "title": title,
            "kind": kind,
            "speakers": _presenters(data.get("presenters"), path, data, report),
            "start": start,
            "end": end,
            "room": room,
            "level": plain_text(data.get("difficulty")),
            "notes": notes,
        }
        if prose:
            abstract = markdown_text(_body) or markdown_text(data.get("abstract"))
            fields["abstract"] = None if abstract == "TBD" else abstract
        fields.update(_recordings(path, data, report))
        for slug in fields["speakers"]:
            if slug not in speakers:
                name = (
                    data.get("presenters")
                    if isinstance(data.get("presenters"), str)
                    else slug.replace("-", " ").title()
                )
                speakers[slug] = {"slug": slug, "name": plain_text(name)}
                speaker_where[slug] = where
                report.add(
                    "guessed",
                    _at(path, data, "presenters"),
                    f"presenter '{slug}' has no _presenters file: name '{name}'",
                )
        folder = path.relative_to(root / "_schedule").parts[0]
        if folder in _FOLDER_DAYS and kind not in {SessionKind.BREAK, SessionKind.OTHER}:
            votes = day_votes.setdefault(start.date(), {})
            votes[_FOLDER_DAYS[folder]] = votes.get(_FOLDER_DAYS[folder], 0) + 1
        stem = path.stem if path.suffix else path.name
        drafts.append(Draft(where, session_slug(stem), fields, named_at))

    name = plain_text(config.get("title")) or conference_slug
    year = config.get("conf_year")
    if year and str(year) not in name:
        name = f"{name} {year}"
    conference: dict[str, Any] = {
        "slug": conference_slug,
        "name": name,
        "timezone": zone,
        "url": safe_url(config.get("url")),
        "days": [
            {"date": day, "kind": max(votes, key=lambda k: (votes[k], k.value)).value}
            for day, votes in sorted(day_votes.items())
        ],
    }
    return finish(
        {k: v for k, v in conference.items() if v},
        drafts,
        speakers,
        speaker_where,
        rooms,
        report,
        dated=True,
    )
