"""How photos sit on pages: a gallery that shows each photo whole (a justified layout
that keeps aspect ratios, no cropped heads), and lead photos with their caption, once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html
from PIL import Image

from tests.support import ROOT, SITE_SETTINGS, run_build

pytestmark = pytest.mark.slow

CONF = "layout-conf"
ALBUM = """\
credit: {name: Lee Layout}
photos:
  - file: portrait.jpg
    caption: A speaker, head and all.
    alt: A tall photo of a person at a lectern.
  - file: wide.jpg
    caption: The whole room.
    alt: A wide photo of an audience.
"""
PLACED_TWICE = """\
---
title: Lead placed twice
date: 2019-09-30 09:00
conference: layout-conf
image: photos/portrait.jpg
summary: The lead photo is also in the text.
---
Before the photo.

![The speaker again](photos/portrait.jpg)
"""
LEAD_ONLY = """\
---
title: Lead only
date: 2019-10-01 09:00
conference: layout-conf
image: photos/wide.jpg
summary: The lead photo only.
---
No photo in the text.
"""


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("layout") / "site"
    folder = root / "content" / "conferences" / CONF
    (folder / "photos").mkdir(parents=True)
    (folder / "conference.yaml").write_text(
        "name: Layout Conf\ntimezone: Europe/Paris\nstart: 2019-09-23\nend: 2019-09-23\n",
        encoding="utf-8",
    )
    (folder / "sessions.yaml").write_text("sessions: []\n", encoding="utf-8")
    (folder / "speakers.yaml").write_text("speakers: []\n", encoding="utf-8")
    (folder / "photos" / "photos.yaml").write_text(ALBUM, encoding="utf-8")
    Image.new("RGB", (200, 300), (90, 30, 30)).save(folder / "photos" / "portrait.jpg")
    Image.new("RGB", (450, 150), (30, 30, 90)).save(folder / "photos" / "wide.jpg")
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "twice.md").write_text(PLACED_TWICE, encoding="utf-8")
    (posts / "lead.md").write_text(LEAD_ONLY, encoding="utf-8")
    (root / "pelicanconf.py").write_text(
        (SITE_SETTINGS / "pelicanconf.py").read_text(encoding="utf-8")
        + f"\nTHEME = {str(ROOT / 'themes' / 'recap')!r}\nPHOTOS_SIZES = [300]\n"
        "PHOTOS_SHARE_WIDTH = None\n",
        encoding="utf-8",
    )
    build = run_build(root, root / "output")
    assert build.returncode == 0, build.stderr
    return build.output


def doc(output: Path, rel: str):
    return html.fromstring((output / rel / "index.html").read_text(encoding="utf-8"))


def test_a_lead_photo_the_text_also_places_shows_once(output):
    page = doc(output, "2019/lead-placed-twice")
    shown = [i for i in page.cssselect("main img") if "portrait" in i.get("src")]
    assert len(shown) == 1
    assert shown[0].get("alt") == "The speaker again"  # the figure the author placed


def test_a_lead_photo_shows_its_caption_and_credit(output):
    page = doc(output, "2019/lead-only")
    figure = page.cssselect("figure.post-image")[0]
    text = figure.cssselect("figcaption")[0].text_content()
    assert "The whole room." in text and "Lee Layout" in text


def test_gallery_cells_are_sized_by_each_photos_aspect_ratio(output):
    page = doc(output, f"conferences/{CONF}/photos")
    classes = [li.get("class") for li in page.cssselect("li.gallery__item")]
    assert classes == ["gallery__item ar-67", "gallery__item ar-300"]
    css = (output / "photos" / "placeholders.css").read_text(encoding="utf-8")
    assert ".gallery .ar-67{flex-grow:67;" in css and ".gallery .ar-300{flex-grow:300;" in css


def test_no_photo_in_the_gallery_is_cropped(output, browser):
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    try:
        page.goto((output / "conferences" / CONF / "photos" / "index.html").as_uri())
        boxes = page.eval_on_selector_all(
            ".gallery__item img",
            "els => els.map(e => [e.clientWidth, e.clientHeight, e.naturalWidth,"
            " e.naturalHeight, getComputedStyle(e).objectFit])",
        )
    finally:
        page.close()
    assert len(boxes) == 2
    for width, height, natural_w, natural_h, fit in boxes:
        assert height > 0 and abs(width / height - natural_w / natural_h) < 0.03, boxes
        assert fit != "cover"
    heights = [b[1] for b in boxes]
    assert abs(heights[0] - heights[1]) <= 2  # one row, one height
