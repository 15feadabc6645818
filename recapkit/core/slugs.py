"""Slugs for rooms, tracks, sessions and speakers (one rule for every importer)."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, lower-case, hyphenated; ``Salon A-E`` -> ``salon-a-e``."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"
