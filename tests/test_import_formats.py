"""frab XML, frab JSON and pretalx API imports: counts against the sources, lenient reading.

Expected counts are computed here straight from the files (lxml xpath, json), never by
the importer, and compared with what the importer wrote.
"""

from __future__ import annotations

import json

import pytest
from lxml import etree

from recapkit.importers import import_schedule
from recapkit.importers.sources import detect
from tests.test_import_helpers import FIXTURES, read, run, sessions, shared


def _written(content):
    conf = read(content, "conf", "conference")
    return (
        len(read(content, "conf", "sessions")["sessions"]),
        len(conf.get("rooms", [])),
        len(read(content, "conf", "speakers")["speakers"]),
    )


def _xml_counts(path):
    tree = etree.parse(str(path))
    return (
        len(tree.xpath("//event")),
        len({" ".join(n.lower().split()) for n in tree.xpath("//day/room/@name")}),
        len(set(tree.xpath("//event/persons/person/@id"))),
    )


def _frab_json_counts(path):
    conf = json.loads(path.read_text())["schedule"]["conference"]
    events = [e for day in conf["days"] for room in day["rooms"].values() for e in room]
    rooms = {name for day in conf["days"] for name in day["rooms"]}
    people = {p.get("code") or p.get("id") for e in events for p in e["persons"]}
    return len(events), len(rooms), len(people)


def _schedule2_counts(path):
    doc = json.loads(path.read_text())["schedule"]
    speakers = {
        p["guid"] for e in doc["events"] for p in e["participants"] if p.get("role") == "SPEAKER"
    }
    return len(doc["events"]), len(doc["conference"]["rooms"]), len(speakers)


def _pyconfr_counts(path):
    doc = json.loads(path.read_text())
    subs = [
        sub
        for part in ("schedule", "sprints")
        for minutes in doc[part].values()
        for rooms in minutes.values()
        for sub in rooms.values()
    ]
    extras = [x for minutes in doc["extra"].values() for x in minutes.values()]
    people = {p["code"] for s in subs for p in s["speakers"]}
    return len(subs) + len(extras), len(doc["rooms"]), len(people)


@pytest.fixture(scope="module")
def real_import(tmp_path_factory):
    """Each real export imported once per module: (content folder, outcome)."""
    done = {}

    def get(name):
        if name not in done:
            content = tmp_path_factory.mktemp(name.split(".")[0])
            done[name] = (content, run(shared(name), content))
        return done[name]

    return get


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("fosdem-2026-schedule.xml", _xml_counts),
        ("voc-example-pretalx-rc3.json", _frab_json_counts),
        ("voc-example-hub-schedule2.json", _schedule2_counts),
        ("pyconfr-2024-schedule.json", _pyconfr_counts),
    ],
)
def test_real_exports_import_with_every_session_room_and_speaker(real_import, name, count):
    content, outcome = real_import(name)
    assert _written(content) == count(shared(name))
    assert not outcome.report.of("skipped"), outcome.report.lines()


@pytest.mark.shared_data
def test_fosdem_counts_are_the_published_ones(real_import):
    path = shared("fosdem-2026-schedule.xml")
    assert _xml_counts(path)[:2] == (883, 30)
    content, _outcome = real_import("fosdem-2026-schedule.xml")
    conference = read(content, "conf", "conference")
    assert conference["timezone"] == "Europe/Brussels"
    assert conference["venue"]["city"] == "Brussels"
    tree = etree.parse(str(path))
    slugs = set(tree.xpath("//event/track/@slug")) | set(tree.xpath("/schedule/tracks/track/@slug"))
    assert len(conference["tracks"]) == len(slugs)


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("frab-messy.xml", _xml_counts),
        ("old-frab.xml", _xml_counts),
        ("schedule.json", _frab_json_counts),
    ],
)
def test_own_fixtures_import_with_every_session_room_and_speaker(tmp_path, name, count):
    run(FIXTURES / name, tmp_path)
    assert _written(tmp_path) == count(FIXTURES / name)


def test_messy_frab_is_fixed_and_each_fix_is_reported_with_its_line(tmp_path):
    outcome = run(FIXTURES / "frab-messy.xml", tmp_path)
    lines = outcome.report.lines()
    found = sessions(tmp_path)
    # the slug comes from the title, not frab's 'MINI-101-Opening'; missing guid and
    # non-UUID guid replaced by stable UUIDs
    assert "opening" in found and "mini-101-opening" not in found
    assert any("frab-messy.xml:40: fixed: no guid" in x for x in lines)
    assert any("frab-messy.xml:51:" in x and "not a UUID" in x for x in lines)
    guid = found["hands-on-parsers"]["guid"]
    assert len(guid) == 36 and guid != "not-a-uuid-103"
    # no <date>: built from the day and <start>; after day_change it is the next date
    assert found["parsing-all-the-things"]["start"] == "2031-02-01 10:00"
    assert found["late-night-hacking"]["start"] == "2031-02-03 01:30"
    # 'brussels' is not IANA; read as Europe/Brussels
    assert read(tmp_path, "conf", "conference")["timezone"] == "Europe/Brussels"
    # 'Aula' and 'aula ' are one room
    assert {s["room"] for s in found.values()} == {"aula", "side-room"}
    # a "Video recording" link becomes the session's video; HTML is gone from the bio
    assert found["opening"]["video"] == "https://video.example.org/opening.mp4"
    bios = {p["slug"]: p.get("bio") for p in read(tmp_path, "conf", "speakers")["speakers"]}
    assert bios["alice-example"] == "Builds parsers."


