"""YAML that remembers where each value came from, and pydantic errors that say so.

Content is read by :mod:`recapkit.yamlread`: linear, bounded (size, nesting, aliases)
and YAML 1.2, into dicts and lists that keep the line of every mapping key and sequence
item (``.lc``). ruamel.yaml's round-trip loader, which keeps comments, is used only where
a file is rewritten (the importer's merge, :func:`load_yaml_roundtrip` and
:func:`dump_yaml`), after the same limits were checked. Pydantic reports errors by
``loc`` path; :func:`line_for` walks that path through either kind of tree to the
deepest node that has a line.
"""

from __future__ import annotations

import difflib
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from recapkit.core.problems import ContentError, Problem, display_path
from recapkit.core.yamlread import LineList, LineMap, check_size, read_yaml

M = TypeVar("M", bound=BaseModel)


class _LenientConstructor(RoundTripConstructor):
    """Keeps an impossible date (``2019-13-45``) as text for the model to reject
    with a line number, instead of failing the whole file in the parser."""

    def construct_yaml_timestamp(self, node, values=None):  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_LenientConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _LenientConstructor.construct_yaml_timestamp
)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _LenientConstructor
    yaml.preserve_quotes = True
    return yaml


def load_yaml_text(text: str, path: str | os.PathLike[str], first_line: int = 1) -> Any:
    """Parse ``text``; a syntax error or a limit becomes a ContentError naming file and line.

    ``first_line`` is where ``text`` starts in the file (2 for front matter).
    """
    return read_yaml(text, path, first_line)


def _read_text(path: str | os.PathLike[str]) -> str:
    try:
        check_size(os.stat(path).st_size, path)
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(display_path(path), None, "not UTF-8 text")]) from exc


def load_yaml(path: str | os.PathLike[str]) -> Any:
    """Read and parse a YAML file (UTF-8) for its data."""
    return read_yaml(_read_text(path), path)


def load_yaml_roundtrip(path: str | os.PathLike[str]) -> Any:
    """Read a YAML file as ruamel round-trip nodes (comments kept), to rewrite it.

    The file is first read within the limits of :func:`load_yaml`, so ruamel's
    recursive composer never sees an alias bomb or a deep nesting.
    """
    text = _read_text(path)
    read_yaml(text, path)
    try:
        return _yaml().load(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        raise ContentError(
            [Problem(display_path(path), line, f"YAML syntax error: {what}")]
        ) from exc
    except YAMLError as exc:
        raise ContentError([Problem(display_path(path), 1, f"YAML error: {exc}")]) from exc


def dump_yaml(data: Any) -> str:
    """Serialise a tree (plain or round-trip) back to YAML text, comments kept."""
    stream = io.StringIO()
    yaml = _yaml()
    yaml.representer.add_representer(LineMap, yaml.representer.__class__.represent_dict)
    yaml.representer.add_representer(LineList, yaml.representer.__class__.represent_list)
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.dump(data, stream)
    return stream.getvalue()


def node_line(node: Any) -> int | None:
    """1-based line where a mapping or sequence node starts."""
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return None
    return lc.line + 1


def line_for(root: Any, loc: Sequence[int | str], first_line: int = 1) -> int | None:
    """The line of the value at ``loc`` in a loaded tree (or of its nearest parent)."""
    best = None
    node = root
    line = node_line(node)
    if line is not None:
        best = line
    for key in loc:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, Mapping) and key in node:
                if lc is not None:
                    best = lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                if lc is not None:
                    best = lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        except (KeyError, TypeError, AttributeError):
            break
    if best is None:
        return None
    return best + first_line - 1


def _describe_loc(loc: Sequence[int | str]) -> str:
    parts: list[str] = []
    for key in loc:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        else:
            parts.append(("." if parts else "") + str(key))
    return "".join(parts)


def error_message(error: Mapping[str, Any]) -> str:
    loc = [k for k in error["loc"] if not (isinstance(k, str) and k.startswith("function-"))]
    field = _describe_loc(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown field '{field}'"
    if kind == "missing":
        return f"missing required field '{field}'"
    msg = error["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if not field:
        return msg
    received = error.get("input")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"field '{field}': {msg.lower()} (got {received!r})"
    return f"field '{field}': {msg}"


def validation_problems(
    exc: ValidationError,
    data: Any,
    path: str | os.PathLike[str],
    loc_prefix: Sequence[int | str] = (),
    first_line: int = 1,
) -> list[Problem]:
    """One Problem per pydantic error, each with the line of the offending value."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        line = line_for(data, loc, first_line)
        full = {**error, "loc": tuple(loc_prefix) + loc}
        problems.append(Problem(display_path(path), line, error_message(full)))
    return problems


def validate(
    model: type[M],
    data: Any,
    path: str | os.PathLike[str],
    context: Mapping[str, Any] | None = None,
    first_line: int = 1,
) -> tuple[M | None, list[Problem]]:
    """Validate a YAML tree into a model; never raises for content mistakes."""
    try:
        return model.model_validate(data, context=dict(context or {})), []
    except ValidationError as exc:
        return None, validation_problems(exc, data, path, first_line=first_line)


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f" (did you mean '{match[0]}'?)" if match else ""
