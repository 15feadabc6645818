"""Two posts that would be written to the same URL are a content mistake.

Pelican notices only when writing the second file, with a traceback that names the
output path; here both source files are named before anything is written.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from recapkit.core.links import all_content
from recapkit.core.problems import display_path, line_of, report


def check_unique_urls(generators: list[Any]) -> None:
    if not generators:
        return
    by_target: dict[str, list[Any]] = defaultdict(list)
    for content in all_content(generators[0].context):
        if content.save_as:
            by_target[content.save_as].append(content)
    for target, items in sorted(by_target.items()):
        if len(items) < 2:
            continue
        paths = sorted(display_path(c.source_path) for c in items)
        for content in items:
            others = ", ".join(p for p in paths if p != display_path(content.source_path))
            text = Path(content.source_path).read_text(encoding="utf-8", errors="replace")
            line = line_of(text, "slug:") or line_of(text, "title:")
            report(
                content.source_path,
                line,
                f"same URL as {others} ({target}): give one of them another slug",
            )
