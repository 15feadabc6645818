"""The tool's tests do not need the demo: in a copy of the repository with the demo
deleted (as ``invoke start`` deletes it) and the site's settings personalised, the suite
still collects, without tests/demo/, and a representative part of it passes.

A tripwire post in the copy's content/ fails any build of that content/, and the
content guard of tests/conftest.py fails any tool test that reads it: so a pass here
also says that those tests never look at content/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import copy_repository

pytestmark = [pytest.mark.slow, pytest.mark.reads_demo]

#: What the demo is (issue 12): its posts, its conference, its About page, its tests,
#: and the manifest ``invoke start`` deletes them by.
DEMO = (
    "content/posts/*",
    "content/conferences/djangocon-us-2019",
    "content/pages/about.md",
    "tests/demo",
    "demo.sha256",
)
PERSONAL = {
    "SITENAME": '"Sam\'s conference notes"',
    "AUTHOR": '"Sam Visitor"',
    "SITEURL": '"https://sam.github.io/recaps"',
    "TIMEZONE": '"Europe/Berlin"',
}
TRIPWIRE = """\
---
title: A post of the user's own
date: 2031-01-01
---
It links to [a talk]({talk}no-such-conference/no-such-talk), which no build accepts.
"""
#: Builds the fixture site (development and production), the conference fixture site
#: and sample sites; none of them needs a browser or ../shared.
SUBSET = ("tests/test_site.py", "tests/test_photos_whole_site.py", "tests/test_conference_pages.py")


def _without_demo(repo: Path) -> None:
    for pattern in DEMO:
        for path in repo.glob(pattern):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
    (repo / "content" / "posts").mkdir(parents=True, exist_ok=True)
    (repo / "content" / "posts" / "tripwire.md").write_text(TRIPWIRE, encoding="utf-8")


def _personalised(conf: Path, values: dict[str, str]) -> None:
    text = conf.read_text(encoding="utf-8")
    for name, value in values.items():
        text, count = re.subn(rf"^{name} = .*$", f"{name} = {value}", text, flags=re.M)
        assert count == 1, f"{conf.name} sets {name} on one line"
    conf.write_text(text, encoding="utf-8")


def _pytest(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTEST_ADDOPTS"}}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def bare_repo(tmp_path_factory) -> Path:
    repo = copy_repository(tmp_path_factory.mktemp("independence") / "repo")
    _without_demo(repo)
    _personalised(repo / "pelicanconf.py", PERSONAL)
    _personalised(repo / "publishconf.py", {"PUBLISHED_URL": '"https://sam.example.net/notes"'})
    assert not (repo / "content" / "conferences" / "djangocon-us-2019").exists()
    return repo


def test_the_suite_collects_without_the_demo(bare_repo):
    result = _pytest(bare_repo, "--collect-only", "-q")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    ids = [line for line in result.stdout.splitlines() if "::" in line]
    assert len(ids) > 200, result.stdout[-2000:]
    assert not [i for i in ids if i.startswith("tests/demo/")]


def test_fixture_site_tests_pass_without_the_demo_and_with_other_settings(bare_repo):
    result = _pytest(bare_repo, "-q", *SUBSET)
    summary = result.stdout[-3000:] + result.stderr[-2000:]
    assert result.returncode == 0, summary
    last = result.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", last) and not re.search(r"failed|error|skipped", last), last
