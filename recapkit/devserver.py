"""Local serving: GitHub-Pages-like static serving and a live-reloading preview.

``livereload`` watches the files and reloads the browser; each rebuild runs in a new
Python process so edited plugin modules and settings are picked up, which Pelican's
own ``--autoreload`` cannot do (plugins stay imported).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
import sys
from pathlib import Path

#: What a change to should trigger a rebuild: posts and YAML data, templates and
#: static assets, plugin code and settings.
WATCHED = (
    "content/**/*",
    "themes/**/*",
    "recapkit/**/*.py",
    "pelicanconf.py",
    "publishconf.py",
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


def rebuild(project: Path, settings: Path, output: Path) -> bool:
    """One build in a fresh process; problems are printed, the old site stays served."""
    cmd = [sys.executable, "-m", "recapkit", "build", "-s", str(settings), "-o", str(output)]
    result = subprocess.run(cmd, cwd=project, check=False)
    return result.returncode == 0


def live(project: Path, settings: Path, output: Path, port: int) -> None:
    """Build once, then serve with live reload until interrupted."""
    from livereload import Server

    rebuild(project, settings, output)
    server = Server()
    build = functools.partial(rebuild, project, settings, output)
    for pattern in WATCHED:
        server.watch(str(project / pattern), build, delay=0.3)
    server.serve(root=str(output), port=port, host="127.0.0.1", open_url_delay=None)
