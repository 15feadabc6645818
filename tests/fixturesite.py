"""The fixture site the tool's own tests build: a complete small recap site that owes
nothing to the demo in ``content/`` nor to the values a user puts in pelicanconf.py.

``tests/fixtures/site/`` holds its settings, posts, page and conference YAML; the album's
photos are drawn here at write time (Pillow, same bytes every run), so the repository
carries no binary and each photo has exactly the metadata a test needs: one with an
EXIF orientation, one with GPS and camera serials that must never be published.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from tests.support import ROOT, SITE_SETTINGS

SITE = SITE_SETTINGS
CONFERENCE = "fjordline-2025"
CONF_URL = f"conferences/{CONFERENCE}/"
#: The recap with ``conference:``, where the tests expect the conference card and figures.
RECAP = "2025/fjordline-python-2025-in-bergen/"
OTHER_POST = "2025/hallway-notes-from-fjordline/"
DRAFT_TITLE = "Half-written notes on a workshop"

ORIENTATION, ARTIST, MAKE, MODEL = 0x0112, 0x013B, 0x010F, 0x0110
EXIF_IFD, GPS_IFD, BODY_SERIAL = 0x8769, 0x8825, 0xA431


@dataclass(frozen=True)
class Drawing:
    """One album photo: its file name, stored size, colours, and the metadata it carries."""

    name: str
    size: tuple[int, int]
    sky: tuple[int, int, int]
    ground: tuple[int, int, int]
    orientation: int = 1
    gps: bool = False
    artist: str | None = None


PHOTOS = (
    Drawing("keynote-stage.jpg", (1280, 720), (30, 60, 120), (90, 70, 60)),
    # Its credit comes from the file (no credit in photos.yaml): above the album default.
    Drawing(
        "harbour.jpg", (960, 640), (200, 80, 60), (20, 30, 50), gps=True, artist="Harbour Walker"
    ),
    Drawing("schedule-board.jpg", (600, 900), (240, 230, 200), (120, 100, 80)),
    # Stored landscape, shown portrait: the pipeline must apply the orientation tag.
    Drawing("workshop.jpg", (960, 640), (40, 120, 70), (200, 200, 190), orientation=6),
)


def draw(photo: Drawing) -> Image.Image:
    """A simple scene (sky, ground, a row of blocks): enough pixels to encode, no noise."""
    width, height = photo.size
    image = Image.new("RGB", photo.size, photo.sky)
    pen = ImageDraw.Draw(image)
    horizon = height * 3 // 5
    pen.rectangle((0, horizon, width, height), fill=photo.ground)
    step = max(width // 8, 1)
    for i, left in enumerate(range(step // 2, width - step, step)):
        shade = tuple((c + 40 * (i % 3)) % 256 for c in photo.ground)
        pen.rectangle((left, horizon - step, left + step // 2, horizon), fill=shade)
    pen.ellipse((width - 2 * step, step // 2, width - step, step * 3 // 2), fill=(250, 240, 200))
    return image


def exif_for(photo: Drawing) -> Image.Exif:
    """Metadata a camera would write; only the pixels and the credit may be published.
    (Pillow writes EXIF; no library is needed beyond it.)"""
    exif = Image.Exif()
    exif[MAKE] = "Fixture Camera Co"
    exif[MODEL] = "FC-1"
    if photo.artist:
        exif[ARTIST] = photo.artist
    exif[ORIENTATION] = photo.orientation
    exif.get_ifd(EXIF_IFD)[BODY_SERIAL] = "SN-0042"
    if photo.gps:
        gps = exif.get_ifd(GPS_IFD)
        gps.update({1: "N", 2: (60.0, 23.0, 50.0), 3: "E", 4: (5.0, 19.0, 30.0)})
    return exif


def write_photos(album: Path) -> list[Path]:
    written = []
    for photo in PHOTOS:
        path = album / photo.name
        draw(photo).save(path, "JPEG", quality=85, exif=exif_for(photo))
        written.append(path)
    return written


def write_fixture_site(project: Path) -> Path:
    """The fixture site in ``project`` (settings, content, the repository's theme, photos)."""
    shutil.copytree(SITE, project, dirs_exist_ok=True)
    shutil.copytree(ROOT / "themes", project / "themes", dirs_exist_ok=True)
    write_photos(project / "content" / "conferences" / CONFERENCE / "photos")
    return project
