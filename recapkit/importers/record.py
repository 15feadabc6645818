"""What the source said at the last import, kept beside the conference's YAML.

A re-import compares three values of each fact: the author's (the YAML now), the
source's last time (this record) and the source's now. The author's value equal to
the record means nobody touched it, so a new source value replaces it ("the source
changed this"); a different one is the author's edit and is kept ("kept your end
2031-06-30; the source says 2031-07-01") unless ``--take-source end`` says otherwise.

The record is ``.import-record.yaml`` in the conference folder: no Pelican reader
takes ``.yaml`` files and the conference loader reads only its three files, so it is
never published; it is read with the same limits and containment as the content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from recapkit.core.contained import require_inside
from recapkit.core.problems import ContentError, Problem, display_path
from recapkit.core.yamlsource import dump_yaml, load_yaml
from recapkit.importers.schedule import Imported

RECORD_FILE = ".import-record.yaml"
VERSION = 1
#: Conference keys the import owns; rooms and tracks are only ever added to.
NOT_RECORDED = {"rooms", "tracks"}

_HEADER = (
    "# Written by `invoke import`: what the source said at the last import, so the next\n"
    "# import can tell your edits (kept) from the source's changes (taken). Do not edit.\n"
)


class Choice(Enum):
    SAME = "same"  # the author's value is the source's: nothing to do
    SOURCE = "source"  # take the source's value
    KEEP = "keep"  # the author changed it since the last import: keep it, say so
    UNKNOWN = "unknown"  # no record of this item: the caller's rule without a record


@dataclass(frozen=True)
class ImportRecord:
    conference: Mapping[str, Any] = field(default_factory=dict)
    sessions: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # by record_key
    speakers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # by slug


def record_key(item: Mapping[str, Any]) -> str:
    """Sessions are recorded by guid (it survives a changed slug), else by slug."""
    return str(item.get("guid") or item.get("slug"))


def _plain(value: Any) -> Any:
    """YAML-ready copies: dates and times as text, the same text the YAML files hold."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return value.value
    return value


def record_of(imported: Imported, facts: tuple[str, ...], speaker_facts: tuple[str, ...]) -> str:
    """The record of this import: the source's values of the facts the import owns."""
    data = {
        "version": VERSION,
        "conference": {
            k: v for k, v in _plain(imported.conference).items() if k not in NOT_RECORDED
        },
        "sessions": {
            record_key(s): {k: _plain(s[k]) for k in ("slug", *facts) if k in s}
            for s in imported.sessions
        },
        "speakers": {
            str(p["slug"]): {k: _plain(p[k]) for k in speaker_facts if k in p}
            for p in imported.speakers
        },
    }
    return _HEADER + dump_yaml(data)


def read_record(folder: Path) -> ImportRecord | None:
    """The record in ``folder``, or None when there is none (a first import, or an
    author who deleted it: then the rules without a record apply)."""
    path = folder / RECORD_FILE
    if not path.exists() and not path.is_symlink():
        return None
    require_inside(path, folder)
    data = load_yaml(path)
    parts = [data.get(k) if isinstance(data, Mapping) else None for k in _PARTS]
    if not all(isinstance(p, Mapping) for p in parts) or data.get("version") != VERSION:
        raise ContentError(
            [
                Problem(
                    display_path(path),
                    None,
                    "not an import record this version wrote: delete it, and the next "
                    "import treats every difference from the source as the source's",
                )
            ]
        )
    conference, sessions, speakers = parts
    return ImportRecord(dict(conference), dict(sessions), dict(speakers))


_PARTS = ("conference", "sessions", "speakers")


def same(old: Any, new: Any) -> bool:
    """Equal as the YAML means them (``2031-06-30`` the date and the text alike)."""
    if old is None or new is None:
        return old is None and new is None
    old, new = _plain(old), _plain(new)
    if isinstance(old, list) and isinstance(new, list):
        return [str(v) for v in old] == [str(v) for v in new]
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return {k: str(v) for k, v in old.items()} == {k: str(v) for k, v in new.items()}
    return str(old) == str(new)


def choose(
    current: Any,
    new: Any,
    last: Mapping[str, Any] | None,
    key: str,
    take_source: bool,
    equal: Callable[[Any, Any], bool] = same,
) -> Choice:
    """Whose value of ``key`` wins; ``last`` is the item's record (None: not recorded)."""
    if equal(current, new):
        return Choice.SAME
    if take_source:
        return Choice.SOURCE
    if last is None:
        return Choice.UNKNOWN
    return Choice.SOURCE if equal(current, last.get(key)) else Choice.KEEP


def shown(value: Any) -> str:
    """A value as the report prints it: ``2031-06-30``, ``'Saal 2'``, ``(none)``."""
    if value is None or value == "":
        return "(none)"
    value = _plain(value)
    if isinstance(value, str) and not value[:1].isdigit():
        return f"'{value}'"
    return str(value)
