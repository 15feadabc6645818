"""No published image names a place or a device, and nothing but a decodable raster
image is published as one: speaker photos, ``{static}`` images, the lead image and
album photos (issue 10, item 3).

The private images are drawn here with Pillow and carry GPS, camera and lens serials,
a maker note, make and model, XMP, IPTC, a JPEG comment and PNG text chunks; every
private string they hold contains ``LEAK``, so a published file is also searched byte
for byte. Builds run ``python -m recapkit build`` in a subprocess (see conftest).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from lxml import html
from PIL import Image, ImageDraw, IptcImagePlugin, PngImagePlugin

from tests.support import ROOT, SITE_SETTINGS, Build, run_build, shared_data

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "photos"))
import sample  # noqa: E402

pytestmark = pytest.mark.slow

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
SERIALS = {0xA431: "BodySerialNumber", 0xA435: "LensSerialNumber", 0xC62F: "CameraSerialNumber"}
DEVICE = {0x010F: "Make", 0x0110: "Model", 0x927C: "MakerNote"}
CREDIT = {0x013B, 0x8298}  # Artist, Copyright: the only EXIF a published image keeps
CONF = "conferences/minicon-2024"
XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
  xmlns:exif="http://ns.adobe.com/exif/1.0/"
  photoshop:City="LEAK-XMP-CITY" exif:GPSLatitude="52,22.5N" exif:GPSLongitude="4,53.9E"/>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


# private images ----------------------------------------------------------------------


def _picture(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    im = Image.new(mode, size, (40, 90, 160, 255) if mode == "RGBA" else (40, 90, 160))
    pen = ImageDraw.Draw(im)
    pen.ellipse((size[0] // 8, size[1] // 8, size[0] // 2, size[1] // 2), fill=(240, 200, 30))
    pen.rectangle((size[0] // 2, size[1] // 2, size[0] - 9, size[1] - 9), fill=(200, 40, 60))
    return im


def _private_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "LEAK-MAKE"
    exif[0x0110] = "LEAK-MODEL"
    exif[0x013B] = "Jane Photographer"
    exif[0x8298] = "(c) Jane Photographer, CC-BY-4.0"
    exif[0x0112] = orientation
    exif[0xC62F] = "LEAK-CAMERA-SERIAL"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (52.0, 22.0, 30.0), "E", (4.0, 53.0, 54.0)
    sub = exif.get_ifd(EXIF_IFD)
    sub[0xA431] = "LEAK-BODY-SERIAL"
    sub[0xA435] = "LEAK-LENS-SERIAL"
    sub[0x927C] = b"LEAK-MAKERNOTE"
    sub[0x9003] = "2024:04:10 09:12:00"
    return exif


def _iptc_segment() -> bytes:
    """An APP13 Photoshop block with IPTC City and Sub-location (Pillow cannot write one)."""
    fields = {(2, 90): b"LEAK-IPTC-CITY", (2, 92): b"LEAK-IPTC-SUBLOCATION"}
    iim = b"".join(
        b"\x1c" + bytes(key) + len(value).to_bytes(2, "big") + value
        for key, value in fields.items()
    )
    block = b"8BIM\x04\x04\x00\x00" + len(iim).to_bytes(4, "big") + iim + b"\x00" * (len(iim) % 2)
    payload = b"Photoshop 3.0\x00" + block
    return b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload


def private_jpeg(size=(1600, 1200), orientation: int = 1) -> bytes:
    buffer = io.BytesIO()
    _picture(size).save(
        buffer,
        "JPEG",
        quality=85,
        exif=_private_exif(orientation),
        xmp=XMP.encode(),
        comment=b"LEAK comment: taken at 12 Secret Street",
        extra=_iptc_segment(),
    )
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as im:  # the fixture itself carries all of it
        assert im.getexif().get_ifd(GPS_IFD) and "comment" in im.info
        assert IptcImagePlugin.getiptcinfo(im) and im.getxmp()
    return data


def private_png(size=(640, 400)) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "LEAK png comment at Secret Street")
    info.add_text("Location", "LEAK-PNG-ZTXT-LOCATION", zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP, zip=False)
    buffer = io.BytesIO()
    _picture(size, "RGBA").save(buffer, "PNG", pnginfo=info, exif=_private_exif())
    return buffer.getvalue()


def private_gif() -> bytes:
    frames = [_picture((120, 80)).convert("P") for _ in range(3)]
    for i, frame in enumerate(frames):
        ImageDraw.Draw(frame).rectangle((i * 30, 0, i * 30 + 20, 20), fill=1)
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=[120, 120, 240],
        loop=0,
        comment=b"LEAK gif comment",
    )
    return buffer.getvalue()


def leaks(path: Path) -> list[str]:
    """What of a place, a device or a note survives in one published image."""
    found = []
    if b"LEAK" in path.read_bytes():
        found.append("a private string in the bytes")
    with Image.open(path) as im:
        exif = im.getexif()
        if exif.get_ifd(GPS_IFD) or GPS_IFD in exif:
            found.append("EXIF GPS")
        sub = exif.get_ifd(EXIF_IFD)
        found += [name for tag, name in {**SERIALS, **DEVICE}.items() if tag in exif or tag in sub]
        if set(exif) - CREDIT:
            found.append(f"EXIF tags {sorted(set(exif) - CREDIT)}")
        if "comment" in im.info:
            found.append("comment")
        # The one XMP a published file may hold is the credit (dc:creator, dc:rights).
        xmp = im.getxmp() if ("xmp" in im.info or "XML:com.adobe.xmp" in im.info) else {}
        about = (xmp.get("xmpmeta") or {}).get("RDF", {}).get("Description", {}) if xmp else {}
        other = set(about) - {"about", "creator", "rights"} if about else bool(xmp)
        if "XML:com.adobe.xmp" in im.info or other:
            found.append("XMP")
        if "photoshop" in im.info or (
            im.format in ("JPEG", "TIFF") and IptcImagePlugin.getiptcinfo(im)
        ):
            found.append("IPTC")
        if getattr(im, "text", None):
            found.append(f"PNG text {sorted(im.text)}")
    return found


# sites -------------------------------------------------------------------------------


def make_site(root: Path, files: dict[str, str | bytes], settings: str = "") -> Path:
    """A project with the test sites' settings, the theme, and ``files`` under content/."""
    (root / "content" / "posts").mkdir(parents=True)
    shutil.copytree(ROOT / "themes", root / "themes")
    conf = (SITE_SETTINGS / "pelicanconf.py").read_text(encoding="utf-8")
    (root / "pelicanconf.py").write_text(conf + "\n" + textwrap.dedent(settings))
    for rel, data in files.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")
    return root


