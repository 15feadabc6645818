"""Symbolic links out of content/ (or the theme) are named, never read, never published."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from tests.support import run_build

MARKER = "SECRET-7f3a9c-OUTSIDE"
POST = """\
---
title: A recap
date: 2024-03-02
---
Hello.
"""
CONFERENCE = """\
slug: linkcon-2024
name: LinkCon
timezone: Europe/Paris
start: 2024-03-01
end: 2024-03-01
"""


def _outside_files(base: Path) -> dict[str, Path]:
    """Files beside the project: a secret text, a secret "photo", a secret YAML."""
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{MARKER}\n", encoding="utf-8")
    (outside / "post.md").write_text(POST.replace("Hello.", MARKER), encoding="utf-8")
    (outside / "sessions.yaml").write_text(f"sessions: []\n# {MARKER}\n", encoding="utf-8")
    photo = outside / "photo.jpg"
    Image.new("RGB", (40, 30), (10, 20, 30)).save(photo, comment=MARKER.encode())
    (outside / "folder").mkdir()
    (outside / "folder" / "inner.txt").write_text(MARKER, encoding="utf-8")
    return {p.name: p for p in outside.iterdir()}


def _published_bytes(output: Path) -> list[str]:
    return [
        p.relative_to(output).as_posix()
        for p in output.rglob("*")
        if p.is_file() and MARKER.encode() in p.read_bytes()
    ]


def test_links_out_of_content_are_named_and_nothing_of_them_is_published(sample_site, tmp_path):
    outside = _outside_files(tmp_path)
    project = sample_site(
        {
            "posts/recap.md": POST,
            "conferences/linkcon-2024/conference.yaml": CONFERENCE,
            "conferences/linkcon-2024/speakers.yaml": "speakers: []\n",
            "conferences/linkcon-2024/photos/photos.yaml": (
                "title: Photos\ncredit: {name: Sam}\nlicence: CC0-1.0\nphotos: []\n"
            ),
        }
    )
    content = project / "content"
    (content / "images").mkdir()
    links = {
        "images/env.txt": Path("/proc/self/environ"),
        "images/passwd.txt": Path("/etc/passwd"),
        "images/secret.txt": outside["secret.txt"],
        "images/photo.jpg": outside["photo.jpg"],
        "images/folder": outside["folder"],
        "posts/leak.md": outside["post.md"],
        "pages/leak.md": outside["post.md"],
        "conferences/linkcon-2024/sessions.yaml": outside["sessions.yaml"],
        "conferences/linkcon-2024/photos/stage.jpg": outside["photo.jpg"],
    }
    for rel, target in links.items():
        (content / rel).symlink_to(target)
    # A link that stays inside content/ is fine.
    (content / "images" / "real.txt").write_text("inside\n", encoding="utf-8")
    (content / "images" / "alias.txt").symlink_to("real.txt")

    output = tmp_path / "output"
    result = run_build(project, output, env={"RECAP_LEAK_PROBE": MARKER})

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for rel in links:
        assert f"content/{rel}: symbolic link to a " in result.stderr, (rel, result.stderr)
    assert "content/images/alias.txt" not in result.stderr
    assert MARKER not in result.stderr
    assert not output.exists()


def test_a_plain_pelican_run_reads_no_byte_through_a_link(sample_site, tmp_path):
    """Even when nobody looks at the errors (plain ``pelican``), nothing leaks out."""
    outside = _outside_files(tmp_path)
    project = sample_site({"posts/recap.md": POST})
    (project / "content" / "images").mkdir()
    (project / "content" / "images" / "secret.txt").symlink_to(outside["secret.txt"])
    (project / "content" / "images" / "env.txt").symlink_to("/proc/self/environ")
    (project / "content" / "posts" / "leak.md").symlink_to(outside["post.md"])
    output = tmp_path / "plain"
    import subprocess
    import sys

    env = {**os.environ, "RECAP_LEAK_PROBE": MARKER}
    done = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(output)],
        cwd=project,
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (output / "index.html").is_file(), done.stderr
    assert _published_bytes(output) == []
    assert "content/images/secret.txt" in done.stdout + done.stderr


def test_theme_links_out_are_named(sample_site, tmp_path):
    outside = _outside_files(tmp_path)
    project = sample_site({"posts/recap.md": POST})
    (project / "themes/recap/static/leak.txt").symlink_to(outside["secret.txt"])
    output = tmp_path / "output"
    result = run_build(project, output)
    assert result.returncode == 1
    assert "themes/recap/static/leak.txt: symbolic link to a file outside themes/recap/" in (
        result.stderr
    )
    assert not output.exists()


def test_an_import_never_writes_through_a_link_out_of_the_conference_folder(tmp_path):
    from recapkit.importers import import_schedule
    from tests.test_import_helpers import FIXTURES

    victim = tmp_path / "victim.yaml"
    victim.write_text(f"# {MARKER}\n", encoding="utf-8")
    content = tmp_path / "content"
    folder = content / "conferences" / "conf"
    folder.mkdir(parents=True)
    (folder / "sessions.yaml").symlink_to(victim)
    (folder / "speakers.yaml").symlink_to(tmp_path / "nowhere.yaml")  # dangling

    outcome = import_schedule(str(FIXTURES / "schedule.json"), "conf", content=content)

    assert not outcome.ok
    shown = "\n".join(map(str, outcome.problems))
    assert "sessions.yaml: symbolic link to a file outside" in shown
    assert "speakers.yaml: symbolic link to a file outside" in shown
    assert victim.read_text(encoding="utf-8") == f"# {MARKER}\n"
    assert not (tmp_path / "nowhere.yaml").exists()
