"""Bounded, line-aware YAML 1.2 reading on libyaml's event stream.

Content files are data: they are read here, in one pass over the parser's events
(libyaml's C parser when PyYAML has it), into plain dicts and lists that remember the
line of every mapping key and sequence item (``.lc``, the same interface as ruamel's
round-trip nodes, so :func:`recapkit.yamlsource.line_for` works on both). The tree is
built without recursion, so no nesting can raise ``RecursionError``, and every input is
bounded before it can cost much:

- the text may be at most :data:`MAX_YAML_BYTES`;
- collections may nest at most :data:`MAX_DEPTH` levels (counting what aliases bring in);
- a file may use at most :data:`MAX_ALIASES` aliases, which together may add at most
  :data:`MAX_ALIAS_NODES` values: an alias bomb ("billion laughs") stops at the alias
  that crosses the line, long before anything is expanded;
- an alias inside the value it names (a recursive structure) is refused.

Scalars resolve as ruamel.yaml's round-trip loader resolves them, YAML 1.2 (the loader
the site used before, so every file keeps its values): ``no``, ``on`` and ``NO`` stay
text, ``1:30`` stays text, ``0777`` is 777, ``1_000`` is 1000, timestamps become
``datetime.date`` / ``datetime.datetime`` (with a fixed-offset zone when one is
written), and an impossible date such as ``2019-13-45`` stays text for the model to
reject with its line. A ``%YAML 1.1`` directive switches to the 1.1 rules, as ruamel does.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
import os
import re
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from recapkit.core.problems import ContentError, Problem, display_path

#: The largest YAML text read (a file, or a post's front matter), in bytes.
MAX_YAML_BYTES = 32 * 1024 * 1024
#: The deepest nesting of mappings and sequences.
MAX_DEPTH = 64
#: Aliases (``*name``) one file may use.
MAX_ALIASES = 100
#: Values that the aliases of one file may add to it, all together.
MAX_ALIAS_NODES = 100_000

_MIB = 1024 * 1024
_TOO_DEEP = f"YAML nested more than {MAX_DEPTH} levels deep"
#: The PyYAML loader whose parser gives the events: libyaml's (C) when PyYAML has it.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
_TIMESTAMP, _BINARY, _MAP, _SEQ = (_TAG + t for t in ("timestamp", "binary", "map", "seq"))
_MERGE_TAG, _VALUE_TAG = _TAG + "merge", _TAG + "value"


class LineCol:
    """Where a mapping or sequence starts, and where each of its keys or items does.

    Lines and columns are 0-based and relative to the parsed text, as in ruamel.yaml.
    """

    __slots__ = ("line", "col", "data")

    def __init__(self, line: int | None = None, col: int | None = None) -> None:
        self.line = line
        self.col = col
        self.data: dict[Any, tuple[int, ...]] = {}

    def key(self, k: Any) -> tuple[int, int]:
        """(line, column) of the key ``k``; KeyError for a key that was not read."""
        return self.data[k][0], self.data[k][1]

    def value(self, k: Any) -> tuple[int, int]:
        """(line, column) of the value under ``k``."""
        return self.data[k][2], self.data[k][3]

    def item(self, idx: int) -> tuple[int, int]:
        """(line, column) of the sequence item at ``idx``."""
        return self.data[idx][0], self.data[idx][1]

    def __repr__(self) -> str:
        return f"LineCol({self.line}, {self.col})"


class LineMap(dict):
    """A plain dict that knows the lines of its keys (``.lc``)."""

    __slots__ = ("lc",)


class LineList(list):
    """A plain list that knows the lines of its items (``.lc``)."""

    __slots__ = ("lc",)


class _Stop(Exception):
    """A limit or a mistake, at a 0-based line of the text."""

    def __init__(self, line: int | None, message: str, first: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.first = first  # the line of an earlier, clashing key


# Implicit resolvers, as ruamel.yaml has them (resolver.py), tried by first character.
_RE_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_RE_BOOL_11 = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
    r"|on|On|ON|off|Off|OFF)$"
)
_RE_FLOAT_12 = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_RE_FLOAT_11 = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_RE_INT_12 = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0o?[0-7_]+
    |[-+]?[0-9_]+
    |[-+]?0x[0-9a-fA-F_]+)$""",
    re.X,
)
_RE_INT_11 = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0?[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    re.X,
)
_RE_MERGE = re.compile(r"^(?:<<)$")
_RE_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_RE_TIMESTAMP = re.compile(
    r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?
    :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    re.X,
)
_RE_VALUE = re.compile(r"^(?:=)$")
_TIMESTAMP_PARTS = re.compile(
    r"""^(?P<year>[0-9][0-9][0-9][0-9])
    -(?P<month>[0-9][0-9]?)
    -(?P<day>[0-9][0-9]?)
    (?:((?P<t>[Tt])|[ \t]+)
    (?P<hour>[0-9][0-9]?)
    :(?P<minute>[0-9][0-9])
    :(?P<second>[0-9][0-9])
    (?:\.(?P<fraction>[0-9]*))?
    (?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9][0-9]?)
    (?::(?P<tz_minute>[0-9][0-9]))?))?)?$""",
    re.X,
)


