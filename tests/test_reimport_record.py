"""A re-import keeps what the author changed since the last import, takes what the
source changed, and says which is which (recapkit.importers.record)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support import ROOT, run_build
from tests.test_days import FIXTURE, empty_project, import_schedule

FOLDER = ("conferences", "nc31")
OPENING = "6a1f0c1e-8b2d-4c55-9b57-1a2b3c4d5e01"
SOLDERING = "6a1f0c1e-8b2d-4c55-9b57-1a2b3c4d5e04"
RADIO = "6a1f0c1e-8b2d-4c55-9b57-1a2b3c4d5e06"


def _file(content: Path, name: str) -> Path:
    return content.joinpath(*FOLDER, name)


def _sessions(content: Path) -> dict[str, dict]:
    """Sessions by guid (slugs are the importer's business, guids the source's)."""
    data = yaml.safe_load(_file(content, "sessions.yaml").read_text(encoding="utf-8"))
    return {s["guid"]: s for s in data["sessions"]}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_session(content: Path, guid: str, key: str, old: str, new: str) -> None:
    """Change one field of one session in sessions.yaml, as an author would by hand."""
    path = _file(content, "sessions.yaml")
    text = path.read_text(encoding="utf-8")
    at = text.index(f"guid: {guid}")
    start = text.rindex("  - slug:", 0, at)
    block = text[start:at]
    assert f"{key}: {old}\n" in block, block
    path.write_text(
        text[:start] + block.replace(f"{key}: {old}\n", f"{key}: {new}\n") + text[at:],
        encoding="utf-8",
    )


@pytest.fixture
def edited(tmp_path: Path) -> tuple[Path, Path]:
    """The fixture imported once, then the end, a title and a room edited by hand."""
    content = tmp_path / "site" / "content"
    content.mkdir(parents=True)
    source = tmp_path / "night.xml"
    source.write_bytes(FIXTURE.read_bytes())
    first = import_schedule(source, "nc31", content)
    assert first.returncode == 0, first.stdout + first.stderr
    assert _file(content, ".import-record.yaml").is_file()
    _edit(_file(content, "conference.yaml"), "end: 2031-12-28\n", "end: 2031-12-29\n")
    _edit_session(content, OPENING, "title", "Opening Night Congress", "Welcome to Night Congress")
    _edit_session(content, SOLDERING, "room", "saal-2", "saal-1")
    return source, content


def test_reimport_keeps_the_authors_end_title_and_room_and_reports_them(edited):
    source, content = edited
    again = import_schedule(source, "nc31", content)
    assert again.returncode == 0, again.stdout + again.stderr
    kept = [line for line in again.stdout.splitlines() if ": kept your " in line]
    assert len(kept) == 3, again.stdout
    assert any(
        line.startswith(f"{os.path.join('content', *FOLDER, 'conference.yaml')}: kept your ")
        and "kept your end 2031-12-29; the source says 2031-12-28" in line
        for line in kept
    ), kept
    assert any(
        "kept your title 'Welcome to Night Congress' (session '" in line
        and line.endswith(
            "; the source says 'Opening Night Congress' (--take-source title takes it)"
        )
        for line in kept
    ), kept
    assert any(
        "kept your room 'saal-1' (session '" in line and "; the source says 'saal-2'" in line
        for line in kept
    ), kept
    assert "end: 2031-12-29\n" in _file(content, "conference.yaml").read_text("utf-8")
    sessions = _sessions(content)
    assert sessions[OPENING]["title"] == "Welcome to Night Congress"
    assert sessions[SOLDERING]["room"] == "saal-1"
    # A third import still knows they are the author's.
    third = import_schedule(source, "nc31", content)
    assert third.stdout.count(": kept your ") == 3
    assert _sessions(content)[OPENING]["title"] == "Welcome to Night Congress"


def test_what_the_source_changed_is_taken_and_reported(edited):
    source, content = edited
    _edit(source, "<title>Radio Without Licence Plates</title>", "<title>Radio Free Night</title>")
    _edit(source, "<title>Opening Night Congress</title>", "<title>Grand Opening</title>")
    again = import_schedule(source, "nc31", content)
    assert again.returncode == 0, again.stdout + again.stderr
    sessions = _sessions(content)
    assert sessions[RADIO]["title"] == "Radio Free Night"  # nobody had touched it
    assert sessions[OPENING]["title"] == "Welcome to Night Congress"  # the author had
    assert "title changed" in next(
        line for line in again.stdout.splitlines() if ": updated: " in line and "title" in line
    )
    (kept,) = [line for line in again.stdout.splitlines() if "kept your title" in line]
    assert "'Welcome to Night Congress'" in kept and "the source says 'Grand Opening'" in kept


def test_take_source_overrides_the_authors_edit(edited):
    source, content = edited
    again = import_schedule(
        source, "nc31", content, "--take-source", "title", "--take-source", "end"
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert _sessions(content)[OPENING]["title"] == "Opening Night Congress"
    assert "end: 2031-12-28\n" in _file(content, "conference.yaml").read_text("utf-8")
    assert _sessions(content)[SOLDERING]["room"] == "saal-1"  # not named: still kept
    assert "end 2031-12-29 -> 2031-12-28" in again.stdout
    assert again.stdout.count(": kept your ") == 1


def test_an_unknown_take_source_field_is_one_line(edited):
    source, content = edited
    wrong = import_schedule(source, "nc31", content, "--take-source", "titel")
    assert wrong.returncode == 1
    assert (
        wrong.stderr.strip().splitlines() == [wrong.stderr.strip().splitlines()[0]]
        and "--take-source 'titel': not a field the import writes" in wrong.stderr
    )
    assert "Traceback" not in wrong.stderr


def test_the_invoke_task_passes_take_source_on():
    """``invoke --dry`` prints the command the task runs (without running it)."""
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "-r", str(ROOT), "--dry", "import", "x.xml", "nc31"]
        + ["--take-source", "room", "--take-source", "end"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "-m recapkit.importers x.xml --conference nc31" in done.stdout
    assert "--take-source room --take-source end" in done.stdout


def test_an_authors_own_session_stays_and_a_dropped_one_goes(edited):
    source, content = edited
    path = _file(content, "sessions.yaml")
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - slug: my-meetup\n    title: Our Own Meetup\n    kind: social\n"
        "    start: 2031-12-28 15:00\n    duration: 60\n",
        encoding="utf-8",
    )
    text = source.read_text(encoding="utf-8")
    start = text.index('<event guid="6a1f0c1e-8b2d-4c55-9b57-1a2b3c4d5e06"')
    source.write_text(text[:start] + text[text.index("</event>", start) + 8 :], "utf-8")
    again = import_schedule(source, "nc31", content)
    assert again.returncode == 0, again.stdout + again.stderr
    titles = {s["title"] for s in _sessions_all(content)}
    assert "Our Own Meetup" in titles
    assert "Radio Without Licence Plates" not in titles
    assert "kept your session 'my-meetup' (not from the source)" in again.stdout
    assert "is gone from the source: removed" in again.stdout


def _sessions_all(content: Path) -> list[dict]:
    data = yaml.safe_load(_file(content, "sessions.yaml").read_text(encoding="utf-8"))
    return data["sessions"]


def test_a_record_linked_from_outside_is_refused(edited, tmp_path: Path):
    source, content = edited
    record = _file(content, ".import-record.yaml")
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(record.read_text(encoding="utf-8"), encoding="utf-8")
    record.unlink()
    record.symlink_to(outside)
    again = import_schedule(source, "nc31", content)
    assert again.returncode == 1
    assert ".import-record.yaml" in again.stderr and "outside" in again.stderr
    assert "Traceback" not in again.stderr
    assert outside.read_text(encoding="utf-8") == record.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_record_is_never_published(edited, tmp_path: Path):
    _source, content = edited
    project = empty_project(tmp_path / "built")
    (content / "conferences").rename(project / "content" / "conferences")
    build = run_build(project, tmp_path / "out")
    assert build.returncode == 0, build.stderr
    assert "import-record" not in build.stderr
    published = [p.name for p in (tmp_path / "out").rglob("*")]
    assert not [name for name in published if "import-record" in name]
