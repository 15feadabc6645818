"""The demo's fixtures: the repository's own content/ and settings, built once per
session. This folder ships with the demo, and `invoke start` removes it with the demo:
nothing outside tests/demo/ may use these fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support import ROOT, SITE_URL, Build, run_build

DEMO_CONTENT = ROOT / "content"
DEMO_CONFERENCE = DEMO_CONTENT / "conferences" / "djangocon-us-2019"


def copy_demo_project(dest: Path) -> Path:
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
    return copy_demo_project(tmp_path_factory.mktemp("demo") / "project")


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
