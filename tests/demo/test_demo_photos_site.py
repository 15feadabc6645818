"""Photos across the demo as built: every image described and sized, every photo
credited where it appears, the recap's figures credited, no location in any file."""

from __future__ import annotations

import pytest

from tests.test_photos_whole_site import (
    check_every_img_has_alt_width_and_height,
    check_every_photo_is_credited_where_it_appears,
    check_no_image_carries_location_or_camera_tags,
    check_recap_shows_credited_figures,
)

pytestmark = pytest.mark.slow
RECAP = "2019/djangocon-us-2019-in-san-diego/index.html"


def test_every_img_in_the_demo_has_alt_width_and_height(demo_dev):
    check_every_img_has_alt_width_and_height(demo_dev.output)


def test_every_demo_photo_is_credited_where_it_appears(demo_dev):
    check_every_photo_is_credited_where_it_appears(demo_dev.output)


def test_recap_post_shows_credited_figures(demo_dev):
    check_recap_shows_credited_figures(demo_dev.output / RECAP)


def test_no_demo_image_file_carries_location_or_camera_tags(demo_dev):
    check_no_image_carries_location_or_camera_tags(demo_dev.output)