def test_guids_derived_for_missing_ones_are_stable(tmp_path):
    run(FIXTURES / "old-frab.xml", tmp_path / "a")
    run(FIXTURES / "old-frab.xml", tmp_path / "b")
    assert sessions(tmp_path / "a") == sessions(tmp_path / "b")


def test_old_frab_without_zone_or_offsets_says_so(tmp_path):
    outcome = run(FIXTURES / "old-frab.xml", tmp_path)
    assert any("no time zone and no offsets" in x for x in outcome.report.lines())
    found = sessions(tmp_path)
    assert {s["kind"] for s in found.values()} == {"talk", "panel"}
    assert found["hello-pentabarf"]["start"] == "2012-05-05 14:00"
    run(FIXTURES / "old-frab.xml", tmp_path / "tz", timezone="Europe/Berlin")
    assert read(tmp_path / "tz", "conf", "conference")["timezone"] == "Europe/Berlin"


def test_frab_json_offsets_decide_the_zone_and_links_are_sorted(tmp_path):
    outcome = run(FIXTURES / "schedule.json", tmp_path)
    assert read(tmp_path, "conf", "conference")["timezone"] == "Etc/GMT-1"
    assert any("from the offsets" in x for x in outcome.report.lines())
    found = sessions(tmp_path)
    assert found["first-json-talk"]["slides"] == "https://slides.example.org/json.pdf"
    assert found["hands-on-schemas"]["video"] == "https://www.youtube.com/watch?v=abcdefghijk"
    assert found["second-json-talk"]["kind"] == "lightning"
    assert found["second-json-talk"]["speakers"] == ["gus-json", "fay-json"]


def test_pretalx_api_data_with_i18n_and_states(tmp_path):
    outcome = run(FIXTURES / "pretalx-api.json", tmp_path)
    found = sessions(tmp_path)
    # the withdrawn one is skipped, and said so
    assert set(found) == {"scheduling-without-tears", "reviewing-at-scale"}
    assert any("withdrawn" in x and "skipped" in x for x in outcome.report.lines())
    assert found["reviewing-at-scale"]["title"] == "Reviewing at Scale"
    assert found["reviewing-at-scale"]["room"] == "room-b"
    assert found["reviewing-at-scale"]["kind"] == "workshop"
    assert found["scheduling-without-tears"]["slides"] == "https://files.example.org/s.pdf"
    assert read(tmp_path, "conf", "conference")["timezone"] == "Europe/Paris"
    assert found["scheduling-without-tears"]["start"] == "2029-06-01 10:00"
    names = {p["slug"]: p["name"] for p in read(tmp_path, "conf", "speakers")["speakers"]}
    assert names == {"ines-pretalx": "Ines Pretalx", "jules-pretalx": "Jules Pretalx"}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("frab-messy.xml", "frab-xml"),
        ("schedule.json", "frab-json"),
        ("pretalx-api.json", "pretalx-api"),
    ],
)
def test_format_detection(name, kind):
    assert detect((FIXTURES / name).read_bytes()) == kind


def test_unreadable_sources_fail_with_a_message_not_a_traceback(tmp_path):
    for source in ("file:///etc/passwd", str(tmp_path / "missing.xml")):
        outcome = import_schedule(source, "conf", content=tmp_path)
        assert not outcome.ok and outcome.problems
    (tmp_path / "junk.txt").write_text("hello")
    outcome = import_schedule(str(tmp_path / "junk.txt"), "conf", content=tmp_path)
    assert not outcome.ok and "neither XML nor JSON" in outcome.problems[0]


NORDIC_FRAB = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>NordCon</title><time_zone_name>Europe/Oslo</time_zone_name></conference>
  <day index="1" date="2030-03-04">
    <room name="Sal Øst">
      <event id="1">
        <date>2030-03-04T10:00:00+01:00</date>
        <duration>00:30</duration>
        <room>Sal Øst</room>
        <title>Fjørd Data</title>
        <type>lecture</type>
        <persons><person id="1">Kari Bjørstad</person><person id="2">Łukasz Langa</person></persons>
      </event>
    </room>
  </day>
</schedule>
"""


def test_names_outside_ascii_are_transliterated_in_slugs(tmp_path):
    source = tmp_path / "nordic.xml"
    source.write_text(NORDIC_FRAB, encoding="utf-8")
    run(source, tmp_path / "content")
    speakers = {
        p["slug"]: p["name"] for p in read(tmp_path / "content", "conf", "speakers")["speakers"]
    }
    assert speakers == {"kari-bjorstad": "Kari Bjørstad", "lukasz-langa": "Łukasz Langa"}
    found = sessions(tmp_path / "content")
    assert set(found) == {"fjord-data"}
    assert found["fjord-data"]["speakers"] == ["kari-bjorstad", "lukasz-langa"]
    assert found["fjord-data"]["room"] == "sal-ost"
