"""``recapkit build|check``: a Pelican run that lists every content problem and never
leaves a half-written site.

Pelican's ``--fatal warnings`` stops at the first warning, and a failed build leaves
``output/`` half rewritten. Here the site is written into a sibling temporary folder
while every warning and error is collected; only a run without any is swapped in
place of ``output/`` (two renames), so readers and ``serve`` never see a broken site.

Exit status: 0 built (or checked); 1 content problems, each printed once as
``path:line: message``; 2 the build could not run (the settings file, an output
folder that cannot be created or written, or a crash: ``--debug`` shows its
traceback); 130 Ctrl-C (SIGINT), 143 SIGTERM, 129 SIGHUP. In every case but 0,
``output/`` is left exactly as it was.

Folders next to ``output/``: ``.output.tmp-<pid>-<random>`` holds a build in progress
and ``.output.old-<pid>`` the previous site for the moment of the swap. A build that
is killed (SIGKILL, a power cut) leaves them behind; every build first removes those
whose ``<pid>`` is not a running process. A concurrent build into the same folder is
running, so its folders are kept (but two builds swapping into one ``output/`` at the
same moment is not supported: the later swap fails and says so). Builds in different
PID namespaces (containers) sharing one folder cannot see each other's pids: do not.
The site gets the usual permissions from the umask (folders 0755 and files 0644 under
umask 022), never ``mkdtemp``'s 0700.

Two more commands: ``recapkit new DIR --name ... --author ... --siteurl ...`` makes a
new site folder (:mod:`recapkit.starter`), and ``recapkit linkcheck`` checks every link
of a built site under its published address (:mod:`recapkit.linkcheck`).
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from recapkit.core.problems import ContentError, Problem

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


def problem_lines(problems: list[Problem]) -> tuple[list[str], int]:
    """The lines to print for ``problems`` (sorted, each once) and how many there are.

    Problems that only follow from another one (``Problem.follow_on``, e.g. every link
    into a conference whose YAML failed) are folded: the first of each group, then
    "and 95 more ... that use it". They come last, after what they follow from."""
    unique = sorted(set(problems))
    lines = [str(p) for p in unique if p.follow_on is None]
    groups: dict[str, list[Problem]] = {}
    for problem in unique:
        if problem.follow_on is not None:
            groups.setdefault(problem.follow_on, []).append(problem)
    for _key, group in sorted(groups.items()):
        lines.append(str(group[0]))
        more = group[1:]
        if more:
            noun = "link" if all(p.message.startswith("broken link") for p in more) else "line"
            noun, verb = (noun, "uses") if len(more) == 1 else (noun + "s", "use")
            files = ", ".join(dict.fromkeys(p.path for p in more))
            lines.append(f"  ... and {len(more)} more {noun} that {verb} it, in {files}")
    return lines, len(lines) - sum(1 for line in lines if line.startswith("  ... and "))


class _Console(logging.Handler):
    """Progress lines for a person; problems are printed once, sorted, at the end."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            return
        print(record.getMessage(), file=sys.stderr)


def configure_logging(collector: Collector, verbose: bool, debug: bool) -> None:
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


