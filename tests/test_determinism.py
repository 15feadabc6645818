"""Two builds of the same content are byte-identical, so CI diffs and caches mean something."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.support import SITE_URL, Build, run_build


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_production_builds_are_byte_identical(site_project, site_prod, tmp_path):
    assert_rebuild_is_identical(site_project, site_prod, tmp_path)


def assert_rebuild_is_identical(project: Path, first_build: Build, tmp_path: Path) -> None:
    """Build ``project`` again with the production settings: the same files, same bytes."""
    again = run_build(
        project, tmp_path / "again", settings="publishconf.py", env={"SITEURL": SITE_URL}
    )
    assert again.returncode == 0, again.stderr
    first, second = _digests(first_build.output), _digests(again.output)
    assert sorted(first) == sorted(second)
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == []
    assert any(name.endswith(".xml") for name in first), "feeds/sitemap are compared too"
    assert any(name.endswith(".avif") for name in first), "photo derivatives are compared too"
