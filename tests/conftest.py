"""Shared fixtures: the fixture site (tests/fixtures/site) built once per session in
development and production, a factory for tiny sample sites in ``tmp_path``, a browser,
and a guard that fails any tool test reading the demo in ``content/``.

Every build runs ``python -m recapkit`` in a subprocess: Pelican's signals are
process-global, so in-process builds would leak plugin receivers between tests.
The demo's own tests, and their fixtures, are in ``tests/demo/``.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from tests.fixturesite import write_fixture_site
from tests.support import ROOT, SITE_SETTINGS, SITE_URL, Build, chromium_path, run_build

DEMO_TESTS = Path(__file__).resolve().parent / "demo"
CONTENT = str(ROOT / "content")
#: Events whose first argument is a path being read; see ``_content_guard``.
READS = {"open", "os.listdir", "os.scandir", "shutil.copytree", "os.walk", "glob.glob"}
_guarded: list[bool] = [False]


def _content_guard(event: str, args: tuple) -> None:
    """An audit hook (sys.addaudithook has no other way in): while a tool test runs, any
    read of ``content/`` in this process is an error naming the path. Builds run in
    subprocesses on their own copies, so only the test code itself is watched."""
    if not _guarded[0] or event not in READS or not args:
        return
    target = args[0]
    if isinstance(target, bytes):
        target = os.fsdecode(target)
    if not isinstance(target, str | os.PathLike) or not os.path.isabs(target):
        return  # a relative name may be relative to a folder descriptor (rmtree), not cwd
    path = os.path.normpath(target)
    if path == CONTENT or path.startswith(CONTENT + os.sep):
        raise RuntimeError(
            f"a tool test read {path}: build a site of your own (tests/fixturesite.py), "
            "or move the test to tests/demo/"
        )


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "reads_demo: a tool test that copies the repository, demo included, on purpose"
    )
    sys.addaudithook(_content_guard)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    in_demo = DEMO_TESTS in Path(str(item.path)).resolve().parents
    _guarded[0] = not in_demo and item.get_closest_marker("reads_demo") is None
    try:
        return (yield)
    finally:
        _guarded[0] = False


@pytest.fixture(scope="session")
def site_project(tmp_path_factory) -> Path:
    """The fixture site, written once per session (each xdist worker writes its own)."""
    return write_fixture_site(tmp_path_factory.mktemp("fixture-site") / "project")


@pytest.fixture(scope="session")
def site_dev(site_project: Path, tmp_path_factory) -> Build:
    build = run_build(site_project, tmp_path_factory.mktemp("site-dev") / "output")
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="session")
def site_prod(site_project: Path, tmp_path_factory) -> Build:
    build = run_build(
        site_project,
        tmp_path_factory.mktemp("site-prod") / "output",
        settings="publishconf.py",
        env={"SITEURL": SITE_URL},
    )
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture
def sample_site(tmp_path: Path):
    """Write a tiny site into tmp_path: ``sample_site({"posts/a.md": "..."})``, on the
    fixture site's settings (``settings`` is appended to its pelicanconf.py)."""

    def make(files: dict[str, str], settings: str = "") -> Path:
        project = tmp_path / "site"
        (project / "content" / "posts").mkdir(parents=True, exist_ok=True)
        (project / "content" / "pages").mkdir(parents=True, exist_ok=True)
        if not (project / "themes").exists():
            shutil.copytree(ROOT / "themes", project / "themes")
        conf = (SITE_SETTINGS / "pelicanconf.py").read_text(encoding="utf-8")
        (project / "pelicanconf.py").write_text(
            conf + "\n" + textwrap.dedent(settings), encoding="utf-8"
        )
        shutil.copy2(SITE_SETTINGS / "publishconf.py", project / "publishconf.py")
        for rel, text in files.items():
            path = project / "content" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return project

    return make


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium driven by Playwright (never downloads a browser)."""
    path = chromium_path()
    if path is None:
        pytest.skip("Debian chromium not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()
