"""Quality gates on the production fixture site built under a GitHub Pages sub-path:
valid HTML, no serious accessibility violations, no phone overflow, and safe output.
tests/demo/test_demo_quality.py runs the same checks on the demo."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from tests.quality import axe_source, nu_errors, serve
from tests.sitecheck import html_files
from tests.support import PREFIX

#: One page of each kind a reader meets, found by its place in the URL scheme.
PAGE_KINDS = {
    "home": "index.html",
    "recap": "[0-9][0-9][0-9][0-9]/*/index.html",
    "about": "about/index.html",
    "archives": "archives/index.html",
    "tags": "tags/index.html",
    "tag": "tags/*/index.html",
    "conferences": "conferences/index.html",
    "conference": "conferences/*/index.html",
    "schedule": "conferences/*/schedule/index.html",
    "talk": "conferences/*/talks/keynote-*/index.html",
    "speaker": "conferences/*/speakers/*/index.html",
    "gallery": "conferences/*/photos/index.html",
    "credits": "credits/index.html",
    "search": "search/index.html",
    "404": "404.html",
}


def _page(output: Path, pattern: str) -> str:
    matches = sorted(output.glob(pattern))
    assert matches, f"no page matches {pattern}"
    return matches[0].relative_to(output).as_posix()


def test_every_page_is_valid_html(site_prod):
    assert nu_errors(site_prod.output) == []


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_page_has_no_serious_axe_violation_and_no_phone_overflow(kind, site_prod, browser):
    check_axe_and_overflow(site_prod.output, PAGE_KINDS[kind], browser)


def check_axe_and_overflow(output: Path, pattern: str, browser) -> None:
    rel = _page(output, pattern)
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    # axe is injected as an inline script, which the pages' own CSP rightly refuses;
    # the CSP itself is checked by test_csp_is_satisfied_in_a_real_browser.
    context = browser.new_context(viewport={"width": 375, "height": 800}, bypass_csp=True)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    try:
        with serve(output, PREFIX) as base:
            page.goto(base + rel, wait_until="load")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            page.add_script_tag(content=axe_source())
            result = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
    finally:
        context.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    assert overflow <= 0, f"{rel} is {overflow}px wider than a 375px phone"
    assert [c for c in console if "axe" not in c] == []
    assert failed == []


SAFE_SCHEMES = {"", "http", "https", "mailto"}


def test_no_inline_handlers_scripts_or_unsafe_urls(site_prod):
    assert unsafe_markup(site_prod.output) == []


def unsafe_markup(output: Path) -> list[str]:
    """Every inline handler, inline script or style, unsafe URL and unprotected
    target=_blank of the HTML files in ``output``, and pages without a script CSP."""
    problems = []
    for path in html_files(output):
        rel = path.relative_to(output).as_posix()
        doc = lxml_html.fromstring(path.read_bytes())
        csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        if not csp or "script-src 'self'" not in csp[0]:
            problems.append(f"{rel}: no Content-Security-Policy limiting scripts")
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                if name.lower().startswith("on"):
                    problems.append(f"{rel}: inline handler {name} on <{el.tag}>")
                if name.lower() == "style":
                    problems.append(f"{rel}: inline style on <{el.tag}>")
                if name in {"href", "src", "action", "formaction", "poster"}:
                    scheme = urlsplit(value.strip()).scheme.lower()
                    if scheme not in SAFE_SCHEMES:
                        problems.append(f"{rel}: {name}={value!r} on <{el.tag}>")
        for script in doc.iter("script"):
            if not script.get("src") and script.get("type") != "application/ld+json":
                problems.append(f"{rel}: inline <script>")
        for link in doc.xpath("//a[@target='_blank']"):
            if "noopener" not in (link.get("rel") or ""):
                problems.append(f"{rel}: target=_blank without rel=noopener")
    return problems


def test_csp_is_satisfied_in_a_real_browser(site_prod, browser):
    assert csp_violations(site_prod.output, browser) == []


def csp_violations(output: Path, browser) -> list[str]:
    """Chromium reports a CSP violation as a console error: those of the home page, a
    recap, a talk, the gallery and search."""
    pages = [_page(output, PAGE_KINDS[k]) for k in ("home", "recap", "talk", "gallery", "search")]
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: (
            violations.append(m.text) if re.search("Content Security Policy", m.text) else None
        ),
    )
    try:
        with serve(output, PREFIX) as base:
            for rel in pages:
                page.goto(base + rel, wait_until="load")
    finally:
        context.close()
    return violations
