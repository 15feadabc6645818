"""Shared fixtures: the demo built once per session (development and production), and a
factory for tiny sample sites in ``tmp_path``.

Every build runs ``python -m recapkit`` in a subprocess: Pelican's signals are
process-global, so in-process builds would leak plugin receivers between tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.github.io/recaps"
PREFIX = "/recaps/"


@dataclass(frozen=True)
class Build:
    """The result of one ``recapkit build`` run."""

    returncode: int
    stdout: str
    stderr: str
    output: Path

    def page(self, rel: str) -> str:
        path = self.output / rel
        if path.is_dir() or rel.endswith("/") or rel == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


def run_build(
    project: Path,
    output: Path,
    settings: str = "pelicanconf.py",
    command: str = "build",
    env: dict[str, str] | None = None,
    extra: list[str] | None = None,
) -> Build:
    cmd = [sys.executable, "-m", "recapkit", command, "-s", settings, "-o", str(output)]
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    result = subprocess.run(
        cmd + (extra or []),
        cwd=project,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return Build(result.returncode, result.stdout, result.stderr, output)


def _copy_project(dest: Path) -> Path:
    """A copy of the demo project (content, theme, settings), sharing the photo cache."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("content", "themes"):
        shutil.copytree(ROOT / name, dest / name)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, dest / name)
    cache = ROOT / ".cache"
    cache.mkdir(exist_ok=True)
    (dest / ".cache").symlink_to(cache, target_is_directory=True)
    return dest


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory) -> Path:
    return _copy_project(tmp_path_factory.mktemp("demo") / "project")


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


def chromium_path() -> str | None:
    """Debian's Chromium, or None; under CI a missing browser is a failure, not a skip."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None and os.environ.get("CI"):
        pytest.fail("chromium is required under CI (apt-get install chromium)")
    return path


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