CONFERENCE_YAML = """\
name: MiniCon 2024
timezone: Europe/Amsterdam
start: 2024-04-10
end: 2024-04-11
rooms: [Main Hall]
"""
SESSIONS_YAML = """\
sessions:
  - slug: opening-keynote
    title: Opening keynote
    speakers: [ada]
    start: 2024-04-10 09:00
    duration: 45
    room: main-hall
"""
ALBUM_YAML = """\
title: MiniCon in pictures
credit: {name: Sam Snapper, url: https://example.org/sam}
licence: CC-BY-4.0
photos:
  - file: stage.jpg
    alt: A stage with a lectern
"""
GOOD_POST = """\
---
title: MiniCon notes
date: 2024-04-12
image: "{static}/images/map.jpg"
---
Where it was:

![The venue map]({static}/images/map.jpg)

![A chart of talks]({static}/images/chart.png)

![Waving]({static}/images/wave.gif)

[The slides]({static}/images/slides.pdf)
"""
PDF = b"%PDF-1.4\n% slides\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
FAST = """\
PHOTOS_SIZES = [320]
PHOTOS_FORMATS = ["jpeg"]
PHOTOS_SHARE_WIDTH = None
PHOTOS_WORKERS = 1
"""


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    root = make_site(
        tmp_path_factory.mktemp("privacy") / "site",
        {
            f"{CONF}/conference.yaml": CONFERENCE_YAML,
            f"{CONF}/sessions.yaml": SESSIONS_YAML,
            f"{CONF}/speakers.yaml": (
                "speakers:\n  - slug: ada\n    name: Ada Example\n    photo: speakers/ada.jpg\n"
            ),
            f"{CONF}/speakers/ada.jpg": private_jpeg((1600, 1200), orientation=6),
            f"{CONF}/photos/photos.yaml": ALBUM_YAML,
            f"{CONF}/photos/stage.jpg": private_jpeg((800, 600)),
            "images/map.jpg": private_jpeg((900, 600)),
            "images/chart.png": private_png(),
            "images/wave.gif": private_gif(),
            "images/slides.pdf": PDF,
            "posts/notes.md": GOOD_POST,
        },
        FAST,
    )
    first = _counting_build(root, root.parent / "output")
    assert first.returncode == 0, first.stderr
    return root, Build(0, first.stdout, first.stderr, root.parent / "output")


