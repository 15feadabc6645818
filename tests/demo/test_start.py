"""``invoke start`` turns a copy of the repository into someone's own site.

These tests start from the demo, so they travel with it (tests/demo/, which ``invoke
start`` removes): in a started site there is no demo left to start from.

A copy of the checkout (as a fresh clone has it) gets ``invoke start`` with a real
congress schedule to import; then ``invoke check``, ``invoke publish`` and ``invoke
linkcheck`` must pass and no published file may still mention the demo's DjangoCon.
Separately: a second start over the person's own content refuses, and a demo file the
person edited is kept while the untouched ones go.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from recapkit.starter.demofiles import MANIFEST, read_manifest
from recapkit.starter.settingsfile import read_values
from tests.support import shared_data

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "https://sam.github.io/recaps"
#: What a clone does not have (or what is rebuilt in it).
NOT_CLONED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "output",
    ".output*",
    ".cache",
    "__pycache__",
    "*.egg-info",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "build",
    "dist",
    "screenshots",
)


def clone(dest: Path) -> Path:
    """The checkout's files as a clone has them (links kept as links), sharing the
    photo cache so the demo's derivatives are not redrawn."""
    shutil.copytree(ROOT, dest, symlinks=True, ignore=NOT_CLONED)
    (ROOT / ".cache").mkdir(exist_ok=True)
    (dest / ".cache").symlink_to(ROOT / ".cache", target_is_directory=True)
    return dest


def invoke(project: Path, *args: str, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project), **(env or {})},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def start_args(*extra: str) -> list[str]:
    return [
        "start",
        "--name",
        "Sam's conference notes",
        "--author",
        "Sam Visitor",
        "--siteurl",
        SITE_URL,
        "--timezone",
        "Europe/Berlin",
        *extra,
    ]


@pytest.mark.slow
@pytest.mark.shared_data
def test_start_imports_publishes_and_leaves_no_trace_of_the_demo(tmp_path):
    schedule = shared_data("schedules", "voc-example-pretalx-rc3.json")
    project = clone(tmp_path / "clone")
    demo = read_manifest(project)
    assert demo, "the checkout ships its demo manifest"

    started = invoke(project, *start_args("--import", str(schedule), "--conference", "rc3"))
    assert started.returncode == 0, started.stdout + started.stderr
    assert f"Removed {len(demo)} demo files." in started.stdout
    assert "invoke publish" in started.stdout  # what to do next
    replaced = "content/pages/about.md"  # by the person's own About page
    assert not any((project / rel).exists() for rel in demo if rel != replaced)
    assert not (project / "content/conferences/djangocon-us-2019").exists()
    assert not (project / "tests" / "demo").exists()
    assert not (project / MANIFEST).exists()
    assert (project / "content/conferences/rc3/sessions.yaml").is_file()
    (post,) = (project / "content" / "posts").glob("*.md")
    assert "conference: rc3" in post.read_text(encoding="utf-8")
    settings = read_values(
        (project / "pelicanconf.py").read_text(encoding="utf-8"),
        ("SITENAME", "AUTHOR", "TIMEZONE", "DEFAULT_LANG"),
    )
    assert settings == {
        "SITENAME": "Sam's conference notes",
        "AUTHOR": "Sam Visitor",
        "TIMEZONE": "Europe/Berlin",
        "DEFAULT_LANG": "en",
    }
    about = (project / "content/pages/about.md").read_text(encoding="utf-8")
    assert "Sam Visitor" in about and "demo" not in about.lower()

    checked = invoke(project, "check")
    assert checked.returncode == 0, checked.stderr
    published = invoke(project, "publish", env={"SITEURL": SITE_URL})
    assert published.returncode == 0, published.stderr
    links = invoke(project, "linkcheck", env={"SITEURL": SITE_URL})
    assert links.returncode == 0, links.stderr
    assert "Links OK" in links.stderr

    output = project / "output"
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "Sam&#39;s conference notes" in home or "Sam's conference notes" in home
    assert (output / "conferences" / "rc3" / "index.html").is_file()
    mentions = [
        p.relative_to(output).as_posix()
        for p in sorted(output.rglob("*"))
        if p.is_file() and b"djangocon" in p.read_bytes().lower()
    ]
    assert mentions == []

    again = invoke(project, *start_args())
    assert again.returncode == 1
    assert "content of its own" in again.stderr and "--force" in again.stderr
    assert post.is_file() and (project / "content/conferences/rc3").is_dir()


def test_start_keeps_an_edited_demo_file_and_removes_the_rest(tmp_path):
    project = clone(tmp_path / "clone")
    demo = read_manifest(project)
    edited = project / "content" / "posts" / "2019-pycon-us.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy own last line.\n")

    started = invoke(project, *start_args())
    assert started.returncode == 0, started.stderr
    assert "Kept content/posts/2019-pycon-us.md: you edited it" in started.stdout
    assert edited.read_text(encoding="utf-8").endswith("My own last line.\n")
    gone = [rel for rel in demo if rel.startswith("content/conferences/")]
    gone += ["content/posts/2019-djangocon-us.md"]
    assert gone and not any((project / rel).exists() for rel in gone)
    assert (project / "content/pages/about.md").is_file()  # the person's own now


def test_start_over_own_content_refuses_and_changes_nothing(tmp_path):
    project = clone(tmp_path / "clone")
    own = project / "content" / "posts" / "2024-my-recap.md"
    own.write_text("---\ntitle: Mine\ndate: 2024-05-01\n---\nMine.\n", encoding="utf-8")
    settings = (project / "pelicanconf.py").read_bytes()

    refused = invoke(project, *start_args())
    assert refused.returncode == 1
    assert "content/posts/2024-my-recap.md" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert (project / "pelicanconf.py").read_bytes() == settings
    assert all((project / rel).exists() for rel in read_manifest(project))

    forced = invoke(project, *start_args("--force"))
    assert forced.returncode == 0, forced.stderr
    assert own.is_file()
    assert not (project / "content/conferences/djangocon-us-2019").exists()


def test_start_lists_every_bad_option_at_once_and_changes_nothing(tmp_path):
    project = clone(tmp_path / "clone")
    result = invoke(
        project,
        "start",
        "--name",
        "X",
        "--author",
        "Y",
        "--siteurl",
        "sam.github.io/recaps",
        "--timezone",
        "Mars/Olympus",
        "--import",
        "schedule.json",
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3, result.stderr
    assert "--siteurl 'sam.github.io/recaps' is not an http(s) address" in errors[0]
    assert "--timezone 'Mars/Olympus'" in errors[1]
    assert "--import and --conference go together" in errors[2]
    assert all((project / rel).exists() for rel in read_manifest(project))
