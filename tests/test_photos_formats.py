"""Phone formats in an album: real JPEGs, a HEIC and a TIFF from ../shared/data/photos are
published upright, without location, with their credit; a non-ASCII credit survives.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html
from PIL import Image, ImageChops, ImageOps, ImageStat

from tests.support import ROOT, SITE_SETTINGS, run_build, shared_data

pytestmark = pytest.mark.slow

CONF = "formats-conf"
SHARED = [
    "Apple_iPhone_6.jpg",
    "Samsung_GT-I9505_Galaxy_S4.jpg",
    "Samsung_SM-J327T1.jpg",
    "sigal-outdoor.heic",
    "sigal-21.tiff",
]
GPS_IFD = 0x8825
ARTIST, COPYRIGHT, MAKE, MODEL, ORIENTATION = 0x013B, 0x8298, 0x010F, 0x0110, 0x0112
CREDIT = "Zoë Ångström"
NOTICE = "© Peter Bemmann, Łódź"


def make_project(root: Path, photos: dict[str, Path], album_yaml: str) -> Path:
    folder = root / "content" / "conferences" / CONF
    album = folder / "photos"
    album.mkdir(parents=True)
    (folder / "conference.yaml").write_text(
        "name: Formats Conf\ntimezone: Europe/Berlin\nstart: 2024-09-01\nend: 2024-09-01\n",
        encoding="utf-8",
    )
    (folder / "sessions.yaml").write_text("sessions: []\n", encoding="utf-8")
    (folder / "speakers.yaml").write_text("speakers: []\n", encoding="utf-8")
    (album / "photos.yaml").write_text(album_yaml, encoding="utf-8")
    for name, source in photos.items():
        shutil.copy(source, album / name)
    (root / "content" / "posts").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(
        (SITE_SETTINGS / "pelicanconf.py").read_text(encoding="utf-8")
        + f"\nTHEME = {str(ROOT / 'themes' / 'recap')!r}\nPHOTOS_SIZES = [320, 640]\n"
        "PHOTOS_SHARE_WIDTH = None\n",
        encoding="utf-8",
    )
    return root


def published(output: Path, stem: str, ext: str = "jpg") -> list[Path]:
    folder = output / "conferences" / CONF / "photos"
    return sorted(folder.glob(f"{stem}-*.{ext}"), key=lambda p: Image.open(p).width)


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory) -> Path:
    photos = {name: shared_data("photos", name) for name in SHARED}
    album = (
        "credit: {name: "
        + CREDIT
        + "}\nphotos:\n"
        + "".join(f"  - file: {n}\n    alt: Test photo {n}.\n" for n in SHARED)
    )
    root = make_project(tmp_path_factory.mktemp("formats") / "site", photos, album)
    build = run_build(root, root / "output")
    assert build.returncode == 0, build.stderr
    return build.output


@pytest.mark.shared_data
@pytest.mark.parametrize("name", SHARED)
def test_phone_photo_is_published_without_location_and_with_its_credit(shared_site, name):
    stem = Path(name).stem.lower().replace("_", "-")
    files = [*published(shared_site, stem), *published(shared_site, stem, "webp")]
    files += published(shared_site, stem, "avif")
    assert len(files) >= 3, sorted(p.name for p in (shared_site / "conferences").rglob("*"))
    for path in files:
        data = path.read_bytes()
        with Image.open(path) as im:
            exif = im.getexif()
            assert not exif.get_ifd(GPS_IFD), path
            assert MAKE not in exif and MODEL not in exif and ORIENTATION not in exif, path
            assert exif.get(ARTIST) == "Zoe Angstrom", path  # ASCII where EXIF wants ASCII
            xmp = im.getxmp()
        assert xmp["xmpmeta"]["RDF"]["Description"]["creator"]["Seq"]["li"] == CREDIT, path
        for marker in (b"GPS", b"exif:GPS", b"photoshop:City", b"Iptc4xmpCore:Location"):
            assert marker not in data, (path, marker)
    page = shared_site / "conferences" / CONF / "photos" / stem / "index.html"
    credit = html.fromstring(page.read_text(encoding="utf-8")).cssselect(".photo-credit")[0]
    assert CREDIT in credit.text_content()


@pytest.mark.shared_data
def test_orientation_6_is_published_upright(shared_site):
    """Samsung_SM-J327T1.jpg stores 2576x1932 with Orientation 6: a portrait photo."""
    source = Image.open(shared_data("photos", "Samsung_SM-J327T1.jpg"))
    assert source.size == (2576, 1932) and source.getexif()[ORIENTATION] == 6
    out = Image.open(published(shared_site, "samsung-sm-j327t1")[-1]).convert("RGB")
    assert out.height > out.width
    upright = ImageOps.exif_transpose(source).convert("RGB").resize(out.size)
    # Turned the other way: what a pipeline that misreads Orientation 6 would publish.
    sideways = source.convert("RGB").transpose(Image.Transpose.ROTATE_90).resize(out.size)
    near = sum(ImageStat.Stat(ImageChops.difference(out, upright)).mean)
    far = sum(ImageStat.Stat(ImageChops.difference(out, sideways)).mean)
    assert near < 15 < far


@pytest.mark.shared_data
def test_heic_and_tiff_keep_their_shape(shared_site):
    heic = Image.open(published(shared_site, "sigal-outdoor")[-1])
    assert heic.size == (462, 347)
    tiff = Image.open(published(shared_site, "sigal-21")[-1])
    assert tiff.size == (500, 450)


def test_a_non_ascii_copyright_reads_back_from_xmp_and_the_page(tmp_path):
    """The file's own UTF-8 EXIF credit (what cameras and exiftool write): no "Â©"."""
    source = tmp_path / "credited.jpg"
    exif = Image.Exif()
    exif[ARTIST] = CREDIT.encode("utf-8")
    exif[COPYRIGHT] = NOTICE.encode("utf-8")
    exif[0x010E] = "A stage"
    Image.new("RGB", (300, 200), (200, 60, 60)).save(source, "JPEG", exif=exif)
    root = make_project(tmp_path / "site", {"credited.jpg": source}, "title: Credits\n")
    build = run_build(root, root / "output")
    assert build.returncode == 0, build.stderr
    for path in published(build.output, "credited") + published(build.output, "credited", "webp"):
        with Image.open(path) as im:
            about = im.getxmp()["xmpmeta"]["RDF"]["Description"]
            assert about["creator"]["Seq"]["li"] == CREDIT
            assert about["rights"]["Alt"]["li"]["text"] == NOTICE
            assert im.getexif()[COPYRIGHT] == "(c) Peter Bemmann, Lodz"
        assert "Â©".encode() not in path.read_bytes()
    page = build.page(f"conferences/{CONF}/photos/credited/")
    credits = html.fromstring(page).cssselect(".photo-credit")
    assert CREDIT in credits[0].text_content()