def test_speaker_photo_is_resized_and_carries_no_location_device_or_notes(good):
    _root, build = good
    rel = f"{CONF}/speakers/ada/"
    img = html.fromstring(build.page(rel)).xpath("//img[@class='speaker-photo']")[0]
    published = sorted((build.output / rel).glob("*.jpg"))
    assert [p.name for p in published] == ["ada-256.jpg", "ada-512.jpg"]  # square
    for path in published:
        assert leaks(path) == [], path
        with Image.open(path) as im:
            assert max(im.size) <= 512 and im.height == im.width  # a square portrait
            assert im.getexif().get(0x013B) == "Jane Photographer"  # the credit stays
    src = (build.output / rel / img.get("src")).resolve()
    assert src.name == "ada-512.jpg"
    with Image.open(src) as im:
        assert (img.get("width"), img.get("height")) == tuple(map(str, im.size))
    assert img.get("srcset").count("w,") == 1 and img.get("sizes") == "8rem"
    assert not list((build.output / rel).glob("ada.jpg"))


def test_static_images_are_re_encoded_without_gps_text_chunks_or_comments(good):
    root, build = good
    for name in ("map.jpg", "chart.png", "wave.gif"):
        path = build.output / "images" / name
        assert leaks(path) == [], name
        with Image.open(root / "content" / "images" / name) as source, Image.open(path) as im:
            assert im.size == source.size and im.format == source.format, name
            assert getattr(im, "n_frames", 1) == getattr(source, "n_frames", 1), name
            if name == "chart.png":
                assert im.mode == "RGBA"  # transparency kept
    # not an image: a download is published as it is
    assert (build.output / "images" / "slides.pdf").read_bytes() == PDF
    post = html.fromstring(build.page("2024/minicon-notes/"))
    sources = [i.get("src") for i in post.xpath("//article//img")]
    assert any(s.endswith("images/map.jpg") for s in sources), sources


def test_album_jpeg_keeps_its_credit_but_not_its_comment(good):
    _root, build = good
    published = sorted((build.output / CONF / "photos").glob("*.jpg"))
    assert published
    for path in published:
        assert leaks(path) == [], path
        with Image.open(path) as im:
            assert im.getexif().get(0x013B) == "Jane Photographer"  # the file's own credit