def _resolvers(version_11: bool) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    entries = [
        (_BOOL, _RE_BOOL_11 if version_11 else _RE_BOOL_12, "yYnNtTfFoO" if version_11 else "tTfF"),
        (_FLOAT, _RE_FLOAT_11 if version_11 else _RE_FLOAT_12, "-+0123456789."),
        (_INT, _RE_INT_11 if version_11 else _RE_INT_12, "-+0123456789"),
        (_MERGE_TAG, _RE_MERGE, "<"),
        (_NULL, _RE_NULL, ["~", "n", "N", ""]),
        (_TIMESTAMP, _RE_TIMESTAMP, "0123456789"),
        (_VALUE_TAG, _RE_VALUE, "="),
    ]
    for tag, regex, firsts in entries:
        for first in firsts:
            table.setdefault(first, []).append((tag, regex))
    return table


_RESOLVERS_12 = _resolvers(version_11=False)
_RESOLVERS_11 = _resolvers(version_11=True)
_BOOLS = {"yes": True, "no": False, "y": True, "n": False, "true": True, "false": False}
_BOOLS |= {"on": True, "off": False}


def _sexagesimal(text: str, kind: type) -> Any:
    value = kind(0)
    for part in text.split(":"):
        value = value * 60 + kind(part)
    return value


def _int(text: str, version_11: bool) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits[:1] == "-" else 1
    if digits[:1] in ("+", "-"):
        digits = digits[1:]
    if digits.startswith("0b"):
        return sign * int(digits[2:], 2)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if version_11 and len(digits) > 1 and digits[0] == "0":
        return sign * int(digits, 8)
    if version_11 and ":" in digits:
        return sign * _sexagesimal(digits, int)
    return sign * int(digits)


def _float(text: str, version_11: bool) -> float:
    digits = text.replace("_", "").lower()
    sign = -1 if digits[:1] == "-" else 1
    if digits[:1] in ("+", "-"):
        digits = digits[1:]
    if digits == ".inf":
        return sign * math.inf
    if digits == ".nan":
        return math.nan
    if version_11 and ":" in digits:
        return sign * _sexagesimal(digits, float)
    return sign * float(digits)


