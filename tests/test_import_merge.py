"""Re-importing a newer export keeps the author's work and says what changed."""

from __future__ import annotations

import json
import shutil

from tests.test_import_helpers import FIXTURES, JEKYLL_DIR, read, run, sessions


def _edit_source(path):
    """The 'after the event' export: one talk moved, one video added, one talk removed."""
    doc = json.loads(path.read_text())
    days = doc["schedule"]["conference"]["days"]
    stage = days[0]["rooms"]["Stage"]
    stage[0]["date"] = "2030-12-27T13:30:00+01:00"
    stage[0]["start"] = "13:30"
    stage[1]["links"] = [{"url": "https://media.example.org/v/second", "title": "Video"}]
    days[1]["rooms"]["Workshop Room"] = []
    path.write_text(json.dumps(doc))


def _session_changes(outcome):
    return [
        n
        for n in outcome.report.of("added", "moved", "updated", "removed")
        if "session '" in n.message
    ]


def test_reimport_of_a_changed_export_keeps_author_fields_and_reports_three_changes(tmp_path):
    source = tmp_path / "schedule.json"
    shutil.copy(FIXTURES / "schedule.json", source)
    content = tmp_path / "content"
    run(source, content)
    path = content / "conferences" / "conf" / "sessions.yaml"
    text = path.read_text()
    text = text.replace("sessions:\n", "# my notes on JSONCon\nsessions:\n", 1)
    text = text.replace(
        "    abstract: Kurz.\n",
        "    abstract: My own summary of the second talk.\n    notes: Sat in the front row.\n",
    )
    text = text.replace(
        "    title: First JSON Talk\n",
        "    title: First JSON Talk  # saw it twice\n",
    )
    text = text.replace(
        "    guid: 7a1b2c3d-0000-4000-8000-000000000001\n",
        "    links:\n      - title: My photos\n        url: https://photos.example.org/json\n"
        "    guid: 7a1b2c3d-0000-4000-8000-000000000001\n",
    )
    path.write_text(text)

    _edit_source(source)
    outcome = run(source, content)

    changes = _session_changes(outcome)
    assert sorted((n.action, n.message.split("'")[1]) for n in changes) == [
        ("moved", "first-json-talk"),
        ("removed", "hands-on-schemas"),
        ("updated", "second-json-talk"),
    ], outcome.report.lines()
    assert any("'second-json-talk': video link added" in n.message for n in changes)
    assert any("13:30" in n.message for n in changes if n.action == "moved")
    found = sessions(content)
    assert found["first-json-talk"]["start"] == "2030-12-27 13:30"
    assert found["second-json-talk"]["video"] == "https://media.example.org/v/second"
    assert "hands-on-schemas" not in found
    assert found["second-json-talk"]["notes"] == "Sat in the front row."
    assert found["second-json-talk"]["abstract"] == "My own summary of the second talk."
    assert {"title": "My photos", "url": "https://photos.example.org/json"} in found[
        "first-json-talk"
    ]["links"]
    written = path.read_text()
    assert "# my notes on JSONCon" in written
    assert "title: First JSON Talk  # saw it twice" in written


def test_reimporting_the_same_export_changes_nothing(tmp_path):
    content = tmp_path / "content"
    run(FIXTURES / "frab-messy.xml", content)
    before = {p.name: p.read_text() for p in (content / "conferences" / "conf").iterdir()}
    outcome = run(FIXTURES / "frab-messy.xml", content)
    after = {p.name: p.read_text() for p in (content / "conferences" / "conf").iterdir()}
    assert before == after
    assert not outcome.report.of("added", "moved", "updated", "removed")


def test_the_authors_conference_description_survives(tmp_path):
    content = tmp_path / "content"
    run(JEKYLL_DIR, content, timezone="America/Los_Angeles")
    path = content / "conferences" / "conf" / "conference.yaml"
    text = path.read_text().replace("name: Salon F-H", "name: The Small Hall")
    text = text.replace("url: https://samplecon.example.org", "url: https://samplecon.example.org/")
    path.write_text(text + "venue:\n  name: Test Venue\n  city: San Diego\n")
    run(JEKYLL_DIR, content, timezone="America/Los_Angeles")
    conference = read(content, "conf", "conference")
    assert {"slug": "salon-f-h", "name": "The Small Hall"} in conference["rooms"]
    assert conference["url"] == "https://samplecon.example.org/"
    assert conference["venue"] == {"name": "Test Venue", "city": "San Diego"}


def test_a_broken_author_file_is_reported_not_overwritten(tmp_path):
    content = tmp_path / "content"
    run(FIXTURES / "old-frab.xml", content)
    path = content / "conferences" / "conf" / "sessions.yaml"
    path.write_text("sessions: [\n")
    from recapkit.importers import import_schedule

    outcome = import_schedule(str(FIXTURES / "old-frab.xml"), "conf", content=content)
    assert not outcome.ok
    assert "sessions.yaml:" in outcome.problems[0]
    assert path.read_text() == "sessions: [\n"


def test_a_misspelt_field_in_an_author_file_stops_the_import(tmp_path):
    content = tmp_path / "content"
    run(FIXTURES / "old-frab.xml", content)
    path = content / "conferences" / "conf" / "sessions.yaml"
    text = path.read_text().replace("    title:", "    notez: mine\n    title:", 1)
    path.write_text(text)
    from recapkit.importers import import_schedule

    outcome = import_schedule(str(FIXTURES / "old-frab.xml"), "conf", content=content)
    assert not outcome.ok
    assert len(outcome.problems) == 1
    assert "sessions.yaml:3:" in outcome.problems[0]
    assert "unknown field 'notez'" in outcome.problems[0]
    assert path.read_text() == text
