"""Conference days that run past midnight (frab's ``day_change``, conference.yaml's
``day_change``): the grid of each day, the day a late session belongs to, the end date,
and a page that scrolls as one."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from recapkit.conference.loader import load_conference
from recapkit.conference.views import build_view
from tests.quality import serve
from tests.support import ROOT, SITE_SETTINGS, run_build, shared_data

FIXTURE = Path(__file__).parent / "fixtures" / "days" / "night-congress.xml"
CONF = "conferences/nc31"


def import_schedule(source: Path, conference: str, content: Path, *extra: str):
    return subprocess.run(
        [sys.executable, "-m", "recapkit.importers", str(source), "--conference", conference]
        + ["--content", str(content), *extra],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=content.parent,
    )


def empty_project(project: Path) -> Path:
    """Settings and theme of the repository, content of our own (no demo content)."""
    (project / "content" / "posts").mkdir(parents=True)
    (project / "content" / "pages").mkdir(parents=True)
    shutil.copytree(ROOT / "themes", project / "themes")
    shutil.copy2(SITE_SETTINGS / "pelicanconf.py", project / "pelicanconf.py")
    return project


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    """The frab fixture imported into an empty site, and the site built."""
    project = empty_project(tmp_path_factory.mktemp("days") / "site")
    imported = import_schedule(FIXTURE, "nc31", project / "content")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    build = run_build(project, project.parent / "out")
    assert build.returncode == 0, build.stderr
    return imported, build, project


def _rows(item) -> tuple[int, int]:
    found = re.search(r"\bsg-r(\d+)-(\d+)\b", item.get("class"))
    assert found, item.get("class")
    return int(found[1]), int(found[2])


def _day(doc, date: str):
    (section,) = doc.xpath(f"//section[@id='day-{date}']")
    times = [t.text_content().strip() for t in section.cssselect(".sched-time")]
    items = {
        i.cssselect(".sched-item__title")[0].text_content().strip(): i
        for i in section.cssselect(".sched-item")
    }
    return section, times, items


def test_the_import_corrects_the_stray_end_and_keeps_the_day_change(night):
    imported, _build, project = night
    assert "end 2031-12-29 has no sessions: the last session is on 2031-12-28" in imported.stdout
    conference = (project / "content" / CONF / "conference.yaml").read_text(encoding="utf-8")
    assert "end: 2031-12-28\n" in conference
    assert 'day_change: "04:00"\n' in conference


def test_only_days_with_sessions_and_the_dates_say_so(night):
    _imported, build, _project = night
    doc = lxml_html.fromstring(build.page(f"{CONF}/schedule/"))
    days = [s.get("id") for s in doc.xpath("//section[contains(@class, 'sched-day')]")]
    assert days == ["day-2031-12-27", "day-2031-12-28"]
    assert "27–28 December 2031" in doc.text_content()


def test_times_are_named_after_the_venues_city_not_the_zones(night):
    _imported, build, _project = night
    doc = lxml_html.fromstring(build.page(f"{CONF}/schedule/"))
    (zone,) = doc.cssselect(".sched-zone")
    assert zone.text_content().strip() == "Times are Leipzig time (CET, UTC+01:00)."
    assert "Berlin" not in doc.text_content()


def _empty_conference_view(tmp_path: Path, conference_yaml: str):
    """The view of a conference with no sessions: what its days and zone say."""
    folder = tmp_path / "conferences" / "conf"
    folder.mkdir(parents=True)
    (folder / "conference.yaml").write_text(conference_yaml, encoding="utf-8")
    (folder / "sessions.yaml").write_text("sessions: []\n", encoding="utf-8")
    (folder / "speakers.yaml").write_text("speakers: []\n", encoding="utf-8")
    loaded, problems = load_conference(folder)
    assert loaded is not None, problems
    return build_view(loaded, "conference.yaml")


def test_without_a_city_the_zone_is_named_and_a_clock_change_is_told(tmp_path: Path):
    view = _empty_conference_view(
        tmp_path, "name: Spring\ntimezone: Europe/Berlin\nstart: 2031-03-29\nend: 2031-03-31\n"
    )
    assert view.zone_text == (
        "Times are Europe/Berlin time (CET, UTC+01:00; CEST, UTC+02:00 from 30 March)."
    )
    assert [d.zone_text for d in view.days][-1] == "Times are Europe/Berlin time (CEST, UTC+02:00)."


def test_each_day_runs_from_its_first_session_to_its_last(night):
    _imported, build, _project = night
    doc = lxml_html.fromstring(build.page(f"{CONF}/schedule/"))
    _section, times, items = _day(doc, "2031-12-27")
    # 10:00 to 04:00 the next morning; the quiet afternoon is one folded band.
    assert times[0] == "10:00" and times[-1] == "03:30"
    assert "12:00–23:00: nothing on" in times
    assert not {"13:00", "18:00"} & set(times)
    late, film, dawn = (
        items["Late Lecture on Lighthouses"],
        items["Midnight Film Club"],
        items["Before Dawn Lightning Talks"],
    )
    # The 00:30 film closes the 27th: after the 23:00 lecture, and the 03:00 talks last.
    assert _rows(late)[1] <= _rows(film)[0]
    assert _rows(dawn)[1] == max(_rows(i)[1] for i in items.values())
    assert "00:30–01:30" in film.text_content()
    _section, times, items = _day(doc, "2031-12-28")
    assert set(items) == {"Radio Without Licence Plates", "Closing Words"}
    assert times[0] == "11:00" and times[-1] == "19:00"
    assert "00:00" not in times and "10:00" not in times


def test_exports_keep_the_true_instant_of_the_after_midnight_session(night):
    _imported, build, _project = night
    ics = (build.output / CONF / "schedule.ics").read_text(encoding="utf-8")
    film = next(e for e in ics.split("BEGIN:VEVENT")[1:] if "Midnight Film Club" in e)
    assert re.search(r"DTSTART;TZID=Europe/Berlin:20311228T003000", film), film
    (talk,) = [
        doc
        for p in (build.output / CONF / "talks").glob("*/index.html")
        if (doc := lxml_html.fromstring(p.read_bytes())).findtext(".//h1") == "Midnight Film Club"
    ]
    data = [json.loads(s.text) for s in talk.xpath('//script[@type="application/ld+json"]')]
    assert any(d.get("startDate") == "2031-12-28T00:30:00+01:00" for d in data), data


def test_grid_boxes_only_scroll_sideways(night):
    _imported, build, _project = night
    css = (build.output / CONF / "schedule" / "grid.css").read_text(encoding="utf-8")
    fits = r"@media \(min-width: [\d.]+em\) \{ \.sg-box-2 \{ overflow: visible; \} \}"
    assert re.search(fits, css)
    theme = (ROOT / "themes/recap/static/css/conference.css").read_text(encoding="utf-8")
    assert "max-height: 85vh" not in theme


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_the_schedule_page_scrolls_as_one_on_phones_and_laptops(browser, night, width):
    _imported, build, _project = night
    with serve(build.output, "/") as base:
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(f"{base}{CONF}/schedule/")
        boxes = page.locator(".sched-scroll")
        assert boxes.count() == 2
        for i in range(boxes.count()):
            box = boxes.nth(i)
            # No box of its own to scroll down in, and nothing cut off sideways.
            assert box.evaluate("el => el.scrollHeight <= el.clientHeight + 1")
            assert box.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # The first daytime talk of the day is on screen after jumping to the day.
        page.goto(f"{base}{CONF}/schedule/#day-2031-12-28")
        # (The theme may scroll smoothly: wait for the jump to arrive.)
        page.wait_for_function(
            """() => {
                const item = [...document.querySelectorAll('#day-2031-12-28 .sched-item')][0];
                const box = item.getBoundingClientRect();
                return box.top >= 0 && box.bottom <= window.innerHeight;
            }""",
            timeout=5000,
        )
        page.close()


def test_day_change_in_conference_yaml_is_checked_with_its_line(tmp_path: Path):
    folder = tmp_path / "conferences" / "late"
    folder.mkdir(parents=True)
    (folder / "conference.yaml").write_text(
        "name: Late\ntimezone: Europe/Berlin\nstart: 2031-06-28\nend: 2031-06-29\n"
        'day_change: "13:00"\n',
        encoding="utf-8",
    )
    (folder / "sessions.yaml").write_text("sessions: []\n", encoding="utf-8")
    (folder / "speakers.yaml").write_text("speakers: []\n", encoding="utf-8")
    loaded, problems = load_conference(folder)
    assert loaded is None
    assert [str(p).split(": ", 1)[0] for p in problems] == [f"{folder}/conference.yaml:5"]
    assert "day_change 13:00 is not in the morning" in str(problems[0])


def test_a_session_after_midnight_is_inside_the_last_day(tmp_path: Path):
    folder = tmp_path / "conferences" / "late"
    folder.mkdir(parents=True)
    (folder / "conference.yaml").write_text(
        "name: Late\ntimezone: Europe/Berlin\nstart: 2031-06-28\nend: 2031-06-28\n"
        "day_change: 04:00\n",
        encoding="utf-8",
    )
    (folder / "sessions.yaml").write_text(
        "sessions:\n  - slug: owls\n    title: Owls\n    start: 2031-06-29 02:00\n"
        "    duration: 60\n",
        encoding="utf-8",
    )
    (folder / "speakers.yaml").write_text("speakers: []\n", encoding="utf-8")
    loaded, problems = load_conference(folder)
    assert loaded is not None, problems
    assert loaded.conference.day_of(loaded.sessions[0].start) == dt.date(2031, 6, 28)


@pytest.mark.shared_data
def test_frab_json_day_bounds_give_the_day_change(tmp_path: Path):
    content = tmp_path / "content"
    content.mkdir()
    source = shared_data("schedules", "voc-example-pretalx-rc3.json")
    imported = import_schedule(source, "rc3", content)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    conference = (content / "conferences" / "rc3" / "conference.yaml").read_text("utf-8")
    assert 'day_change: "04:00"' in conference  # day_start 04:00, day_end 03:59


def test_a_zone_that_names_no_place_is_told_by_its_offset(tmp_path: Path):
    view = _empty_conference_view(
        tmp_path, "name: Online\ntimezone: Etc/GMT-1\nstart: 2031-12-27\nend: 2031-12-28\n"
    )
    assert view.zone_text == "Times are UTC+01:00."
