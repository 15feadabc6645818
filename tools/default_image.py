"""Draws the site's default sharing image (1200x630, the size Open Graph cards use).

Run ``python tools/default_image.py [SITENAME] [OUT]`` to redraw it; the PNG is
committed under the theme so builds need no drawing. Pillow's bundled font keeps it
reproducible on any machine (no system fonts).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "themes/recap/static/images/og-default.png"
BACKGROUND = (29, 53, 87)
ACCENT = (230, 57, 70)
TEXT = (241, 250, 238)


def draw(title: str, subtitle: str) -> Image.Image:
    image = Image.new("RGB", SIZE, BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, SIZE[1] - 24, SIZE[0], SIZE[1]), fill=ACCENT)
    # Stylised conference badge: a lanyard strap and a card.
    pen.polygon(((930, 0), (970, 0), (1010, 150), (990, 150)), fill=ACCENT)
    pen.rounded_rectangle((900, 150, 1100, 420), radius=18, fill=TEXT)
    pen.rectangle((900, 190, 1100, 240), fill=ACCENT)
    for row in range(3):
        y = 280 + row * 40
        pen.rounded_rectangle((930, y, 1070 - row * 30, y + 16), radius=8, fill=BACKGROUND)
    big = ImageFont.load_default(size=72)
    small = ImageFont.load_default(size=34)
    pen.text((80, 200), title, font=big, fill=TEXT)
    y = 320
    for line in _wrap(subtitle, small, pen, 760):
        pen.text((80, y), line, font=small, fill=TEXT)
        y += 48
    return image


def _wrap(text: str, font: ImageFont.FreeTypeFont, pen: ImageDraw.ImageDraw, width: int):
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if pen.textlength(trial, font=font) > width and line:
            yield line
            line = word
        else:
            line = trial
    if line:
        yield line


def main(argv: list[str]) -> None:
    title = argv[0] if argv else "Conference Recaps"
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    draw(title, "Write-ups of the conferences we went to: talks, people and photos.").save(
        out, optimize=True
    )
    print(out)


if __name__ == "__main__":
    main(sys.argv[1:])
