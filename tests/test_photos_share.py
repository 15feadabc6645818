"""Link previews get a JPEG exactly 1200 px wide whenever the photo is wider."""

from __future__ import annotations

import pytest

from recapkit.photos.metadata import FileCredit, FileInfo
from recapkit.photos.pipeline import Embedded, plan

SIZES = (480, 960, 1440, 2048)
FORMATS = ("avif", "webp", "jpeg")


def _plan(width: int, height: int, share: int | None = 1200):
    info = FileInfo("JPEG", width, height, 1, None, False, FileCredit())
    return plan(info, "sha", SIZES, FORMATS, lambda fmt: {}, Embedded("A", ""), share)


@pytest.mark.parametrize(("width", "height"), [(3000, 2000), (2000, 3000), (1500, 1500)])
def test_one_jpeg_1200_wide_for_sharing(width, height):
    specs = _plan(width, height)
    shared = [s for s in specs if s.width == 1200]
    assert [s.format for s in shared] == ["jpeg"]
    assert shared[0].height == round(1200 * height / width)
    assert {s.format for s in specs if s.width != 1200} == set(FORMATS)


def test_no_upscaled_share_image_and_none_when_turned_off():
    assert not [s for s in _plan(1000, 700) if s.width == 1200]
    assert not [s for s in _plan(3000, 2000, share=None) if s.width == 1200]


def test_share_image_changes_no_key_of_the_larger_sizes():
    with_share = {s.key for s in _plan(3000, 2000) if s.width > 1200}
    without = {s.key for s in _plan(3000, 2000, share=None) if s.width > 1200}
    assert with_share == without