class Interrupted(BaseException):
    """SIGTERM or SIGHUP, raised in the main thread as Python raises KeyboardInterrupt
    for SIGINT: ``finally`` blocks run, so the photo pool is shut down and the
    temporary folder removed."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_MAIN_PID = os.getpid()
#: Signals that end a build like Ctrl-C (SIGHUP: the terminal went away).
_ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _raise_interrupted(signum: int, _frame: object) -> None:
    if os.getpid() != _MAIN_PID:  # a forked worker that inherited the handler
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise Interrupted(signum)


@contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """SIGTERM and SIGHUP end the build like Ctrl-C does: with an exception."""
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    previous = {}
    for signum in _ENDING_SIGNALS:
        if signal.getsignal(signum) == signal.SIG_DFL:  # an ignored signal stays ignored (nohup)
            previous[signum] = signal.signal(signum, _raise_interrupted)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _end_children() -> None:
    """Terminate any multiprocessing child still running (the photo pool stops its own
    workers; this covers an interrupt that came before it was asked for results)."""
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(timeout=1)
        if child.is_alive():
            child.kill()
            child.join(timeout=5)


@contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold SIGINT/SIGTERM/SIGHUP for the two renames of the swap (delivered after)."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, *_ENDING_SIGNALS})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class OutputFolderError(Exception):
    """The output folder (or its parent) cannot be created, written or replaced."""


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # somebody else's process
    except (OverflowError, ValueError, OSError):
        return False
    return True


#: ``.<name>.tmp-<pid>-<random>``, ``.<name>.old-<pid>``; ``.<name>.tmp-<random>`` from
#: recapkit versions that used mkdtemp (no pid: no running build of this version).
_LEFTOVER = re.compile(r"(?:tmp|old)-(?:(?P<pid>\d+)(?:-[0-9a-f]+)?|[a-z0-9_]+)")


def remove_stale(target: Path) -> list[Path]:
    """Remove temporary folders of ``target`` that killed builds left behind (their pid
    is not running); return them. A running build's own folders are kept."""
    prefix = f".{target.name}."
    removed = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        match = _LEFTOVER.fullmatch(entry.name[len(prefix) :])
        if match is None or entry.is_symlink() or not entry.is_dir():
            continue
        pid = match["pid"]
        if pid is not None and int(pid) != os.getpid() and _alive(int(pid)):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def make_workdir(target: Path) -> Path:
    """A new empty folder next to ``target`` for this build (mode from the umask)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and not target.is_dir():
            raise OutputFolderError(f"{display(target)}: exists and is not a folder")
        remove_stale(target)
        while True:
            path = target.with_name(f".{target.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
            try:
                path.mkdir()  # 0o777 & ~umask, unlike mkdtemp's 0o700
            except FileExistsError:
                continue
            return path
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else target.parent
        reason = _os_reason(exc)
        blocker = next((p for p in (target.parent, *target.parent.parents) if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            where, reason = blocker, "it is a file, not a folder"
        raise OutputFolderError(
            f"{display(where)}: cannot write the site there ({reason}); "
            f"choose another output folder (-o, or OUTPUT_PATH in the settings)"
        ) from exc


def _swap_in(new: Path, output: Path) -> Path | None:
    """Replace ``output`` with ``new`` by renames on one file system; return the old
    site's folder (to remove), if there was one."""
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    try:
        had_old = output.exists()
        if had_old:
            output.rename(old)
        try:
            new.rename(output)
        except OSError:
            if had_old:
                old.rename(output)
            raise
    except OSError as exc:
        raise OutputFolderError(
            f"{display(output)}: cannot replace it with the new build ({_os_reason(exc)}); "
            "is another build writing there?"
        ) from exc
    return old if had_old else None


def _interrupted(exc: BaseException, kept: str) -> int:
    signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
    name = "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"
    print(f"{name}; {kept}.", file=sys.stderr)
    return 128 + signum  # the shell's convention: 130 SIGINT, 143 SIGTERM, 129 SIGHUP


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
    """Build the site; return the exit status (see the module doc)."""
    state = {"kept": "output/ left as it was" if not check_only else "nothing written"}
    try:
        try:
            return _run_build(
                settings_file,
                output,
                state,
                check_only=check_only,
                allow_warnings=allow_warnings,
                overrides=overrides,
                verbose=verbose,
                debug=debug,
            )
        finally:
            _end_children()
    except (KeyboardInterrupt, Interrupted) as exc:
        if debug:
            raise
        return _interrupted(exc, state["kept"])


def _run_build(
    settings_file: str,
    output: str | None,
    state: dict[str, str],
    *,
    check_only: bool,
    allow_warnings: bool,
    overrides: dict | None,
    verbose: bool,
    debug: bool,
) -> int:
    from pelican import Pelican
    from pelican.settings import read_settings

    from recapkit.content import outputs

    collector = Collector()
    configure_logging(collector, verbose, debug)
    try:
        base_settings = read_settings(settings_file, override=dict(overrides or {}))
    except Exception as exc:
        if debug:
            raise
        print(f"{settings_file}: error in the settings: {exc}", file=sys.stderr)
        return 2
    target = Path(output or base_settings["OUTPUT_PATH"]).resolve()
    try:
        workdir = make_workdir(target)
    except OutputFolderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
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
        crashed = False
        try:
            Pelican(settings).run()
            outputs.check(workdir)
        except ContentError as exc:
            collector.problems.extend(exc.problems)
        except Exception as exc:  # a crash is not a content problem: say so plainly
            if debug:
                raise
            crashed = True
            if not collector.failed:
                print(f"error: {crash_message(exc)}", file=sys.stderr)
                print("Run again with --debug to see the traceback.", file=sys.stderr)
                return 2
            # Reported content problems usually caused the crash: show those.
        if allow_warnings and not collector.errors and not crashed:
            for line in collector.warnings:
                print(line, file=sys.stderr)
        elif collector.failed:
            lines, count = problem_lines(collector.problems)
            for line in lines:
                print(line, file=sys.stderr)
            for line in collector.others:
                print(line, file=sys.stderr)
            count += len(collector.others)
            print(f"{count} problem(s) found; {state['kept']}.", file=sys.stderr)
            return 1
        if check_only:
            print(f"Content OK ({time.perf_counter() - started:.1f} s).", file=sys.stderr)
            return 0
        try:
            with _signals_blocked():  # a signal now is handled once both renames are done
                old = _swap_in(workdir, target)
                state["kept"] = "output/ holds the new build"
        except OutputFolderError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        print(f"Built {display(target)} in {time.perf_counter() - started:.1f} s.", file=sys.stderr)
        return 0
    finally:
        if workdir.exists():
            shutil.rmtree(workdir, ignore_errors=True)


