"""Broken content: one located message per mistake, a non-zero exit, no traceback, and
the previous output/ left byte for byte as it was."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import run_build

GOOD_POST = """\
---
title: A good post
date: 2024-05-01
tags: [python]
---
All fine here. See [the about page]({filename}/pages/about.md).
"""
ABOUT = "---\ntitle: About\n---\nAbout this site.\n"


@dataclass(frozen=True)
class Case:
    """Files that break a site, and the messages (``path:line: ...``) they must give."""

    files: dict[str, str | bytes]
    expected: list[tuple[str, str]] = field(default_factory=list)  # (where, words)


CASES: dict[str, Case] = {
    "yaml-syntax": Case(
        {"posts/bad.md": "---\ntitle: Broken\ndate: [2024-05-01\n---\nBody.\n"},
        [("content/posts/bad.md:3", "YAML syntax error")],
    ),
    "misspelt-field": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-05-01\nstauts: draft\n---\nBody.\n"},
        [
            (
                "content/posts/bad.md:4",
                "unknown front matter field 'stauts' (did you mean 'status'?)",
            )
        ],
    ),
    "bad-date": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-02-31\n---\nBody.\n"},
        [("content/posts/bad.md:3", "'2024-02-31' is not a date")],
    ),
    "missing-title": Case(
        {"posts/bad.md": "---\ndate: 2024-05-01\n---\nBody.\n"},
        [("content/posts/bad.md:1", "missing required field 'title'")],
    ),
    "no-front-matter": Case(
        {"posts/bad.md": "Title: Old style\nDate: 2024-05-01\n\nBody.\n"},
        [("content/posts/bad.md:1", "no YAML front matter")],
    ),
    "bad-status": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-05-01\nstatus: publised\n---\nBody.\n"},
        [("content/posts/bad.md:4", "'publised' is not one of")],
    ),
    "tags-as-mapping-title": Case(
        {"posts/bad.md": "---\ntitle: {a: b}\ndate: 2024-05-01\n---\nBody.\n"},
        [("content/posts/bad.md:2", "expected text, got a mapping")],
    ),
    "not-utf8": Case(
        {"posts/bad.md": "---\ntitle: Caf\xe9\ndate: 2024-05-01\n---\n".encode("latin-1")},
        [("content/posts/bad.md:2", "not UTF-8")],
    ),
    "broken-filename-link": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-05-01\n---\nOne.\n\n[x]({filename}nope.md)\n"},
        [("content/posts/bad.md:7", "broken link {filename}nope.md")],
    ),
    "path-escapes-content": Case(
        {
            "posts/bad.md": (
                "---\ntitle: T\ndate: 2024-05-01\n---\n[x]({filename}../../../../etc/passwd)\n"
            )
        },
        [("content/posts/bad.md:5", "points outside the content folder")],
    ),
    "static-file-missing": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-05-01\n---\n![a]({static}/images/no.png)\n"},
        [("content/posts/bad.md:5", "broken link {static}/images/no.png")],
    ),
    "unknown-link-kind": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-05-01\n---\n[x]({tlak}some-talk)\n"},
        [("content/posts/bad.md:5", "unknown link kind '{tlak}'")],
    ),
    "duplicate-slugs": Case(
        {
            "posts/one.md": "---\ntitle: One\ndate: 2024-05-01\nslug: same\n---\nA.\n",
            "posts/two.md": "---\ntitle: Two\ndate: 2024-06-01\nslug: same\n---\nB.\n",
        },
        [
            ("content/posts/one.md:4", "same URL as content/posts/two.md"),
            ("content/posts/two.md:4", "same URL as content/posts/one.md"),
        ],
    ),
    "several-files-at-once": Case(
        {
            "posts/a.md": "---\ntitle: A\ndate: 2024-05-01\nsumary: x\n---\nA.\n",
            "posts/b.md": "---\ntitle: B\ndate: 2024-05-01\n---\n[x]({filename}gone.md)\n",
            "pages/c.md": "---\ntitel: C\n---\nC.\n",
        },
        [
            ("content/posts/a.md:4", "unknown front matter field 'sumary'"),
            ("content/posts/b.md:5", "broken link {filename}gone.md"),
            ("content/pages/c.md:2", "unknown front matter field 'titel'"),
        ],
    ),
}


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def good_build(sample_site, tmp_path):
    """A sample site built once cleanly, so a failed build has an output/ to preserve."""
    project = sample_site({"posts/good.md": GOOD_POST, "pages/about.md": ABOUT})
    output = tmp_path / "output"
    result = run_build(project, output)
    assert result.returncode == 0, result.stderr
    return project, output


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_content_is_reported_and_output_kept(name, good_build):
    project, output = good_build
    case = CASES[name]
    before = _tree_digest(output)
    for rel, data in case.files.items():
        path = project / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    result = run_build(project, output)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for where, words in case.expected:
        assert any(line.startswith(where + ":") and words in line for line in lines), (
            f"expected {where}: ...{words}... in:\n{result.stderr}"
        )
    assert _tree_digest(output) == before
    assert not list(output.parent.glob(".output.tmp-*")), "temporary build folder left behind"


def test_debug_flag_shows_the_traceback_of_a_crash(sample_site, tmp_path):
    project = sample_site(
        {"posts/good.md": GOOD_POST, "pages/about.md": ABOUT},
        settings="THEME = 'themes/does-not-exist'\n",
    )
    quiet = run_build(project, tmp_path / "out")
    assert quiet.returncode != 0
    assert "Traceback" not in quiet.stderr
    loud = run_build(project, tmp_path / "out", extra=["--debug"])
    assert "Traceback" in loud.stderr
