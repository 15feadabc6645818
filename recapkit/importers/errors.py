"""The one error an importer raises: the source cannot be read at all.

Flaws inside a readable source are not errors; they go to the :class:`Report`. Both
``sources`` (fetching, detecting) and every reader in ``formats`` raise this, so it
lives below both of them.
"""

from __future__ import annotations


class SourceError(Exception):
    """The source cannot be read at all (as opposed to flaws inside it)."""
