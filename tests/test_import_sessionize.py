"""Sessionize imports (All, GridSmart, Sessions views) from the real Global Azure export.

Counts are taken from the JSON here, never from the importer. The site built from the
import must build without a warning, show the lunch break and the plenum keynote across
every room, and list the unscheduled session under the schedule.
"""

from __future__ import annotations

import pytest
from lxml import html

from recapkit.core.slugs import slugify
from recapkit.importers import import_schedule
from recapkit.importers.sources import detect
from tests import sessionize_views as views
from tests.support import run_build
from tests.test_import_helpers import read, run, sessions

pytestmark = pytest.mark.shared_data
ZONE = "Europe/Vienna"


@pytest.fixture
def all_view(tmp_path):
    return views.write(tmp_path / "export.json", views.enriched())


def _slug_by_title(content):
    return {s["title"]: s for s in read(content, "conf", "sessions")["sessions"]}


def test_counts_kinds_plenum_and_fields_match_the_json(tmp_path, all_view):
    doc = views.enriched()
    content = tmp_path / "content"
    outcome = run(all_view, content, timezone=ZONE)
    written = read(content, "conf", "sessions")["sessions"]
    assert len(written) == len(doc["sessions"])
    assert len(read(content, "conf", "speakers")["speakers"]) == len(doc["speakers"])
    assert len(read(content, "conf", "conference")["rooms"]) == len(doc["rooms"])

    by_title = _slug_by_title(content)
    service = [s["title"] for s in doc["sessions"] if s["isServiceSession"]]
    assert service and all(by_title[t]["kind"] == "break" for t in service)
    plenum = [s["title"] for s in doc["sessions"] if s["isPlenumSession"]]
    assert all(by_title[t].get("all_rooms") or by_title[t]["kind"] == "break" for t in plenum)
    keynote = next(t for t in plenum if t.startswith(views.PLENUM_TITLE_START))
    assert by_title[keynote]["all_rooms"] is True

    # categories: track, level and format (the format "Workshop" makes a workshop)
    first, third = doc["sessions"][0], doc["sessions"][2]
    assert by_title[first["title"]]["track"] == "cloud"
    assert by_title[first["title"]]["level"] == "Advanced"
    assert by_title[third["title"]]["kind"] == "workshop"
    # recordingUrl is the video; a "YouTube Video" question answer is one too
    assert by_title[doc["sessions"][1]["title"]]["video"] == doc["sessions"][1]["recordingUrl"]
    assert by_title[first["title"]]["video"].startswith("https://youtube.com/live/")
    # the unscheduled session is kept, without a time or a room
    reserve = by_title["A reserve talk on Bicep modules"]
    assert "start" not in reserve and "room" not in reserve
    # wall-clock times kept as printed
    assert by_title[first["title"]]["start"] == first["startsAt"][:16].replace("T", " ")

    people = {p["name"]: p for p in read(content, "conf", "speakers")["speakers"]}
    person = doc["speakers"][0]
    assert people[person["fullName"]]["affiliation"] == person["tagLine"]
    assert people[person["fullName"]]["photo_url"] == person["profilePicture"]
    assert "photo" not in people[person["fullName"]]  # never downloaded unasked
    assert outcome.ok


def test_the_real_export_as_it_is_imports_every_session_speaker_and_room(tmp_path):
    doc = views.real()
    content = tmp_path / "content"
    run(views.write(tmp_path / "real.json", doc), content, timezone=ZONE)
    assert len(read(content, "conf", "sessions")["sessions"]) == len(doc["sessions"])
    assert len(read(content, "conf", "speakers")["speakers"]) == len(doc["speakers"])
    assert len(read(content, "conf", "conference")["rooms"]) == len(doc["rooms"])


def test_the_three_views_import_the_same_schedule(tmp_path):
    doc = views.enriched()
    results = {}
    for name, data in (
        ("all", doc),
        ("gridsmart", views.gridsmart(doc)),
        ("sessions", views.sessions_view(doc)),
    ):
        path = views.write(tmp_path / f"{name}.json", data)
        assert detect(path.read_bytes()) == "sessionize"
        content = tmp_path / name
        run(path, content, timezone=ZONE)
        results[name] = {
            slug: (s.get("start"), s.get("room"), s["kind"], tuple(s.get("speakers", [])))
            for slug, s in sessions(content).items()
        }
    scheduled = sum(1 for s in doc["sessions"] if s["startsAt"])
    # GridSmart lists only what is in the grid; the other two also the unscheduled one
    assert len(results["gridsmart"]) == scheduled
    assert len(results["all"]) == len(results["sessions"]) == len(doc["sessions"])
    assert results["sessions"] == results["all"]
    assert results["gridsmart"].items() <= results["all"].items()


def test_times_without_a_zone_ask_for_one(tmp_path, all_view):
    outcome = import_schedule(str(all_view), "conf", content=tmp_path / "content")
    assert not outcome.ok
    assert len(outcome.problems) == 1 and "--timezone" in outcome.problems[0]
    assert not (tmp_path / "content" / "conferences").exists()


def test_imported_site_builds_without_a_warning(tmp_path, all_view, sample_site):
    post = (
        "---\ntitle: Notes\ndate: 2024-04-21\nconference: conf\n---\n"
        "The [reserve talk]({talk}a-reserve-talk-on-bicep-modules) never ran.\n"
    )
    project = sample_site({"posts/notes.md": post})
    run(all_view, project / "content", timezone=ZONE)
    (project / "content/conferences/conf/conference.yaml").write_text(
        (project / "content/conferences/conf/conference.yaml")
        .read_text()
        .replace("name: conf", "name: Global Azure Austria 2024")
    )
    build = run_build(project, tmp_path / "output")
    assert build.returncode == 0, build.stderr
    assert "warning" not in (build.stdout + build.stderr).lower()
    page = html.fromstring(build.page("conferences/conf/schedule/"))
    columns = len(views.real()["rooms"])
    wide = f"sg-c2-{columns + 2}"  # grid lines: 1 is the time column, rooms from 2
    titles = {
        " ".join(item.xpath("string(.//h3)").split()): item.get("class")
        for item in page.xpath("//*[contains(@class, 'sched-item')]")
    }
    assert wide in titles["Lunch"]
    keynote = next(t for t in titles if t.startswith(views.PLENUM_TITLE_START))
    assert wide in titles[keynote]
    listed = page.xpath("//section[@id='unscheduled']//li")
    assert [li.text.strip() for li in listed] == ["A reserve talk on Bicep modules"]
    speaker = views.real()["speakers"][0]["fullName"]
    assert listed[0].xpath(".//a/text()") == [speaker]
    # the speaker's page names it too, as not scheduled yet
    person = html.fromstring(build.page(f"conferences/conf/speakers/{slugify(speaker)}/"))
    entry = person.xpath("//a[text()='A reserve talk on Bicep modules']/..")
    assert entry and "not scheduled yet" in entry[0].text_content()
    # a {talk} link to it leads to its line in that list
    notes = html.fromstring(build.page(_post(build)))
    link = notes.xpath("//a[text()='reserve talk']/@href")
    assert link and link[0].endswith("schedule/#talk-a-reserve-talk-on-bicep-modules"), link


def _post(build):
    found = [p for p in build.output.rglob("index.html") if "notes" in p.parent.name]
    assert found, "the post was not written"
    return str(found[0].parent.relative_to(build.output)) + "/"
