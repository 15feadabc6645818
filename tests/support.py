"""Helpers shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Settings of the tool's own test sites (pelicanconf.py, publishconf.py): fixed values,
#: so nothing a user personalises in the project's settings changes what tests see.
SITE_SETTINGS = Path(__file__).resolve().parent / "fixtures" / "site"
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


#: What ``copy_repository`` leaves out: environments, caches, VCS data and build output.
NOT_COPIED = (
    ".venv",
    ".git",
    ".cache",
    ".pytest_cache",
    ".ruff_cache",
    "output",
    "__pycache__",
    "*.egg-info",
    ".output.*",
)


def copy_repository(dest: Path) -> Path:
    """A copy of the whole checkout (demo included), for tests that change it as a user
    would; they carry ``@pytest.mark.reads_demo``."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(*NOT_COPIED), symlinks=True)
    return dest


#: Real public schedules and photos beside the checkout (``../shared/data``).
SHARED_DATA = ROOT.parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A file of ``../shared/data``; tests that call this carry ``@pytest.mark.shared_data``
    (the GitHub workflow deselects them). Missing data fails under CI, where ``.ci/run``
    has it beside the checkout, and is a skip with its reason elsewhere."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: .ci/run expects ../shared beside the checkout")
        pytest.skip(f"{path} is not here (../shared/data)")
    return path


def chromium_path() -> str | None:
    """Debian's Chromium, or None; under CI a missing browser is a failure, not a skip.

    /usr/bin/chromium first: on GitHub's ubuntu-24.04 runners /snap/bin precedes it on
    PATH, and the snap build is one Playwright often cannot start."""
    debian = Path("/usr/bin/chromium")
    path = str(debian) if debian.is_file() else None
    path = path or shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None and os.environ.get("CI"):
        pytest.fail("chromium is required under CI (Debian: apt-get install chromium)")
    return path
