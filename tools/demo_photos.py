"""Draw the demo album: conference scenes the project makes itself, so it owns them.

``python tools/demo_photos.py [FOLDER]`` (run in the project folder) writes stylised
"photos" (gradients, shapes and signage text) as JPEGs the size of a phone photo. They exercise the
pipeline like real ones: one portrait, one stored sideways with an EXIF Orientation
tag, one carrying GPS coordinates (which must never reach the site), capture times for
ordering, and an EXIF credit in one file whose YAML entry has none. The output is
deterministic, so re-running it changes nothing.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FOLDER = Path("content/conferences/djangocon-us-2019/photos")
ARTIST = "Recap demo artwork"
#: Written into the photos' EXIF as it was when they were drawn (this script lived in
#: recapkit/photos/demo.py then): changed, a redraw would give other bytes than the
#: committed photos.
NOTICE = "Recap demo artwork, CC0-1.0: drawn by recapkit/photos/demo.py"
NAVY, TEAL, SAND, CORAL, SUN, INK = "#14213d", "#0d5c61", "#f1e3c8", "#e76f51", "#e9a825", "#221a14"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _gradient(size: tuple[int, int], top: str, bottom: str) -> Image.Image:
    """A vertical two-colour gradient."""
    ramp = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp)


def _crowd(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    box: tuple[int, int, int, int],
    rows: int,
    colours: list[str],
) -> None:
    """Rows of heads and shoulders seen from behind."""
    left, top, right, bottom = box
    row_height = (bottom - top) / rows
    for row in range(rows):
        radius = int(row_height * (0.28 + 0.06 * row))
        y = int(top + row * row_height + radius)
        x = left + rng.randint(0, radius)
        while x < right:
            colour = rng.choice(colours)
            draw.ellipse(
                (x - radius * 1.6, y + radius * 0.8, x + radius * 1.6, y + radius * 4), fill=colour
            )
            draw.ellipse(
                (x - radius, y - radius, x + radius, y + radius),
                fill=rng.choice(["#3b2a20", "#6b4a33", "#1e1a18", "#a0703f", "#d9b38c"]),
            )
            x += int(radius * rng.uniform(2.6, 3.4))


def _sign(
    draw: ImageDraw.ImageDraw,
    xy: tuple[int, int],
    text: str,
    size: int,
    fill: str = SAND,
    back: str | None = None,
) -> None:
    font = _font(size)
    if back:
        bbox = draw.textbbox(xy, text, font=font)
        pad = size // 3
        draw.rounded_rectangle(
            (bbox[0] - pad, bbox[1] - pad, bbox[2] + pad, bbox[3] + pad), radius=pad, fill=back
        )
    draw.text(xy, text, font=font, fill=fill)


def stage(
    title: str, subtitle: str, seed: int, screen: str = TEAL
) -> Callable[[tuple[int, int]], Image.Image]:
    def draw_it(size: tuple[int, int]) -> Image.Image:
        rng = random.Random(seed)
        w, h = size
        im = _gradient(size, "#1b1b2f", "#3a2e4f")
        d = ImageDraw.Draw(im)
        d.rectangle((int(w * 0.18), int(h * 0.1), int(w * 0.82), int(h * 0.5)), fill=screen)
        _sign(d, (int(w * 0.23), int(h * 0.2)), title, h // 11, fill="#fffdf9")
        _sign(d, (int(w * 0.23), int(h * 0.34)), subtitle, h // 22, fill="#d8efe9")
        d.rectangle((int(w * 0.05), int(h * 0.55), int(w * 0.95), int(h * 0.6)), fill="#5b4636")
        d.rectangle((int(w * 0.46), int(h * 0.45), int(w * 0.5), int(h * 0.56)), fill=CORAL)
        d.ellipse((int(w * 0.455), int(h * 0.4), int(w * 0.505), int(h * 0.47)), fill="#6b4a33")
        _crowd(d, rng, (0, int(h * 0.62), w, h), 3, [NAVY, CORAL, TEAL, SUN, "#6d597a"])
        return im

    return draw_it


def scene(
    top: str, bottom: str, seed: int, painter: Callable
) -> Callable[[tuple[int, int]], Image.Image]:
    def draw_it(size: tuple[int, int]) -> Image.Image:
        im = _gradient(size, top, bottom)
        painter(ImageDraw.Draw(im), size, random.Random(seed))
        return im

    return draw_it


def _registration(d, size, rng):
    w, h = size
    d.rectangle((0, int(h * 0.55), w, h), fill="#c9b79c")
    d.rectangle((int(w * 0.1), int(h * 0.45), int(w * 0.9), int(h * 0.62)), fill=NAVY)
    _sign(d, (int(w * 0.16), int(h * 0.12)), "Registration", h // 9, fill=NAVY, back=SUN)
    for i in range(9):
        x = int(w * (0.14 + i * 0.085))
        d.rounded_rectangle(
            (x, int(h * 0.38), x + w // 16, int(h * 0.46)),
            radius=8,
            fill=rng.choice([SAND, "#fffdf9", CORAL]),
        )
        d.line((x + w // 32, int(h * 0.3), x + w // 32, int(h * 0.38)), fill=TEAL, width=6)
    _crowd(d, rng, (0, int(h * 0.64), w, h), 2, [CORAL, TEAL, "#6d597a", NAVY])


def _hallway(d, size, rng):
    w, h = size
    d.polygon([(0, h), (w // 2, int(h * 0.45)), (w, h)], fill="#b9a58a")
    for i in range(6):
        x = int(w * (0.08 + i * 0.16))
        d.rectangle((x, int(h * 0.15), x + w // 10, int(h * 0.4)), fill="#fffdf9")
        _sign(
            d,
            (x + 12, int(h * 0.2)),
            rng.choice(["Django", "Python", "Async", "ORM", "Sprints", "Docs"]),
            h // 28,
            fill=NAVY,
        )
    _crowd(d, rng, (0, int(h * 0.55), w, h), 3, [SUN, CORAL, TEAL, NAVY])
    _sign(d, (int(w * 0.05), int(h * 0.04)), "Hallway track", h // 14, fill="#fffdf9")


def _bay(d, size, rng):
    w, h = size
    d.ellipse(
        (int(w * 0.62), int(h * 0.22), int(w * 0.78), int(h * 0.22) + int(w * 0.16)), fill="#ffd27a"
    )
    d.rectangle((0, int(h * 0.55), w, h), fill="#1d3557")
    for _ in range(40):
        y = int(h * 0.57 + rng.random() * h * 0.4)
        x = rng.randint(0, w)
        d.line((x, y, x + rng.randint(40, 220), y), fill="#f4a261", width=4)
    for i in range(14):
        x = int(w * (0.02 + i * 0.07))
        top = int(h * rng.uniform(0.3, 0.48))
        d.rectangle((x, top, x + w // 22, int(h * 0.55)), fill="#2b2d42")
    _sign(d, (int(w * 0.05), int(h * 0.06)), "San Diego bay at dusk", h // 16, fill="#fffdf9")


def _lunch(d, size, rng):
    w, h = size
    for row in range(2):
        y = int(h * (0.45 + row * 0.27))
        d.ellipse((int(w * 0.05), y, int(w * 0.95), y + int(h * 0.16)), fill="#fffdf9")
        for i in range(8):
            x = int(w * (0.12 + i * 0.1))
            d.ellipse(
                (x, y + 20, x + w // 22, y + 20 + w // 22), fill=rng.choice([CORAL, SUN, TEAL])
            )
    _sign(d, (int(w * 0.06), int(h * 0.08)), "Lunch, and more hallway track", h // 14, fill=INK)


def _sprints(d, size, rng):
    w, h = size
    for i in range(4):
        x = int(w * (0.04 + i * 0.24))
        d.rectangle((x, int(h * 0.5), x + int(w * 0.2), int(h * 0.56)), fill="#8d6e53")
        for j in range(3):
            lx = x + 20 + j * int(w * 0.065)
            d.polygon(
                [
                    (lx, int(h * 0.5)),
                    (lx + w // 20, int(h * 0.5)),
                    (lx + w // 16, int(h * 0.42)),
                    (lx + w // 80, int(h * 0.42)),
                ],
                fill="#c0c7d1",
            )
    _crowd(d, rng, (0, int(h * 0.6), w, h), 2, [TEAL, NAVY, CORAL, "#6d597a"])
    _sign(
        d,
        (int(w * 0.06), int(h * 0.1)),
        "Sprints: first pull requests",
        h // 13,
        fill="#fffdf9",
        back=TEAL,
    )


def _tutorial(d, size, rng):
    w, h = size
    d.rectangle((int(w * 0.08), int(h * 0.08), int(w * 0.92), int(h * 0.5)), fill="#fffdf9")
    code = [
        "class Talk(models.Model):",
        "    title = models.CharField(",
        "        max_length=200)",
        "    speakers = models.ManyToManyField(",
        "        Speaker)",
    ]
    for i, line in enumerate(code):
        _sign(d, (int(w * 0.12), int(h * (0.12 + i * 0.07))), line, h // 22, fill=NAVY)
    _crowd(d, rng, (0, int(h * 0.58), w, h), 3, [CORAL, SUN, TEAL, NAVY])


def _lightning(d, size, rng):
    w, h = size
    bolt = [
        (0.55, 0.05),
        (0.35, 0.5),
        (0.5, 0.5),
        (0.4, 0.95),
        (0.7, 0.4),
        (0.54, 0.4),
        (0.66, 0.05),
    ]
    d.polygon([(int(x * w), int(y * h)) for x, y in bolt], fill=SUN)
    _sign(d, (int(w * 0.05), int(h * 0.08)), "Lightning talks", h // 9, fill="#fffdf9")
    _sign(d, (int(w * 0.05), int(h * 0.22)), "five minutes each", h // 20, fill="#ffe8a8")


def _schedule(d, size, rng):
    w, h = size
    _sign(d, (int(w * 0.08), int(h * 0.04)), "Today", h // 14, fill=NAVY)
    for i in range(8):
        y = int(h * (0.14 + i * 0.1))
        d.rounded_rectangle(
            (int(w * 0.08), y, int(w * 0.92), y + int(h * 0.08)),
            radius=14,
            fill=[TEAL, CORAL, SUN, NAVY][i % 4],
        )
        _sign(d, (int(w * 0.11), y + int(h * 0.018)), f"{9 + i}:00", h // 30, fill="#fffdf9")


def _badge(d, size, rng):
    w, h = size
    d.line((w // 2, 0, w // 2, int(h * 0.25)), fill=TEAL, width=28)
    d.rounded_rectangle(
        (int(w * 0.2), int(h * 0.25), int(w * 0.8), int(h * 0.85)), radius=40, fill="#fffdf9"
    )
    d.rectangle((int(w * 0.2), int(h * 0.25), int(w * 0.8), int(h * 0.38)), fill=CORAL)
    _sign(d, (int(w * 0.27), int(h * 0.28)), "HELLO", h // 14, fill="#fffdf9")
    _sign(d, (int(w * 0.27), int(h * 0.5)), "my name is", h // 22, fill=INK)
    _sign(d, (int(w * 0.27), int(h * 0.6)), "Pony", h // 10, fill=NAVY)


def _closing(d, size, rng):
    w, h = size
    for _ in range(120):
        x, y = rng.randint(0, w), rng.randint(0, int(h * 0.6))
        r = rng.randint(6, 18)
        d.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice([SUN, CORAL, "#fffdf9", "#8ecae6"]))
    _sign(d, (int(w * 0.08), int(h * 0.08)), "Thank you, San Diego", h // 12, fill="#fffdf9")
    _crowd(d, rng, (0, int(h * 0.6), w, h), 3, [NAVY, TEAL, CORAL, SUN])


@dataclass(frozen=True)
class DemoPhoto:
    name: str
    size: tuple[int, int]  # as displayed
    taken: str  # EXIF DateTimeOriginal
    draw: Callable[[tuple[int, int]], Image.Image]
    orientation: int = 1  # 6: stored turned, shown upright by viewers
    gps: bool = False
    artist: bool = False
    description: str | None = None


LANDSCAPE = (2000, 1333)
PHOTOS = [
    DemoPhoto(
        "registration.jpg",
        LANDSCAPE,
        "2019:09:22 08:12:00",
        scene("#f7e7c6", "#e9d4ad", 1, _registration),
    ),
    DemoPhoto(
        "tutorial-day.jpg",
        LANDSCAPE,
        "2019:09:22 13:40:00",
        scene("#2b2d42", "#3d405b", 2, _tutorial),
    ),
    DemoPhoto(
        "day-1-keynote.jpg",
        LANDSCAPE,
        "2019:09:23 10:20:00",
        stage("Day 1: Keynote", "Opening the talks", 3),
    ),
    DemoPhoto(
        "hallway-track.jpg",
        LANDSCAPE,
        "2019:09:23 12:05:00",
        scene("#e0c9a6", "#cbb08a", 4, _hallway),
        artist=True,
    ),
    DemoPhoto(
        "lunch.jpg", LANDSCAPE, "2019:09:23 12:45:00", scene("#f4ead5", "#e7d3b0", 5, _lunch)
    ),
    DemoPhoto(
        "day-2-keynote.jpg",
        LANDSCAPE,
        "2019:09:24 10:20:00",
        stage("Day 2: Keynote", "Second morning", 6, screen="#7a3b69"),
    ),
    DemoPhoto(
        "schedule-board.jpg",
        (1400, 2100),
        "2019:09:24 08:30:00",
        scene("#f1e3c8", "#e4cfa8", 7, _schedule),
    ),
    DemoPhoto(
        "lightning-talks.jpg",
        LANDSCAPE,
        "2019:09:24 17:10:00",
        scene("#1b1b2f", "#462255", 8, _lightning),
        orientation=6,
    ),
    DemoPhoto(
        "day-3-keynote.jpg",
        LANDSCAPE,
        "2019:09:25 10:10:00",
        stage("Day 3: Keynote", "Deep-dive day", 9, screen="#9c4221"),
    ),
    DemoPhoto(
        "san-diego-bay.jpg",
        LANDSCAPE,
        "2019:09:25 18:55:00",
        scene("#f28482", "#6d597a", 10, _bay),
        gps=True,
    ),
    DemoPhoto(
        "name-badge.jpg",
        (1500, 2000),
        "2019:09:25 09:00:00",
        scene("#8ecae6", "#219ebc", 11, _badge),
        description="A conference name badge reading Hello, my name is Pony",
    ),
    DemoPhoto(
        "sprints.jpg", LANDSCAPE, "2019:09:26 11:30:00", scene("#3d405b", "#2b2d42", 12, _sprints)
    ),
    DemoPhoto(
        "closing.jpg",
        LANDSCAPE,
        "2019:09:25 17:45:00",
        scene("#14213d", "#3a2e4f", 13, _closing),
        description="Confetti over the audience at the closing session",
    ),
]


def _exif(photo: DemoPhoto) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Pillow"  # Make
    exif[0x0110] = "ImageDraw"  # Model
    exif[0x0131] = "recapkit demo"  # Software
    exif[0x0112] = photo.orientation
    exif[0x0132] = photo.taken
    ifd = exif.get_ifd(0x8769)
    ifd[0x9003] = photo.taken
    ifd[0xA431] = "DEMO-0001"  # BodySerialNumber: a "private" field the site must strip
    if photo.artist:
        exif[0x013B] = ARTIST
        exif[0x8298] = NOTICE
    if photo.description:
        exif[0x010E] = photo.description
    if photo.gps:
        gps = exif.get_ifd(0x8825)
        gps[0] = b"\x02\x03\x00\x00"
        gps[1], gps[2] = "N", (32.0, 45.0, 41.0)
        gps[3], gps[4] = "W", (117.0, 9.0, 25.0)
    return exif


def render(photo: DemoPhoto) -> Image.Image:
    im = photo.draw(photo.size).filter(ImageFilter.GaussianBlur(0.6))
    if photo.orientation == 6:
        im = im.transpose(Image.Transpose.ROTATE_90)  # stored turned; EXIF 6 turns it back
    return im


def write(folder: Path = FOLDER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for photo in PHOTOS:
        target = folder / photo.name
        render(photo).save(target, "JPEG", quality=80, optimize=True, exif=_exif(photo))
        written.append(target)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER):
        print(f"{path} {path.stat().st_size // 1024} KiB")
