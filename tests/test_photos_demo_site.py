"""Photos across the whole demo site as built from this repository: every image
described and sized, every photo credited where it appears, no location in any file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "photos"))
import sample  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("demo") / "output"
    env = {**os.environ, "PYTHONPATH": str(sample.REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "recapkit", "build", "-o", str(target)],
        cwd=sample.REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return target


def pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def test_every_img_in_the_demo_has_alt_width_and_height(output):
    count = 0
    for page in pages(output):
        for img in html.fromstring(page.read_bytes()).iter("img"):
            where = f"{page.relative_to(output)}: {html.tostring(img)[:100]!r}"
            assert img.get("alt") is not None, where
            assert img.get("width") and img.get("height"), where
            count += 1
    assert count


def test_every_demo_photo_is_credited_where_it_appears(output):
    seen = 0
    for page in pages(output):
        doc = html.fromstring(page.read_bytes())
        for img in doc.cssselect("img.photo-img"):
            holder = next(
                (a for a in img.iterancestors() if a.tag == "figure" or a.tag == "li"), None
            )
            assert holder is not None, page
            if holder.getparent() is not None and "credits-thumbs" in (
                holder.getparent().get("class") or ""
            ):
                section = next(a for a in holder.iterancestors() if a.tag == "section")
                assert section.cssselect("h2"), page  # the photographer's own section
                continue
            credit = holder.cssselect(".photo-credit")
            assert credit and credit[0].text_content().startswith("Photo: "), page
            seen += 1
    assert seen


def test_recap_post_shows_credited_figures(output):
    recap = next(p for p in pages(output) if "djangocon-us-2019-in-san-diego" in p.as_posix())
    figures = html.fromstring(recap.read_bytes()).cssselect(".prose figure.photo-figure")
    assert figures
    for figure in figures:
        assert figure.cssselect("picture source[type='image/avif']")
        assert figure.cssselect("figcaption .photo-credit")


def test_no_demo_image_file_carries_location_or_camera_tags(output):
    images = sample.images_in(output)
    assert images
    for path in images:
        with Image.open(path) as im:
            exif = im.getexif()
            assert not exif.get_ifd(0x8825), path
            assert not exif.get_ifd(0x8769), path
            assert 0xA431 not in exif and 0x010F not in exif and 0x0110 not in exif, path
