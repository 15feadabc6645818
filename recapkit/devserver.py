"""Local serving: GitHub-Pages-like static serving and a live-reloading preview.

:func:`live` builds, serves and watches. Rebuilds run in one long-lived builder
process (:mod:`recapkit.warmbuild`: warm caches, only changed files rewritten), which
is started again when a plugin module changes, so edited plugin code is picked up
(Pelican's own ``--autoreload`` keeps the old plugins imported).

The reload script is a file, ``/.recapkit/livereload.js``, served by this server from
the site's own origin, so the pages' Content-Security-Policy (``script-src 'self'``)
lets it run; the server adds its ``<script>`` tag to each HTML page as it serves it,
so no file in ``output/`` ever has it. The script listens to Server-Sent Events
(``/.recapkit/events``): the server tells each page to reload only when its own file
(or a stylesheet, script or image) changed, and when a build fails it sends the
problem lines, which the script shows over the stale page until a build succeeds.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

#: Where the server answers for itself (a name no site file can have: Pelican does
#: not write dot-folders).
OWN = "/.recapkit/"
# Not in recapkit/static/, whose files are published with the default templates.
SCRIPT = Path(__file__).parent / "live" / "livereload.js"
#: Files whose change may alter any page that uses them.
_SHARED_SUFFIXES = {".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif"}
_IGNORED_PARTS = {"__pycache__", ".git", "output", ".cache"}
_BARE_404 = (
    b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title>'
    b"</head><body><main><h1>Not found</h1><p>No such page in the last good build.</p>"
    b"</main></body></html>"
)


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under a path prefix, with 404.html for misses, like GitHub Pages."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def serve_static(root: Path, port: int, prefix: str = "/") -> None:
    """Serve ``root`` on 127.0.0.1 until interrupted."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = functools.partial(
        type("Handler", (_PrefixHandler,), {"prefix": prefix}), directory=str(root)
    )
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"Serving {root} at http://127.0.0.1:{port}{prefix} (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            httpd.serve_forever()


@dataclass
class LiveState:
    """The latest build's outcome, and when each output file last changed."""

    generation: int = 0
    ok: bool = True
    lines: tuple[str, ...] = ()
    #: Output-relative path -> the generation that last changed it.
    changed_at: dict[str, int] = field(default_factory=dict)
    #: The generation that last changed a stylesheet, script or image.
    shared_at: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, ok: bool, lines: Iterable[str], changed: Iterable[str]) -> None:
        with self.changed:
            self.generation += 1
            self.ok, self.lines = ok, tuple(lines)
            for rel in changed:
                self.changed_at[rel] = self.generation
                if Path(rel).suffix.lower() in _SHARED_SUFFIXES:
                    self.shared_at = self.generation
            self.changed.notify_all()

    def verdict(self, rel: str, since: int, failing: bool) -> str:
        """What a page showing ``rel`` as of generation ``since`` should do now."""
        if not self.ok:
            return "problems"
        if failing or self.changed_at.get(rel, 0) > since or self.shared_at > since:
            return "reload"
        return "ok"


def _page_file(url_path: str, prefix: str) -> str:
    """The output file a page URL is served from (``a/b/`` -> ``a/b/index.html``)."""
    path = unquote(url_path)
    path = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


class _LiveHandler(_PrefixHandler):
    """Static serving, plus the reload script, the event stream and the script tag."""

    state: LiveState

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # requests are not news; builds are

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == OWN + "livereload.js":
            self._send(200, "text/javascript; charset=utf-8", SCRIPT.read_bytes())
        elif url.path == OWN + "events":
            self._events(parse_qs(url.query))
        elif url.path.endswith((".html", "/")) or url.path == self.prefix.rstrip("/"):
            self._page(url.path)
        else:
            super().do_GET()

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _page(self, url_path: str) -> None:
        generation = self.state.generation  # before reading: a later change reloads
        path = Path(self.translate_path(url_path))
        if path.is_dir():
            if not url_path.endswith("/"):
                super().do_GET()  # the redirect to the slash
                return
            path = path / "index.html"
        try:
            body = path.read_bytes()
        except OSError:
            self.send_error(404)
            return
        self._send(200, "text/html; charset=utf-8", self._with_script(body, generation))

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            http.server.SimpleHTTPRequestHandler.send_error(self, code, message, explain)
            return
        page = Path(self.directory) / "404.html"
        # Before the first good build there is no 404 page: a bare one still carries
        # the script, so the problems show and the page follows the next build.
        html = page.read_bytes() if page.exists() else _BARE_404
        self._send(404, "text/html; charset=utf-8", self._with_script(html, self.state.generation))

    def _with_script(self, html: bytes, generation: int) -> bytes:
        tag = (
            f'<script src="{OWN}livereload.js" data-events="{OWN}events" '
            f'data-generation="{generation}" defer></script>'
        ).encode()
        at = html.lower().find(b"</head>")
        return html[:at] + tag + html[at:] if at >= 0 else html + tag

    def _events(self, query: dict[str, list[str]]) -> None:
        rel = _page_file(query.get("path", ["/"])[0], self.prefix)
        try:
            since = int(query.get("generation", ["0"])[0])
        except ValueError:
            since = 0
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        state, failing, seen = self.state, False, -1
        try:
            while True:
                with state.changed:
                    if state.generation == seen:
                        state.changed.wait(timeout=15)
                    if state.generation == seen:
                        self.wfile.write(b": still here\n\n")
                        self.wfile.flush()
                        continue
                    seen = state.generation
                    verdict = state.verdict(rel, since, failing)
                    lines = state.lines
                data = json.dumps(list(lines)) if verdict == "problems" else "{}"
                self.wfile.write(f"event: {verdict}\ndata: {data}\n\n".encode())
                self.wfile.flush()
                if verdict == "reload":
                    return
                failing = verdict == "problems"
        except (BrokenPipeError, ConnectionResetError):
            return