def test_speaker_photos_are_square_avif_webp_and_jpeg_without_metadata(tmp_path):
    source = tmp_path / "ada.jpg"
    exif = Image.Exif()
    exif[MAKE], exif[MODEL] = "PhoneCo", "Phone 1"
    exif.get_ifd(GPS_IFD)[2] = (32.0, 42.0, 0.0)  # GPSLatitude
    Image.new("RGB", (300, 500), (10, 120, 90)).save(source, "JPEG", exif=exif)
    assert Image.open(source).getexif().get_ifd(GPS_IFD)
    root = make_project(tmp_path / "site", {}, "title: None yet\n")
    folder = root / "content" / "conferences" / CONF
    (folder / "speakers").mkdir()
    shutil.copy(source, folder / "speakers" / "ada.jpg")
    (folder / "speakers.yaml").write_text(
        "speakers:\n  - {slug: ada, name: Ada, photo: speakers/ada.jpg}\n", encoding="utf-8"
    )
    build = run_build(root, root / "output")
    assert build.returncode == 0, build.stderr
    page = html.fromstring(build.page(f"conferences/{CONF}/speakers/ada/"))
    types = [s.get("type") for s in page.cssselect("picture source")]
    assert types == ["image/avif", "image/webp"]
    files = sorted((build.output / "conferences" / CONF / "speakers" / "ada").glob("ada-*"))
    assert {p.suffix for p in files} == {".avif", ".webp", ".jpg"}
    for path in files:
        with Image.open(path) as im:
            assert im.width == im.height <= 300, path
            exif = im.getexif()
            assert not exif.get_ifd(GPS_IFD) and MAKE not in exif and MODEL not in exif, path
        assert b"PhoneCo" not in path.read_bytes()
    assert len(files) == 6  # 256 px, and the photo's own 300 px instead of 512


@pytest.mark.shared_data
def test_a_heic_under_images_is_refused_with_a_way_out(sample_site, tmp_path):
    """Browsers cannot show a HEIC published under its own name: albums convert it."""
    project = sample_site({"posts/a.md": "---\ntitle: A\ndate: 2024-09-02\n---\nText.\n"})
    (project / "content" / "images").mkdir()
    shutil.copy(shared_data("photos", "sigal-outdoor.heic"), project / "content" / "images")
    build = run_build(project, tmp_path / "out")
    assert build.returncode == 1
    assert "content/images/sigal-outdoor.heic" in build.stderr
    assert "move it into an album folder" in build.stderr
    assert "Traceback" not in build.stderr
