"""Sessions without a time: accepted by the loader, kept out of the grid, checked."""

from __future__ import annotations

import textwrap

from recapkit.conference.loader import load_conference

CONFERENCE = """
slug: conf
name: WaitCon
timezone: Europe/Vienna
start: 2031-04-20
end: 2031-04-20
rooms: [Aula]
"""
SPEAKERS = "speakers:\n  - slug: ada\n    name: Ada\n"


def _folder(tmp_path, sessions: str):
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / "conference.yaml").write_text(textwrap.dedent(CONFERENCE).lstrip())
    (folder / "speakers.yaml").write_text(SPEAKERS)
    (folder / "sessions.yaml").write_text(textwrap.dedent(sessions).lstrip())
    return folder


def test_a_session_without_a_start_is_listed_apart(tmp_path):
    loaded, problems = load_conference(
        _folder(
            tmp_path,
            """
            sessions:
              - slug: opening
                title: Opening
                start: 2031-04-20 09:00
                duration: 30
                room: aula
              - slug: reserve
                title: Reserve talk
                speakers: [ada]
            """,
        )
    )
    assert problems == [] and loaded is not None
    assert [s.slug for s in loaded.sessions] == ["opening"]
    assert [s.slug for s in loaded.unscheduled] == ["reserve"]


def test_an_unscheduled_session_cannot_have_a_room_and_still_names_real_speakers(tmp_path):
    loaded, problems = load_conference(
        _folder(
            tmp_path,
            """
            sessions:
              - slug: reserve
                title: Reserve talk
                room: aula
              - slug: other
                title: Other reserve
                speakers: [nobody]
            """,
        )
    )
    assert loaded is None
    text = [str(p) for p in problems]
    assert any(":2:" in t and "no start" in t for t in text), text
    assert any("unknown speaker 'nobody'" in t for t in text), text
