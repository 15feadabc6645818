"""Benchmark: the author's loop, from saving a file to seeing it in the browser.

    python bench/edit_loop.py [--runs 3] [--only demo|fosdem] [--source PATH]

For the demo site and for the demo plus FOSDEM 2026 (imported into a temporary copy),
prints medians of ``--runs`` runs of:

- the cold build (a fresh ``python -m recapkit build``; no cache but the photo
  derivatives', which the copies share with the checkout);
- the no-change rebuild (a watched file written again with the same bytes, until the
  server says the build is done);
- post edit -> reloaded page: from the write of the post to the ``load`` event of the
  page open in headless Chromium, with the new text in it;
- sessions.yaml edit -> reloaded talk page, the same way;

for ``invoke livereload`` (recapkit's live server) and, as the baseline measured in
the same run, plain ``pelican --autoreload`` with our plugins. Pelican's autoreload
never reloads a browser: its figure is the write until a reload of the page by the
bench (polling) shows the new text. Each edit waits for the previous build to be
done (Pelican starts watching again only after a build: an edit saved during one is
lost); an edit not shown after 60 s counts as never. The load average is printed before and
after: the figures mean little on a busy machine. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import math
import os
import queue
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOSDEM = ROOT.parent / "shared" / "data" / "schedules" / "fosdem-2026-schedule.xml"
POST = "content/posts/2019-djangocon-us.md"
POST_URL = "2019/djangocon-us-2019-in-san-diego/"
CONF = "djangocon-us-2019"
TALK = "just-add-await-retrofitting-async-into"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
TIMEOUT = 180.0
#: How long the baseline gets to show an edit before it counts as never.
NEVER = 60.0


@dataclass
class Figures:
    cold: list[float] = field(default_factory=list)
    no_change: list[float] = field(default_factory=list)
    post: list[float] = field(default_factory=list)
    sessions: list[float] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _copy(dest: Path, fosdem: Path | None) -> Path:
    dest.mkdir(parents=True)
    for name in ("content", "themes"):
        shutil.copytree(ROOT / name, dest / name)
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy2(ROOT / name, dest / name)
    # Photo derivatives are a content-addressed cache shared with the checkout (as in
    # the tests): "cold" means no reader, conference or template caches, not
    # re-encoding every photo.
    (ROOT / ".cache" / "photos").mkdir(parents=True, exist_ok=True)
    (dest / ".cache").mkdir()
    (dest / ".cache" / "photos").symlink_to(ROOT / ".cache" / "photos", target_is_directory=True)
    if fosdem is not None:
        cmd = [sys.executable, "-m", "recapkit.importers", str(fosdem)]
        cmd += ["--conference", "fosdem-2026", "--content", str(dest / "content")]
        subprocess.run(cmd, cwd=dest, env=ENV, check=True, capture_output=True)
    return dest


def _forget(project: Path) -> None:
    """Every cache but the photo derivatives."""
    for entry in (project / ".cache").iterdir():
        if entry.name != "photos":
            shutil.rmtree(entry, ignore_errors=True)


def _cold(project: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        _forget(project)
        out = project / "cold-output"
        shutil.rmtree(out, ignore_errors=True)
        began = time.perf_counter()
        cmd = [sys.executable, "-m", "recapkit", "build", "-o", str(out)]
        subprocess.run(cmd, cwd=project, env=ENV, check=True, capture_output=True)
        times.append(time.perf_counter() - began)
    return times


def _cold_pelican(project: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        _forget(project)
        out = project / "cold-output"
        shutil.rmtree(out, ignore_errors=True)
        began = time.perf_counter()
        cmd = [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", str(out)]
        subprocess.run(cmd, cwd=project, env=ENV, check=True, capture_output=True)
        times.append(time.perf_counter() - began)
    return times


class Lines:
    """A child's output lines, read in a thread, with the time each arrived."""

    def __init__(self, stream):
        self.queue: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.queue.put((time.perf_counter(), line))

    def drain(self) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                self.queue.get_nowait()

    def wait_for(self, needle: str, timeout: float = TIMEOUT) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                at, line = self.queue.get(timeout=0.5)
            except queue.Empty:
                continue
            if needle in line:
                return at
        raise TimeoutError(needle)


@contextlib.contextmanager
def _process(cmd: list[str], cwd: Path) -> Iterator[Lines]:
    child = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        yield Lines(child.stdout)
    finally:
        os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)


@contextlib.contextmanager
def _static_server(root: Path, port: int) -> Iterator[None]:
    """Plain static serving for the baseline (no reload script)."""
    root.mkdir(parents=True, exist_ok=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *_args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield
    finally:
        httpd.shutdown()


def _edit_post(project: Path, marker: str) -> None:
    path = project / POST
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.rstrip("\n").rsplit("\n<!--bench-->", 1)[0] + f"\n<!--bench-->\n\n{marker}\n"
    )


def _edit_session(project: Path, marker: str) -> None:
    path = project / "content" / "conferences" / CONF / "sessions.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index(f"slug: {TALK}")
    start = text.index("title: ", at)
    end = text.index("\n", start)
    path.write_text(text[:start] + f"title: Just Add Await {marker}" + text[end:], encoding="utf-8")


