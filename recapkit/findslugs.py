"""``invoke talks`` / ``invoke speakers``: the slug to write in a ``{talk}`` link.

Reads one conference's YAML (no build) and prints the matching talks or people, one a
line, best first. Exit 1 with one line when the conference has errors or nothing
matches, so a script can tell.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from recapkit.conference.loader import LoadedConference, load_conference
from recapkit.conference.lookup import (
    SessionMatch,
    SpeakerMatch,
    Strength,
    every_session,
    every_speaker,
    find_sessions,
    find_speakers,
    words,
)
from recapkit.core.contained import is_inside, outside_problem
from recapkit.core.problems import display_path


def _load(content: Path, conference: str) -> LoadedConference:
    folder = content / "conferences" / conference
    if not (folder / "conference.yaml").is_file():
        known = sorted(p.parent.name for p in (content / "conferences").glob("*/conference.yaml"))
        raise SystemExit(
            f"no conference '{conference}' in {display_path(content / 'conferences')}"
            + (f" (there are: {', '.join(known)})" if known else "")
        )
    if not is_inside(folder, content):  # a link (or "..") out of content/: not read
        raise SystemExit(str(outside_problem(folder, content)))
    loaded, problems = load_conference(folder)
    if loaded is None:
        raise SystemExit("\n".join(str(p) for p in problems if p.severity == "error"))
    return loaded


def talk_lines(matches: Sequence[SessionMatch]) -> list[str]:
    """``slug  Sat 28 Dec  10:30-11:00  Room  Title (Speaker, Speaker)``, aligned."""
    width = max((len(m.slug) for m in matches), default=0)
    room = max((len(m.room or "") for m in matches), default=0)
    lines = []
    for m in matches:
        people = f" ({', '.join(m.speakers)})" if m.speakers else ""
        lines.append(
            f"{m.slug:<{width}}  {m.day:%a %d %b}  {m.start:%H:%M}-{m.end:%H:%M}  "
            f"{m.room or '':<{room}}  {m.title}{people}"
        )
    return lines


def speaker_lines(matches: Sequence[SpeakerMatch]) -> list[str]:
    width = max((len(m.slug) for m in matches), default=0)
    lines = []
    for m in matches:
        where = f" ({m.affiliation})" if m.affiliation else ""
        talks = f"  talks: {', '.join(m.talks)}" if m.talks else ""
        lines.append(f"{m.slug:<{width}}  {m.name}{where}{talks}")
    return lines


def _print(kind: str, query: str, lines: list[str], close: bool) -> int:
    if not lines:
        print(f"no {kind} matches '{query}'", file=sys.stderr)
        return 1
    if close:
        print(f"no {kind} has all of '{query}'; close spellings:", file=sys.stderr)
    print("\n".join(lines))
    return 1 if close else 0


def talks(content: Path, conference: str, query: str) -> int:
    """Print the talks matching ``query`` (every talk when it is empty); 1 if none."""
    loaded = _load(content, conference)
    if not words(query):
        return _print("talk", query, talk_lines(every_session(loaded)), False)
    matches = find_sessions(loaded, query)
    close = bool(matches) and matches[0].strength == Strength.CLOSE
    return _print("talk", query, talk_lines(matches), close)


def speakers(content: Path, conference: str, query: str) -> int:
    """Print the people matching ``query`` (everyone when it is empty); 1 if none."""
    loaded = _load(content, conference)
    if not words(query):
        return _print("speaker", query, speaker_lines(every_speaker(loaded)), False)
    matches = find_speakers(loaded, query)
    close = bool(matches) and matches[0].strength == Strength.CLOSE
    return _print("speaker", query, speaker_lines(matches), close)
