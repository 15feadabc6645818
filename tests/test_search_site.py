"""Search in a real browser: a tiny site built with the production settings (Pagefind
index included) and served on loopback under the sub-path (tests/demo/ searches the demo).

Queries are derived from the built pages (a speaker's name, the rarest word of a talk
title, a word only a recap uses), so the tests follow the content.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from recapkit.core.site import PageKind
from tests.support import PREFIX, SITE_URL, Build, run_build
from tests.test_seo_site import write_site

pytestmark = pytest.mark.browser
RESULTS = "[data-search-results] li"
WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True)
class Served:
    """A built site served over HTTP at ``root`` (ending in the sub-path)."""

    build: Build
    root: str

    def url(self, rel: str) -> str:
        return self.root + rel


@dataclass(frozen=True)
class Indexed:
    """A page Pagefind indexes: its path, kind, heading and words."""

    rel: str
    kind: PageKind
    heading: str
    words: frozenset[str]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def serve() -> Iterator:
    """Serve a build under ``PREFIX`` with ``python -m http.server`` on 127.0.0.1."""
    servers: list[subprocess.Popen] = []

    def start(build: Build) -> Served:
        root = build.output.parent / "served"
        mount = root / PREFIX.strip("/")
        mount.parent.mkdir(parents=True, exist_ok=True)
        if not mount.exists():
            mount.symlink_to(build.output, target_is_directory=True)
        port = _free_port()
        command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
        server = subprocess.Popen(
            [*command, "--directory", str(root)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append(server)
        base = f"http://127.0.0.1:{port}{PREFIX}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        return Served(build, base)

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, serve) -> Served:
    project = write_site(tmp_path_factory.mktemp("search") / "project")
    build = run_build(
        project, project.parent / "output", settings="publishconf.py", env={"SITEURL": SITE_URL}
    )
    assert build.returncode == 0, build.stderr
    return serve(build)


def indexed_pages(output: Path) -> list[Indexed]:
    pages = []
    for path in sorted(output.rglob("*.html")):
        rel = path.relative_to(output).as_posix()
        doc = lxml_html.fromstring(path.read_bytes())
        body = doc.xpath("//*[@data-pagefind-body]")
        if not body:
            continue
        heading = " ".join(body[0].xpath("string(.//h1)").split())
        words = frozenset(w.lower() for w in WORD.findall(body[0].text_content()))
        # The label the page gives its hits ("kind:Talk"), from its typed subject.
        kind = PageKind(body[0].get("data-pagefind-meta").removeprefix("kind:").lower())
        pages.append(Indexed(rel, kind, heading, words))
    return pages


def _page_url(served: Served, rel: str) -> str:
    return served.url(rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def first_hit(browser, served: Served, query: str) -> tuple[str, str]:
    """(URL, kind label) of the first result the search page shows for ``query``."""
    page = browser.new_page()
    try:
        page.goto(served.url(f"search/?q={quote(query)}"))
        page.wait_for_selector(RESULTS, timeout=15000)
        first = page.locator(RESULTS).first
        label = first.locator(".search-kind").text_content()
        return first.locator("a").get_attribute("href"), label.strip()
    finally:
        page.close()


def speaker_query(pages: list[Indexed]) -> tuple[str, Indexed]:
    speakers = [p for p in pages if p.kind is PageKind.SPEAKER and p.heading]
    assert speakers, "the site has speaker pages"
    return speakers[0].heading, speakers[0]


def talk_query(pages: list[Indexed]) -> tuple[str, Indexed]:
    """The talk-title word found on the fewest indexed pages (ties: the first talk)."""
    talks = [p for p in pages if p.kind is PageKind.TALK and p.heading]
    assert talks, "the site has talk pages"
    best = None
    for talk in talks:
        for word in WORD.findall(talk.heading):
            count = sum(word.lower() in p.words for p in pages)
            if best is None or count < best[0]:
                best = (count, word, talk)
    assert best is not None
    return best[1], best[2]


def recap_query(pages: list[Indexed]) -> tuple[str, Indexed]:
    """A word of a recap that no other indexed page uses."""
    for recap in (p for p in pages if p.kind is PageKind.RECAP):
        others = set().union(*(p.words for p in pages if p is not recap))
        unique = sorted(recap.words - others, key=lambda w: (-len(w), w))
        if unique:
            return unique[0], recap
    raise AssertionError("no recap has a word of its own")


QUERIES = {"speaker": speaker_query, "talk": talk_query, "recap": recap_query}


@pytest.mark.parametrize("what", list(QUERIES))
def test_tiny_site_search_finds_the_right_page_first(browser, tiny, what):
    query, expected = QUERIES[what](indexed_pages(tiny.build.output))
    url, kind = first_hit(browser, tiny, query)
    assert url == _page_url(tiny, expected.rel), query
    assert kind == expected.kind.label


def test_search_form_works_by_typing_on_a_phone(browser, tiny):
    query, expected = speaker_query(indexed_pages(tiny.build.output))
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
    page = context.new_page()
    try:
        page.goto(tiny.url("search/"))
        page.get_by_label(re.compile("Words to look for")).fill(query)
        page.keyboard.press("Enter")
        page.wait_for_selector(RESULTS, timeout=15000)
        assert page.locator(RESULTS).first.locator("a").get_attribute("href") == _page_url(
            tiny, expected.rel
        )
        assert parse_qs(urlsplit(page.url).query)["q"] == [query]  # the URL can be shared
        assert not page.locator(".search-off").is_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
    finally:
        context.close()


def test_search_page_says_plainly_when_javascript_is_off(browser, tiny):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(tiny.url("search/?q=anything"))
        notice = page.locator(".search-off")
        assert notice.is_visible()
        assert "Search needs JavaScript" in notice.inner_text()
        for link in page.locator(".search-off a").all():
            target = link.get_attribute("href")
            response = page.request.get(urljoin(page.url, target))
            assert response.ok, target
    finally:
        context.close()
