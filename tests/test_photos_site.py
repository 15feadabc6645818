"""The published photo site: pages, figures, credits and what the image files carry."""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import html
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "photos"))
import sample  # noqa: E402

pytestmark = pytest.mark.slow

GPS_IFD = 0x8825
PRIVATE_TAGS = {
    0xA431: "BodySerialNumber",
    0xA435: "LensSerialNumber",
    0x010F: "Make",
    0x0110: "Model",
    0x0131: "Software",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = sample.make_site(tmp_path_factory.mktemp("photosite"))
    result = sample.build(root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def output(site) -> Path:
    return site / "output"


def parse(path: Path):
    return html.fromstring(path.read_text(encoding="utf-8"))


def album_page(output: Path) -> Path:
    return output / "conferences" / sample.CONF / "photos" / "index.html"


def post_page(output: Path) -> Path:
    return output / "2019" / "a-recap-with-photos" / "index.html"


def test_gallery_shows_every_photo_with_caption_and_credit(output):
    doc = parse(album_page(output))
    items = doc.cssselect(".gallery__item")
    assert len(items) == len(sample.PHOTOS)
    for item in items:
        assert item.cssselect("img")[0].get("alt")
        assert item.cssselect(".photo-caption"), html.tostring(item)
        assert item.cssselect(".photo-credit")[0].text_content().startswith("Photo: ")


def test_author_text_is_escaped_in_markup(output):
    for page in (
        album_page(output),
        output / "conferences" / sample.CONF / "photos" / "hallway" / "index.html",
    ):
        doc = parse(page)
        img = [i for i in doc.cssselect("img.photo-img") if "hallway" in i.get("src")][0]
        assert img.get("alt") == 'People in a corridor under "Django & Python" signs.'
        captions = [c.text_content() for c in doc.cssselect(".photo-caption, h1")]
        assert "The hallway track <between> sessions." in captions


def test_listed_photos_come_first_then_unlisted_by_capture_time(output):
    doc = parse(album_page(output))
    links = [a.get("href").rstrip("/").split("/")[-1] for a in doc.cssselect("a.gallery__link")]
    listed = re.findall(r"- file: (\S+)\.jpg", sample.ALBUM_YAML)
    unlisted = sorted(
        (p for p in sample.PHOTOS if f"file: {p.name}" not in sample.ALBUM_YAML),
        key=lambda p: p.taken,
    )
    assert links == listed + [Path(p.name).stem for p in unlisted]


def test_unlisted_photo_takes_caption_from_its_file(output):
    badge = next(p for p in sample.PHOTOS if p.description)
    page = output / "conferences" / sample.CONF / "photos" / Path(badge.name).stem / "index.html"
    doc = parse(page)
    assert doc.cssselect("h1")[0].text_content() == badge.description
    assert doc.cssselect("img.photo-img")[0].get("alt") == badge.description


def test_every_img_on_every_page_has_alt_width_and_height(output):
    pages = sorted(output.rglob("*.html"))
    assert pages
    for page in pages:
        for img in parse(page).iter("img"):
            where = f"{page.relative_to(output)}: {html.tostring(img)[:120]!r}"
            assert img.get("alt") is not None, where
            assert img.get("width") and img.get("height"), where


def test_every_photo_has_its_credit_inside_its_figure(output):
    checked = 0
    for page in sorted(output.rglob("*.html")):
        for img in parse(page).cssselect("img.photo-img"):
            figure = next((a for a in img.iterancestors() if a.tag in ("figure", "li")), None)
            if figure is not None and "credits-thumbs" in (figure.getparent().get("class") or ""):
                continue  # the credits page itself: each list is under its photographer
            assert figure is not None, page
            credit = figure.cssselect(".photo-credit")
            assert credit and credit[0].text_content().startswith("Photo: "), page
            checked += 1
    assert checked >= len(sample.PHOTOS)


def test_credits_resolve_yaml_then_file_then_album_default(output):
    doc = parse(album_page(output))
    credit_of = {
        a.get("href").rstrip("/").split("/")[-1]: a.getparent().cssselect(".photo-credit")[0]
        for a in doc.cssselect("a.gallery__link")
    }
    assert "Board Painter" in credit_of["board"].text_content()  # YAML entry
    assert "CC0 1.0" in credit_of["board"].text_content()
    assert "Recap demo artwork" in credit_of["hallway"].text_content()  # EXIF Artist
    assert "Demo Artist" in credit_of["stage"].text_content()  # album default
    assert credit_of["stage"].cssselect("a")[0].get("href") == "https://example.org/demo-artist"


def test_credits_page_lists_photographers_with_licence_count_and_photos(output):
    doc = parse(output / "credits" / "index.html")
    sections = {s.cssselect("h2")[0].text_content(): s for s in doc.cssselect(".credits-person")}
    assert set(sections) == {"Board Painter", "Demo Artist", "Recap demo artwork"}
    demo = sections["Demo Artist"]
    count = len(demo.cssselect(".credits-thumbs li"))
    assert f"{count} photos" in demo.cssselect(".meta")[0].text_content()
    licence = demo.cssselect("a[rel=license]")[0]
    assert licence.text_content() == "Creative Commons Attribution 4.0 International"
    for link in demo.cssselect(".credits-thumbs a"):
        target = urljoin("credits/", link.get("href"))
        assert (output / target / "index.html").exists(), target


def test_gallery_names_its_photographers_with_links_to_their_credits(output):
    doc = parse(album_page(output))
    links = [a for a in doc.cssselect(".photos-header .meta a") if "#" in a.get("href")]
    assert {a.text_content() for a in links} == {
        "Board Painter",
        "Demo Artist",
        "Recap demo artwork",
    }
    credits = parse(output / "credits" / "index.html")
    for link in links:
        anchor = link.get("href").split("#")[1]
        section = credits.get_element_by_id(anchor)
        assert section.cssselect("h2")[0].text_content() == link.text_content()


def test_post_photos_become_credited_figures(output):
    doc = parse(post_page(output))
    figures = doc.cssselect(".prose figure.photo-figure")
    assert len(figures) == 2
    first, second = figures
    assert first.cssselect("img")[0].get("alt") == "The stage, seen from the back row"
    assert "The keynote stage." in first.cssselect(".photo-caption")[0].text_content()
    assert second.cssselect(".photo-caption")[0].text_content() == "Sunset after the talks"
    for figure in figures:
        sources = figure.cssselect("source")
        assert {s.get("type") for s in sources} <= {"image/avif", "image/webp"} and sources
        assert "Demo Artist" in figure.cssselect(".photo-credit")[0].text_content()


def test_gallery_embed_and_photo_links_in_a_post(output):
    doc = parse(post_page(output))
    strip = doc.cssselect(".photo-strip")
    assert len(strip) == 1
    assert len(strip[0].cssselect(".gallery__item")) == 3  # ?count=3
    hrefs = {a.text_content(): a.get("href") for a in doc.cssselect(".prose p a")}
    assert hrefs["the schedule board"] == f"../../conferences/{sample.CONF}/photos/board/"
    assert hrefs["every photo"] == f"../../conferences/{sample.CONF}/photos/"


def test_every_image_url_on_the_post_and_gallery_exists(output):
    for page in (post_page(output), album_page(output)):
        doc = parse(page)
        base = page.parent.relative_to(output).as_posix() + "/"
        urls = [img.get("src") for img in doc.iter("img")]
        for node in doc.xpath("//*[@srcset]"):
            urls += [part.split()[0] for part in node.get("srcset").split(",")]
        assert urls
        for url in urls:
            assert (output / urljoin(base, url)).is_file(), (page, url)


def test_first_gallery_photo_loads_eagerly_and_the_rest_lazily(output):
    imgs = parse(album_page(output)).cssselect("img.photo-img")
    assert imgs[0].get("loading") is None
    assert all(i.get("loading") == "lazy" and i.get("decoding") == "async" for i in imgs[1:])


def test_every_photo_is_reachable_without_javascript(output):
    doc = parse(album_page(output))
    for link in doc.cssselect("a.gallery__link"):
        target = output / urljoin(
            album_page(output).parent.relative_to(output).as_posix() + "/", link.get("href")
        )
        assert (target / "index.html").exists()
        assert parse(target / "index.html").cssselect("figure img.photo-img")


def test_photo_page_states_credit_and_licence_for_search_engines(output):
    import json

    doc = parse(output / "conferences" / sample.CONF / "photos" / "board" / "index.html")
    blocks = [json.loads(s.text) for s in doc.cssselect('script[type="application/ld+json"]')]
    image = next(b for b in blocks if b.get("@type") == "ImageObject")
    assert image["creditText"] == "Board Painter"
    assert image["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert image["acquireLicensePage"] == "https://example.org/board"


def test_session_links_on_a_photo_page(output):
    doc = parse(output / "conferences" / sample.CONF / "photos" / "stage" / "index.html")
    link = [a for a in doc.cssselect(".photo-facts a") if "talks" in a.get("href")][0]
    assert link.text_content() == "The Opening Keynote"
    assert link.get("href").endswith(f"conferences/{sample.CONF}/talks/opening-keynote/")


def _metadata(path: Path) -> tuple[Image.Exif, dict, dict]:
    with Image.open(path) as im:
        exif = im.getexif()
        xmp = im.getxmp() if hasattr(im, "getxmp") else {}
        from PIL import IptcImagePlugin

        iptc = IptcImagePlugin.getiptcinfo(im) if im.format == "JPEG" else None
        return exif, xmp, iptc or {}


def test_published_images_carry_credit_but_no_location_or_camera_serials(output):
    images = sample.images_in(output)
    formats = {p.suffix for p in images}
    assert {".jpg", ".webp"} <= formats
    for path in images:
        exif, xmp, iptc = _metadata(path)
        assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD), path
        assert not (set(exif) & set(PRIVATE_TAGS)), (path, sorted(exif))
        assert not exif.get_ifd(0x8769), path  # no camera sub-IFD at all
        assert "GPS" not in repr(xmp) and not iptc, path
        if "/photos/" not in path.as_posix():
            continue  # theme artwork: nothing to credit
        assert set(exif) == {0x013B, 0x8298}, (path, sorted(exif))
        artist = exif[0x013B]
        assert artist in {"Demo Artist", "Board Painter", "Recap demo artwork"}, path
        assert artist in exif[0x8298], path


def test_sources_really_had_gps_and_serials(site):
    """The privacy test above means something only if the sources carry the data."""
    album = site / "content" / "conferences" / sample.CONF / "photos"
    with Image.open(album / "bay.jpg") as im:
        assert im.getexif().get_ifd(GPS_IFD)
        assert 0xA431 in im.getexif().get_ifd(0x8769)


def test_orientation_is_applied_to_every_size(output, site):
    turned = next(p for p in sample.PHOTOS if p.orientation == 6)
    stem = Path(turned.name).stem
    with Image.open(site / "content" / "conferences" / sample.CONF / "photos" / turned.name) as im:
        stored = im.size
    assert stored == turned.size[::-1]  # stored on its side
    for path in (output / "conferences" / sample.CONF / "photos").glob(f"{stem}-*.*"):
        with Image.open(path) as im:
            assert im.width > im.height, path  # shown upright, as the photographer held it


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_output_is_the_same_bytes_with_a_fresh_cache(site, output):
    before = _digest(output)
    shutil.rmtree(site / ".cache" / "photos")
    result = sample.build(site, output="output-again")
    assert result.returncode == 0, result.stderr
    assert _digest(site / "output-again") == before
