"""What the JSON formats (frab schedule.json, pretalx API data) read alike."""

from __future__ import annotations

import json
from typing import Any

from recapkit.importers.errors import SourceError


def parse_json(data: bytes, name: str) -> Any:
    """The decoded document; :class:`SourceError` naming ``name`` if it is not JSON."""
    try:
        return json.loads(data)
    except ValueError as exc:
        raise SourceError(f"{name}: not valid JSON: {exc}") from exc


def name_of(value: Any) -> str | None:
    """A name that may be a string, an i18n dict, or an object with ``name``."""
    if isinstance(value, dict):
        if "name" in value:
            return name_of(value["name"])
        if value:
            return name_of(value.get("en") or next(iter(value.values())))
        return None
    return str(value) if value not in (None, "") else None