class Builder:
    """The long-lived build process (``python -m recapkit.warmbuild``), one request a
    line: started again after it exits or when a plugin module changed."""

    def __init__(self, project: Path, settings: Path, output: Path):
        self.cmd = [
            sys.executable,
            "-m",
            "recapkit.warmbuild",
            "-s",
            str(settings),
            "-o",
            str(output),
        ]
        self.project = project
        self.process: Any = None

    def _start(self) -> None:
        self.process = subprocess.Popen(
            self.cmd, cwd=self.project, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except Exception:
                self.process.kill()
        self.process = None

    def build(self) -> dict[str, Any]:
        if self.process is None or self.process.poll() is not None:
            self._start()
        try:
            self.process.stdin.write("build\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        except (BrokenPipeError, OSError):
            answer = ""
        if not answer:
            self.stop()
            return {"ok": False, "lines": ["error: the build process stopped (see above)"]}
        return json.loads(answer)


def _watched(project: Path, settings: Path) -> list[Path]:
    import recapkit

    package = Path(recapkit.__file__).parent
    paths = [project / "content", project / "themes", package, settings]
    paths += [p for p in project.glob("*conf.py") if p != settings]
    return [p for p in dict.fromkeys(paths) if p.exists()]


def _relevant(_change: Any, path: str) -> bool:
    name = Path(path).name
    if name.startswith(".#") or name.endswith(("~", ".swp", ".swx", ".tmp")):
        return False
    return not _IGNORED_PARTS.intersection(Path(path).parts)


def _report(result: dict[str, Any]) -> None:
    if result["ok"]:
        changed = result.get("changed", [])
        print(
            f"Built in {result.get('seconds', 0):.2f} s: {len(changed)} file(s) changed.",
            file=sys.stderr,
        )
        return
    for line in result["lines"]:
        print(line, file=sys.stderr)
    print("The build failed; output/ left as it was.", file=sys.stderr)


def live(project: Path, settings: Path, output: Path, port: int, prefix: str = "/") -> None:
    """Build, serve on 127.0.0.1:``port`` and rebuild on every change, until interrupted."""
    import watchfiles

    import recapkit

    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    state = LiveState()
    builder = Builder(project, settings, output)
    output.mkdir(parents=True, exist_ok=True)
    result = builder.build()
    _report(result)
    state.publish(result["ok"], result.get("lines", ()), result.get("changed", ()))
    handler_class = type("Handler", (_LiveHandler,), {"prefix": prefix, "state": state})
    handler = functools.partial(handler_class, directory=str(output))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    print(f"Serving {output} at http://127.0.0.1:{port}{prefix} (Ctrl-C stops)", file=sys.stderr)
    package = Path(recapkit.__file__).parent
    try:
        for changes in watchfiles.watch(
            *_watched(project, settings), watch_filter=_relevant, step=30, debounce=1000
        ):
            paths = [Path(p) for _kind, p in changes]
            if any(p.suffix == ".py" and p.is_relative_to(package) for p in paths):
                builder.stop()  # new plugin code: a new process imports it
            began = time.perf_counter()
            result = builder.build()
            result["seconds"] = time.perf_counter() - began
            _report(result)
            state.publish(result["ok"], result.get("lines", ()), result.get("changed", ()))
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
        builder.stop()
