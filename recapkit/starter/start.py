"""``invoke start``: the demo becomes the person's own site, in a clone of the repository.

Order matters for what a failure leaves behind: every option is checked and the
conference imported before any demo file is removed, so a typo in ``--import`` changes
nothing that was there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from recapkit.starter.demofiles import (
    DEMO_CONFERENCE,
    MANIFEST,
    own_content,
    read_manifest,
    remove_demo,
)
from recapkit.starter.options import SiteOptions
from recapkit.starter.personal import StartError, Written, import_conference, personalise


@dataclass(frozen=True)
class Started:
    removed: list[str]
    kept: list[str]
    written: Written
    import_lines: list[str]


def start(
    root: Path, options: SiteOptions, force: bool = False, today: dt.date | None = None
) -> Started:
    """Check, import, remove the unchanged demo files, then write the site's own."""
    problems = options.problems()
    if options.conference == DEMO_CONFERENCE:
        problems.append(f"--conference {DEMO_CONFERENCE} is the demo's: choose another slug")
    if problems:
        raise StartError(problems)
    manifest = read_manifest(root)
    own = own_content(root, manifest)
    if own and not force:
        shown = ", ".join(own[:3]) + (f" and {len(own) - 3} more" if len(own) > 3 else "")
        raise StartError(
            [
                f"this site has content of its own already ({shown}); invoke start "
                "would write over its settings. Run it again with --force to keep that "
                "content and start anyway."
            ]
        )
    name, import_lines = import_conference(root, options)
    removal = remove_demo(root, manifest)
    (root / MANIFEST).unlink(missing_ok=True)
    written = personalise(root, options, name, today)
    return Started(removal.removed, removal.kept, written, import_lines)
