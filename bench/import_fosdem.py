"""Benchmark: import FOSDEM 2026 (883 events) into a copy of the site and build it all.

    python bench/import_fosdem.py [--source PATH] [--keep] [--cold]

Prints import time, build time and the peak memory of each step (``getrusage`` of the
child processes), plus what was written. Targets: build under 60 s and under 1 GiB on
the 2-core machine. The copy shares the repository's photo cache unless ``--cold``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "schedules" / "fosdem-2026-schedule.xml"


# A tiny parent per step, so each step's peak is measured on its own: ru_maxrss of
# RUSAGE_CHILDREN is the largest of all children ever waited for, not the latest one.
_MEASURE = (
    "import resource, subprocess, sys;"
    "code = subprocess.run(sys.argv[1:]).returncode;"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr);"
    "sys.exit(code)"
)


def _run(cmd: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall time, peak RSS in MiB (the step and everything it started), the result."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - began
    peak_kib = int(done.stderr.strip().splitlines()[-1])  # KiB on Linux
    return seconds, peak_kib / 1024, done


def _copy_site(dest: Path, cold: bool) -> None:
    for name in ("content", "themes"):
        shutil.copytree(ROOT / name, dest / name)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, dest / name)
    if not cold:
        (ROOT / ".cache").mkdir(exist_ok=True)
        (dest / ".cache").symlink_to(ROOT / ".cache", target_is_directory=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--keep", action="store_true", help="keep the temporary site")
    parser.add_argument("--cold", action="store_true", help="no shared photo cache")
    args = parser.parse_args()
    if not args.source.exists():
        print(f"{args.source} not found", file=sys.stderr)
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="recapkit-bench-"))
    site = scratch / "site"
    site.mkdir()
    _copy_site(site, args.cold)
    try:
        seconds, import_peak, done = _run(
            [
                sys.executable,
                "-m",
                "recapkit.importers",
                str(args.source),
                "--conference",
                "fosdem-2026",
                "--content",
                "content",
            ],
            site,
        )
        if done.returncode != 0:
            print(done.stdout, done.stderr, sep="\n")
            return 1
        summary = done.stdout.strip().splitlines()[-1]
        print(f"import: {seconds:6.2f} s  peak {import_peak:7.1f} MiB  ({summary})")

        seconds, build_peak, done = _run(
            [sys.executable, "-m", "recapkit", "build", "-s", "pelicanconf.py", "-o", "output"],
            site,
        )
        if done.returncode != 0:
            print(done.stdout[-4000:], done.stderr[-4000:], sep="\n")
            return 1
        files = [p for p in (site / "output").rglob("*") if p.is_file()]
        fosdem = [p for p in files if "fosdem-2026" in p.parts]
        print(
            f"build:  {seconds:6.2f} s  peak {build_peak:7.1f} MiB  ({len(files)} files, "
            f"{len(fosdem)} for FOSDEM 2026)"
        )
        ok = seconds < 60 and build_peak < 1024
        print("targets (build < 60 s, < 1 GiB):", "met" if ok else "NOT met")
        return 0
    finally:
        if args.keep:
            print(f"site kept in {site}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
