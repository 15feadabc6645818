"""A first draft of a recap from the sessions the author attended.

``--attended`` names talks by slug or by title words, matched by the conference's own
talk lookup (``recapkit.conference.lookup``, what ``invoke talks`` uses). The draft has
one ``##`` section per conference day, in schedule order, and a placeholder paragraph
per session: its ``{talk}`` link, ``{speaker}`` links, the recording when the data has
one, and the album photos that show the session. Every link is one the build checks,
so the draft passes ``invoke check`` as it is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from recapkit.conference import lookup
from recapkit.conference.loader import LoadedConference
from recapkit.conference.models import Session
from recapkit.core.urls import ALBUM_FOLDER, UrlScheme
from recapkit.photos.album import load_album


@dataclass(frozen=True)
class Unmatched:
    """A fragment that names no session, or several equally well."""

    fragment: str
    candidates: tuple[lookup.SessionMatch, ...]
    ambiguous: bool

    def lines(self) -> list[str]:
        if self.ambiguous:
            head = (
                f"'{self.fragment}' fits {len(self.candidates)} sessions; use a slug or more words:"
            )
        elif self.candidates:
            head = f"'{self.fragment}' matches no session; close ones:"
        else:
            return [f"'{self.fragment}' matches no session (invoke talks lists them)"]
        return [head] + [f"    {_candidate(m)}" for m in self.candidates]


def _candidate(match: lookup.SessionMatch) -> str:
    where = f", {match.room}" if match.room else ""
    return f"{match.slug}  {match.title} ({match.start:%a %d %b %H:%M}{where})"


def fragments(attended: str) -> list[str]:
    """``"opening; rust in the kernel"``, or the path of a file with one talk per line
    (blank lines and ``#`` comments are skipped): the text "Copy list" gives works too."""
    candidate = Path(attended.strip()).expanduser()
    if attended.strip() and "\n" not in attended and candidate.is_file():
        attended = candidate.read_text(encoding="utf-8")
    parts = re.split(r"[;\n]", attended)
    return [p.strip() for p in parts if p.strip() and not p.strip().startswith("#")]


def match_sessions(
    loaded: LoadedConference, wanted: Iterable[str]
) -> tuple[list[Session], list[Unmatched]]:
    """The sessions the fragments name, in schedule order and once each, and those
    fragments that name none or several."""
    found: set[str] = set()
    unmatched: list[Unmatched] = []
    for fragment in wanted:
        result = lookup.resolve_session(loaded, fragment)
        if isinstance(result, lookup.SessionMatch):
            found.add(result.slug)
        elif isinstance(result, lookup.Ambiguous):
            unmatched.append(Unmatched(fragment, result.candidates, True))  # type: ignore[arg-type]
        else:
            unmatched.append(Unmatched(fragment, result.suggestions, False))  # type: ignore[arg-type]
    return [s for s in loaded.sessions if s.slug in found], unmatched


#: Characters Python-Markdown reads as markup and lets a backslash escape.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()>#+!])")


def _text(value: str) -> str:
    """A title or name as literal Markdown text. Python-Markdown offers no escaping
    function: its escapable characters get a backslash, and ``<`` (which it cannot
    escape) becomes an entity, so no title turns into markup or raw HTML."""
    return _MARKDOWN.sub(r"\\\1", " ".join(value.split())).replace("<", "&lt;")


def _url(value: str) -> str:
    """A link target that cannot end the Markdown link early."""
    return value.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


@dataclass(frozen=True)
class PhotoRef:
    target: str  # what ``{photo}`` names: '<album key>/<file>'
    alt: str


def session_photos(
    content: Path, loaded: LoadedConference, urls: UrlScheme
) -> dict[str, list[PhotoRef]]:
    """Photos of the conference's album that say which session they show (photos.yaml
    ``sessions:``). A missing or broken album gives none: the build reports its errors."""
    folder = urls.conference_folder(content, loaded.conference.slug) / ALBUM_FOLDER
    if not folder.is_dir():
        return {}
    rel_dir = folder.relative_to(content).as_posix()
    album, _problems = load_album(folder, rel_dir, urls)
    if album is None:
        return {}
    files = {p.name for p in album.photo_files()}
    shown: dict[str, list[PhotoRef]] = defaultdict(list)
    for entry in album.spec.photos:
        if entry.file not in files:
            continue
        alt = entry.alt or entry.caption or ""
        for slug in entry.sessions:
            shown[slug].append(PhotoRef(f"{album.key}/{entry.file}", alt))
    return shown


def _paragraph(loaded: LoadedConference, session: Session, photos: Sequence[PhotoRef]) -> list[str]:
    names = {s.slug: s.name for s in loaded.speakers}
    room = loaded.room_of(session)
    when = f"{session.start:%H:%M}–{session.finish:%H:%M}" + (f", {room.name}" if room else "")
    lines = [f"### [{_text(session.title)}]({{talk}}{session.slug})", ""]
    facts = [f"*{_text(when)}*"]
    people = [f"[{_text(names[s])}]({{speaker}}{s})" for s in session.speakers if s in names]
    if people:
        facts.append(
            "by "
            + (", ".join(people[:-1]) + " and " + people[-1] if len(people) > 1 else people[0])
        )
    line = " ".join(facts) + "."
    if session.video:
        line += f" [Watch the recording]({_url(session.video)})."
    lines += [line, "", "What did you take away from it? Write a few sentences here.", ""]
    for photo in photos:
        alt = _text(photo.alt or f"A photo from {session.title}")
        lines += [f"![{alt}]({{photo}}{photo.target})", ""]
    return lines


def draft_body(
    loaded: LoadedConference,
    sessions: Sequence[Session],
    photos: dict[str, list[PhotoRef]] | None = None,
) -> str:
    """One ``##`` section per conference day (``day_change`` applied), sessions in
    schedule order within it."""
    conference = loaded.conference
    by_day: dict[dt.date, list[Session]] = defaultdict(list)
    for session in sessions:
        by_day[conference.day_of(session.start)].append(session)
    kinds = {d.date: d.title for d in conference.days if d.title}
    lines = [
        f"A first draft from the {len(sessions)} session{'s' if len(sessions) != 1 else ''}"
        " you attended: rewrite, cut and add freely.",
        "",
    ]
    for day in sorted(by_day):
        title = f"{day:%A} {day.day} {day:%B}"
        if kinds.get(day):
            title += f": {kinds[day]}"
        lines += [f"## {_text(title)}", ""]
        for session in by_day[day]:
            lines += _paragraph(loaded, session, (photos or {}).get(session.slug, ()))
    return "\n".join(lines).rstrip("\n") + "\n"
