"""Slugs: the one slugifier and the one validator, for every plugin and importer.

:func:`slugify` makes a slug from a name or title, transliterating with python-slugify
and Unidecode (``Bjørstad`` -> ``bjorstad``, ``Łukasz Langa`` -> ``lukasz-langa``,
``東京`` -> ``dong-jing``). :func:`is_slug` and :func:`check_slug` say whether a value
written by hand is one. Every slug :func:`slugify` makes passes :func:`is_slug`.
"""

from __future__ import annotations

import re

from slugify import slugify as library_slugify

#: Lower-case ASCII letters and digits, in words joined by single hyphens or underscores.
SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

#: Cap on made slugs (in characters); a longer one is cut, then trailing hyphens dropped.
MAX_LENGTH = 80


def slugify(text: str, max_length: int = MAX_LENGTH, fallback: str = "item") -> str:
    """ASCII, lower-case, hyphenated; ``Salon A-E`` -> ``salon-a-e``.

    Letters outside ASCII are transliterated, anything else that is not a letter or a
    digit separates words. The result is cut at ``max_length`` characters (``0``: no
    cap), mid-word if need be, and is ``fallback`` when nothing is left (``"!!!"``).
    """
    slug = library_slugify(
        text,
        # The text is a name, not HTML: "&amp;" is the word "amp", as before.
        entities=False,
        decimal=False,
        hexadecimal=False,
        # A comma separates words, even between digits ("1,000" -> "1-000").
        replacements=[(",", "-")],
        replacement_stage="pre",
        max_length=max_length,
        word_boundary=False,
        backend="unidecode",
    )
    return slug or fallback


def is_slug(value: object) -> bool:
    """Whether ``value`` is a slug as content files must write it."""
    return isinstance(value, str) and SLUG_RE.fullmatch(value) is not None


def check_slug(value: str) -> str:
    """``value`` unchanged if it is a slug, else :class:`ValueError` (for validators)."""
    if not is_slug(value):
        raise ValueError(f"'{value}' is not a slug (lower-case letters, digits and hyphens)")
    return value
