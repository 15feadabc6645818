"""Warm rebuilds in one long-lived process, for the live server.

``python -m recapkit build`` starts a process, reads and renders everything, and swaps
a new ``output/`` in: right for CI, seconds too slow for an author saving a post. A
:class:`WarmBuilder` keeps what did not change between its builds:

- Pelican's reader cache (``CACHE_CONTENT``/``LOAD_CONTENT_CACHE``, the "reader"
  layer) in a folder named after the settings, since Pelican does not invalidate it
  when a setting changes;
- the validated conference models (``recapkit.conference.cache``, also on disk);
- rendered talk and speaker pages and their calendars (``recapkit.core.rendercache``),
  by a fingerprint of everything they show.

Each build still runs every generator into a fresh temporary folder beside
``output/``, with the same problem collection as the build command; only after a
build without problems are the files whose bytes differ moved into ``output/`` (and
files the build no longer writes removed). A failed build changes nothing. The result
lists the files that changed, which the live server turns into reloads.

Pelican's signals are process-global, and every plugin's per-build state is reset at
``initialized`` (the writer's ledger, the written-link check) or lives in the build's
context (the site model, seo's build), so consecutive builds do not see each other.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from recapkit import cli
from recapkit.core import rendercache
from recapkit.core.problems import ContentError


@dataclass(frozen=True)
class WarmResult:
    """One build: its problem lines (none when it succeeded) and what it changed."""

    ok: bool
    lines: tuple[str, ...] = ()
    #: Output-relative POSIX paths whose bytes changed, appeared or disappeared.
    changed: tuple[str, ...] = ()
    seconds: float = 0.0
    rendered: int = 0
    reused: int = 0


@dataclass
class WarmBuilder:
    settings_file: str
    output: str | None = None
    overrides: dict[str, object] = field(default_factory=dict)
    builds: int = 0

    def __post_init__(self) -> None:
        rendercache.enable()

    def build(self) -> WarmResult:
        """Build once; ``output/`` changes only if the build had no problem."""
        from pelican import Pelican
        from pelican.settings import read_settings

        from recapkit.content import outputs

        started = time.perf_counter()
        memo = rendercache.enable()
        memo.start_build()
        collector = cli.Collector()
        cli.configure_logging(collector, verbose=False, debug=False)
        try:
            base = read_settings(self.settings_file, override=dict(self.overrides))
        except Exception as exc:
            return WarmResult(False, (f"{self.settings_file}: error in the settings: {exc}",))
        target = Path(self.output or base["OUTPUT_PATH"]).resolve()
        try:
            workdir = cli.make_workdir(target)
        except cli.OutputFolderError as exc:
            return WarmResult(False, (f"error: {exc}",))
        try:
            settings = read_settings(
                self.settings_file,
                override={
                    **self.overrides,
                    "OUTPUT_PATH": str(workdir),
                    "DELETE_OUTPUT_DIRECTORY": False,
                    "CACHE_CONTENT": True,
                    "LOAD_CONTENT_CACHE": True,
                    "CONTENT_CACHING_LAYER": "reader",
                    "CACHE_PATH": _reader_cache(base),
                },
            )
            try:
                Pelican(settings).run()
                outputs.check(workdir)
            except ContentError as exc:
                collector.problems.extend(exc.problems)
            except Exception as exc:
                if not collector.failed:
                    return WarmResult(False, (f"error: {cli.crash_message(exc)}",))
            if collector.failed:
                lines, _count = cli.problem_lines(collector.problems)
                return WarmResult(
                    False,
                    (*lines, *collector.others),
                    seconds=time.perf_counter() - started,
                )
            changed = apply(workdir, target)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        self.builds += 1
        return WarmResult(
            True,
            changed=tuple(changed),
            seconds=time.perf_counter() - started,
            rendered=memo.rendered,
            reused=memo.reused,
        )


def _reader_cache(settings: dict) -> str:
    """Pelican's reader cache folder for these settings (it keeps readers' output, which
    depends on them, and is not invalidated when they change)."""
    relevant = {k: v for k, v in settings.items() if k not in {"OUTPUT_PATH", "CACHE_PATH"}}
    key = hashlib.sha256(repr(sorted((k, repr(v)) for k, v in relevant.items())).encode())
    root = Path(str(settings.get("CACHE_PATH") or ".cache/pelican"))
    return str(root.with_name(f"{root.name}-live-{key.hexdigest()[:16]}"))


def _files(root: Path) -> dict[str, Path]:
    found = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            found[path.relative_to(root).as_posix()] = path
    return found


def _same(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def apply(new: Path, target: Path) -> list[str]:
    """Make ``target`` hold exactly the files of ``new``, touching only those whose
    bytes differ (an unchanged file keeps its inode and modification time); return
    the paths that changed, sorted."""
    target.mkdir(parents=True, exist_ok=True)
    fresh, old = _files(new), _files(target)
    changed = []
    for rel, path in fresh.items():
        there = target / rel
        if rel in old and _same(path, there):
            continue
        there.parent.mkdir(parents=True, exist_ok=True)
        if there.is_dir() and not there.is_symlink():
            shutil.rmtree(there)
        os.replace(path, there)
        changed.append(rel)
    for rel in old.keys() - fresh.keys():
        (target / rel).unlink(missing_ok=True)
        changed.append(rel)
    for folder, dirs, _ in os.walk(target, topdown=False):
        for name in dirs:
            with_path = Path(folder, name)
            if not any(with_path.iterdir()):
                with_path.rmdir()
    return sorted(changed)


def main(argv: list[str] | None = None) -> int:
    """The live server's builder: builds once per ``build`` line on stdin and answers
    each with one JSON line (a :class:`WarmResult`) on the original stdout; everything
    else the build prints goes to stderr."""
    parser = argparse.ArgumentParser(prog="python -m recapkit.warmbuild")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default=None)
    args = parser.parse_args(argv)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    builder = WarmBuilder(args.settings, args.output)
    for line in sys.stdin:
        if line.strip() != "build":
            continue
        result = builder.build()
        answers.write(json.dumps(dataclasses.asdict(result)) + "\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
