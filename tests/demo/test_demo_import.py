"""The demo's DjangoCon US 2019 data is what the Jekyll importer makes of the real source
(../shared/data) plus the author's edits, and none of its prose is copied from it."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from tests.test_import_helpers import ROOT, read, run, sessions, shared
from tests.test_import_jekyll import _utc


def _demo_copy(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "conferences", content / "conferences")
    return content


@pytest.mark.shared_data
def test_demo_data_is_the_importers_output_plus_the_authors_edits(tmp_path):
    source = shared("djangocon-us-2019")
    content = _demo_copy(tmp_path)
    folder = content / "conferences" / "djangocon-us-2019"
    # The three content files (the import also leaves its record, .import-record.yaml).
    before = {p.name: p.read_text() for p in folder.glob("[!.]*.yaml")}
    outcome = run(source, content, "djangocon-us-2019", timezone="America/Los_Angeles", prose=False)
    after = {p.name: p.read_text() for p in folder.glob("[!.]*.yaml")}
    assert after == before, "re-importing changed the committed demo data"
    assert not outcome.report.of("added", "removed", "moved", "updated")
    conference = read(content, "djangocon-us-2019", "conference")
    assert conference["venue"]["name"] == "Mission Valley Marriott"
    assert conference["url"] == "https://2019.djangocon.us/"
    assert {"date": dt.date(2019, 9, 25), "kind": "talks", "title": "Deep-dive day"} in conference[
        "days"
    ]
    keynote = sessions(content, "djangocon-us-2019")["keynote-matt-mitchell"]
    assert keynote["start"] == "2019-09-23 10:15"
    assert _utc(keynote["start"], conference["timezone"]).strftime("%Y-%m-%d %H:%M") == (
        "2019-09-23 17:15"
    )
    assert keynote["speakers"] == ["matt-mitchell"]
    found = sessions(content, "djangocon-us-2019")
    assert "just-add-await-retrofitting-async-into" in found
    assert "lightning-talks-2019-09-24" in found
    assert found["board-game-night"]["notes"]  # the author's note survived


@pytest.mark.shared_data
def test_demo_without_timezone_flags_the_offset(tmp_path):
    source = shared("djangocon-us-2019")
    content = _demo_copy(tmp_path)
    outcome = import_dry(source, content)
    flagged = [line for line in outcome.report.lines() if "contradicts" in line]
    assert flagged, outcome.report.lines()[:5]
    assert "-05:00" in flagged[0] and "America/Los_Angeles" in flagged[0]
    assert "--timezone America/Los_Angeles" in flagged[0]


def import_dry(source, content):
    from recapkit.importers import import_schedule

    outcome = import_schedule(
        str(source), "djangocon-us-2019", content=content, prose=False, dry_run=True
    )
    assert outcome.ok, outcome.problems
    return outcome


@pytest.mark.shared_data
def test_demo_does_not_copy_the_conferences_prose():
    source = shared("djangocon-us-2019")
    texts = " ".join(
        " ".join(p.read_text(encoding="utf-8").split()) for p in source.rglob("*") if p.is_file()
    )
    folder = ROOT / "content" / "conferences" / "djangocon-us-2019"
    prose = [
        s.get("abstract")
        for s in read(folder.parent.parent, "djangocon-us-2019", "sessions")["sessions"]
    ]
    prose += [
        p.get("bio")
        for p in read(folder.parent.parent, "djangocon-us-2019", "speakers")["speakers"]
    ]
    written = [" ".join(t.split()) for t in prose if t]
    assert written, "the demo has a few summaries of its own"
    for text in written:
        words = text.split()
        for i in range(max(1, len(words) - 7)):
            assert " ".join(words[i : i + 8]) not in texts, text
