"""``invoke new-post`` on the real command line: help, dates, and the draft it writes."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.support import ROOT

CONFERENCE = """\
name: Tiny Conf 2031
timezone: Europe/Brussels
start: 2031-02-01
end: 2031-02-02
rooms: [Main]
"""
SESSIONS = """\
sessions:
  - slug: opening
    title: Opening
    start: 2031-02-01 09:00
    duration: 30
    room: Main
"""


def _project(tmp_path: Path, conference: bool = True) -> Path:
    """A project folder with the real tasks.py, and optionally one conference."""
    project = tmp_path / "project"
    (project / "content" / "posts").mkdir(parents=True)
    shutil.copy2(ROOT / "tasks.py", project / "tasks.py")
    if conference:
        folder = project / "content" / "conferences" / "tiny-2031"
        folder.mkdir(parents=True)
        (folder / "conference.yaml").write_text(CONFERENCE, encoding="utf-8")
        (folder / "sessions.yaml").write_text(SESSIONS, encoding="utf-8")
        (folder / "speakers.yaml").write_text("speakers: []\n", encoding="utf-8")
    return project


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _posts(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "content" / "posts").iterdir())


def test_help_prints_the_options_and_writes_nothing(tmp_path):
    project = _project(tmp_path)
    for flag in ("--help", "-h"):
        result = invoke(project, "new-post", flag)
        assert result.returncode == 0, result.stderr
        assert "Usage:" in result.stdout
        assert "--conference" in result.stdout and "--date" in result.stdout
        assert _posts(project) == []


def test_an_unknown_option_is_refused_not_taken_as_a_title(tmp_path):
    project = _project(tmp_path)
    result = invoke(project, "new-post", "--titel")
    assert result.returncode != 0
    assert _posts(project) == []


def test_the_date_defaults_to_the_conferences_last_day(tmp_path):
    project = _project(tmp_path)
    result = invoke(project, "new-post", "Tiny Conf", "--conference", "tiny-2031")
    assert result.returncode == 0, result.stderr
    assert _posts(project) == ["2031-02-02-tiny-conf.md"]
    text = (project / "content" / "posts" / "2031-02-02-tiny-conf.md").read_text()
    assert "\ndate: 2031-02-02\n" in text
    assert "\nconference: tiny-2031\n" in text
    assert "\nstatus: draft\n" in text


def test_an_explicit_date_wins_and_a_second_run_does_not_overwrite(tmp_path):
    project = _project(tmp_path)
    args = ("new-post", "Tiny Conf", "--conference", "tiny-2031", "--date", "2031-03-01")
    assert invoke(project, *args).returncode == 0
    path = project / "content" / "posts" / "2031-03-01-tiny-conf.md"
    path.write_text("my words", encoding="utf-8")
    again = invoke(project, *args)
    assert again.returncode == 1
    assert "exists already" in again.stderr
    assert path.read_text() == "my words"


def test_an_unknown_conference_is_one_line_and_nothing_is_written(tmp_path):
    project = _project(tmp_path)
    result = invoke(project, "new-post", "Nope", "--conference", "nope-2031")
    assert result.returncode == 1
    assert "no conference 'nope-2031'" in result.stderr
    assert "Traceback" not in result.stderr
    assert _posts(project) == []


def test_without_a_conference_the_skeleton_is_dated_today(tmp_path):
    import datetime as dt

    project = _project(tmp_path, conference=False)
    result = invoke(project, "new-post", "Notes")
    assert result.returncode == 0, result.stderr
    assert _posts(project) == [f"{dt.date.today().isoformat()}-notes.md"]


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")
