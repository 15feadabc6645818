"""Warm rebuilds in one long-lived process, for the live server.

``python -m recapkit build`` starts a process, reads and renders everything, and swaps
a new ``output/`` in: right for CI, seconds too slow for an author saving a post. A
:class:`WarmBuilder` keeps what did not change between its builds:

- Pelican's reader cache (``CACHE_CONTENT``/``LOAD_CONTENT_CACHE``, the "reader"
  layer) in a folder named after the settings, since Pelican does not invalidate it
  when a setting changes (and emptied after a failed build, whose problems a cached
  read would not report again);
- the validated conference models (``recapkit.conference.cache``, also on disk);
- rendered talk and speaker pages and their calendars (``recapkit.core.rendercache``),
  by a fingerprint of everything they show.

Each build still runs every generator, into a staging folder beside ``output/``
(``.output.tmp-<pid>-<random>``, kept between the builds of one process: making and
removing thousands of folders per build cost seconds), with the same problem
collection as the build command. What the build wrote is what changed in the staging
folder (inode, size, times: a write, a copy or a hard link changes them); what it did
not write is removed there. Only after a build without problems are the written
files whose bytes differ copied into ``output/`` (and files no longer written
removed). A failed build changes nothing there. The result lists the files that
changed, which the live server turns into reloads.

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
    _staging: tuple[Path, Path] | None = field(default=None, init=False, repr=False)
    _in_sync: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        from jinja2 import FileSystemBytecodeCache

        rendercache.enable()
        # Pelican makes a new Jinja environment per build, which compiles every
        # template again (most of a warm build's time): Jinja's own bytecode cache,
        # keyed by each template's source, skips that.
        folder = Path(".cache") / f"jinja-{sys.implementation.cache_tag}"
        folder.mkdir(parents=True, exist_ok=True)
        self._bytecode = FileSystemBytecodeCache(str(folder))

    def build(self, retried: bool = False) -> WarmResult:
        """Build once; ``output/`` changes only if the build had no problem."""
        from pelican import Pelican
        from pelican.settings import read_settings

        from recapkit.content import outputs

        started = time.perf_counter()
        memo = rendercache.enable()
        memo.start_build(reuse_files=True)
        collector = cli.Collector()
        cli.configure_logging(collector, verbose=False, debug=False)
        try:
            base = read_settings(self.settings_file, override=dict(self.overrides))
        except Exception as exc:
            return WarmResult(False, (f"{self.settings_file}: error in the settings: {exc}",))
        target = Path(self.output or base["OUTPUT_PATH"]).resolve()
        try:
            staging = self._staging_for(target)
        except cli.OutputFolderError as exc:
            return WarmResult(False, (f"error: {exc}",))
        before = _snapshot(staging)
        # Whether output/ holds what the staging folder holds (the last build was
        # applied); until this build is, it does not.
        in_sync, self._in_sync = self._in_sync, False
        overrides = {
            **self.overrides,
            "OUTPUT_PATH": str(staging),
            "DELETE_OUTPUT_DIRECTORY": False,
            "CACHE_CONTENT": True,
            "LOAD_CONTENT_CACHE": True,
            "CONTENT_CACHING_LAYER": "reader",
            "CACHE_PATH": _reader_cache(base),
            "JINJA_ENVIRONMENT": {
                **base.get("JINJA_ENVIRONMENT", {}),
                "bytecode_cache": self._bytecode,
            },
        }
        try:
            Pelican(read_settings(self.settings_file, override=overrides)).run()
            outputs.check(staging)
        except ContentError as exc:
            collector.problems.extend(exc.problems)
        except Exception as exc:
            if not collector.failed:
                return WarmResult(False, (f"error: {cli.crash_message(exc)}",))
        written = _written(staging, before, memo.kept)
        if written & memo.kept and not retried:
            # Something else (a post's save_as) wrote a page the memo left in place:
            # render everything, so the writer sees and reports the clash as usual.
            memo.forget()
            self._in_sync = in_sync
            return self.build(retried=True)
        if collector.failed:
            # Pelican caches what a reader returned even when it also logged a problem,
            # which a later build would then not hear again: start that cache afresh.
            shutil.rmtree(overrides["CACHE_PATH"], ignore_errors=True)
            lines, _count = cli.problem_lines(collector.problems)
            return WarmResult(
                False, (*lines, *collector.others), seconds=time.perf_counter() - started
            )
        # Files left in place hold what the last build wrote; output/ has the same
        # bytes if that build was applied (it may have failed).
        trusted = memo.kept if in_sync else set()
        changed = apply(staging, target, written | memo.kept, trusted)
        self._in_sync = True
        self.builds += 1
        return WarmResult(
            True,
            changed=tuple(changed),
            seconds=time.perf_counter() - started,
            rendered=memo.rendered,
            reused=memo.reused,
        )

    def _staging_for(self, target: Path) -> Path:
        if self._staging is None or self._staging[0] != target or not self._staging[1].is_dir():
            self.close()
            self._staging = (target, cli.make_workdir(target))
            self._in_sync = False
        return self._staging[1]

    def close(self) -> None:
        """Remove the staging folder (the next build of any process would, too)."""
        if self._staging is not None:
            shutil.rmtree(self._staging[1], ignore_errors=True)
            self._staging = None


def _reader_cache(settings: dict) -> str:
    """Pelican's reader cache folder for these settings (it keeps readers' output, which
    depends on them, and is not invalidated when they change)."""
    relevant = {k: v for k, v in settings.items() if k not in {"OUTPUT_PATH", "CACHE_PATH"}}
    key = hashlib.sha256(repr(sorted((k, repr(v)) for k, v in relevant.items())).encode())
    root = Path(str(settings.get("CACHE_PATH") or ".cache/pelican"))
    return str(root.with_name(f"{root.name}-live-{key.hexdigest()[:16]}"))


Stamp = tuple[int, int, int, int]


def _snapshot(root: Path) -> dict[str, Stamp]:
    """Every file under ``root`` with what a write changes (inode, size, times)."""
    found: dict[str, Stamp] = {}
    todo = [(str(root), "")]
    while todo:
        folder, prefix = todo.pop()
        try:
            entries = os.scandir(folder)
        except OSError:
            continue
        with entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    todo.append((entry.path, rel + "/"))
                    continue
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                found[rel] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return found


def _written(staging: Path, before: dict[str, Stamp], kept: set[str]) -> set[str]:
    """The files this build wrote; the rest (written by an earlier build only, and
    not ``kept`` in place on purpose) go."""
    after = _snapshot(staging)
    written = {rel for rel, stamp in after.items() if before.get(rel) != stamp}
    for rel in after.keys() - written - kept:
        (staging / rel).unlink(missing_ok=True)
    return written


def _same(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def apply(
    staging: Path, target: Path, written: set[str], trusted: set[str] = frozenset()
) -> list[str]:
    """Make ``target`` hold exactly the ``written`` files of ``staging``, touching only
    those whose bytes differ (an unchanged file keeps its inode and modification
    time); ``trusted`` files are known to be the same in both already. Returns the
    paths that changed, sorted. Each file is replaced atomically."""
    target.mkdir(parents=True, exist_ok=True)
    old = _snapshot(target)
    changed = []
    for rel in sorted(written):
        source, there = staging / rel, target / rel
        if rel in old and (rel in trusted or _same(source, there)):
            continue
        there.parent.mkdir(parents=True, exist_ok=True)
        if there.is_dir() and not there.is_symlink():
            shutil.rmtree(there)
        temporary = there.with_name(f".{there.name}.live-{os.getpid()}")
        shutil.copyfile(source, temporary)
        os.chmod(temporary, source.stat().st_mode & 0o777)
        os.replace(temporary, there)
        changed.append(rel)
    for rel in sorted(old.keys() - written):
        (target / rel).unlink(missing_ok=True)
        changed.append(rel)
        folder = (target / rel).parent
        while folder != target and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
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
    builder.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
