"""The demo's manifest lists exactly the demo's files, with the bytes they have now.

``invoke start`` deletes a demo file only while its bytes match the manifest, so a
manifest that is out of date would leave demo files behind (or keep a changed one).
This test travels with the demo: ``invoke start`` removes it with ``tests/demo/``.
"""

from __future__ import annotations

from pathlib import Path

from recapkit.starter.demofiles import MANIFEST, read_manifest, render_manifest

ROOT = Path(__file__).resolve().parents[2]


def test_the_manifest_lists_every_demo_file_with_its_hash():
    shipped = (ROOT / MANIFEST).read_text(encoding="utf-8")
    assert shipped == render_manifest(ROOT), (
        f"{MANIFEST} is out of date: run `python -m recapkit.starter.demofiles` and commit it"
    )


def test_the_manifest_names_the_demo_conference_posts_and_about_page():
    listed = read_manifest(ROOT)
    assert "content/pages/about.md" in listed
    assert "content/conferences/djangocon-us-2019/photos/photos.yaml" in listed
    assert any(rel.startswith("content/posts/") for rel in listed)
