"""DjangoCon US-style Jekyll import: slugs, kinds, time zones (the demo's data is checked
in tests/demo/test_demo_import.py)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from zoneinfo import ZoneInfo

from tests.test_import_helpers import FIXTURES, ROOT, read, run, sessions

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