def _timestamp(text: str) -> dt.date | dt.datetime | str:
    """ruamel's ``create_timestamp``; an impossible date or time stays text."""
    match = _TIMESTAMP_PARTS.match(text)
    if match is None:
        return text
    v = match.groupdict()
    try:
        if not v["hour"]:
            return dt.date(int(v["year"]), int(v["month"]), int(v["day"]))
        fraction, late = 0, False
        if v["fraction"]:
            frac = int(v["fraction"][:6].ljust(6, "0"))
            if len(v["fraction"]) > 6 and int(v["fraction"][6]) > 4:
                frac += 1
            fraction, late = (0, True) if frac > 999_999 else (frac, False)
        tzinfo = None
        if v["tz_sign"]:
            offset = dt.timedelta(hours=int(v["tz_hour"]), minutes=int(v["tz_minute"] or 0))
            tzinfo = dt.timezone(-offset if v["tz_sign"] == "-" else offset, name=v["tz"])
        elif v["tz"] == "Z":
            tzinfo = dt.timezone(dt.timedelta(0), name="Z")
        value = dt.datetime(
            int(v["year"]),
            int(v["month"]),
            int(v["day"]),
            int(v["hour"]),
            int(v["minute"]),
            int(v["second"]),
            fraction,
            tzinfo,
        )
        return value + dt.timedelta(seconds=1) if late else value
    except ValueError:
        return text


_MERGE = object()  # a plain '<<' key
_NO_KEY = object()


def _construct(tag: str, text: str, version_11: bool) -> Any:
    """The value of a scalar with a resolved or explicit standard tag."""
    if tag == _STR:
        return text
    if tag == _NULL:
        return None
    if tag == _BOOL:
        if text.lower() not in _BOOLS:
            raise ValueError(text)
        return _BOOLS[text.lower()]
    if tag == _INT:
        return _int(text, version_11)
    if tag == _FLOAT:
        return _float(text, version_11)
    if tag == _TIMESTAMP:
        return _timestamp(text)
    if tag == _BINARY:
        return base64.decodebytes(text.encode("ascii"))
    if tag == _MERGE_TAG:
        return _MERGE
    if tag == _VALUE_TAG:
        return text
    raise LookupError(tag)


def _scalar(
    event: ScalarEvent, resolvers: dict, version_11: bool, restore: dict[int, str] | None
) -> Any:
    text = event.value
    if restore is not None:
        text = text.translate(restore)
    tag = event.tag
    if tag is None or tag == "!":
        if not event.implicit[0]:
            return text  # quoted, or a block scalar: text as written
        for resolved, regex in resolvers.get(text[:1], ()):
            if regex.match(text):
                try:
                    return _construct(resolved, text, version_11)
                except (ValueError, IndexError):
                    return text  # '+_', '0x_': ruamel crashed on these; text here
        return text
    try:
        return _construct(tag, text, version_11)
    except LookupError:
        short = tag.replace(_TAG, "!!")
        raise _Stop(event.start_mark.line, f"unsupported YAML tag '{short}'") from None
    except (ValueError, IndexError, UnicodeError, binascii.Error):
        short = tag.replace(_TAG, "!!")
        raise _Stop(event.start_mark.line, f"'{text}' is not a valid {short}") from None


class _Frame:
    """A mapping or sequence being read."""

    __slots__ = ("node", "data", "is_map", "key", "key_at", "size", "height", "anchor", "merge")

    def __init__(self, node: Any, is_map: bool, anchor: str | None) -> None:
        self.node = node
        self.data = node.lc.data
        self.is_map = is_map
        self.key: Any = _NO_KEY
        self.key_at: tuple[int, int] = (0, 0)
        self.size = 1
        self.height = 1
        self.anchor = anchor
        self.merge: list[Any] | None = None


def _describe(key: Any) -> str:
    text = str(key)
    return text if len(text) <= 60 else text[:57] + "..."


def _merge_sources(value: Any, line: int) -> list[Any]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return list(value)
    raise _Stop(line, "'<<' merges a mapping or a list of mappings into this one")


# libyaml follows YAML 1.1, where NEL, LS and PS break lines; in YAML 1.2 (and so in
# ruamel.yaml, which the site used before) a plain scalar may hold them.
_NOT_BREAKS = "\x85\u2028\u2029"


