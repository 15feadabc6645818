"""Nothing outside the content folder (or the theme) is read, let alone published.

Git stores symbolic links, so one merged pull request can add
``content/images/env.txt -> /proc/self/environ`` or ``-> ../../.git/config`` (where
``actions/checkout`` keeps a token). Pelican follows such links when it reads posts and
copies static files. Every place that opens a file of the site asks :func:`is_inside`
first, on the path with every link resolved, and a link that leads out is reported by
:func:`report_escaping_links` with its own path, before any byte of the target is read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from recapkit.core.problems import ContentError, Problem, display_path, report


def is_inside(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """True when ``path``, with every symbolic link resolved, lies in ``root``."""
    real = Path(os.path.realpath(path))
    base = Path(os.path.realpath(root))
    return real == base or real.is_relative_to(base)


def escape_message(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> str:
    """What is wrong with a link out of ``root``, for the line that names it."""
    kind = "folder" if os.path.isdir(path) else "file"
    target = os.readlink(path) if os.path.islink(path) else os.path.realpath(path)
    return (
        f"symbolic link to a {kind} outside {display_path(root)}/ ({target}): "
        "not read and not published; copy the file into the folder instead"
    )


def outside_problem(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> Problem:
    return Problem(display_path(path), None, escape_message(path, root))


def require_inside(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> None:
    """Raise a ContentError naming ``path`` when it leads out of ``root``."""
    if not is_inside(path, root):
        raise ContentError([outside_problem(path, root)])


def escaping_links(root: str | os.PathLike[str]) -> Iterator[Path]:
    """Every symbolic link under ``root`` whose target lies outside it, in a stable order.

    The walk does not follow links: a link that stays inside leads to files the walk
    sees anyway, and a link that leads out is the finding, not a place to look.
    """
    if not os.path.isdir(root):
        return
    for dirpath, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted([*dirs, *files]):
            path = Path(dirpath, name)
            if path.is_symlink() and not is_inside(path, root):
                yield path


def report_escaping_links(root: str | os.PathLike[str]) -> list[Path]:
    """Report each link out of ``root`` as a content error; returns them."""
    found = list(escaping_links(root))
    for path in found:
        report(path, None, escape_message(path, root))
    return found
