"""Search on the demo's production build, in a real browser: the right page first for a
speaker, a talk and a recap, and a first search that downloads little."""

from __future__ import annotations

import re

import pytest

from tests.test_search_site import (  # noqa: F401  (serve is a fixture)
    QUERIES,
    RESULTS,
    Served,
    _page_url,
    first_hit,
    indexed_pages,
    serve,
    speaker_query,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(demo_prod, serve) -> Served:  # noqa: F811
    return serve(demo_prod)


@pytest.mark.slow
@pytest.mark.parametrize("what", list(QUERIES))
def test_demo_search_finds_the_right_page_first(browser, demo, what):
    query, expected = QUERIES[what](indexed_pages(demo.build.output))
    url, kind = first_hit(browser, demo, query)
    assert url == _page_url(demo, expected.rel), query
    assert kind == expected.kind.label


#: What a first search may download (uncompressed): Pagefind's engine is ~155 KiB of it.
FIRST_SEARCH_BUDGET = 300 * 1024


@pytest.mark.slow
def test_demo_first_search_downloads_stay_within_budget(browser, demo):
    query, _ = speaker_query(indexed_pages(demo.build.output))
    page = browser.new_page()
    sizes: list[int] = []
    try:
        page.goto(demo.url("search/"))
        page.wait_for_load_state("networkidle")
        page.on("response", lambda response: sizes.append(len(response.body())))
        page.get_by_label(re.compile("Words to look for")).fill(query)
        page.keyboard.press("Enter")
        page.wait_for_selector(RESULTS, timeout=15000)
        page.wait_for_load_state("networkidle")
    finally:
        page.close()
    assert sizes, "the search downloaded nothing: no index?"
    assert sum(sizes) <= FIRST_SEARCH_BUDGET
