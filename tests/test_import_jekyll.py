"""DjangoCon US-style Jekyll import: slugs, kinds, time zones, and the demo's data."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest

from tests.test_import_helpers import FIXTURES, ROOT, read, run, sessions, shared

JEKYLL = FIXTURES / "jekyll"


def _utc(local: str, zone: str) -> dt.datetime:
    when = dt.datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone))
    return when.astimezone(dt.UTC)


def test_timezone_option_keeps_wall_clock_times(tmp_path):
    outcome = run(JEKYLL, tmp_path, timezone="America/Los_Angeles")
    keynote = sessions(tmp_path)["keynote-ada-lovelace"]
    assert keynote["start"] == "2031-09-23 10:15"
    assert _utc(keynote["start"], "America/Los_Angeles").strftime("%H:%M") == "17:15"
    assert read(tmp_path, "conf", "conference")["timezone"] == "America/Los_Angeles"
    assert any("offset -05:00 ignored" in line for line in outcome.report.lines())


def test_without_option_the_offset_contradicting_the_venue_zone_is_flagged(tmp_path):
    folder = tmp_path / "conferences" / "conf"
    folder.mkdir(parents=True)
    (folder / "conference.yaml").write_text(
        "slug: conf\nname: SampleCon\ntimezone: America/Los_Angeles\n"
        "start: 2031-09-22\nend: 2031-09-24\n"
    )
    outcome = run(JEKYLL, tmp_path)
    flagged = [line for line in outcome.report.lines() if "contradicts" in line]
    assert flagged and "-05:00" in flagged[0] and "America/Los_Angeles" in flagged[0]
    assert ".md:" in flagged[0]  # the source location of the first offending time
    # the offset was honoured: 10:15 at UTC-5 is 08:15 in San Diego
    assert sessions(tmp_path)["keynote-ada-lovelace"]["start"] == "2031-09-23 08:15"


def test_fresh_import_uses_the_sites_declared_zone(tmp_path):
    outcome = run(JEKYLL, tmp_path)
    assert read(tmp_path, "conf", "conference")["timezone"] == "America/Chicago"
    assert sessions(tmp_path)["keynote-ada-lovelace"]["start"] == "2031-09-23 10:15"
    assert not [line for line in outcome.report.lines() if "contradicts" in line]


def test_slugs_kinds_and_lenient_reading(tmp_path):
    outcome = run(JEKYLL, tmp_path, timezone="America/Los_Angeles")
    found = sessions(tmp_path)
    assert set(found) == {
        "compilers-by-hand",
        "keynote-ada-lovelace",
        "break",
        "loops-that-do-less",
        "lightning-talks-2031-09-23",
        "lightning-talks-2031-09-24",
        "closing-comments",
    }
    kinds = {slug: s["kind"] for slug, s in found.items()}
    assert kinds["compilers-by-hand"] == "tutorial"
    assert kinds["keynote-ada-lovelace"] == "keynote"
    assert kinds["break"] == "break"
    assert kinds["loops-that-do-less"] == "talk"
    assert kinds["lightning-talks-2031-09-23"] == "lightning"
    assert found["loops-that-do-less"]["speakers"] == ["grace-hopper"]
    assert found["loops-that-do-less"]["slides"] == "https://slides.example.org/loops"
    assert found["keynote-ada-lovelace"]["video"] == "https://youtu.be/sample-keynote"
    # a missing end is guessed from the next session and reported with file:line
    assert found["keynote-ada-lovelace"]["end"] == "2031-09-23 11:00"
    lines = outcome.report.lines()
    assert any("keynote-ada-lovelace.md:" in line and "no end time" in line for line in lines)
    assert any("presenters given as a string" in line for line in lines)
    assert any("without .md" in line for line in lines)
    # "Rio Vista Ballroom Salons A-E" is the same room as "Salon A-E"
    assert found["lightning-talks-2031-09-24"]["room"] == "salon-a-e"
    speakers = {p["slug"]: p for p in read(tmp_path, "conf", "speakers")["speakers"]}
    assert set(speakers) == {"ada-lovelace", "grace-hopper"}
    assert {"title": "GitHub", "url": "https://github.com/ada"} in speakers["ada-lovelace"]["links"]
    assert {"title": "Twitter", "url": "https://twitter.com/ada"} in speakers["ada-lovelace"][
        "links"
    ]
    assert "links" not in speakers["grace-hopper"]  # empty handles are not links
    assert speakers["ada-lovelace"]["affiliation"] == "Analytical Engines Ltd"


def test_no_prose_leaves_abstracts_and_bios_out(tmp_path):
    run(JEKYLL, tmp_path, timezone="America/Los_Angeles", prose=False)
    assert not [s for s in sessions(tmp_path).values() if "abstract" in s]
    assert not [p for p in read(tmp_path, "conf", "speakers")["speakers"] if "bio" in p]


def test_command_line_prints_the_report_and_writes(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "recapkit.importers",
            str(JEKYLL),
            "--conference",
            "conf",
            "--timezone",
            "America/Los_Angeles",
            "--content",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "7 sessions, 3 rooms, 2 speakers written" in result.stdout
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "recapkit.importers",
            str(JEKYLL),
            "--conference",
            "conf",
            "--timezone",
            "Mars/Olympus",
            "--content",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert bad.returncode == 1 and "Mars/Olympus" in bad.stderr and "Traceback" not in bad.stderr


# --- the demo's DjangoCon US 2019 data -------------------------------------------------


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