def _shield(text: str) -> tuple[str, dict[int, str] | None]:
    """``text`` with NEL, LS and PS swapped for unused private-use characters, and the
    table that puts them back; (text, None) when it has none (nearly always)."""
    if not any(ch in text for ch in _NOT_BREAKS):
        return text, None
    stand_ins = (chr(c) for c in range(0xF0000, 0xFFFFE) if chr(c) not in text)
    swap = {ord(ch): stand_in for ch, stand_in in zip(_NOT_BREAKS, stand_ins, strict=False)}
    return text.translate(swap), {ord(v): chr(k) for k, v in swap.items()}


def _compose(text: str) -> Any:
    """The one document in ``text``, as LineMap/LineList/scalars; raises _Stop."""
    text, restore = _shield(text)
    loader = LOADER(text)
    resolvers = _RESOLVERS_12
    version_11 = False
    anchors: dict[str, Any] = {}  # name -> (value, size, height, line, col), or its _Frame
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    aliases = 0
    alias_nodes = 0
    try:
        while True:
            event = loader.get_event()
            kind = event.__class__
            if kind is ScalarEvent:
                mark = event.start_mark
                value = _scalar(event, resolvers, version_11, restore)
                size, height, line, col = 1, 0, mark.line, mark.column
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1, 0, line, col)
            elif kind is AliasEvent:
                name = event.anchor
                line = event.start_mark.line
                target = anchors.get(name)
                if target is None:
                    raise _Stop(line, f"YAML syntax error: found undefined alias '{name}'")
                if isinstance(target, _Frame):
                    raise _Stop(line, f"alias *{name} is inside the value it names")
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise _Stop(
                        line,
                        f"more than {MAX_ALIASES} alias expansions (*{name}): "
                        "write the values out instead of repeating them by alias",
                    )
                value, size, height, line, col = target
                alias_nodes += size
                if alias_nodes > MAX_ALIAS_NODES:
                    raise _Stop(
                        event.start_mark.line,
                        f"aliases expand to more than {MAX_ALIAS_NODES:,} values "
                        f"(*{name}): is this an alias bomb?",
                    )
                if len(stack) + height > MAX_DEPTH:
                    raise _Stop(
                        event.start_mark.line,
                        f"YAML nested more than {MAX_DEPTH} levels deep (with *{name})",
                    )
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                mark = event.start_mark
                if len(stack) >= MAX_DEPTH:
                    raise _Stop(mark.line, _TOO_DEEP)
                is_map = kind is MappingStartEvent
                if event.tag not in (None, "!", _MAP if is_map else _SEQ):
                    short = event.tag.replace(_TAG, "!!")
                    raise _Stop(mark.line, f"unsupported YAML tag '{short}'")
                node = LineMap() if is_map else LineList()
                node.lc = LineCol(mark.line, mark.column)
                frame = _Frame(node, is_map, event.anchor)
                if event.anchor is not None:
                    anchors[event.anchor] = frame
                stack.append(frame)
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                value = frame.node
                if frame.merge:
                    for source in frame.merge:
                        for k, v in source.items():
                            if k not in value:
                                value[k] = v
                size, height = frame.size, frame.height
                line, col = value.lc.line, value.lc.col
                if frame.anchor is not None and anchors.get(frame.anchor) is frame:
                    anchors[frame.anchor] = (value, size, height, line, col)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Stop(
                        event.start_mark.line,
                        "YAML syntax error: expected a single document, but found another",
                    )
                version_11 = event.version == (1, 1)
                resolvers = _RESOLVERS_11 if version_11 else _RESOLVERS_12
                continue
            elif kind is StreamEndEvent:
                return root
            else:
                continue  # stream start, document end

            if not stack:
                root = "<<" if value is _MERGE else value
                continue
            parent = stack[-1]
            parent.size += size
            if height >= parent.height:
                parent.height = height + 1
            if not parent.is_map:
                data = parent.node
                parent.data[len(data)] = (line, col)
                data.append("<<" if value is _MERGE else value)
            elif parent.key is _NO_KEY:
                if isinstance(value, dict | list):
                    raise _Stop(line, "a mapping or a list cannot be a key ('? ...')")
                parent.key = value
                parent.key_at = (line, col)
            else:
                key = parent.key
                parent.key = _NO_KEY
                key_line, key_col = parent.key_at
                if key is _MERGE:
                    if parent.merge is not None:
                        raise _Stop(key_line, 'YAML syntax error: found duplicate merge key "<<"')
                    parent.merge = _merge_sources(value, line)
                    continue
                data = parent.node
                try:
                    seen = key in data
                except TypeError:
                    raise _Stop(key_line, "this key cannot be used in a mapping") from None
                if seen:
                    raise _Stop(
                        key_line,
                        f'YAML syntax error: found duplicate key "{_describe(key)}"',
                        parent.data.get(key, (None,))[0],
                    )
                data[key] = "<<" if value is _MERGE else value
                parent.data[key] = (key_line, key_col, line, col)
    finally:
        loader.dispose()


