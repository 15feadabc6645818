"""``recapkit build|check``: a Pelican run that lists every content problem and never
leaves a half-written site.

Pelican's ``--fatal warnings`` stops at the first warning, and a failed build leaves
``output/`` half rewritten. Here the site is written into a sibling temporary folder
while every warning and error is collected; only a run without any is swapped in
place of ``output/`` (two renames), so readers and ``serve`` never see a broken site.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .problems import ContentError, Problem

#: Pelican messages our own checks already report with a file and line
#: (broken or unknown intra-site links; duplicate slugs).
_COVERED = (
    "Unable to find '",
    "There are ",
    "Cannot get modification stamp",
    "Replacement Indicator ",
)


@dataclass(eq=False)
class Collector(logging.Handler):
    """Keeps every warning and error of a build, as Problems where possible."""

    problems: list[Problem] = field(default_factory=list)
    others: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        logging.Handler.__init__(self, logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        problem = getattr(record, "recapkit_problem", None)
        if problem is not None:
            self.problems.append(problem)
            return
        # Pelican logs reader failures from inside its ``except`` block, without the
        # exception unless DEBUG is set: look at the exception being handled.
        handled = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        if isinstance(handled, ContentError):
            self.problems.extend(handled.problems)
            return
        message = record.getMessage()
        if message.startswith(_COVERED):
            return
        self.others.append(f"{record.levelname.lower()}: {message}")

    @property
    def failed(self) -> bool:
        return bool(self.problems or self.others)

    @property
    def errors(self) -> list[str]:
        return [str(p) for p in self.problems if p.severity == "error"] + [
            o for o in self.others if not o.startswith("warning:")
        ]

    @property
    def warnings(self) -> list[str]:
        return [str(p) for p in sorted(set(self.problems)) if p.severity == "warning"] + [
            o for o in self.others if o.startswith("warning:")
        ]


class _Console(logging.Handler):
    """Progress lines for a person; problems are printed once, sorted, at the end."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            return
        print(record.getMessage(), file=sys.stderr)


def _configure_logging(collector: Collector, verbose: bool, debug: bool) -> None:
    import pelican.log  # noqa: F401  (installs Pelican's logger classes first)

    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING)
    root.addHandler(collector)
    if verbose or debug:
        root.addHandler(_Console())
    for noisy in ("PIL", "markdown", "MARKDOWN", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _swap_in(new: Path, output: Path) -> None:
    """Replace ``output`` with ``new`` by renames on one file system."""
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    if output.exists():
        output.rename(old)
    new.rename(output)
    shutil.rmtree(old, ignore_errors=True)


def run_build(
    settings_file: str,
    output: str | None = None,
    *,
    check_only: bool = False,
    allow_warnings: bool = False,
    overrides: dict | None = None,
    verbose: bool = False,
    debug: bool = False,
) -> int:
    """Build the site; return the exit status (0 ok, 1 content problems, 2 crash)."""
    from pelican import Pelican
    from pelican.settings import read_settings

    collector = Collector()
    _configure_logging(collector, verbose, debug)
    try:
        base_settings = read_settings(settings_file, override=dict(overrides or {}))
    except Exception as exc:
        if debug:
            raise
        print(f"{settings_file}: error in the settings: {exc}", file=sys.stderr)
        return 2
    target = Path(output or base_settings["OUTPUT_PATH"]).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    started = time.perf_counter()
    try:
        settings = read_settings(
            settings_file,
            override={
                **(overrides or {}),
                "OUTPUT_PATH": str(workdir),
                "DELETE_OUTPUT_DIRECTORY": False,
            },
        )
        settings["RECAPKIT_FINAL_OUTPUT"] = str(target)
        crashed = False
        try:
            Pelican(settings).run()
        except ContentError as exc:
            collector.problems.extend(exc.problems)
        except Exception as exc:  # a crash is not a content problem: say so plainly
            if debug:
                raise
            crashed = True
            if not collector.failed:
                print(f"error: the build crashed: {type(exc).__name__}: {exc}", file=sys.stderr)
                print("Run again with --debug to see the traceback.", file=sys.stderr)
                return 2
            # Reported content problems usually caused the crash: show those.
        if allow_warnings and not collector.errors and not crashed:
            for line in collector.warnings:
                print(line, file=sys.stderr)
        elif collector.failed:
            for line in sorted(set(map(str, collector.problems))):
                print(line, file=sys.stderr)
            for line in collector.others:
                print(line, file=sys.stderr)
            count = len(set(collector.problems)) + len(collector.others)
            kept = "output/ left as it was" if not check_only else "nothing written"
            print(f"{count} problem(s) found; {kept}.", file=sys.stderr)
            return 1
        if check_only:
            print(f"Content OK ({time.perf_counter() - started:.1f} s).", file=sys.stderr)
            return 0
        _swap_in(workdir, target)
        print(f"Built {display(target)} in {time.perf_counter() - started:.1f} s.", file=sys.stderr)
        return 0
    finally:
        if workdir.exists():
            shutil.rmtree(workdir, ignore_errors=True)


def display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd())) + "/"
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="recapkit", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("build", "build the site"), ("check", "validate content, write nothing")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("-s", "--settings", default="pelicanconf.py")
        cmd.add_argument("-o", "--output", default=None)
        cmd.add_argument("-e", "--extra-settings", nargs="*", default=[], metavar="KEY=VALUE")
        cmd.add_argument("-v", "--verbose", action="store_true")
        cmd.add_argument("--debug", action="store_true", help="show tracebacks")
        cmd.add_argument(
            "--allow-warnings",
            action="store_true",
            help="publish despite warnings (errors still fail); CI keeps warnings fatal",
        )
    args = parser.parse_args(argv)
    overrides = {}
    for item in args.extra_settings:
        key, _, value = item.partition("=")
        overrides[key] = value
    return run_build(
        args.settings,
        args.output,
        check_only=args.command == "check",
        allow_warnings=args.allow_warnings,
        overrides=overrides,
        verbose=args.verbose,
        debug=args.debug,
    )


if __name__ == "__main__":
    sys.exit(main())
