"""The demo, built twice with the production settings, gives the same bytes."""

from __future__ import annotations

import pytest

from tests.test_determinism import assert_rebuild_is_identical


@pytest.mark.slow
def test_two_production_builds_of_the_demo_are_byte_identical(demo_project, demo_prod, tmp_path):
    assert_rebuild_is_identical(demo_project, demo_prod, tmp_path)
