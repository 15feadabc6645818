"""Helpers for the importer tests (this module holds no tests of its own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from recapkit.importers import Outcome, import_schedule
from tests.support import shared_data

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def shared(name: str) -> Path:
    """A real export from ../shared/data/schedules (see tests.support.shared_data)."""
    return shared_data("schedules", name)


def run(source: Path | str, content: Path, slug: str = "conf", **kwargs: Any) -> Outcome:
    outcome = import_schedule(str(source), slug, content=content, **kwargs)
    assert outcome.ok, outcome.problems
    return outcome


def read(content: Path, slug: str, name: str) -> Any:
    return YAML(typ="safe").load((content / "conferences" / slug / f"{name}.yaml").read_text())


def sessions(content: Path, slug: str = "conf") -> dict[str, dict[str, Any]]:
    return {s["slug"]: s for s in read(content, slug, "sessions")["sessions"]}


JEKYLL_DIR = FIXTURES / "jekyll"
