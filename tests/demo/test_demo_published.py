"""The checks of tests/test_seo_site.py that hold for any published build (feeds,
sitemap, robots.txt, sharing tags, structured data), collected here again and run on
the demo's production build through this module's own ``built`` fixture."""

from __future__ import annotations

import pytest

from tests.support import Build
from tests.test_seo_site import (  # noqa: F401  (collected by pytest from this module)
    test_every_feed_is_atom_with_required_elements_and_absolute_links,
    test_every_page_has_sharing_tags_with_an_existing_image,
    test_every_recap_has_blog_posting_structured_data,
    test_feed_entries_carry_the_full_post_with_photo_credits,
    test_robots_txt_points_to_the_absolute_sitemap,
    test_sitemap_lists_every_page_but_404_with_absolute_urls,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def built(demo_prod) -> Build:
    return demo_prod
