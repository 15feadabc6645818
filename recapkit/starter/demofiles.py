"""Which files are the demo, so that ``invoke start`` removes exactly those.

The repository ships ``demo.sha256`` (the format ``sha256sum -c`` reads) listing every
file of the demo with the SHA-256 of its bytes as shipped. ``invoke start`` deletes a
listed file only while its bytes still match: a demo file someone edited is theirs now
and is kept. A post or conference file that is not listed is the person's own content,
and ``invoke start`` refuses to run over it without ``--force``.

Maintainers: after changing the demo, ``python -m recapkit.starter.demofiles`` rewrites
the manifest (a test in ``tests/demo/`` says when it is out of date).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "demo.sha256"
#: What the demo is: its posts, its conference (with the photos), its About page and
#: its own tests, which travel with it.
DEMO_CONFERENCE = "djangocon-us-2019"
DEMO_PATHS = (
    "content/posts",
    "content/pages/about.md",
    f"content/conferences/{DEMO_CONFERENCE}",
    "tests/demo",
)
#: Where a person's own content lives: anything here that the manifest does not list.
OWN_CONTENT = ("content/posts", "content/conferences")
#: Written by Python next to the demo's test modules, never by a person.
_GENERATED = {"__pycache__"}


def digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _files_under(root: Path, rel: str) -> list[str]:
    """Regular files under ``root/rel`` (itself, if a file), as sorted posix paths."""
    top = root / rel
    if top.is_symlink() or top.is_file():
        return [rel]
    if not top.is_dir():
        return []
    found = []
    for path in top.rglob("*"):
        if _GENERATED.intersection(path.relative_to(root).parts):
            continue
        if path.is_symlink() or path.is_file():
            found.append(path.relative_to(root).as_posix())
    return sorted(found)


def demo_files(root: Path) -> list[str]:
    """Every file now under the demo's paths (what the manifest should list)."""
    return sorted(f for rel in DEMO_PATHS for f in _files_under(root, rel))


def render_manifest(root: Path) -> str:
    return "".join(f"{digest(root / rel)}  {rel}\n" for rel in demo_files(root))


def read_manifest(root: Path) -> dict[str, str]:
    """Path -> SHA-256 of the shipped bytes; empty when there is no manifest."""
    path = root / MANIFEST
    if not path.is_file():
        return {}
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            sha, _, rel = line.partition("  ")
            entries[rel] = sha
    return entries


def own_content(root: Path, manifest: dict[str, str]) -> list[str]:
    """Posts and conference files that are not the demo's: a person wrote them."""
    return [
        rel
        for top in OWN_CONTENT
        for rel in _files_under(root, top)
        if rel not in manifest and not rel.endswith("/.gitkeep")
    ]


@dataclass(frozen=True)
class Removal:
    removed: list[str]
    kept: list[str]


def remove_demo(root: Path, manifest: dict[str, str]) -> Removal:
    """Delete each listed file whose bytes still match; keep (and name) edited ones."""
    removed, kept = [], []
    for rel, sha in sorted(manifest.items()):
        path = root / rel
        if path.is_symlink() or not path.is_file():
            continue
        if digest(path) == sha:
            path.unlink()
            removed.append(rel)
        else:
            kept.append(rel)
    for rel in DEMO_PATHS:
        _prune(root / rel, stop=root)
    return Removal(removed, kept)


def _prune(top: Path, stop: Path) -> None:
    """Remove folders the deletion left empty (and Python's byte-code caches in them)."""
    if not top.is_dir() or top.is_symlink():
        return
    for folder in sorted((p for p in top.rglob("*") if p.is_dir()), reverse=True):
        if folder.name in _GENERATED and not folder.is_symlink():
            shutil.rmtree(folder)
    for folder in sorted((p for p in [top, *top.rglob("*")] if p.is_dir()), reverse=True):
        if folder != stop and not any(folder.iterdir()):
            folder.rmdir()


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0] if argv else ".").resolve()
    (root / MANIFEST).write_text(render_manifest(root), encoding="utf-8")
    print(f"Wrote {MANIFEST}: {len(demo_files(root))} demo files.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
