#!/usr/bin/env python3
"""Photo pipeline benchmark: sigal 2.6.1, the plain-Pillow floor and recapkit, side by side.

usage: python bench/photos_bench.py [--src DIR] [--jobs N] [--skip-sigal]

On the same 60 synthetic 24 MP JPEGs (made once by ../shared/bench/gen_photos.py into
a cache folder outside git), runs in one session:
  sigal        sigal build, 2048 + 480 px JPEG (../shared/bench/sigal.conf.py)
  floor_a      pillow_floor.py a_thumb   (sigal's output set, one draft decode)
  floor_c      pillow_floor.py c         (4 long sides x JPEG + WebP)
  ours_sigal   recapkit, sizes (480, 2048), JPEG q85 optimize+progressive only
  ours_full    recapkit, default responsive set (480/960/1440/2048 x AVIF/WebP/JPEG)
  ours_warm    ours_full again with its cache warm (a no-change rebuild)
and prints wall time, images/s, peak RSS of the largest process, and the ratios the
issue sets as targets. Needs `pip install sigal==2.6.1 numpy` (not project deps).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = (
    (REPO.parent / "shared" / "bench")
    if (REPO.parent / "shared").exists()
    else Path("/work/shared/bench")
)
DEFAULT_SRC = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "recapkit-bench"

#: Runs one command and prints the peak RSS of its largest descendant (Linux rusage).
MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
if code.returncode:
    sys.stderr.write(code.stderr.decode()[-2000:])
    sys.exit(code.returncode)
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

#: Our pipeline on one folder, through the same code the site build uses.
OURS = """
import logging, sys
from pathlib import Path
logging.basicConfig(level=logging.CRITICAL)  # no alt text on the synthetic photos
sys.path.insert(0, {repo!r})
from recapkit.photos.album import load_album
from recapkit.photos.building import build_album, finish_album
from recapkit.photos.cache import PhotoCache
from recapkit.photos.pipeline import Runner
from recapkit.photos.settings import from_pelican
settings = from_pelican({settings!r})
cache = PhotoCache(settings.cache_path)
src = Path({src!r})
source, problems = load_album(src, "bench")
assert not problems, problems
runner = Runner(settings.worker_count, False)
build = build_album(source, settings, cache, src.parent, runner)
results = {{r.source: r for r in runner.results()}}
errors = [r for r in results.values() if r.error]
assert not errors, errors
album = finish_album(build, results, cache)
cache.save_index()
assert len(album.photos) == {count}, len(album.photos)
"""


def measure(command: list[str]) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
    )
    wall, rss_kib = out.stdout.split()
    return float(wall), int(rss_kib) / 1024


def check_privacy(work: Path) -> str:
    """Every file our runs wrote: credit kept, no location, camera or serial tags."""
    from PIL import Image

    checked, leaks = 0, []
    for path in sorted(work.glob("cache-*/derivatives/*/*")):
        with Image.open(path) as im:
            exif = im.getexif()
            xmp = im.getxmp() if hasattr(im, "getxmp") else {}
            private = exif.get_ifd(0x8825) or exif.get_ifd(0x8769) or xmp
            if private or set(exif) != {0x013B, 0x8298}:
                leaks.append(path.name)
        checked += 1
    return f"{checked} published files checked: {len(leaks)} with GPS/camera/serial tags"


def ensure_photos(src: Path, count: int) -> None:
    have = len(list(src.glob("*.jpg"))) if src.exists() else 0
    if have >= count:
        return
    print(f"generating {count} synthetic photos into {src} (a few minutes)...", file=sys.stderr)
    subprocess.run(
        [sys.executable, str(SHARED / "gen_photos.py"), str(src), str(count)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def ours_command(src: Path, cache: Path, jobs: int, settings: dict, count: int) -> list[str]:
    settings = {
        **settings,
        "PHOTOS_CACHE_PATH": str(cache),
        "PHOTOS_WORKERS": jobs,
        "PATH": str(src.parent),
    }
    code = OURS.format(repo=str(REPO), settings=settings, src=str(src), count=count)
    return [sys.executable, "-c", code]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC / "src")
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-sigal", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--only", default="", help="comma list of runs, e.g. floor_a,ours_sigal")
    args = parser.parse_args()
    ensure_photos(args.src, args.count)
    count = len(list(args.src.glob("*.jpg")))
    work = Path(tempfile.mkdtemp(prefix="recapkit-bench-"))
    jobs = str(args.jobs)
    sigal_set = {
        "PHOTOS_SIZES": [480, 2048],
        "PHOTOS_FORMATS": ["jpeg"],
        "PHOTOS_SHARE_WIDTH": None,
        "PHOTOS_ENCODERS": {"jpeg": {"quality": 85, "optimize": True, "progressive": True}},
    }
    runs: list[tuple[str, list[str]]] = []
    if not args.skip_sigal:
        sigal = shutil.which("sigal") or str(Path(sys.executable).with_name("sigal"))
        runs.append(
            (
                "sigal",
                [
                    sigal,
                    "build",
                    "-f",
                    "-n",
                    jobs,
                    "-c",
                    str(SHARED / "sigal.conf.py"),
                    str(args.src),
                    str(work / "sigal"),
                ],
            )
        )
    floor = str(SHARED / "pillow_floor.py")
    runs += [
        ("floor_a", [sys.executable, floor, "a_thumb", str(args.src), str(work / "a"), jobs]),
        ("floor_c", [sys.executable, floor, "c", str(args.src), str(work / "c"), jobs]),
        ("ours_sigal", ours_command(args.src, work / "cache-a", args.jobs, sigal_set, count)),
        ("ours_full", ours_command(args.src, work / "cache-c", args.jobs, {}, count)),
        ("ours_warm", ours_command(args.src, work / "cache-c", args.jobs, {}, count)),
    ]
    if args.only:
        wanted = set(args.only.split(","))
        runs = [(name, command) for name, command in runs if name in wanted]
    load_before = os.getloadavg()
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in runs}
    try:
        # Rounds interleave the runs, so a neighbour's burst of load on this shared
        # machine hits every contender alike; each round starts from empty caches.
        for round_no in range(1, args.repeat + 1):
            for name, command in runs:
                if name.startswith("ours_") and name != "ours_warm":
                    shutil.rmtree(
                        work / f"cache-{'a' if name == 'ours_sigal' else 'c'}", ignore_errors=True
                    )
                samples[name].append(measure(command))
                print(f"round {round_no} {name:<11} {samples[name][-1][0]:7.2f} s", file=sys.stderr)
        privacy = check_privacy(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = {
        name: (statistics.median(w for w, _ in got), max(r for _, r in got))
        for name, got in samples.items()
    }
    load_after = os.getloadavg()
    print(
        f"\n{count} photos from {args.src}, {args.jobs} job(s), median of {args.repeat} rounds;"
        " load average before "
        f"{load_before[0]:.2f}, after {load_after[0]:.2f} (1 min)\n"
    )
    print("| run | wall s | images/s | peak RSS MiB (largest process) |")
    print("| --- | ---: | ---: | ---: |")
    for name, (wall, rss) in results.items():
        print(f"| {name} | {wall:.2f} | {count / wall:.2f} | {rss:.0f} |")

    def ratio(a: str, b: str) -> str:
        if a in results and b in results:
            return f"{results[a][0] / results[b][0]:.2f}"
        return "n/a"

    print()
    print(f"sigal / ours_sigal     = {ratio('sigal', 'ours_sigal')}  (target >= 1.8)")
    print(f"ours_sigal / floor_a   = {ratio('ours_sigal', 'floor_a')}  (target <= 1.2)")
    print(f"ours_full / floor_c    = {ratio('ours_full', 'floor_c')}  (target <= 1.25)")
    print(f"privacy: {privacy}")
    if "ours_warm" in results:
        print(f"ours_warm (no change)  = {results['ours_warm'][0]:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
