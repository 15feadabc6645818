"""Content mistakes around photos: each one named with its file (and line), the build
failing once at the end, and nothing half-written published or cached."""

from __future__ import annotations

import io
import struct
import sys
from pathlib import Path

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "photos"))
import sample  # noqa: E402

pytestmark = pytest.mark.slow

ALBUM = Path("content") / "conferences" / sample.CONF / "photos"


def jpeg_bytes(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#446688").save(buffer, "JPEG")
    return buffer.getvalue()


def bomb_bytes() -> bytes:
    """A tiny JPEG whose header claims 30000 x 30000 pixels (900 MP)."""
    data = bytearray(jpeg_bytes())
    sof = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, 30000, 30000)
    return bytes(data)


def yaml_line(root: Path, needle: str) -> int:
    text = (root / ALBUM / "photos.yaml").read_text()
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture
def site(tmp_path) -> Path:
    return sample.make_site(tmp_path)


def failed(root: Path) -> str:
    result = sample.build(root)
    assert result.returncode == 1, result.stderr
    assert not (root / "output").exists()  # nothing published
    return result.stderr


def test_bad_photos_are_each_named_and_nothing_is_published(site):
    album = site / ALBUM
    (album / "notes.jpg").write_text("these are my notes, not a photo")
    good = jpeg_bytes((400, 300))
    (album / "broken.jpg").write_bytes(good[: len(good) // 2])
    (album / "bomb.jpg").write_bytes(bomb_bytes())
    Image.new("P", (40, 40)).save(album / "anim.gif")
    with (album / "photos.yaml").open("a") as handle:
        handle.write("  - file: ghost.jpg\n    alt: A photo that is not there.\n")
    stderr = failed(site)
    line = yaml_line(site, "- file: ghost.jpg")
    assert f"{ALBUM}/photos.yaml:{line}: photo 'ghost.jpg' not found" in stderr
    assert f"{ALBUM}/notes.jpg: not an image" in stderr
    assert f"{ALBUM}/broken.jpg: the file is truncated" in stderr
    assert f"{ALBUM}/bomb.jpg: too many pixels" in stderr
    assert f"{ALBUM}/anim.gif: unsupported image format GIF" in stderr
    leftovers = [p for p in (site / ".cache").rglob("*") if p.name.startswith(".tmp")]
    assert leftovers == []


def test_photo_without_any_credit_is_an_error_unless_the_site_allows_it(site):
    album = site / ALBUM
    yaml = (album / "photos.yaml").read_text()
    yaml = yaml.replace(
        "credit:\n  name: Demo Artist\n  url: https://example.org/demo-artist\n", ""
    )
    (album / "photos.yaml").write_text(yaml)
    stderr = failed(site)
    line = yaml_line(site, "- file: stage.jpg")
    assert f"{ALBUM}/photos.yaml:{line}: photo 'stage.jpg' has no credit" in stderr
    assert "hallway.jpg' has no credit" not in stderr  # its file names the artist
    sample.write_settings(site, "PHOTOS_REQUIRE_CREDIT = False")
    result = sample.build(site)
    assert result.returncode == 0, result.stderr


def test_album_yaml_mistakes_name_file_and_line(site):
    album = site / ALBUM
    yaml = (album / "photos.yaml").read_text()
    yaml = yaml.replace("licence: CC-BY-4.0", "licence: CC-BY")
    yaml = yaml.replace("    caption: The hallway track", "    captoin: The hallway track")
    yaml = yaml.replace("sessions: [opening-keynote]", "sessions: [openin-keynote]")
    (album / "photos.yaml").write_text(yaml)
    stderr = failed(site)
    assert f"photos.yaml:{yaml_line(site, 'licence:')}: field 'licence': 'CC-BY' is not" in stderr
    assert f"photos.yaml:{yaml_line(site, 'captoin')}: unknown field 'photos[1].captoin'" in stderr


def test_unknown_session_is_an_error_with_a_suggestion(site):
    album = site / ALBUM
    yaml = (album / "photos.yaml").read_text().replace("[opening-keynote]", "[openin-keynote]")
    (album / "photos.yaml").write_text(yaml)
    stderr = failed(site)
    line = yaml_line(site, "sessions:")
    assert (
        f"photos.yaml:{line}: photo 'stage.jpg': unknown session 'openin-keynote' in "
        "conference 'demo-conf' (did you mean 'opening-keynote'?)"
    ) in stderr


def test_post_naming_a_missing_photo_is_an_error_with_its_line(site):
    post = sample.POST.replace("{photo}demo-conf/board.jpg", "{photo}demo-conf/bored.jpg")
    post = post.replace(
        "![The stage, seen from the back row](photos/stage.jpg)",
        "![The stage, seen from the back row](photos/stag.jpg)",
    )
    (site / "content" / "posts" / "recap.md").write_text(post)
    stderr = failed(site)
    lines = post.splitlines()
    board = next(i for i, text in enumerate(lines, 1) if "bored.jpg" in text)
    stage = next(i for i, text in enumerate(lines, 1) if "stag.jpg" in text)
    assert (
        f"recap.md:{board}: broken link {{photo}}demo-conf/bored.jpg: no photo 'bored.jpg'"
        in stderr
    )
    assert "(did you mean 'board.jpg'?)" in stderr
    assert f"recap.md:{stage}: no published photo 'stag.jpg'" in stderr
