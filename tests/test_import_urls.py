"""``invoke import http://127.0.0.1:PORT/...``: a loopback server, never the internet.

The server (in this process) serves a pretalx event page whose export is the real rC3
frab JSON, a Sessionize "All" view, a 404, a page that is no schedule and bodies over
the size limit. The import runs as a user runs it, through invoke in a subprocess:
each failure must be one line on stderr and exit status 1, with nothing written.
"""

from __future__ import annotations

import contextlib
import io
import json
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from tests import sessionize_views as views
from tests.support import ROOT, shared_data
from tests.test_import_helpers import read

pytestmark = pytest.mark.shared_data
BIG = 2 * 1024 * 1024  # twice the --max-size 1 the tests give
EVENT_PAGE = b"""<!DOCTYPE html>
<html><head><meta name="generator" content="pretalx"><title>rC3</title></head>
<body><h1>rC3 Channels</h1><a href="/rc3/schedule/">Schedule</a></body></html>"""


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def _with_photos(base: str) -> bytes:
    """The Sessionize export, its first three speakers' photos on the loopback server."""
    doc = views.enriched()
    for person, path in zip(doc["speakers"], ("real", "page", "gone"), strict=False):
        person["profilePicture"] = f"{base}/p/{path}.jpg"
    return json.dumps(doc).encode()


def _routes(base: str) -> dict[str, tuple[int, str, bytes]]:
    rc3 = shared_data("schedules", "voc-example-pretalx-rc3.json").read_bytes()
    return {
        "/photos/view/All": (200, "application/json", _with_photos(base)),
        "/p/real.jpg": (200, "image/jpeg", _jpeg()),
        "/p/page.jpg": (200, "image/jpeg", b"<html><script>alert(1)</script></html>"),
        "/rc3/": (200, "text/html", EVENT_PAGE),
        "/rc3/schedule/export/schedule.json": (200, "application/json", rc3),
        "/api/v2/abc123/view/All": (
            200,
            "application/json",
            json.dumps(views.enriched()).encode(),
        ),
        "/hello": (200, "text/plain", b"hello, this is not a schedule\n"),
        "/landing": (200, "text/html", b"<!doctype html><html><body>Welcome</body></html>"),
    }


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/big"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if self.path == "/big-declared":
                self.send_header("Content-Length", str(BIG))
            self.end_headers()
            # no Content-Length on /big: only counting the stream can stop it
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(b"[" + b"0," * (BIG // 2) + b"0]")
            return
        status, kind, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    _Handler.routes = _routes(f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def invoke_import(url: str, content, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "invoke", "-r", str(ROOT), "import", url, "--conference"]
    cmd += ["conf", "--content", str(content), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)


def test_a_pretalx_event_page_leads_to_its_export(server, tmp_path):
    result = invoke_import(f"{server}/rc3/", tmp_path)
    assert result.returncode == 0, result.stderr
    conf = json.loads(shared_data("schedules", "voc-example-pretalx-rc3.json").read_text())
    days = conf["schedule"]["conference"]["days"]
    events = [e for day in days for room in day["rooms"].values() for e in room]
    assert len(read(tmp_path, "conf", "sessions")["sessions"]) == len(events)
    assert "/rc3/schedule/export/schedule.json read instead" in result.stdout


def test_a_sessionize_endpoint_imports(server, tmp_path):
    result = invoke_import(
        f"{server}/api/v2/abc123/view/All", tmp_path, "--timezone", "Europe/Vienna"
    )
    assert result.returncode == 0, result.stderr
    doc = views.enriched()
    assert len(read(tmp_path, "conf", "sessions")["sessions"]) == len(doc["sessions"])
    assert len(read(tmp_path, "conf", "speakers")["speakers"]) == len(doc["speakers"])


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("dead", "connection refused"),
        ("/missing.json", "HTTP 404"),
        ("/hello", "not a schedule"),
        ("/landing", "an HTML page, not a schedule"),
        ("/big", "more than 1 MiB, download stopped"),
        ("/big-declared", "over the 1 MiB limit"),
    ],
)
def test_failures_are_one_line_and_exit_1(server, tmp_path, path, expected):
    url = f"http://127.0.0.1:{_dead_port()}/x.json" if path == "dead" else f"{server}{path}"
    result = invoke_import(url, tmp_path, "--max-size", "1")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {url}") and expected in lines[0], lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "conferences").exists()


def test_speaker_photos_are_fetched_only_when_asked_and_checked(server, tmp_path):
    url = f"{server}/photos/view/All"
    zone = ("--timezone", "Europe/Vienna")
    assert invoke_import(url, tmp_path, *zone).returncode == 0
    folder = tmp_path / "conferences" / "conf"
    assert not (folder / "speakers").exists()  # recorded as URLs, nothing downloaded
    people = read(tmp_path, "conf", "speakers")["speakers"]
    assert all("photo" not in p for p in people)
    assert people[0]["photo_url"] == f"{server}/p/real.jpg"

    result = invoke_import(url, tmp_path, *zone, "--fetch-photos")
    assert result.returncode == 0, result.stderr
    by_url = {p["photo_url"]: p for p in read(tmp_path, "conf", "speakers")["speakers"]}
    real = by_url[f"{server}/p/real.jpg"]
    assert real["photo"] == f"speakers/{real['slug']}.jpg"
    assert Image.open(folder / real["photo"]).size == (40, 30)
    for bad in ("page", "gone"):
        person = by_url[f"{server}/p/{bad}.jpg"]
        assert "photo" not in person
        assert list((folder / "speakers").glob(f"{person['slug']}.*")) == []
        assert f"speaker '{person['slug']}': skipped: photo not fetched" in result.stdout
    assert sorted(p.name for p in (folder / "speakers").iterdir()) == [f"{real['slug']}.jpg"]
