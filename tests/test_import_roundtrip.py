"""The site's own schedule.xml and schedule.json import back to the same sessions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from recapkit.conference.models import Session
from recapkit.conference.video import video_for
from tests.fixturesite import CONFERENCE, SITE
from tests.support import SITE_SETTINGS, run_build
from tests.test_import_helpers import FIXTURES, ROOT, read, run

FOLDER = SITE / "content" / "conferences" / CONFERENCE


def _semantic(folder):
    """What a reader sees of each session: times, room and speakers by name, links."""
    yaml = YAML(typ="safe")
    conference = yaml.load((folder / "conference.yaml").read_text())
    rooms = {r["slug"]: r["name"] for r in conference.get("rooms", [])}
    people = {
        p["slug"]: p["name"] for p in yaml.load((folder / "speakers.yaml").read_text())["speakers"]
    }
    result = {}
    for raw in yaml.load((folder / "sessions.yaml").read_text())["sessions"]:
        s = Session.model_validate(raw)
        result[s.slug] = (
            s.title,
            s.kind.value,
            s.start,
            s.finish,
            rooms.get(s.room) if s.room else None,
            tuple(people[p] for p in s.speakers),
            video_for(s.video).url if s.video else None,  # one video, however linked
            s.slides,
            s.language,
        )
    return conference["timezone"], result


def export(project: Path, conference: Path) -> tuple[Path, Path]:
    """Build a site holding only ``conference`` (YAML, no photos) in ``project``; return
    the paths of its frab exports (schedule.xml, schedule.json)."""
    for name in ("posts", "pages"):
        (project / "content" / name).mkdir(parents=True)
    shutil.copytree(
        conference,
        project / "content" / "conferences" / conference.name,
        ignore=shutil.ignore_patterns("photos"),
    )
    shutil.copytree(ROOT / "themes", project / "themes")
    shutil.copy2(SITE_SETTINGS / "pelicanconf.py", project / "pelicanconf.py")
    build = run_build(project, project / "output")
    assert build.returncode == 0, build.stdout + build.stderr
    folder = project / "output" / "conferences" / conference.name
    return folder / "schedule.xml", folder / "schedule.json"


def assert_imports_back(source: Path, conference: Path, tmp_path: Path) -> None:
    """Importing ``source`` (an export of ``conference``) gives the same sessions."""
    outcome = run(source, tmp_path, conference.name)
    assert not outcome.report.of("skipped"), outcome.report.lines()
    zone, again = _semantic(tmp_path / "conferences" / conference.name)
    original_zone, original = _semantic(conference)
    assert zone == original_zone
    assert set(again) == set(original)
    for slug, session in original.items():
        assert again[slug] == session, slug


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The fixture site's conference built by the site; its frab exports."""
    return export(tmp_path_factory.mktemp("roundtrip") / "site", FOLDER)


@pytest.mark.parametrize("which", [0, 1], ids=["schedule.xml", "schedule.json"])
def test_site_exports_import_back_to_identical_sessions(tmp_path, exported, which):
    assert_imports_back(exported[which], FOLDER, tmp_path)


def test_a_writer_free_round_trip_is_stable(tmp_path):
    """Without the site: import, import the same export again, nothing moves."""
    run(FIXTURES / "schedule.json", tmp_path)
    first = read(tmp_path, "conf", "sessions")
    outcome = run(FIXTURES / "schedule.json", tmp_path)
    assert read(tmp_path, "conf", "sessions") == first
    assert not outcome.report.of("moved", "updated", "removed", "added")
