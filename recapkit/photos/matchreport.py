"""``invoke photos SLUG``: where each photo of a conference's album was placed, and why.

The table comes from a real check run of the site (``python -m recapkit check`` with
``PHOTOS_MATCH_REPORT`` set), so it always agrees with what a build publishes: the
same capture times, clock offsets, recap links and rules (recapkit.photos.matching).
``--write`` adds each unambiguous match to the album's photos.yaml as a comment, for
the author to confirm by turning it into a ``sessions:`` line; nothing else in the
file changes (ruamel round-trip keeps its comments and layout).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from recapkit.core.site import ConferenceFacts, Site
from recapkit.photos.models import PhotoIndex

#: The mark of a line ``--write`` added (so a second run adds nothing twice).
MARK = "matched by time"


def _describe(facts: ConferenceFacts, slug: str) -> dict[str, str]:
    entry = facts.sessions.get(slug)
    when = f"{entry.start:%a %H:%M}–{entry.end:%H:%M}" if entry and entry.start else ""
    return {"slug": slug, "title": entry.title if entry else slug, "when": when}


def report_rows(index: PhotoIndex, site: Site) -> dict[str, Any]:
    """Every conference album's photos with their match, as JSON-ready data."""
    albums: dict[str, Any] = {}
    for album in index.albums.values():
        facts = site.conferences.get(album.conference or "")
        if facts is None:
            continue
        rows = []
        for photo in album.photos:
            match = photo.match
            rows.append(
                {
                    "file": photo.file,
                    "taken": photo.taken.isoformat() if photo.taken else None,
                    "camera": photo.camera or "",
                    "reason": match.reason.value if match else "",
                    "unambiguous": bool(match and match.unambiguous),
                    "sessions": [_describe(facts, s) for s in (match.sessions if match else ())],
                    "candidates": [
                        _describe(facts, s) for s in (match.candidates if match else ())
                    ],
                }
            )
        albums[facts.slug] = {
            "album": album.source_dir,
            "timezone": facts.timezone,
            "photos": rows,
        }
    return albums


def write_report(path: str, index: PhotoIndex, site: Site) -> None:
    Path(path).write_text(json.dumps(report_rows(index, site), indent=1), encoding="utf-8")


def table(data: dict[str, Any]) -> str:
    """A plain-text table: file, capture time (conference zone), camera, session, why."""
    rows = [("photo", f"taken ({data['timezone']})", "camera", "session", "why")]
    for row in data["photos"]:
        taken = row["taken"][:19].replace("T", " ") if row["taken"] else "-"
        if row["sessions"]:
            session = ", ".join(s["slug"] for s in row["sessions"])
            why = row["reason"]
        elif row["candidates"]:
            session = "-"
            listed = "; ".join(f"{s['slug']} ({s['when']})" for s in row["candidates"])
            why = f"{row['reason']}: one of {listed}"
        else:
            session, why = "-", row["reason"]
        rows.append((row["file"], taken, row["camera"] or "-", session, why))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r[:4])) + "  " + r[4] for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 3)
    return "\n".join(lines)


def write_suggestions(yaml_path: Path, data: dict[str, Any]) -> int:
    """Add each unambiguous match as a comment to photos.yaml; returns how many."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from recapkit.core.yamlsource import dump_yaml, load_yaml_roundtrip

    text = yaml_path.read_text(encoding="utf-8") if yaml_path.exists() else ""
    tree = load_yaml_roundtrip(yaml_path) if text.strip() else CommentedMap()
    if not isinstance(tree, CommentedMap):
        raise SystemExit(f"{yaml_path}: expected a mapping of album fields")
    entries = tree.get("photos")
    listed = {}
    if isinstance(entries, CommentedSeq):
        listed = {e.get("file"): e for e in entries if isinstance(e, CommentedMap)}
    added = 0
    block = []
    for row in data["photos"]:
        if not row["unambiguous"]:
            continue
        name = row["file"]
        slugs = ", ".join(s["slug"] for s in row["sessions"])
        note = f"{MARK} ({row['reason']})"
        earlier = [line for line in text.splitlines() if f"file: {name}" in line]
        if any(MARK in line or line.startswith("#") for line in earlier):
            continue  # suggested by an earlier run
        entry = listed.get(name)
        if entry is not None:
            entry.yaml_add_eol_comment(f"{note}: add 'sessions: [{slugs}]' to confirm", key="file")
        else:
            block += [f"#   - file: {name}", f"#     sessions: [{slugs}]  # {note}"]
        added += 1
    out = dump_yaml(tree) if tree else ""
    if block:
        out += "\n# Suggested by `invoke photos` (uncomment what is right):\n"
        if "photos" not in tree:
            out += "# photos:\n"
        out += "\n".join(block) + "\n"
    if added:
        yaml_path.write_text(out, encoding="utf-8")
    return added


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="invoke photos", description=__doc__.split("\n")[0])
    parser.add_argument("conference", help="slug of the conference, e.g. djangocon-us-2019")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("--write", action="store_true", help="add matches to photos.yaml")
    args = parser.parse_args(argv)
    fd, name = tempfile.mkstemp(prefix="recapkit-photos-", suffix=".json")
    os.close(fd)
    try:
        command = [sys.executable, "-m", "recapkit", "check", "-s", args.settings]
        command += ["-e", f"PHOTOS_MATCH_REPORT={name}"]
        status = subprocess.run(command, check=False).returncode
        try:
            albums = json.loads(Path(name).read_text(encoding="utf-8") or "{}")
        except ValueError:
            albums = {}
    finally:
        Path(name).unlink(missing_ok=True)
    data = albums.get(args.conference)
    if data is None:
        known = ", ".join(sorted(albums)) or "none"
        print(f"no photo album of conference '{args.conference}' (albums: {known})")
        return status or 1
    print(table(data))
    if args.write:
        content = Path(data["album"])
        from pelican.settings import read_settings

        content_root = Path(read_settings(args.settings)["PATH"])
        yaml_path = content_root / content / "photos.yaml"
        added = write_suggestions(yaml_path, data)
        print(f"{yaml_path}: {added} suggestion(s) added as comments")
    return status


if __name__ == "__main__":
    sys.exit(main())
