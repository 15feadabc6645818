"""One channel for content mistakes, so a build can list them all and fail once.

Plugins never raise or exit on bad content: they call :func:`report`, which logs a
record carrying a :class:`Problem`. The build command (``recapkit.cli``) collects
those records, prints them as ``path:line: message`` and refuses to publish.
A plain ``pelican`` run still shows them as ordinary log lines.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from typing import Literal

logger = logging.getLogger("recapkit.problems")

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """A mistake in content, located as precisely as the source allows.

    ``follow_on`` names the mistake this one only follows from (e.g. "conference 'x'"
    for a link into a conference whose data failed to load): the build prints the
    first problem of each such group and a count, not one line per link.
    """

    path: str
    line: int | None
    message: str
    severity: Severity = "error"
    follow_on: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


class ContentError(Exception):
    """Raised by readers to skip a file whose problems were already reported."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def display_path(path: str | os.PathLike[str], base: str | None = None) -> str:
    """Paths in messages are relative to the project (or to ``base``) when possible."""
    path = os.fspath(path)
    root = base or os.getcwd()
    try:
        rel = os.path.relpath(path, root)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def report(
    path: str | os.PathLike[str],
    line: int | None,
    message: str,
    severity: Severity = "error",
    follow_on: str | None = None,
) -> Problem:
    """Log one content problem; the build command turns it into a failure."""
    problem = Problem(display_path(path), line, message, severity, follow_on)
    level = logging.ERROR if severity == "error" else logging.WARNING
    logger.log(level, "%s", problem, extra={"recapkit_problem": problem})
    return problem


def line_of(text: str, needle: str, start_line: int = 1) -> int | None:
    """The 1-based line where ``needle`` first appears in ``text``, if anywhere."""
    index = text.find(needle)
    if index < 0:
        return None
    return start_line + text.count("\n", 0, index)


def field_line(text: str, *names: str) -> int | None:
    """The line of the first of ``names`` written as a top-level ``name:`` field in the
    front matter (the leading ``---`` block) of ``text``; None if none is there."""
    block = re.match(r"\A(?:\ufeff)?---[^\n]*\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$", text, re.S | re.M)
    head = block.group(1) if block else ""
    start = text.count("\n", 0, block.start(1)) + 1 if block else 1
    for name in names:
        found = re.search(rf"^{re.escape(name)}[ \t]*:", head, re.M)
        if found:
            return start + head.count("\n", 0, found.start())
    return None
