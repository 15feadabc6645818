"""The skeleton ``invoke new-post`` writes: front matter an author fills in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from recapkit.core.slugs import slugify

TEMPLATE = """---
title: {title}
date: {date}
tags: []
summary: One or two sentences for the home page, feeds and link previews.
{conference}status: draft
---
Write the recap here. One `## Day` section per day reads well.

Link a talk with `[title]({{talk}}talk-slug)` and a speaker with `[name]({{speaker}}speaker-slug)`.
"""


def write_skeleton(folder: Path, title: str, conference: str | None, date: dt.date) -> Path:
    """Create ``YYYY-MM-DD-<slug>.md``; refuses to overwrite an existing post."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{date.isoformat()}-{slugify(title)}.md"
    if path.exists():
        raise SystemExit(f"{path} exists already")
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    conf = f"conference: {conference}\n" if conference else ""
    path.write_text(
        TEMPLATE.format(title=quoted, date=date.isoformat(), conference=conf), encoding="utf-8"
    )
    return path
