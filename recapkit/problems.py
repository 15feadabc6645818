"""One channel for content mistakes, so a build can list them all and fail once.

Plugins never raise or exit on bad content: they call :func:`report`, which logs a
record carrying a :class:`Problem`. The build command (``recapkit.cli``) collects
those records, prints them as ``path:line: message`` and refuses to publish.
A plain ``pelican`` run still shows them as ordinary log lines.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Literal

logger = logging.getLogger("recapkit.problems")

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """A mistake in content, located as precisely as the source allows."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"

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
) -> Problem:
    """Log one content problem; the build command turns it into a failure."""
    problem = Problem(display_path(path), line, message, severity)
    level = logging.ERROR if severity == "error" else logging.WARNING
    logger.log(level, "%s", problem, extra={"recapkit_problem": problem})
    return problem


def line_of(text: str, needle: str, start_line: int = 1) -> int | None:
    """The 1-based line where ``needle`` first appears in ``text``, if anywhere."""
    index = text.find(needle)
    if index < 0:
        return None
    return start_line + text.count("\n", 0, index)
