"""Load one conference folder into frozen models and cross-check the three files.

Each file is validated item by item, so one bad session does not hide the problems
of the next; then references between files (speakers, rooms, tracks), dates and room
overlaps are checked. Every problem carries the file and line it came from, and all
of them are returned together: the caller reports them and the build fails once.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from recapkit.conference import elsewhere
from recapkit.conference.elsewhere import WebLink
from recapkit.conference.models import Conference, Room, Session, Speaker, Track
from recapkit.core import imagesafe
from recapkit.core.contained import is_inside, outside_problem
from recapkit.core.problems import ContentError, Problem, display_path
from recapkit.core.yamlread import MAX_DEPTH
from recapkit.core.yamlsource import error_message, line_for, load_yaml, suggest

FILES = ("conference.yaml", "sessions.yaml", "speakers.yaml")


@dataclass(frozen=True)
class LoadedConference:
    """A conference whose files passed every check, in schedule order."""

    conference: Conference
    sessions: tuple[Session, ...]  # scheduled ones: every other module may rely on a start
    speakers: tuple[Speaker, ...]
    folder: Path
    #: Accepted sessions without a time yet, in file order (the schedule lists them).
    unscheduled: tuple[Session, ...] = ()
    rooms_by_key: Mapping[str, Room] = field(default_factory=dict)
    tracks_by_key: Mapping[str, Track] = field(default_factory=dict)
    #: The line of each speaker's ``photo:`` in speakers.yaml (for processing errors).
    photo_lines: Mapping[str, int | None] = field(default_factory=dict)
    #: links.yaml ("Around the web"), in the order the file lists them.
    links: tuple[WebLink, ...] = ()

    def room_of(self, session: Session) -> Room | None:
        return self.rooms_by_key.get(session.room) if session.room else None

    def track_of(self, session: Session) -> Track | None:
        return self.tracks_by_key.get(session.track) if session.track else None


@dataclass
class _Checker:
    """Collects problems for one folder; ``strict`` turns unknown fields into errors."""

    strict: bool
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: Path, line: int | None, message: str, warning: bool = False) -> None:
        severity = "warning" if warning else "error"
        self.problems.append(Problem(display_path(path), line, message, severity))

    def model(
        self,
        model: type[BaseModel],
        data: Any,
        path: Path,
        what: str = "",
        stand_ins: Mapping[str, Any] | None = None,
    ) -> BaseModel | None:
        """Validate and report; unknown fields are dropped (and reported) so the rest loads.

        After an error, a salvaged model (bad optional fields dropped, ``stand_ins`` for
        bad required ones) is still returned so cross-file checks can run and report
        everything in one go; the folder as a whole has failed by then anyway.
        """
        plain = _plain(data)
        prefix = f"{what}: " if what else ""
        for _attempt in range(3):
            try:
                return model.model_validate(plain)
            except ValidationError as exc:
                errors = exc.errors(include_url=False)
                unknown = [e for e in errors if e["type"] == "extra_forbidden"]
                others = [e for e in errors if e["type"] != "extra_forbidden"]
                for error in unknown:
                    line = line_for(data, error["loc"])
                    known = _field_names(model, error["loc"][:-1])
                    hint = suggest(str(error["loc"][-1]), known)
                    self.add(path, line, f"{prefix}{error_message(error)}{hint}", not self.strict)
                    _drop(plain, error["loc"])
                if others:
                    for error in others:
                        line = line_for(data, error["loc"])
                        self.add(path, line, f"{prefix}{error_message(error)}")
                    return _salvage(model, plain, others, stand_ins or {})
                if not unknown:
                    return None
        return None


def _salvage(
    model: type[BaseModel], plain: Any, errors: list[Any], stand_ins: Mapping[str, Any]
) -> BaseModel | None:
    if not isinstance(plain, dict):
        return None
    for error in errors:
        if not error["loc"]:
            return None
        key = error["loc"][0]
        info = model.model_fields.get(str(key))
        if key in stand_ins:
            plain[key] = stand_ins[key]
        elif info is not None and not info.is_required():
            plain.pop(key, None)
        else:
            return None
    try:
        return model.model_validate(plain)
    except ValidationError:
        return None


def _plain(data: Any) -> Any:
    """A plain-dict copy for validation; the loaded tree keeps the line numbers.

    Iterative, and no deeper than the loader allows: a value shared by YAML aliases is
    copied each time (the loader has bounded how many values that adds), and a tree
    that contains itself fails here instead of looping.
    """

    def fresh(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {}
        if isinstance(value, list):
            return []
        return copy.copy(value)

    root = fresh(data)
    todo = [(data, root, 1)] if isinstance(root, dict | list) else []
    while todo:
        source, copied, depth = todo.pop()
        if depth > MAX_DEPTH:
            raise ValueError(f"data nested more than {MAX_DEPTH} levels deep")
        pairs = source.items() if isinstance(source, Mapping) else enumerate(source)
        for key, value in pairs:
            child = fresh(value)
            if isinstance(copied, dict):
                copied[str(key)] = child
            else:
                copied.append(child)
            if isinstance(child, dict | list):
                todo.append((value, child, depth + 1))
    return root


def _drop(data: Any, loc: Sequence[Any]) -> None:
    node = data
    for key in loc[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, dict):
        node.pop(loc[-1], None)


def _field_names(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """Field names of the (nested) model at ``loc``, for 'did you mean' hints."""
    current: Any = model
    for key in loc:
        if isinstance(key, int):
            continue
        info = getattr(current, "model_fields", {}).get(key)
        if info is None:
            return []
        annotation = info.annotation
        for arg in (annotation, *getattr(annotation, "__args__", ())):
            inner = getattr(arg, "__args__", (arg,))
            found = next(
                (a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)), None
            )
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                found = arg
            if found is not None:
                current = found
                break
    return list(getattr(current, "model_fields", {}))


def _read(path: Path, checker: _Checker) -> Any:
    if not is_inside(path, path.parent):
        checker.problems.append(outside_problem(path, path.parent))
        return None
    if not path.is_file():
        checker.add(path, None, f"missing file {path.name}")
        return None
    try:
        return load_yaml(path)
    except ContentError as exc:
        checker.problems.extend(exc.problems)
        return None


def _items(data: Any, key: str, path: Path, checker: _Checker) -> list[Any]:
    """The list under ``key:`` (a bare top-level list is accepted too)."""
    if data is None:
        return []
    if isinstance(data, Mapping):
        extra = [k for k in data if k != key]
        for name in extra:
            line = line_for(data, (name,))
            checker.add(
                path, line, f"unknown field '{name}' (expected '{key}:')", not checker.strict
            )
        data = data.get(key, [])
    if not isinstance(data, list):
        checker.add(path, line_for(data, ()), f"'{key}' must be a list")
        return []
    return list(data)


def _lookup(items: Sequence[Room] | Sequence[Track]) -> dict[str, Any]:
    """Rooms and tracks are referred to by slug or by their exact name."""
    table: dict[str, Any] = {}
    for item in items:
        table.setdefault(item.name, item)
    for item in items:
        table[item.slug] = item
    return table


def _check_unique(
    kind: str, entries: Sequence[tuple[str, int | None]], path: Path, checker: _Checker
) -> None:
    first: dict[str, int | None] = {}
    for slug, line in entries:
        if slug in first:
            where = f" (first on line {first[slug]})" if first[slug] else ""
            checker.add(path, line, f"duplicate {kind} slug '{slug}'{where}")
        else:
            first[slug] = line


def _load_conference(folder: Path, checker: _Checker) -> tuple[Conference | None, Any]:
    path = folder / "conference.yaml"
    data = _read(path, checker)
    if data is None:
        return None, None
    if not isinstance(data, Mapping):
        checker.add(path, 1, "conference.yaml must be a mapping of fields")
        return None, None
    if "slug" not in data:
        data = copy.copy(data)
        data["slug"] = folder.name
    elif data["slug"] != folder.name:
        line = line_for(data, ("slug",))
        checker.add(path, line, f"slug '{data['slug']}' differs from the folder '{folder.name}'")
    conference = checker.model(Conference, data, path, stand_ins={"timezone": "UTC"})
    if conference is not None:
        rooms = [(r.slug, line_for(data, ("rooms", i))) for i, r in enumerate(conference.rooms)]
        tracks = [(t.slug, line_for(data, ("tracks", i))) for i, t in enumerate(conference.tracks)]
        _check_unique("room", rooms, path, checker)
        _check_unique("track", tracks, path, checker)
    return conference, data  # type: ignore[return-value]


def _check_session_refs(
    session: Session,
    raw: Any,
    path: Path,
    conference: Conference,
    speakers: Mapping[str, Speaker],
    checker: _Checker,
    speakers_known: bool,
) -> None:
    what = f"session '{session.slug}'"
    if speakers_known:
        for i, slug in enumerate(session.speakers):
            if slug not in speakers:
                line = line_for(raw, ("speakers", i)) or line_for(raw, ("speakers",))
                checker.add(
                    path, line, f"{what}: unknown speaker '{slug}'{suggest(slug, speakers)}"
                )
    rooms = _lookup(conference.rooms)
    if session.room and session.room not in rooms:
        line = line_for(raw, ("room",))
        checker.add(
            path, line, f"{what}: unknown room '{session.room}'{suggest(session.room, rooms)}"
        )
    tracks = _lookup(conference.tracks)
    if session.track and session.track not in tracks:
        line = line_for(raw, ("track",))
        hint = suggest(session.track, tracks)
        checker.add(path, line, f"{what}: unknown track '{session.track}'{hint}")
    # Conference days run from day_change to day_change (midnight unless it says).
    first = dt.datetime.combine(conference.start, conference.day_change)
    last = dt.datetime.combine(conference.end + dt.timedelta(days=1), conference.day_change)
    if session.start is None:
        return
    if not (first <= session.start < last and session.finish <= last):
        key = (
            "start" if not first <= session.start < last else ("end" if session.end else "duration")
        )
        checker.add(
            path,
            line_for(raw, (key,)),
            f"{what}: {session.start:%Y-%m-%d %H:%M}-{session.finish:%H:%M} is outside the "
            f"conference days ({conference.start} to {conference.end})",
        )


def _check_overlaps(
    sessions: Sequence[tuple[Session, Any]],
    rooms: Mapping[str, Room],
    path: Path,
    checker: _Checker,
) -> None:
    by_room: dict[str, list[tuple[Session, Any]]] = defaultdict(list)
    for session, raw in sessions:
        room = rooms.get(session.room) if session.room else None
        if room is not None and session.start is not None:
            by_room[room.slug].append((session, raw))
    for room_slug, items in sorted(by_room.items()):
        items.sort(key=lambda pair: (pair[0].start, pair[0].finish, pair[0].slug))
        busy: tuple[Session, Any] | None = None
        for session, raw in items:
            if busy is not None and session.start < busy[0].finish:
                other = busy[0]
                checker.add(
                    path,
                    line_for(raw, ("start",)),
                    f"session '{session.slug}' ({session.start:%a %H:%M}-{session.finish:%H:%M}) "
                    f"overlaps '{other.slug}' ({other.start:%a %H:%M}-{other.finish:%H:%M}) "
                    f"in room '{rooms[room_slug].name}'",
                )
            if busy is None or session.finish > busy[0].finish:
                busy = (session, raw)


def load_conference(
    folder: str | Path, strict: bool = False
) -> tuple[LoadedConference | None, list[Problem]]:
    """Load and check ``folder``; returns (None, problems) when any error was found."""
    folder = Path(folder)
    checker = _Checker(strict)
    conference, _conf_raw = _load_conference(folder, checker)

    speakers_path = folder / "speakers.yaml"
    speakers: dict[str, Speaker] = {}
    speaker_lines: list[tuple[str, int | None]] = []
    photo_lines: dict[str, int | None] = {}
    speakers_data = _read(speakers_path, checker)
    speaker_items = _items(speakers_data, "speakers", speakers_path, checker)
    for raw in speaker_items:
        name = raw.get("slug") if isinstance(raw, Mapping) else None
        speaker = checker.model(Speaker, raw, speakers_path, f"speaker '{name}'" if name else "")
        if speaker is None:
            if name:
                speakers[str(name)] = None  # type: ignore[assignment]  # known, if broken
            continue
        speaker_lines.append((speaker.slug, line_for(raw, ())))
        speakers.setdefault(speaker.slug, speaker)
        photo = (folder / speaker.photo).resolve() if speaker.photo else None
        if photo is not None and not photo.is_relative_to(folder.resolve()):
            checker.add(
                speakers_path,
                line_for(raw, ("photo",)),
                f"speaker '{speaker.slug}': photo '{speaker.photo}' is outside the "
                "conference folder",
            )
        elif photo is not None and not photo.is_file():
            checker.add(
                speakers_path,
                line_for(raw, ("photo",)),
                f"speaker '{speaker.slug}': photo '{speaker.photo}' not found "
                f"(a file path relative to {display_path(folder)})",
            )
        elif photo is not None:
            photo_lines[speaker.slug] = line_for(raw, ("photo",))
            try:  # the header only; the generator decodes it (once, cached)
                imagesafe.check(photo, imagesafe.PHOTO_FORMATS)
            except imagesafe.ImageRefused as exc:
                checker.add(
                    speakers_path,
                    photo_lines[speaker.slug],
                    f"speaker '{speaker.slug}': photo '{speaker.photo}': {exc}",
                )
    _check_unique("speaker", speaker_lines, speakers_path, checker)

    sessions_path = folder / "sessions.yaml"
    sessions: list[tuple[Session, Any]] = []
    for raw in _items(_read(sessions_path, checker), "sessions", sessions_path, checker):
        name = raw.get("slug") if isinstance(raw, Mapping) else None
        session = checker.model(Session, raw, sessions_path, f"session '{name}'" if name else "")
        if session is not None:
            sessions.append((session, raw))
    _check_unique(
        "session", [(s.slug, line_for(r, ())) for s, r in sessions], sessions_path, checker
    )

    if conference is not None:
        # A speaker that failed validation is still "known": no second message for it;
        # an unreadable speakers.yaml would make every reference look unknown.
        for session, raw in sessions:
            _check_session_refs(
                session,
                raw,
                sessions_path,
                conference,
                speakers,
                checker,
                speakers_data is not None,
            )
        _check_overlaps(sessions, _lookup(conference.rooms), sessions_path, checker)

    links = _load_links(folder, {s.slug for s, _ in sessions}, speakers, checker)

    if any(p.severity == "error" for p in checker.problems) or conference is None:
        return None, checker.problems
    scheduled = (s for s, _ in sessions if s.start is not None)
    ordered = sorted(scheduled, key=lambda s: _order(s, conference))
    return (
        LoadedConference(
            conference=conference,
            sessions=tuple(ordered),
            unscheduled=tuple(s for s, _ in sessions if s.start is None),
            speakers=tuple(sorted((s for s in speakers.values() if s), key=_speaker_order)),
            folder=folder,
            rooms_by_key=_lookup(conference.rooms),
            tracks_by_key=_lookup(conference.tracks),
            photo_lines=photo_lines,
            links=tuple(links),
        ),
        checker.problems,
    )


def _load_links(
    folder: Path, sessions: set[str], speakers: Mapping[str, Any], checker: _Checker
) -> list[WebLink]:
    """links.yaml is optional; each entry is checked, and so is every slug it covers."""
    path = folder / elsewhere.FILE
    if not (path.exists() or path.is_symlink()):
        return []
    links = []
    for raw in _items(_read(path, checker), "links", path, checker):
        title = raw.get("title") if isinstance(raw, Mapping) else None
        link = checker.model(WebLink, raw, path, f"link '{title}'" if title else "link")
        if link is None:
            continue
        assert isinstance(link, WebLink)
        for key, known in (("sessions", sessions), ("speakers", speakers)):
            for i, slug in enumerate(getattr(link, key)):
                if slug not in known:
                    line = line_for(raw, (key, i)) or line_for(raw, (key,))
                    kind = key[:-1]
                    checker.add(
                        path,
                        line,
                        f"link '{link.title}': unknown {kind} '{slug}'{suggest(slug, known)}",
                    )
        links.append(link)
    return links


def _order(session: Session, conference: Conference) -> tuple[Any, ...]:
    rooms = _lookup(conference.rooms)
    room = rooms.get(session.room) if session.room else None
    position = conference.rooms.index(room) if room is not None else -1
    return (session.start, position, session.finish, session.slug)


def _speaker_order(speaker: Speaker) -> tuple[str, str]:
    return (speaker.name.casefold(), speaker.slug)


def conference_folders(root: str | Path) -> list[Path]:
    """Sub-folders of ``content/conferences`` that hold a conference.yaml, sorted."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.iterdir()
        # A folder linked in from outside content/ is reported by the content plugin.
        if p.is_dir() and is_inside(p, root) and (p / "conference.yaml").exists()
    )
