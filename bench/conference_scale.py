"""How the conference plugin copes with a big event: 30 rooms, 800 sessions, 4 days.

Writes a synthetic conference into a temporary copy of the fixture site, builds it with
``python -m recapkit build`` and prints the numbers: build time, schedule page size
(raw and gzip), schedule entries, the size of the exports and the widest day's grid.

    /work/venv/bin/python bench/conference_scale.py [--rooms 30] [--sessions 800] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "conference" / "site"


def write_conference(folder: Path, rooms: int, sessions: int, days: int) -> None:
    folder.mkdir(parents=True)
    start = dt.date(2030, 3, 4)
    room_lines = "\n".join(f"  - {{slug: room-{i:02d}, name: Room {i:02d}}}" for i in range(rooms))
    (folder / "conference.yaml").write_text(
        f"name: Scale Con 2030\ntimezone: Europe/Brussels\nstart: {start}\n"
        f"end: {start + dt.timedelta(days=days - 1)}\nvenue: {{name: Big Hall, city: Brussels}}\n"
        f"rooms:\n{room_lines}\n",
        encoding="utf-8",
    )
    speakers = ["speakers:"]
    for i in range(sessions):
        speakers.append(f"  - {{slug: speaker-{i:04d}, name: Speaker {i:04d}}}")
    (folder / "speakers.yaml").write_text("\n".join(speakers) + "\n", encoding="utf-8")
    per_room_day = -(-sessions // (rooms * days))
    lines = ["sessions:"]
    n = 0
    for day in range(days):
        date = start + dt.timedelta(days=day)
        for room in range(rooms):
            moment = dt.datetime.combine(date, dt.time(9, 0))
            for _slot in range(per_room_day):
                if n >= sessions:
                    break
                minutes = 25 if n % 3 else 50
                lines += [
                    f"  - slug: talk-{n:04d}",
                    f"    title: Talk number {n} about scaling things up",
                    f"    speakers: [speaker-{n:04d}]",
                    f"    start: {moment:%Y-%m-%d %H:%M}",
                    f"    duration: {minutes}",
                    f"    room: room-{room:02d}",
                    "    abstract: A short abstract with *some* Markdown.",
                ]
                moment += dt.timedelta(minutes=minutes + 5)
                n += 1
    (folder / "sessions.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rooms", type=int, default=30)
    parser.add_argument("--sessions", type=int, default=800)
    parser.add_argument("--days", type=int, default=4)
    parser.add_argument("--keep", type=Path, help="copy the built site here (to look at it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="conference-scale-") as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(FIXTURE, site)
        folder = site / "content" / "conferences" / "scale-con-2030"
        write_conference(folder, args.rooms, args.sessions, args.days)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "recapkit", "build", "-s", "pelicanconf.py", "-o", "out"],
            cwd=site,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - started
        if result.returncode:
            print(result.stderr)
            return 1
        out = site / "out" / "conferences" / "scale-con-2030"
        page = (out / "schedule" / "index.html").read_bytes()
        print(f"rooms {args.rooms}, sessions {args.sessions}, days {args.days}")
        print(f"build (whole fixture site + this conference): {elapsed:.1f} s")
        entries = page.count(b'class="sched-item ')
        print(
            f"schedule page: {len(page) / 1024:.0f} KiB raw, "
            f"{len(gzip.compress(page)) / 1024:.0f} KiB gzip, "
            f"{entries} entries"
        )
        print(f"grid.css: {(out / 'schedule' / 'grid.css').stat().st_size / 1024:.1f} KiB")
        for name in ("schedule.ics", "schedule.xml", "schedule.json"):
            print(f"{name}: {(out / name).stat().st_size / 1024:.0f} KiB")
        if args.keep:
            shutil.copytree(site / "out", args.keep, dirs_exist_ok=True)
        talks = len(list((out / "talks").glob("*/index.html")))
        print(f"talk pages: {talks}, speaker pages: {len(list((out / 'speakers').glob('*/')))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
