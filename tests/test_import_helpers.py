"""Helpers for the importer tests (this module holds no tests of its own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from recapkit.importers import Outcome, import_schedule

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SHARED = ROOT.parent / "shared" / "data" / "schedules"


def shared(name: str) -> Path:
    """A real export from ../shared, or a clean skip when the folder is absent."""
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


def run(source: Path | str, content: Path, slug: str = "conf", **kwargs: Any) -> Outcome:
    outcome = import_schedule(str(source), slug, content=content, **kwargs)
    assert outcome.ok, outcome.problems
    return outcome


def read(content: Path, slug: str, name: str) -> Any:
    return YAML(typ="safe").load((content / "conferences" / slug / f"{name}.yaml").read_text())


def sessions(content: Path, slug: str = "conf") -> dict[str, dict[str, Any]]:
    return {s["slug"]: s for s in read(content, slug, "sessions")["sessions"]}


JEKYLL_DIR = FIXTURES / "jekyll"
