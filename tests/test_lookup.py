"""Finding a talk or a speaker by slug or by words: ``invoke talks``, ``invoke speakers``
and the ``{talk}`` link error's "did you mean" (recapkit.conference.lookup)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from recapkit.conference.loader import load_conference
from recapkit.conference.lookup import (
    Ambiguous,
    NotFound,
    SessionMatch,
    SpeakerMatch,
    find_sessions,
    resolve_session,
    resolve_speaker,
)
from tests.support import ROOT, run_build

CONFERENCE = """\
slug: kconf
name: Kernel Conf
timezone: Europe/Berlin
start: 2031-06-28
end: 2031-06-29
day_change: "04:00"
rooms: [Saal 1, Saal 2]
"""
SESSIONS = """\
sessions:
  - slug: rust-kernel
    title: Rust in the Linux Kernel
    speakers: [jane-bjorstad]
    start: 2031-06-28 10:00
    duration: 30
    room: saal-1
  - slug: kernel-scheduling
    title: Kernel Scheduling Explained
    speakers: [omar-haddad]
    start: 2031-06-28 10:00
    duration: 30
    room: saal-2
  - slug: cafe-talk
    title: Café Protocols After Dark
    speakers: [jane-bjorstad]
    start: 2031-06-29 00:30
    duration: 45
    room: saal-1
  - slug: lunch
    title: Lunch
    kind: break
    start: 2031-06-28 12:00
    duration: 60
"""
SPEAKERS = """\
speakers:
  - slug: jane-bjorstad
    name: Jane Bjørstad
    affiliation: Kernel Labs
  - slug: omar-haddad
    name: Omar Haddad
"""


def write_conference(content: Path) -> Path:
    folder = content / "conferences" / "kconf"
    folder.mkdir(parents=True)
    for name, text in (
        ("conference.yaml", CONFERENCE),
        ("sessions.yaml", SESSIONS),
        ("speakers.yaml", SPEAKERS),
    ):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def loaded(tmp_path: Path):
    conference, problems = load_conference(write_conference(tmp_path / "content"))
    assert conference is not None, problems
    return conference


def test_two_title_words_in_any_case_find_the_one_talk(loaded):
    match = resolve_session(loaded, "RUST kernel")
    assert isinstance(match, SessionMatch)
    assert (match.slug, match.room, match.start) == (
        "rust-kernel",
        "Saal 1",
        dt.datetime(2031, 6, 28, 10, 0),
    )


def test_word_beginnings_and_accents_match(loaded):
    assert resolve_session(loaded, "cafe proto").slug == "cafe-talk"  # type: ignore[union-attr]
    assert resolve_speaker(loaded, "bjorst").slug == "jane-bjorstad"  # type: ignore[union-attr]
    assert resolve_speaker(loaded, "BJØRSTAD").slug == "jane-bjorstad"  # type: ignore[union-attr]


def test_speaker_names_find_their_talks(loaded):
    assert [m.slug for m in find_sessions(loaded, "haddad")] == ["kernel-scheduling"]


def test_an_after_midnight_talk_belongs_to_the_day_it_continues(loaded):
    match = resolve_session(loaded, "cafe-talk")
    assert isinstance(match, SessionMatch)
    assert match.day == dt.date(2031, 6, 28)
    assert match.start == dt.datetime(2031, 6, 29, 0, 30)


def test_a_shared_word_is_ambiguous_and_lists_both(loaded):
    result = resolve_session(loaded, "kernel")
    assert isinstance(result, Ambiguous)
    assert {m.slug for m in result.candidates} == {"rust-kernel", "kernel-scheduling"}


def test_an_exact_slug_wins_over_words(loaded):
    # "kernel-scheduling" is also two words of both... but it is a slug.
    assert resolve_session(loaded, "kernel-scheduling").slug == "kernel-scheduling"  # type: ignore[union-attr]


def test_a_typo_is_not_found_but_suggests_the_close_spelling(loaded):
    result = resolve_session(loaded, "rust-kernal")
    assert isinstance(result, NotFound)
    assert [m.slug for m in result.suggestions][:1] == ["rust-kernel"]
    assert isinstance(resolve_speaker(loaded, "nobody at all"), NotFound)


def test_speaker_match_lists_their_talks(loaded):
    match = resolve_speaker(loaded, "jane")
    assert isinstance(match, SpeakerMatch)
    assert match.talks == ("rust-kernel", "cafe-talk")


def invoke(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "-r", str(ROOT), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_invoke_talks_finds_a_talk_by_two_title_words(tmp_path: Path):
    write_conference(tmp_path / "content")
    found = invoke("talks", "kconf", "linux rust", "--content", str(tmp_path / "content"))
    assert found.returncode == 0, found.stderr
    lines = found.stdout.splitlines()
    assert len(lines) == 1
    slug, day, time, room, title = (part.strip() for part in lines[0].split("  ") if part)
    assert (slug, day, time, room) == ("rust-kernel", "Sat 28 Jun", "10:00-10:30", "Saal 1")
    assert title.startswith("Rust in the Linux Kernel")


def test_invoke_talks_and_speakers_say_when_nothing_matches(tmp_path: Path):
    write_conference(tmp_path / "content")
    content = str(tmp_path / "content")
    none = invoke("talks", "kconf", "quantum gardening", "--content", content)
    assert none.returncode == 1
    assert "no talk matches 'quantum gardening'" in none.stderr
    close = invoke("speakers", "kconf", "omar hadad", "--content", content)
    assert close.returncode == 1
    assert "close spellings" in close.stderr
    assert close.stdout.startswith("omar-haddad  Omar Haddad")
    outside = tmp_path / "elsewhere"
    write_conference(outside)
    (tmp_path / "content" / "conferences" / "linked").symlink_to(outside / "conferences" / "kconf")
    linked = invoke("talks", "linked", "rust", "--content", content)
    assert linked.returncode == 1 and "outside" in linked.stderr
    assert "rust-kernel" not in linked.stdout
    missing = invoke("talks", "nope", "x", "--content", content)
    assert missing.returncode == 1
    assert "no conference 'nope'" in missing.stderr
    assert "Traceback" not in missing.stderr


@pytest.mark.slow
def test_a_broken_talk_link_suggests_talks_with_its_words(sample_site, tmp_path: Path):
    project = sample_site(
        {
            "posts/recap.md": textwrap.dedent(
                """\
                ---
                title: Recap
                date: 2031-07-01
                conference: kconf
                ---
                See [the Rust talk]({talk}rust-in-linux) and [Omar]({speaker}omar-hadad).
                """
            )
        }
    )
    write_conference(project / "content")
    build = run_build(project, tmp_path / "out")
    assert build.returncode == 1
    assert "no talk 'rust-in-linux' in kconf (did you mean 'rust-kernel'?)" in build.stderr
    assert "no speaker 'omar-hadad' in kconf (did you mean 'omar-haddad'?)" in build.stderr
    assert "Traceback" not in build.stderr
