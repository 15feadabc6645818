"""What kind of thing a page shows, from its URL (the URL scheme is in DESIGN.md).

Pages are written by several plugins whose templates this package does not own; the URL
is the one fact every page has, so search labels and Open Graph types are derived here.
"""

from __future__ import annotations

import re
from enum import StrEnum


class PageKind(StrEnum):
    RECAP = "recap"
    TALK = "talk"
    SPEAKER = "speaker"
    CONFERENCE = "conference"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def searchable(self) -> bool:
        """Only these are indexed: listings would only repeat their targets' words."""
        return self is not PageKind.OTHER

    @property
    def og_type(self) -> str:
        return {PageKind.RECAP: "article", PageKind.SPEAKER: "profile"}.get(self, "website")


_PATTERNS: tuple[tuple[re.Pattern[str], PageKind], ...] = (
    (re.compile(r"^\d{4}/[^/]+/(index\.html)?$"), PageKind.RECAP),
    (re.compile(r"^conferences/[^/]+/(talks|sessions)/[^/]+/(index\.html)?$"), PageKind.TALK),
    (re.compile(r"^(conferences/[^/]+/)?speakers/[^/]+/(index\.html)?$"), PageKind.SPEAKER),
    (re.compile(r"^conferences/[^/]+/(index\.html)?$"), PageKind.CONFERENCE),
)


def page_kind(output_file: str) -> PageKind:
    """The kind of the page written to ``output_file`` (a path relative to the output)."""
    path = output_file.replace("\\", "/").lstrip("/")
    for pattern, kind in _PATTERNS:
        if pattern.match(path):
            return kind
    return PageKind.OTHER
