"""Shared fixtures: the demo built once per session (development and production), and a
factory for tiny sample sites in ``tmp_path``.

Every build runs ``python -m recapkit`` in a subprocess: Pelican's signals are
process-global, so in-process builds would leak plugin receivers between tests.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from tests.support import ROOT, SITE_URL, Build, chromium_path, copy_project, run_build


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("demo") / "project")


@pytest.fixture(scope="session")
def demo_dev(demo_project: Path, tmp_path_factory) -> Build:
    build = run_build(demo_project, tmp_path_factory.mktemp("dev") / "output")
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="session")
def demo_prod(demo_project: Path, tmp_path_factory) -> Build:
    build = run_build(
        demo_project,
        tmp_path_factory.mktemp("prod") / "output",
        settings="publishconf.py",
        env={"SITEURL": SITE_URL},
    )
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture
def sample_site(tmp_path: Path):
    """Write a tiny site into tmp_path: ``sample_site({"posts/a.md": "..."})``."""

    def make(files: dict[str, str], settings: str = "") -> Path:
        project = tmp_path / "site"
        (project / "content" / "posts").mkdir(parents=True, exist_ok=True)
        (project / "content" / "pages").mkdir(parents=True, exist_ok=True)
        if not (project / "themes").exists():
            shutil.copytree(ROOT / "themes", project / "themes")
        conf = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
        (project / "pelicanconf.py").write_text(
            conf + "\n" + textwrap.dedent(settings), encoding="utf-8"
        )
        shutil.copy2(ROOT / "publishconf.py", project / "publishconf.py")
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
