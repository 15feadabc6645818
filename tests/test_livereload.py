"""``invoke livereload``: a page open in the browser follows the author's edits.

The reload script must run under the site's own Content-Security-Policy (an injected
inline script would be refused), reload a page when its file changed and leave other
pages alone, show the build's problems (``path:line: message``) over the page when a
rebuild fails, and come back once the mistake is fixed. None of it may leak into the
files of ``output/``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

POST = """\
---
title: TinyConf notes
date: 2024-06-02
summary: Notes from a small conference.
---
Short notes.
"""
ABOUT = """\
---
title: About
---
About this site.
"""
TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "invoke livereload exited"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def _wait_until_shown(page, text: str) -> None:
    """Wait for ``text`` in the page's main content (typogrify's no-break spaces aside)."""
    page.wait_for_function(
        "t => (document.querySelector('main') || document.body).innerText"
        ".replace(/\\s+/g, ' ').includes(t)",
        arg=text,
        timeout=TIMEOUT_MS,
    )


@pytest.fixture
def live_site(sample_site):
    project = sample_site({"posts/notes.md": POST, "pages/about.md": ABOUT})
    shutil.copy2(ROOT / "tasks.py", project / "tasks.py")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--port", str(port)],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_for_server(f"http://127.0.0.1:{port}/", server)
        yield project, f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_an_open_page_follows_edits_and_shows_build_problems(live_site, browser):
    project, base = live_site
    post = project / "content" / "posts" / "notes.md"
    refused = []
    page = browser.new_page()
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    other = browser.new_page()
    page.goto(f"{base}/2024/tinyconf-notes/")
    other.goto(f"{base}/about/")
    _wait_until_shown(page, "Short notes.")
    other.evaluate("window.notReloaded = true")
    for tab in (page, other):  # both listen to the server before the edit
        tab.wait_for_selector("html[data-recapkit-live=connected]", timeout=TIMEOUT_MS)

    post.write_text(POST.replace("Short notes.", "Longer notes, edited."), encoding="utf-8")
    _wait_until_shown(page, "Longer notes, edited.")
    assert other.evaluate("window.notReloaded === true"), "an unchanged page was reloaded"

    post.write_text(POST.replace("title: TinyConf notes", "titel: TinyConf notes"), "utf-8")
    overlay = page.wait_for_selector("#recapkit-build-problems", timeout=TIMEOUT_MS)
    problems = overlay.inner_text()
    assert re.search(r"content/posts/notes\.md:2: .*titel", problems), problems

    post.write_text(POST.replace("Short notes.", "Fixed notes."), encoding="utf-8")
    _wait_until_shown(page, "Fixed notes.")
    assert page.query_selector("#recapkit-build-problems") is None
    assert refused == [], refused

    # The script is the server's: no file of the site mentions it.
    output = Path(project / "output")
    leaked = [p for p in output.rglob("*") if p.is_file() and b"/.recapkit/" in p.read_bytes()]
    assert leaked == []
