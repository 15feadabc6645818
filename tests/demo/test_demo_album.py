"""The demo album as shipped: enough honest, credited photos, and nothing private published.

The album is built on its own (with the conference's YAML beside it), so this test
speaks about the photos whatever state the rest of the demo content is in.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from lxml import html
from PIL import Image

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "photos"))
import sample  # noqa: E402

pytestmark = pytest.mark.slow

DEMO = sample.REPO / "content" / "conferences" / "djangocon-us-2019"
GPS_IFD, EXIF_IFD, SERIAL = 0x8825, 0x8769, 0xA431


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo-album")
    target = root / "content" / "conferences" / DEMO.name
    shutil.copytree(DEMO / "photos", target / "photos")
    for name in ("sessions.yaml", "speakers.yaml"):
        if (DEMO / name).exists():
            shutil.copy(DEMO / name, target / name)
    (root / "content" / "posts").mkdir(parents=True)
    sample.write_settings(root, "PHOTOS_SIZES = [480, 960, 1440, 2048]")
    result = sample.build(root)
    assert result.returncode == 0, result.stderr
    return root


def sources() -> list[Path]:
    return sorted(p for p in (DEMO / "photos").iterdir() if p.suffix == ".jpg")


def test_demo_album_has_the_photos_the_issue_asks_for():
    photos = sources()
    assert len(photos) >= 12
    shapes, orientations, gps = [], [], []
    for path in photos:
        with Image.open(path) as im:
            exif = im.getexif()
            orientations.append(exif.get(0x0112, 1))
            gps.append(bool(exif.get_ifd(GPS_IFD)))
            turned = exif.get(0x0112, 1) in (5, 6, 7, 8)
            w, h = im.size[::-1] if turned else im.size
            shapes.append(h > w)
        assert path.stat().st_size < 3 * 1024 * 1024
    assert any(shapes), "a portrait photo"
    assert any(o != 1 for o in orientations), "a photo with an EXIF orientation tag"
    assert any(gps), "a photo with GPS data in the source"
    assert sum(p.stat().st_size for p in photos) < 4_000_000


def test_demo_photos_are_drawn_by_the_project_and_say_so():
    text = (DEMO / "photos" / "photos.yaml").read_text()
    assert "name: Recap demo artwork" in text and "licence: CC0-1.0" in text


def test_demo_gallery_credits_every_photo(built):
    page = built / "output" / "conferences" / DEMO.name / "photos" / "index.html"
    doc = html.fromstring(page.read_text())
    items = doc.cssselect(".gallery__item")
    assert len(items) == len(sources())
    for item in items:
        img = item.cssselect("img")[0]
        assert img.get("alt") and img.get("width") and img.get("height")
        credit = item.cssselect(".photo-credit")[0]
        assert "Recap demo artwork" in credit.text_content()
        assert credit.cssselect("a[rel=license]")[0].get("href").endswith("/zero/1.0/")


def test_demo_published_images_keep_credit_and_lose_location_and_serials(built):
    images = sample.images_in(built / "output" / "conferences")
    assert len(images) >= 3 * len(sources())
    for path in images:
        with Image.open(path) as im:
            exif = im.getexif()
            assert not exif.get_ifd(GPS_IFD) and not exif.get_ifd(EXIF_IFD), path
            assert SERIAL not in exif and 0x010F not in exif and 0x0110 not in exif, path
            assert exif.get(0x013B) == "Recap demo artwork", path
            xmp = im.getxmp() if hasattr(im, "getxmp") else {}
            if xmp:  # only the credit, whole (JPEG, WebP and AVIF carry it as XMP)
                about = xmp["xmpmeta"]["RDF"]["Description"]
                assert set(about) <= {"about", "creator", "rights"}, path
                assert about["creator"]["Seq"]["li"] == "Recap demo artwork", path
