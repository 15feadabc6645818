"""The quality gates of tests/test_quality.py on the demo's production build: every page
valid, one page of each kind without serious axe violations or phone overflow, safe
markup everywhere, and the CSP never tripped."""

from __future__ import annotations

import pytest

from tests.quality import nu_errors
from tests.test_quality import PAGE_KINDS, check_axe_and_overflow, csp_violations, unsafe_markup


def test_every_page_is_valid_html(demo_prod):
    assert nu_errors(demo_prod.output) == []


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_page_has_no_serious_axe_violation_and_no_phone_overflow(kind, demo_prod, browser):
    check_axe_and_overflow(demo_prod.output, PAGE_KINDS[kind], browser)


def test_no_inline_handlers_scripts_or_unsafe_urls(demo_prod):
    assert unsafe_markup(demo_prod.output) == []


def test_csp_is_satisfied_in_a_real_browser(demo_prod, browser):
    assert csp_violations(demo_prod.output, browser) == []
