"""The personal agenda on the schedule page, in headless Chromium: stars survive a
reload, "My sessions" shows just them, "Copy list" gives what ``--attended`` takes, and
the page passes the site's checks (axe, Nu, phone overflow, CSP) with JS on and off."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.quality import axe_source, nu_errors, serve
from tests.support import PREFIX, ROOT, run_build
from tests.test_newpost import invoke

pytestmark = pytest.mark.browser

CONFERENCE = """\
name: Tiny Conf 2031
timezone: Europe/Brussels
start: 2031-02-01
end: 2031-02-02
rooms: [Main, Side]
"""
SESSIONS = """\
sessions:
  - {slug: opening, title: Opening, kind: keynote, speakers: [ada],
     start: 2031-02-01 09:00, duration: 30, room: Main}
  - {slug: rust-in-the-kernel, title: Rust in the kernel, speakers: [bo],
     start: 2031-02-01 09:30, duration: 45, room: Main}
  - {slug: fast-builds, title: Fast builds, speakers: [ada],
     start: 2031-02-01 09:30, duration: 45, room: Side}
  - {slug: coffee, title: Coffee, kind: break, start: 2031-02-01 10:15, duration: 15}
  - {slug: closing, title: Closing words, speakers: [bo],
     start: 2031-02-02 16:00, duration: 30, room: Main}
"""
SPEAKERS = """\
speakers:
  - {slug: ada, name: Ada Lovelace}
  - {slug: bo, name: Bo Builder}
"""
SCHEDULE = "conferences/tiny-2031/schedule/"


def agenda_files() -> dict[str, str]:
    base = "conferences/tiny-2031/"
    return {
        base + "conference.yaml": CONFERENCE,
        base + "sessions.yaml": SESSIONS,
        base + "speakers.yaml": SPEAKERS,
        "pages/about.md": "---\ntitle: About\n---\nAbout this site.\n",
    }


@pytest.fixture
def site(sample_site, tmp_path) -> tuple[Path, Path]:
    project = sample_site(agenda_files())
    build = run_build(project, tmp_path / "out")
    assert build.returncode == 0, build.stderr
    return project, build.output


def _visible_talks(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-talk]",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.talk)",
    )


def star_two_and_copy(browser, output: Path) -> str:
    """Star two sessions, reload, filter, copy: returns the copied list."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        with serve(output, PREFIX) as base:
            page.goto(base + SCHEDULE, wait_until="load")
            assert len(_visible_talks(page)) == 4  # every session with a page
            for slug in ("closing", "rust-in-the-kernel"):
                page.locator(f"[data-talk='{slug}'] button.agenda-star").click()
            page.reload(wait_until="load")
            pressed = page.eval_on_selector_all(
                "button.agenda-star[aria-pressed='true']",
                "els => els.map(e => e.closest('[data-talk]').dataset.talk)",
            )
            assert pressed == ["rust-in-the-kernel", "closing"]
            only = page.get_by_role("button", name="Show only my sessions")
            only.click()
            assert only.get_attribute("aria-pressed") == "true"
            assert _visible_talks(page) == ["rust-in-the-kernel", "closing"]
            assert not page.get_by_text("Coffee").is_visible()  # breaks step aside
            # A star is a real, named toggle button a keyboard reaches.
            star = page.get_by_role("button", name="Star: Rust in the kernel")
            assert star.get_attribute("aria-pressed") == "true"
            page.get_by_role("button", name="Copy list").click()
            copied = page.get_by_label(re.compile("Your sessions")).input_value()
            only.click()
            assert len(_visible_talks(page)) == 4
    finally:
        context.close()
    assert errors == []
    return copied


def test_stars_survive_a_reload_and_the_filter_shows_just_them(browser, site, tmp_path):
    project, output = site
    copied = star_two_and_copy(browser, output)
    assert copied == "rust-in-the-kernel\nclosing"
    # What "Copy list" gives is what new-post --attended takes, pasted or saved to a file.
    shutil.copy2(ROOT / "tasks.py", project / "tasks.py")
    listing = tmp_path / "my-sessions.txt"
    listing.write_text(copied, encoding="utf-8")
    for title, attended in (("Pasted", copied), ("Saved", str(listing))):
        made = invoke(project, "new-post", title, "--conference", "tiny-2031",
                      "--attended", attended)  # fmt: skip
        assert made.returncode == 0, made.stderr
        text = (project / f"content/posts/2031-02-02-{title.lower()}.md").read_text()
        assert re.findall(r"\{talk\}([\w-]+)", text) == ["rust-in-the-kernel", "closing"]


def test_without_javascript_the_schedule_has_no_agenda_controls(browser, site):
    _project, output = site
    html = (output / SCHEDULE / "index.html").read_text(encoding="utf-8")
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<button" not in main and "agenda" not in main.replace("data-agenda-after", "")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        with serve(output, PREFIX) as base:
            page.goto(base + SCHEDULE, wait_until="load")
            assert page.locator("button.agenda-star").count() == 0
            assert page.get_by_text("Rust in the kernel").first.is_visible()
    finally:
        context.close()


def _schedule_as_shown(browser, output: Path, javascript: bool) -> tuple[list[str], str]:
    """axe (serious and critical), phone overflow and CSP violations on the schedule page
    as the browser has it, and its DOM then. "JS off" is the page without the agenda
    script (axe itself needs JavaScript to run), after a check that, with JavaScript
    really off, the page shows no agenda control."""
    problems: list[str] = []
    # bypass_csp lets axe in; a second, strict context checks the CSP itself.
    context = browser.new_context(viewport={"width": 375, "height": 800}, bypass_csp=True)
    strict = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    if not javascript:
        page.route("**/agenda.js", lambda route: route.abort())
    checked = strict.new_page()
    csp: list[str] = []
    checked.on(
        "console",
        lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        with serve(output, PREFIX) as base:
            checked.goto(base + SCHEDULE, wait_until="load")
            stars = checked.locator("button.agenda-star").count()
            assert stars == (4 if javascript else 0)  # the script ran, or nothing did
            page.goto(base + SCHEDULE, wait_until="load")
            if javascript:
                page.locator("[data-talk='closing'] button.agenda-star").click()
                page.get_by_role("button", name="Show only my sessions").click()
                page.get_by_role("button", name="Copy list").click()
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                problems.append(f"{overflow}px wider than a 375px phone")
            dom = page.content()
            page.add_script_tag(content=axe_source())
            result = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
    finally:
        context.close()
        strict.close()
    problems += [
        f"axe {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    problems += [f"CSP: {m}" for m in csp]
    return problems, dom


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_schedule_passes_axe_overflow_and_csp(browser, site, javascript):
    _project, output = site
    problems, _dom = _schedule_as_shown(browser, output, javascript)
    assert problems == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_schedule_is_valid_html(browser, site, tmp_path, javascript):
    """The Nu checker on the DOM after the script ran (js-on) and as written (js-off)."""
    _project, output = site
    folder = tmp_path / "nu"
    folder.mkdir()
    if javascript:
        _problems, dom = _schedule_as_shown(browser, output, javascript)
        (folder / "schedule.html").write_text(dom, encoding="utf-8")
    else:
        (folder / "schedule.html").write_bytes((output / SCHEDULE / "index.html").read_bytes())
    assert nu_errors(folder) == []