def _touch_same(project: Path) -> None:
    path = project / POST
    path.write_bytes(path.read_bytes())


def _page_shows(page, marker: str) -> bool:
    return page.evaluate("t => document.body.innerText.replace(/\\s+/g, ' ').includes(t)", marker)


def _reloaded(page, url: str, edit: Callable[[str], None], marker: str, live: bool) -> float:
    """Seconds from ``edit`` to the load of ``url`` showing ``marker``."""
    page.goto(url)
    time.sleep(1.0)  # the page's event stream is open
    began = time.perf_counter()
    if live:
        edited = False
        while True:
            with page.expect_event("load", timeout=TIMEOUT * 1000):
                if not edited:  # the waiter is listening before the write
                    began = time.perf_counter()
                    edit(marker)
                    edited = True
            if _page_shows(page, marker):
                return time.perf_counter() - began
    edit(marker)
    deadline = began + NEVER
    while time.perf_counter() < deadline:  # Pelican's autoreload: poll until it shows
        page.reload()
        if _page_shows(page, marker):
            return time.perf_counter() - began
        time.sleep(0.1)
    return math.inf


def _measure_loop(
    project: Path, runs: int, browser, live: bool, fig: Figures, port: int, tag: str
) -> None:
    base = f"http://127.0.0.1:{port}/"
    if live:
        cmd = [sys.executable, "-m", "invoke", "livereload", "--port", str(port)]
        done = "Built in"
        server = contextlib.nullcontext()
        out_dir = project / "output"
    else:
        out_dir = project / "pelican-output"
        cmd = [sys.executable, "-m", "pelican", "-r", "-s", "pelicanconf.py", "-o", str(out_dir)]
        done = "Done: Processed"
        server = _static_server(out_dir, port)
    with _process(cmd, project) as lines, server:
        lines.wait_for("Serving" if live else done, timeout=600)
        time.sleep(2.0)  # watchers settle
        page = browser.new_page()
        for i in range(runs):
            lines.drain()
            began = time.perf_counter()
            _touch_same(project)
            fig.no_change.append(lines.wait_for(done) - began)
            time.sleep(1.0)
            lines.drain()
            lines.drain()
            fig.post.append(
                _reloaded(
                    page,
                    base + POST_URL,
                    functools.partial(_edit_post, project),
                    f"bench{tag}post{i}x",
                    live,
                )
            )
            lines.wait_for(done)  # that build is over before the next edit
            time.sleep(1.0)
            talk = f"{base}conferences/{CONF}/talks/{TALK}/"
            lines.drain()
            fig.sessions.append(
                _reloaded(
                    page,
                    talk,
                    functools.partial(_edit_session, project),
                    f"bench{tag}talk{i}x",
                    live,
                )
            )
            if not math.isinf(fig.sessions[-1]):
                lines.wait_for(done)
            time.sleep(1.5)
        page.close()


def _median(values: list[float]) -> str:
    if not values:
        return "-"
    middle = statistics.median(values)
    return f"never (> {NEVER:.0f} s)" if math.isinf(middle) else f"{middle:.2f} s"


def _ratio(ours: list[float], theirs: list[float]) -> str:
    if not ours or not theirs:
        return "-"
    return f"{statistics.median(ours) / statistics.median(theirs):.2f}"  # inf -> 0.00


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["demo", "fosdem"])
    parser.add_argument("--source", type=Path, default=FOSDEM)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    load_before = os.getloadavg()
    sites = [("demo", None), ("demo + FOSDEM 2026", args.source)]
    if args.only:
        sites = [sites[0] if args.only == "demo" else sites[1]]
    results = []
    with tempfile.TemporaryDirectory(prefix="edit-loop-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        for n, (name, source) in enumerate(sites):
            ours, theirs = Figures(), Figures()
            for who, fig in (("ours", ours), ("pelican", theirs)):
                project = _copy(Path(tmp) / f"{n}-{who}", source)
                print(f"{name}, {who}: cold builds ...", file=sys.stderr)
                fig.cold = (_cold if who == "ours" else _cold_pelican)(project, args.runs)
                _forget(project)
                print(f"{name}, {who}: edits ...", file=sys.stderr)
                _measure_loop(
                    project, args.runs, browser, who == "ours", fig, _free_port(), f"{n}{who}"
                )
            results.append((name, ours, theirs))
        browser.close()
    load_after = os.getloadavg()
    print(
        f"\nMedians of {args.runs} runs; load average before "
        f"{' '.join(f'{x:.2f}' for x in load_before)}, after "
        f"{' '.join(f'{x:.2f}' for x in load_after)} ({os.cpu_count()} CPUs).\n"
    )
    print("| site | figure | invoke livereload | pelican --autoreload | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for name, ours, theirs in results:
        for label, attr in (
            ("cold build", "cold"),
            ("no-change rebuild", "no_change"),
            ("post edit -> reloaded page", "post"),
            ("sessions.yaml edit -> reloaded talk", "sessions"),
        ):
            a, b = getattr(ours, attr), getattr(theirs, attr)
            print(f"| {name} | {label} | {_median(a)} | {_median(b)} | {_ratio(a, b)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
