"""The site's own schedule.xml and schedule.json import back to the same sessions."""

from __future__ import annotations

import shutil

import pytest
from ruamel.yaml import YAML

from recapkit.conference.models import Session
from recapkit.conference.video import video_for
from tests.support import run_build
from tests.test_import_helpers import FIXTURES, ROOT, read, run

DEMO = ROOT / "content" / "conferences" / "djangocon-us-2019"


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


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The demo conference built by the site; its frab exports."""
    project = tmp_path_factory.mktemp("roundtrip") / "site"
    (project / "content" / "conferences").mkdir(parents=True)
    (project / "content" / "posts").mkdir()
    (project / "content" / "pages").mkdir()
    shutil.copytree(DEMO, project / "content" / "conferences" / DEMO.name)
    shutil.copytree(ROOT / "themes", project / "themes")
    shutil.copy2(ROOT / "pelicanconf.py", project / "pelicanconf.py")
    build = run_build(project, project / "output")
    assert build.returncode == 0, build.stdout + build.stderr
    folder = project / "output" / "conferences" / DEMO.name
    return folder / "schedule.xml", folder / "schedule.json"


@pytest.mark.parametrize("which", [0, 1], ids=["schedule.xml", "schedule.json"])
def test_site_exports_import_back_to_identical_sessions(tmp_path, exported, which):
    source = exported[which]
    outcome = run(source, tmp_path, DEMO.name)
    assert not outcome.report.of("skipped"), outcome.report.lines()
    zone, again = _semantic(tmp_path / "conferences" / DEMO.name)
    original_zone, original = _semantic(DEMO)
    assert zone == original_zone
    assert set(again) == set(original)
    for slug, session in original.items():
        assert again[slug] == session, slug


def test_a_writer_free_round_trip_is_stable(tmp_path):
    """Without the site: import, import the same export again, nothing moves."""
    run(FIXTURES / "schedule.json", tmp_path)
    first = read(tmp_path, "conf", "sessions")
    outcome = run(FIXTURES / "schedule.json", tmp_path)
    assert read(tmp_path, "conf", "sessions") == first
    assert not outcome.report.of("moved", "updated", "removed", "added")