def crash_message(exc: Exception) -> str:
    """One line for a crash; a theme template that does not parse names its line."""
    from jinja2 import TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return f"{display(Path(exc.filename))}:{exc.lineno}: template syntax error: {exc.message}"
    return f"the build crashed: {type(exc).__name__}: {exc}"


def display(path: Path) -> str:
    try:
        shown = str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
    return shown + "/" if path.is_dir() or not path.exists() else shown


def _add_site_options(cmd: argparse.ArgumentParser) -> None:
    """The options ``recapkit new`` shares with ``invoke start``."""
    cmd.add_argument("--name", required=True, help="the site's name (SITENAME)")
    cmd.add_argument("--author", required=True, help="who writes it (AUTHOR)")
    cmd.add_argument("--siteurl", required=True, help="e.g. https://sam.github.io/recaps")
    cmd.add_argument("--timezone", default="UTC", help="IANA zone of post dates (default UTC)")
    cmd.add_argument("--lang", default="en", help="language of the site (default en)")
    cmd.add_argument("--subtitle", default=None, help="one line under the name")
    cmd.add_argument("--import", dest="source", default=None, metavar="SOURCE")
    cmd.add_argument("--conference", default=None, metavar="SLUG")


def _new(args: argparse.Namespace) -> int:
    from recapkit.starter.new import new_site
    from recapkit.starter.options import DEFAULT_SUBTITLE, SiteOptions
    from recapkit.starter.personal import StartError
    from recapkit.starter.report import made

    options = SiteOptions(
        name=args.name,
        author=args.author,
        siteurl=args.siteurl,
        timezone=args.timezone,
        lang=args.lang,
        subtitle=args.subtitle or DEFAULT_SUBTITLE,
        source=args.source,
        conference=args.conference,
    )
    try:
        result = new_site(Path(args.dir), options)
    except StartError as exc:
        for line in exc.lines:
            print(f"error: {line}", file=sys.stderr)
        return 1
    for line in made(result, args.dir.rstrip("/")):
        print(line)
    return 0


def _linkcheck(args: argparse.Namespace) -> int:
    from recapkit.linkcheck import check

    site_url = args.siteurl
    if not site_url:
        from pelican.settings import read_settings

        try:
            site_url = read_settings(args.settings)["SITEURL"]
        except Exception as exc:
            print(f"{args.settings}: error in the settings: {exc}", file=sys.stderr)
            return 2
    output = Path(args.output)
    if not (output / "index.html").is_file():
        print(
            f"error: {display(output)}: no built site here (run the build first)", file=sys.stderr
        )
        return 2
    checked = check(output, site_url or "/")
    for line in checked.broken:
        print(f"{display(output)}{line}", file=sys.stderr)
    if checked.broken:
        print(f"{len(checked.broken)} broken link(s), site at {site_url}.", file=sys.stderr)
        return 1
    print(
        f"Links OK: {checked.links} links in {checked.pages} files, site at {site_url}.",
        file=sys.stderr,
    )
    return 0


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
    new = sub.add_parser("new", help="make a new site folder (settings, tasks, theme, workflow)")
    new.add_argument("dir", help="the folder to create (it must be empty or not exist)")
    _add_site_options(new)
    links = sub.add_parser("linkcheck", help="check every link of a built site, offline")
    links.add_argument("-s", "--settings", default="publishconf.py", help="reads SITEURL")
    links.add_argument("-o", "--output", default="output")
    links.add_argument("--siteurl", default="", help="instead of the settings' SITEURL")
    args = parser.parse_args(argv)
    if args.command == "new":
        return _new(args)
    if args.command == "linkcheck":
        return _linkcheck(args)
    overrides = {}
    for item in args.extra_settings:
        key, _, value = item.partition("=")
        overrides[key] = value
    with signals_as_exceptions():
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
