"""The slugs a conference's YAML already uses, read before an import makes new ones.

Authors link talks and speakers by slug (``{talk}opening``). A re-import must not rename
what they link, even when the source retitles a talk or a second session takes the
same title: a session keeps the slug of the entry with its guid, a speaker the slug of
the entry with its normalised name. Unreadable files remember nothing; the merge that
follows reports them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recapkit.core.contained import is_inside
from recapkit.core.problems import ContentError
from recapkit.core.slugs import is_slug, slugify
from recapkit.core.yamlsource import load_yaml
from recapkit.importers.schedule import Known


def _items(path: Path, key: str) -> list[dict[str, Any]]:
    if not path.is_file() or not is_inside(path, path.parent):
        return []
    try:
        data = load_yaml(path)
    except ContentError:
        return []
    items = data.get(key) if isinstance(data, dict) else None
    return [i for i in items or [] if isinstance(i, dict) and is_slug(i.get("slug"))]


def remembered(folder: Path) -> Known:
    """Session slugs by guid and speaker slugs by normalised name, from ``folder``."""
    sessions = {
        str(item["guid"]): str(item["slug"])
        for item in _items(folder / "sessions.yaml", "sessions")
        if item.get("guid")
    }
    speakers: dict[str, tuple[str, ...]] = {}
    for item in _items(folder / "speakers.yaml", "speakers"):
        if isinstance(item.get("name"), str) and item["name"].strip():
            key = slugify(item["name"], max_length=0)
            speakers[key] = (*speakers.get(key, ()), str(item["slug"]))
    return Known(sessions, speakers)
