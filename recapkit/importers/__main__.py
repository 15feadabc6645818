"""``python -m recapkit.importers SOURCE --conference SLUG [--timezone TZ]``."""

from __future__ import annotations

import argparse
import sys

from recapkit.importers import import_schedule
from recapkit.importers.download import MAX_BYTES
from recapkit.importers.sources import FORMATS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m recapkit.importers",
        description="Import a published schedule into content/conferences/SLUG/.",
    )
    parser.add_argument("source", help="file, Jekyll folder or http(s) URL")
    parser.add_argument("--conference", required=True, help="conference slug")
    parser.add_argument("--timezone", help="IANA zone; keeps the source's wall-clock times")
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    parser.add_argument("--format", default="auto", choices=FORMATS, dest="fmt")
    parser.add_argument(
        "--no-prose", action="store_true", help="leave abstracts and bios out (write your own)"
    )
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
    parser.add_argument(
        "--take-source",
        action="append",
        default=[],
        metavar="FIELD",
        help="the source's FIELD (end, title, room, ...) replaces your edit; repeatable",
    )
    parser.add_argument(
        "--fetch-photos",
        action="store_true",
        help="download the speaker photos the source links to (checked, into speakers/)",
    )
    parser.add_argument(
        "--max-size",
        type=float,
        default=MAX_BYTES / 2**20,
        metavar="MIB",
        help=f"largest download read, in MiB (default {MAX_BYTES // 2**20})",
    )
    args = parser.parse_args(argv)
    outcome = import_schedule(
        args.source,
        args.conference,
        content=args.content,
        timezone=args.timezone,
        prose=not args.no_prose,
        fmt=args.fmt,
        dry_run=args.dry_run,
        max_bytes=int(args.max_size * 2**20),
        photos=args.fetch_photos,
        take_source=args.take_source,
    )
    for line in outcome.report.lines():
        print(line)
    for problem in outcome.problems:
        print(f"error: {problem}", file=sys.stderr)
    if outcome.imported is not None:
        imp = outcome.imported
        verb = "checked" if args.dry_run else ("not written" if outcome.problems else "written")
        print(
            f"{len(imp.sessions)} sessions, {len(imp.conference.get('rooms', []))} rooms, "
            f"{len(imp.speakers)} speakers {verb}"
        )
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
