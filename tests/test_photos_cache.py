"""The derivative cache: unchanged photos are never decoded again, even after output/
is deleted or a fresh checkout resets every mtime; a changed setting redoes exactly
the files it changes."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "photos"))
import sample  # noqa: E402

pytestmark = pytest.mark.slow


def digests(output: Path) -> dict[str, str]:
    return {
        p.relative_to(output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sample.images_in(output / "conferences")
    }


@pytest.fixture
def built(tmp_path) -> Path:
    """A site built once, serially (workers=1), so the counting runner sees every decode."""
    root = sample.make_site(tmp_path, workers=1)
    first = sample.build(root, counting=True)
    assert first.returncode == 0, first.stderr
    assert sample.counts(first)["load"] >= len(sample.PHOTOS)  # the counter does count
    return root


def test_no_change_rebuild_decodes_nothing(built):
    again = sample.build(built, counting=True)
    assert again.returncode == 0, again.stderr
    assert sample.counts(again) == {"open": 0, "load": 0}


def test_deleted_output_is_rebuilt_from_the_cache_without_decoding(built):
    before = digests(built / "output")
    shutil.rmtree(built / "output")
    again = sample.build(built, counting=True)
    assert again.returncode == 0, again.stderr
    assert sample.counts(again) == {"open": 0, "load": 0}
    assert digests(built / "output") == before


def test_fresh_checkout_with_new_mtimes_decodes_nothing(built):
    shutil.rmtree(built / "output")
    for path in (built / "content").rglob("*.jpg"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    again = sample.build(built, counting=True)
    assert again.returncode == 0, again.stderr
    assert sample.counts(again) == {"open": 0, "load": 0}


def test_changed_webp_quality_redoes_only_the_webp_files(built):
    before = digests(built / "output")
    sample.write_settings(built, 'PHOTOS_ENCODERS = {"webp": {"quality": 50}}', workers=1)
    again = sample.build(built, counting=True)
    assert again.returncode == 0, again.stderr
    assert sample.counts(again)["load"] == len(sample.PHOTOS)  # one decode per photo
    after = digests(built / "output")
    assert after.keys() == before.keys()
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {name for name in after if name.endswith(".webp")}


def test_changed_photo_is_the_only_one_decoded(built):
    album = built / "content" / "conferences" / sample.CONF / "photos"
    photo = next(p for p in sample.PHOTOS if p.name == "stage.jpg")
    from tools import demo_photos as demo

    demo.render(photo).rotate(180).save(album / photo.name, "JPEG", quality=70)
    again = sample.build(built, counting=True)
    assert again.returncode == 0, again.stderr
    counted = sample.counts(again)
    assert counted["load"] == 1 and counted["open"] == 2  # header read once, decoded once


def test_parallel_build_matches_serial_build(built, tmp_path_factory):
    serial = digests(built / "output")
    other = sample.make_site(tmp_path_factory.mktemp("parallel"), workers=2)
    result = sample.build(other)
    assert result.returncode == 0, result.stderr
    assert digests(other / "output") == serial


def test_a_lost_cache_file_is_remade_alone_with_the_same_bytes(built):
    before = digests(built / "output")
    css = (built / "output" / "photos" / "placeholders.css").read_text()
    cached = [p for p in (built / ".cache" / "photos" / "derivatives").rglob("*.jpg")]
    largest = max(cached, key=lambda p: p.stat().st_size)
    largest.unlink()
    again = sample.build(built, counting=True)
    assert again.returncode == 0, again.stderr
    assert sample.counts(again)["load"] == 1
    assert largest.exists()
    assert digests(built / "output") == before
    assert (built / "output" / "photos" / "placeholders.css").read_text() == css
