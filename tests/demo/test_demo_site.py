"""The demo site as shipped: a DjangoCon US 2019 recap with a section per day, a draft,
and the reader pages; the general checks of tests/test_site.py, run on the demo."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from tests.demo.conftest import DEMO_CONTENT
from tests.sitecheck import broken_internal_links
from tests.test_site import (
    check_draft_in_development_only,
    check_feed_has_absolute_links,
    check_home_lists_the_recap,
    check_reader_page,
    check_relative_links_absolute_canonical,
    check_tag_pages,
    posts,
    recap_path,
)


def _recap() -> dict:
    recaps = [
        m for m in posts(DEMO_CONTENT, "published") if m.get("conference") == "djangocon-us-2019"
    ]
    assert recaps, "the demo has a DjangoCon US 2019 recap"
    return recaps[0]


def test_home_lists_the_recap_with_its_summary(demo_dev):
    check_home_lists_the_recap(demo_dev, _recap())


def test_recap_has_a_section_per_day(demo_dev):
    doc = lxml_html.fromstring(recap_path(demo_dev, _recap()["title"]).read_bytes())
    headings = [" ".join(h.text_content().split()) for h in doc.xpath("//article//h2")]
    assert len(headings) >= 5, headings
    words = len(doc.xpath("string(//article)").split())
    assert words >= 1500


@pytest.mark.parametrize("page", ["about/", "archives/", "tags/", "404.html"])
def test_reader_pages_exist_with_one_heading(demo_dev, page):
    check_reader_page(demo_dev, page)


def test_every_tag_page_lists_its_posts(demo_dev):
    check_tag_pages(demo_dev, DEMO_CONTENT)


def test_every_internal_link_resolves_in_development(demo_dev):
    assert broken_internal_links(demo_dev.output) == []


def test_every_internal_link_resolves_in_production(demo_prod):
    assert broken_internal_links(demo_prod.output) == []


def test_draft_is_visible_in_development_only(demo_dev, demo_prod):
    check_draft_in_development_only(demo_dev, demo_prod, DEMO_CONTENT)


def test_production_feed_has_absolute_links(demo_prod):
    check_feed_has_absolute_links(demo_prod, DEMO_CONTENT)


def test_pages_link_relatively_but_canonical_is_absolute(demo_prod):
    check_relative_links_absolute_canonical(demo_prod, _recap()["title"])
