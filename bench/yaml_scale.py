"""How the YAML loader copes with a big sessions.yaml: 100,000 lines by default.

Writes a valid conference (conference.yaml, speakers.yaml and a sessions.yaml of about
``--lines`` lines: slug, title, speakers, start, duration, room and a two-line
abstract per session) into a temporary folder, then times what the build does with it:
the parse of sessions.yaml alone (``load_yaml``) and the whole conference loader
(``load_conference``: parse, validation and cross-checks of the three files). With
``--ruamel`` it also times the round-trip parse the site used before (ruamel.yaml,
quadratic: about 15 s at 100,000 lines).

    .venv/bin/python bench/yaml_scale.py [--lines 100000] [--ruamel]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recapkit.conference.loader import load_conference  # noqa: E402
from recapkit.core.yamlsource import load_yaml  # noqa: E402

ROOMS = 20
SLOTS_PER_DAY = 16  # per room: 09:00 to 17:00, 25 minutes and a 5 minute break
LINES_PER_SESSION = 9


def write_conference(folder: Path, lines: int) -> int:
    """The three files; returns the number of sessions."""
    sessions = max(1, lines // LINES_PER_SESSION)
    days = -(-sessions // (ROOMS * SLOTS_PER_DAY))
    start = dt.date(2030, 3, 4)
    rooms = "\n".join(f"  - {{slug: room-{i:02d}, name: Room {i:02d}}}" for i in range(ROOMS))
    (folder / "conference.yaml").write_text(
        f"name: Scale Con 2030\ntimezone: Europe/Brussels\nstart: {start}\n"
        f"end: {start + dt.timedelta(days=days - 1)}\n"
        f"venue: {{name: Big Hall, city: Brussels}}\nrooms:\n{rooms}\n",
        encoding="utf-8",
    )
    speakers = ["speakers:"] + [
        f"  - {{slug: speaker-{i:05d}, name: Speaker {i:05d}}}" for i in range(sessions)
    ]
    (folder / "speakers.yaml").write_text("\n".join(speakers) + "\n", encoding="utf-8")
    out = ["sessions:"]
    for n in range(sessions):
        day, rest = divmod(n, ROOMS * SLOTS_PER_DAY)
        room, slot = divmod(rest, SLOTS_PER_DAY)
        moment = dt.datetime.combine(start + dt.timedelta(days=day), dt.time(9, 0))
        moment += dt.timedelta(minutes=30 * slot)
        out += [
            f"  - slug: talk-{n:05d}",
            f"    title: 'Talk number {n}: scaling things up, and down again'",
            f"    speakers: [speaker-{n:05d}]",
            f"    start: {moment:%Y-%m-%d %H:%M}",
            "    duration: 25",
            f"    room: room-{room:02d}",
            "    abstract: >-",
            "      A short abstract with *some* Markdown, folded",
            "      over two lines as authors write them.",
        ]
    (folder / "sessions.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return sessions


def _timed(what, *args):
    started = time.perf_counter()
    result = what(*args)
    return result, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=100_000, help="lines of sessions.yaml")
    parser.add_argument("--ruamel", action="store_true", help="also time the old ruamel parse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="yaml-scale-") as tmp:
        folder = Path(tmp) / "scale-con-2030"
        folder.mkdir()
        count = write_conference(folder, args.lines)
        path = folder / "sessions.yaml"
        text = path.read_text(encoding="utf-8")
        print(
            f"sessions.yaml: {text.count(chr(10)):,} lines, {count:,} sessions, "
            f"{len(text) / 1024 / 1024:.1f} MiB"
        )
        _data, parse = _timed(load_yaml, path)
        print(f"parse (load_yaml): {parse:.2f} s")
        (loaded, problems), whole = _timed(load_conference, folder)
        if loaded is None or problems:
            for problem in problems[:10]:
                print(problem)
            return 1
        print(
            f"load + validate (load_conference, 3 files): {whole:.2f} s, "
            f"{len(loaded.sessions):,} sessions, {len(loaded.speakers):,} speakers"
        )
        if args.ruamel:
            from ruamel.yaml import YAML

            _old, old = _timed(YAML(typ="rt").load, io.StringIO(text))
            print(f"parse (ruamel round-trip, as before): {old:.2f} s")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory: {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
