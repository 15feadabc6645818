"""Photos across a whole built site (the fixture site; tests/demo/ runs the same on the
demo): every image described and sized, every photo credited where it appears, the
recap's figures credited with modern formats, no location or camera tag in any file."""

from __future__ import annotations

from pathlib import Path

from lxml import html
from PIL import Image

from tests.fixturesite import BODY_SERIAL, CONF_URL, EXIF_IFD, GPS_IFD, MAKE, MODEL, RECAP


def pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def images_in(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*") if p.suffix in {".jpg", ".webp", ".avif", ".png"})


def check_every_img_has_alt_width_and_height(output: Path) -> None:
    count = 0
    for page in pages(output):
        for img in html.fromstring(page.read_bytes()).iter("img"):
            where = f"{page.relative_to(output)}: {html.tostring(img)[:100]!r}"
            assert img.get("alt") is not None, where
            assert img.get("width") and img.get("height"), where
            count += 1
    assert count


def check_every_photo_is_credited_where_it_appears(output: Path) -> None:
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


def check_recap_shows_credited_figures(recap: Path) -> None:
    figures = html.fromstring(recap.read_bytes()).cssselect(".prose figure.photo-figure")
    assert figures
    for figure in figures:
        assert figure.cssselect("picture source[type='image/avif']")
        assert figure.cssselect("figcaption .photo-credit")


def check_no_image_carries_location_or_camera_tags(output: Path) -> None:
    images = images_in(output)
    assert images
    for path in images:
        with Image.open(path) as im:
            exif = im.getexif()
            assert not exif.get_ifd(GPS_IFD), path
            assert not exif.get_ifd(EXIF_IFD), path
            assert BODY_SERIAL not in exif and MAKE not in exif and MODEL not in exif, path


def test_every_img_has_alt_width_and_height(site_dev):
    check_every_img_has_alt_width_and_height(site_dev.output)


def test_every_photo_is_credited_where_it_appears(site_dev):
    check_every_photo_is_credited_where_it_appears(site_dev.output)


def test_recap_post_shows_credited_figures(site_dev):
    check_recap_shows_credited_figures(site_dev.output / RECAP / "index.html")


def test_no_image_file_carries_location_or_camera_tags(site_dev):
    check_no_image_carries_location_or_camera_tags(site_dev.output)


def test_credits_follow_the_entry_then_the_file_then_the_album(site_dev):
    doc = html.fromstring((site_dev.output / CONF_URL / "photos" / "index.html").read_bytes())
    credits = sorted(
        " ".join(item.cssselect(".photo-credit")[0].text_content().split())
        for item in doc.cssselect(".gallery__item")
    )
    assert [c.split(" · ")[0].split(", licence")[0] for c in credits] == [
        "Photo: Board Sketcher",  # its photos.yaml entry
        "Photo: Fixture Photographer",  # the album default
        "Photo: Fixture Photographer",
        "Photo: Harbour Walker",  # the file's own EXIF Artist
    ]
    assert "CC0 1.0" in credits[0] and all("CC BY 4.0" in c for c in credits[1:])


def test_the_oriented_photo_is_published_upright(site_dev):
    doc = html.fromstring((site_dev.output / CONF_URL / "photos" / "index.html").read_bytes())
    (img,) = [i for i in doc.cssselect(".gallery__item img") if "workshop" in i.get("src")]
    assert int(img.get("height")) > int(img.get("width"))  # stored 960x640 with orientation 6
