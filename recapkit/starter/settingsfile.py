"""Set a few values in a Pelican settings file and leave every other byte alone.

``pelicanconf.py`` is Python a person edits: comments, order and their own settings
must survive. LibCST could rewrite the tree losslessly, but it is a large compiled
dependency for replacing a handful of string literals: here :mod:`ast` says where each
value is written and only those characters are replaced (hand-written for that reason).
"""

from __future__ import annotations

import ast
import json


def _literal(value: str) -> str:
    """A double-quoted Python string literal (JSON's escapes are Python's too)."""
    return json.dumps(value, ensure_ascii=False)


def set_values(source: str, values: dict[str, str]) -> str:
    """``source`` with each top-level ``NAME = ...`` of ``values`` given the new value.

    A name the file does not assign yet is added at the end, so the result always
    sets every one of them."""
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, int, int, str]] = []
    missing = dict(values)
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target = node.targets[0]
        if not isinstance(target, ast.Name) or target.id not in values:
            continue
        value = node.value
        edits.append(
            (
                value.lineno - 1,
                value.col_offset,
                value.end_lineno - 1,
                value.end_col_offset,
                _literal(values[target.id]),
            )
        )
        missing.pop(target.id, None)
    # From the end, so earlier positions stay valid. ast's offsets count UTF-8 bytes.
    for first, start, last, end, text in sorted(edits, reverse=True):
        head = lines[first].encode()[:start].decode()
        tail = lines[last].encode()[end:].decode()
        lines[first : last + 1] = [head + text + tail]
    result = "".join(lines)
    if missing:
        if result and not result.endswith("\n"):
            result += "\n"
        result += "".join(f"{name} = {_literal(value)}\n" for name, value in missing.items())
    return result


def read_values(source: str, names: tuple[str, ...]) -> dict[str, object]:
    """The literal values of the top-level assignments to ``names`` (for reports)."""
    found: dict[str, object] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id in names:
                try:
                    found[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    return found