def _counting_build(root: Path, output: Path) -> subprocess.CompletedProcess:
    """A build with Pillow's decodes counted (see tests/fixtures/photos/sample.py)."""
    return subprocess.run(
        [sys.executable, "-c", sample.COUNTING_RUNNER, "build", "-o", str(output)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_every_image_is_decoded_once_and_a_rebuild_decodes_none(good):
    root, build = good
    # album photo, speaker photo, map.jpg, chart.png, wave.gif (at least one per frame)
    assert sample.counts(build)["load"] >= 5
    again = _counting_build(root, root.parent / "again")
    assert again.returncode == 0, again.stderr
    assert sample.counts(again)["load"] == 0


BAD_SPEAKERS = """\
speakers:
  - slug: ada
    name: Ada Example
    photo: speakers/ada.svg
  - slug: bo
    name: Bo Example
    bio: Bo builds things.
    photo: speakers/bo.jpg
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"></svg>\n'
HTML = "<!doctype html><title>x</title><script>alert(document.domain)</script>\n"
BAD_POST = """\
---
title: Refused pictures
date: 2024-04-12
image: "{static}/images/logo.svg"
---
Our logo:

![The logo]({static}/images/drawing.svg)

![A chart]({static}/images/chart.png)
"""


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    root = make_site(
        tmp_path_factory.mktemp("refused") / "site",
        {
            f"{CONF}/conference.yaml": CONFERENCE_YAML,
            f"{CONF}/sessions.yaml": SESSIONS_YAML.replace("[ada]", "[ada, bo]"),
            f"{CONF}/speakers.yaml": BAD_SPEAKERS,
            f"{CONF}/speakers/ada.svg": SVG,
            f"{CONF}/speakers/bo.jpg": HTML,
            "images/logo.svg": SVG,
            "images/drawing.svg": SVG,
            "images/chart.png": HTML,
            "images/unlinked.svg": SVG,
            "posts/refused.md": BAD_POST,
        },
        FAST,
    )
    build = run_build(root, root.parent / "output")
    assert build.returncode == 1, build.stderr
    assert "Traceback" not in build.stderr
    return build.stderr.splitlines()


def _line(lines: list[str], prefix: str, *words: str) -> str:
    found = [line for line in lines if line.startswith(prefix) and all(w in line for w in words)]
    assert len(found) == 1, (prefix, words, lines)
    return found[0]


def test_an_svg_speaker_photo_fails_the_build_on_its_line(bad):
    line = _line(bad, f"content/{CONF}/speakers.yaml:4: ", "speaker 'ada'", "SVG")
    assert "script" in line


def test_an_html_page_named_jpg_as_a_speaker_photo_fails_on_its_line(bad):
    _line(bad, f"content/{CONF}/speakers.yaml:8: ", "speaker 'bo'", "not an image", "HTML")


def test_svg_static_images_are_refused_naming_the_post(bad):
    _line(bad, "content/posts/refused.md:8: ", "images/drawing.svg", "SVG")
    _line(bad, "content/images/unlinked.svg: ", "SVG")


def test_an_html_page_named_png_is_not_published_as_an_image(bad):
    _line(bad, "content/posts/refused.md:10: ", "images/chart.png", "not an image", "HTML")


def test_an_svg_lead_image_is_refused_on_the_image_line(bad):
    _line(bad, "content/posts/refused.md:4: ", "image:", "SVG")


# the safe re-encode itself -------------------------------------------------------------


def test_an_unchanged_image_is_decoded_once_per_recipe(tmp_path):
    from recapkit.core import imagesafe

    source = tmp_path / "a.jpg"
    source.write_bytes(private_jpeg((700, 500)))
    cache = imagesafe.SafeCache(tmp_path / "cache")
    recipe = imagesafe.Recipe("JPEG", (200, 400), {"quality": 80})
    first = imagesafe.clean(source, recipe, cache)
    again = imagesafe.clean(source, recipe, cache)
    assert first.decoded and not again.decoded
    assert [(v.width, v.height) for v in again.variants] == [(400, 286), (200, 143)]
    other = imagesafe.clean(source, imagesafe.Recipe("JPEG", (300,), {"quality": 80}), cache)
    assert other.decoded


def test_the_album_pipeline_save_drops_what_the_source_carried(tmp_path):
    from recapkit.core import imagesafe

    with Image.open(io.BytesIO(private_jpeg((300, 200)))) as im:
        im.load()
        assert "comment" in im.info
        target = tmp_path / "out.jpg"
        imagesafe.save(im, target, "JPEG", credit=imagesafe.CreditText("Sam", "© Sam"))
    assert leaks(target) == []
    with pytest.raises(ValueError, match="comment"):
        imagesafe.save(im, tmp_path / "x.jpg", "JPEG", comment=b"no")


@pytest.mark.shared_data
def test_a_real_phone_photo_loses_its_gps_as_speaker_photo_and_static_image(tmp_path):
    phone = shared_data("photos", "Apple_iPhone_6.jpg")
    with Image.open(phone) as im:
        assert im.getexif().get_ifd(GPS_IFD)  # the source does carry a location
    data = phone.read_bytes()
    root = make_site(
        tmp_path / "site",
        {
            f"{CONF}/conference.yaml": CONFERENCE_YAML,
            f"{CONF}/sessions.yaml": SESSIONS_YAML,
            f"{CONF}/speakers.yaml": (
                "speakers:\n  - slug: ada\n    name: Ada Example\n    photo: speakers/ada.jpg\n"
            ),
            f"{CONF}/speakers/ada.jpg": data,
            "images/phone.jpg": data,
            "posts/p.md": "---\ntitle: P\ndate: 2024-04-12\n---\n![x]({static}/images/phone.jpg)\n",
        },
        FAST,
    )
    build = run_build(root, tmp_path / "output")
    assert build.returncode == 0, build.stderr
    published = [
        build.output / "images" / "phone.jpg",
        *(build.output / CONF / "speakers" / "ada").glob("*.jpg"),
    ]
    assert len(published) == 3
    for path in published:
        assert leaks(path) == [], path
        with Image.open(path) as im:
            assert not im.getexif(), path  # the phone wrote no credit
