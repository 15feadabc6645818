"""The conference pages in a real browser: click-to-load video, grid and phone list."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.quality import serve
from tests.support import run_build

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures" / "conference"
CONF = "conferences/pycoast-2019"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = tmp_path_factory.mktemp("browser") / "site"
    shutil.copytree(FIXTURES / "site", project)
    build = run_build(project, project.parent / "out")
    assert build.returncode == 0, build.stderr
    with serve(build.output, "/sub/path/") as base:
        yield base


def _page(browser, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    return page, requests


def test_video_player_loads_only_after_a_click(browser, site):
    page, requests = _page(browser, 1000)
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.abort())
    page.goto(f"{site}{CONF}/talks/opening-keynote/")
    page.wait_for_load_state("networkidle")
    assert not [r for r in requests if "youtube" in r]
    assert page.locator("iframe").count() == 0
    page.click(".video-poster")
    frame = page.locator("iframe.video-frame")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    assert "Keynote" in frame.get_attribute("title")
    page.close()


def test_schedule_is_a_grid_on_wide_screens_and_a_list_on_phones(browser, site):
    wide, _ = _page(browser, 1350)
    wide.goto(f"{site}{CONF}/schedule/")
    grid = wide.locator("#day-2019-09-23 .sched-grid")
    assert grid.evaluate("el => getComputedStyle(el).display") == "grid"
    assert wide.locator("#day-2019-09-23 .sched-room").first.is_visible()
    keynote = wide.locator(".sched-item.k-keynote").bounding_box()
    talk = wide.locator(".sched-item", has_text="Fast templates").bounding_box()
    assert keynote["width"] > 2.5 * talk["width"]  # across the three rooms
    assert keynote["y"] + keynote["height"] <= talk["y"]
    wide.close()

    phone, _ = _page(browser, 375)
    phone.goto(f"{site}{CONF}/schedule/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert not phone.locator("#day-2019-09-23 .sched-room").first.is_visible()
    boxes = [b.bounding_box() for b in phone.locator("#day-2019-09-23 .sched-item").all()]
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= 375 for b in boxes)
    tops = [b["y"] for b in boxes]
    assert tops == sorted(tops)  # one column, in time order
    phone.close()
