"""What ``invoke new-post`` writes: a skeleton, or a first draft from the schedule.

The command layer: it may read a conference through the conference plugin's loader
(the same checks as a build), and reports what is wrong as ``path:line: message``
lines without writing anything.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from recapkit.conference.loader import LoadedConference, load_conference
from recapkit.core.problems import display_path
from recapkit.core.slugs import slugify
from recapkit.core.urls import UrlScheme

TEMPLATE = """---
title: {title}
date: {date}
tags: []
summary: One or two sentences for the home page, feeds and link previews.
{conference}status: draft
---
{body}"""

EMPTY_BODY = """Write the recap here. One `## Day` section per day reads well.

Link a talk with `[title]({talk}talk-slug)` and a speaker with `[name]({speaker}speaker-slug)`.
"""


class NewPostError(Exception):
    """Nothing was written; ``lines`` say why, one problem per line."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


def load(content: Path, slug: str, urls: UrlScheme | None = None) -> LoadedConference:
    """The conference ``slug`` of ``content``, checked as a build checks it."""
    folder = (urls or UrlScheme()).conference_folder(content, slug)
    if not (folder / "conference.yaml").is_file():
        where = display_path(folder)
        raise NewPostError([f"{where}: no conference '{slug}' (no conference.yaml there)"])
    loaded, problems = load_conference(folder)
    errors = [p for p in problems if p.severity == "error"]
    if loaded is None:
        raise NewPostError([str(p) for p in errors] or [f"{display_path(folder)}: cannot be read"])
    return loaded


def default_date(loaded: LoadedConference | None) -> dt.date:
    """A recap is usually dated when the conference ends; without one, today."""
    return loaded.conference.end if loaded is not None else dt.date.today()


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def post_path(folder: Path, title: str, date: dt.date) -> Path:
    return folder / f"{date.isoformat()}-{slugify(title)}.md"


def write_post(
    folder: Path, title: str, conference: str | None, date: dt.date, body: str | None = None
) -> Path:
    """Create ``YYYY-MM-DD-<slug>.md`` (the empty skeleton unless ``body`` is given);
    refuses to overwrite an existing post."""
    path = post_path(folder, title, date)
    if path.exists():
        raise NewPostError([f"{display_path(path)}: exists already (nothing written)"])
    folder.mkdir(parents=True, exist_ok=True)
    conf = f"conference: {conference}\n" if conference else ""
    text = TEMPLATE.format(
        title=_quoted(title), date=date.isoformat(), conference=conf, body=body or EMPTY_BODY
    )
    path.write_text(text, encoding="utf-8")
    return path


def attended_body(content: Path, loaded: LoadedConference, attended: str) -> str:
    """The draft's body from ``--attended``; every fragment must name one session."""
    from recapkit import draft

    wanted = draft.fragments(attended)
    if not wanted:
        raise NewPostError(["--attended names no session (give slugs or title words)"])
    sessions, unmatched = draft.match_sessions(loaded, wanted)
    if unmatched:
        lines = [line for u in unmatched for line in u.lines()]
        raise NewPostError(
            [
                *lines,
                f"{len(unmatched)} of {len(wanted)} did not name one session; nothing written.",
            ]
        )
    photos = draft.session_photos(content, loaded, UrlScheme())
    return draft.draft_body(loaded, sessions, photos)


def write_skeleton(folder: Path, title: str, conference: str | None, date: dt.date) -> Path:
    """The empty skeleton (kept for callers that need no conference data)."""
    try:
        return write_post(folder, title, conference, date)
    except NewPostError as exc:
        raise SystemExit(str(exc)) from None


__all__ = ["NewPostError", "attended_body", "default_date", "load", "write_post", "write_skeleton"]