def check_size(size: int, path: str | os.PathLike[str], first_line: int = 1) -> None:
    """ContentError for YAML text of more than :data:`MAX_YAML_BYTES` bytes."""
    if size > MAX_YAML_BYTES:
        limit = (
            f"{MAX_YAML_BYTES // _MIB} MiB"
            if MAX_YAML_BYTES >= _MIB
            else f"{MAX_YAML_BYTES:,} bytes"
        )
        message = (
            f"{size:,} bytes of YAML, more than the {limit} limit: split it into smaller files"
        )
        raise ContentError([Problem(display_path(path), first_line, message)])


def read_yaml(text: str, path: str | os.PathLike[str], first_line: int = 1) -> Any:
    """Parse ``text`` within the limits; every mistake is a ContentError with its line.

    ``first_line`` is the line of the file where ``text`` starts (front matter starts
    on line 2); it offsets the lines in messages, not the ones kept in ``.lc``.
    """
    size = len(text)
    if size > MAX_YAML_BYTES // 4:
        size = len(text.encode("utf-8", "surrogatepass"))
    check_size(size, path, first_line)
    where = display_path(path)
    try:
        return _compose(text)
    except _Stop as stop:
        line = stop.line + first_line if stop.line is not None else first_line
        message = stop.message
        if stop.first is not None:
            message += f" (first on line {stop.first + first_line})"
        raise ContentError([Problem(where, line, message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None
        if mark is not None:
            # libyaml ends a text without a final newline on a line of its own.
            line = min(mark.line, text.count("\n")) + first_line
        what = exc.problem or exc.context or "invalid YAML"
        if what == "exceeded maximum nesting depth":  # libyaml's own cap (1000), looking ahead
            raise ContentError([Problem(where, line, _TOO_DEEP)]) from None
        if what == "found character that cannot start any token" and mark is not None:
            lines = text.split("\n", mark.line + 1)
            row = lines[mark.line] if mark.line < len(lines) else ""
            if mark.column < len(row):
                what = f"found character {row[mark.column]!r} that cannot start any token"
        raise ContentError([Problem(where, line, f"YAML syntax error: {what}")]) from None
    except yaml.reader.ReaderError as exc:
        # The C reader counts bytes of UTF-8, the Python one characters.
        before = text.encode("utf-8", "surrogatepass")[: exc.position].count(b"\n")
        if LOADER is yaml.SafeLoader:
            before = text.count("\n", 0, exc.position)
        char = exc.character
        shown = f"#x{char:04x}" if isinstance(char, int) else repr(char)
        message = f"YAML error: character {shown} is not allowed ({exc.reason})"
        raise ContentError([Problem(where, before + first_line, message)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(where, first_line, f"YAML error: {exc}")]) from None
