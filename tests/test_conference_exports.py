"""Calendar and schedule exports: valid against the published schemas, right instants,
stable identifiers, same bytes on every build."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import icalendar
import jsonschema
import pytest
import xmlschema

from tests.fixturesite import CONF_URL
from tests.support import run_build, shared_data

FIXTURES = Path(__file__).parent / "fixtures" / "conference"
BASE = "https://example.org/recaps"
CONF = "conferences/pycoast-2019"


def _schemas_or_skip() -> Path:
    return shared_data("schedules", "schemas", "schedule.xml.xsd").parent


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory):
    site = tmp_path_factory.mktemp("conf") / "site"
    shutil.copytree(FIXTURES / "site", site)
    build = run_build(site, site.parent / "out", extra=["-e", f"SITE_ABSOLUTE_URL={BASE}"])
    assert build.returncode == 0, build.stderr
    return build


def validate_exports(output: Path, conf: str) -> tuple[bytes, dict]:
    schemas = _schemas_or_skip()
    xml = (output / conf / "schedule.xml").read_bytes()
    xmlschema.XMLSchema(schemas / "schedule.xml.xsd").validate(xml.decode("utf-8"))
    data = json.loads((output / conf / "schedule.json").read_text(encoding="utf-8"))
    schema = json.loads((schemas / "schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    return xml, data


def events_of(path: Path) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def utc(event: icalendar.Event, name: str = "DTSTART") -> dt.datetime:
    return event.decoded(name).astimezone(dt.UTC)


@pytest.mark.shared_data
def test_frab_xml_and_jsonvalidate_exports(fixture_build):
    xml, data = validate_exports(fixture_build.output, CONF)
    conference = data["schedule"]["conference"]
    assert conference["acronym"] == "pycoast2019"
    assert [d["date"] for d in conference["days"]] == ["2019-09-23", "2019-09-24"]
    rooms = conference["days"][0]["rooms"]
    keynote = next(e for e in rooms["Main Hall"] if e["title"].startswith("Keynote"))
    assert keynote["date"] == "2019-09-23T10:15:00-07:00"
    assert keynote["duration"] == "00:45"
    assert keynote["persons"][0]["name"] == "Ada Keynoter"
    assert keynote["url"] == f"{BASE}/{CONF}/talks/opening-keynote/"
    assert b"<acronym>pycoast2019</acronym>" in xml


def test_calendar_times_uids_and_links(fixture_build):
    out = fixture_build.output
    events = {e["SUMMARY"]: e for e in events_of(out / CONF / "schedule.ics")}
    keynote = events["Keynote: Looking after each other"]
    assert utc(keynote) == dt.datetime(2019, 9, 23, 17, 15, tzinfo=dt.UTC)
    assert utc(keynote, "DTEND") == dt.datetime(2019, 9, 23, 18, 0, tzinfo=dt.UTC)
    assert keynote["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert str(keynote["LOCATION"]) == "Main Hall"
    assert str(keynote["URL"]) == f"{BASE}/{CONF}/talks/opening-keynote/"
    raw = (out / CONF / "schedule.ics").read_text(encoding="utf-8")
    assert "BEGIN:VTIMEZONE" in raw and "TZID:America/Los_Angeles" in raw
    uids = [str(e["UID"]) for e in events.values()]
    assert len(set(uids)) == len(uids) == 7

    single = events_of(out / CONF / "talks/opening-keynote/opening-keynote.ics")
    assert len(single) == 1 and single[0]["UID"] == keynote["UID"]
    assert utc(single[0]) == utc(keynote)


def test_exports_are_byte_for_byte_reproducible(fixture_build, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", site)
    again = run_build(site, tmp_path / "out", extra=["-e", f"SITE_ABSOLUTE_URL={BASE}"])
    assert again.returncode == 0, again.stderr
    for name in ("schedule.ics", "schedule.xml", "schedule.json", "schedule/grid.css"):
        first = (fixture_build.output / CONF / name).read_bytes()
        assert first == (again.output / CONF / name).read_bytes(), name


@pytest.mark.shared_data
def test_fixture_site_exports_validate_with_the_keynote_in_utc(site_prod):
    conf = CONF_URL.rstrip("/")
    _, data = validate_exports(site_prod.output, conf)
    assert [d["date"] for d in data["schedule"]["conference"]["days"]] == [
        "2025-06-12",
        "2025-06-13",
    ]
    events = {str(e["SUMMARY"]): e for e in events_of(site_prod.output / conf / "schedule.ics")}
    keynote = events["Keynote: Reading the tide tables"]
    assert utc(keynote) == dt.datetime(2025, 6, 12, 7, 0, tzinfo=dt.UTC)  # 09:00 in Bergen
    assert keynote["DTSTART"].params["TZID"] == "Europe/Oslo"
