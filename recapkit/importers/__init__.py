"""Importers: a conference's published schedule becomes our YAML content, one command.

``python -m recapkit.importers SOURCE --conference SLUG`` (or ``invoke import``) reads a
frab/pentabarf XML, a frab-style schedule.json, pretalx API data, a Sessionize view or a
DjangoCon US-style Jekyll folder, from a file or an http(s) URL, fixes what it safely
can, reports the rest, and merges the result into ``content/conferences/SLUG/`` without
losing what the author added by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from recapkit.core.problems import ContentError
from recapkit.core.urls import UrlScheme
from recapkit.importers.download import MAX_BYTES
from recapkit.importers.errors import SourceError
from recapkit.importers.photos import fetch_photos
from recapkit.importers.remembered import remembered
from recapkit.importers.report import Report
from recapkit.importers.schedule import Imported
from recapkit.importers.sources import load_source
from recapkit.importers.store import existing_zone, take_source_problems, write
from recapkit.importers.times import iana_zone


@dataclass(frozen=True)
class Outcome:
    imported: Imported | None
    report: Report
    problems: list[str]

    @property
    def ok(self) -> bool:
        return self.imported is not None and not self.problems


def import_schedule(
    source: str | Path,
    conference: str,
    content: str | Path = "content",
    timezone: str | None = None,
    prose: bool = True,
    fmt: str = "auto",
    dry_run: bool = False,
    max_bytes: int = MAX_BYTES,
    photos: bool = False,
    take_source: Iterable[str] = (),
) -> Outcome:
    """Read ``source``, merge it into ``content/conferences/<conference>/``.

    ``take_source``: fields whose source value replaces the author's edit.
    """
    report = Report()
    taken = frozenset(take_source)
    if unknown := take_source_problems(taken):
        return Outcome(None, report, unknown)
    folder = UrlScheme().conference_folder(content, conference)  # the default CONFERENCE_PATH
    zone = None
    if timezone:
        zone = iana_zone(timezone)
        if zone is None:
            return Outcome(None, report, [f"--timezone '{timezone}' is not an IANA time zone"])
    existing = existing_zone(folder)
    try:
        imported = load_source(
            source,
            conference,
            zone or existing,
            bool(zone),
            prose,
            fmt,
            report,
            known=remembered(folder),
            max_bytes=max_bytes,
        )
    except SourceError as exc:
        return Outcome(None, report, [str(exc)])
    if not imported.sessions:  # an empty export would write a conference without a schedule
        why = (
            "every event was skipped (see above)"
            if report.of("skipped")
            else "the schedule lists no events"
        )
        return Outcome(
            imported, report, [f"{source}: no sessions to import: {why}; nothing written"]
        )
    if photos:
        fetch_photos(imported.speakers, folder, report, dry_run)
    try:
        problems = write(imported, folder, bool(zone), report, dry_run=dry_run, take_source=taken)
    except ContentError as exc:  # the author's YAML does not parse: fix it first
        problems = [str(p) for p in exc.problems]
    return Outcome(imported, report, problems)


__all__ = ["Outcome", "SourceError", "import_schedule"]
