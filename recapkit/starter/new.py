"""``recapkit new DIR``: a new site folder from the installed package alone.

For people who ``pip install recapkit`` and never clone the repository: the folder gets
the same settings, tasks, theme and workflow as the demo (:mod:`recapkit.starter.kit`),
then the same personal files as ``invoke start`` writes.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from recapkit.starter.kit import copy_kit
from recapkit.starter.options import SiteOptions
from recapkit.starter.personal import StartError, Written, import_conference, personalise


@dataclass(frozen=True)
class Made:
    kit: list[str]
    written: Written
    import_lines: list[str]


def new_site(dest: Path, options: SiteOptions, today: dt.date | None = None) -> Made:
    """Make the site in ``dest``, which must be empty or not exist yet."""
    problems = options.problems()
    if dest.exists() and not dest.is_dir():
        problems.append(f"{dest}: is a file, not a folder")
    elif dest.is_dir() and any(dest.iterdir()):
        problems.append(f"{dest}: is not empty; recapkit new only writes into an empty folder")
    if problems:
        raise StartError(problems)
    dest.mkdir(parents=True, exist_ok=True)
    try:
        kit = copy_kit(dest)
        name, import_lines = import_conference(dest, options)
        written = personalise(dest, options, name, today)
    except BaseException:
        # The folder was empty: leave it so, rather than half a site.
        for child in dest.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        raise
    return Made(kit, written, import_lines)
