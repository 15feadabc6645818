"""``invoke livereload`` rebuilds when a template or a YAML data file changes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.support import ROOT, SITE_SETTINGS

CONFERENCE = """\
slug: tinyconf-2024
name: TinyConf 2024
timezone: Europe/Berlin
start: 2024-06-01
end: 2024-06-01
days: [{date: 2024-06-01, kind: talks}]
rooms: [Main Hall]
"""
SESSIONS = """\
sessions:
  - slug: opening
    title: Opening
    kind: keynote
    start: 2024-06-01 09:00
    duration: 30
    room: main-hall
"""
POST = """\
---
title: TinyConf notes
date: 2024-06-02
conference: tinyconf-2024
---
Short notes.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


def _contains(path: Path, text: str) -> bool:
    try:
        return text in path.read_text(encoding="utf-8")
    except OSError:
        return False


def test_livereload_rebuilds_after_template_and_yaml_changes(tmp_path):
    project = tmp_path / "site"
    shutil.copytree(ROOT / "themes", project / "themes")
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(SITE_SETTINGS / name, project / name)
    shutil.copy2(ROOT / "tasks.py", project / "tasks.py")
    conf_dir = project / "content" / "conferences" / "tinyconf-2024"
    conf_dir.mkdir(parents=True)
    (conf_dir / "conference.yaml").write_text(CONFERENCE)
    (conf_dir / "sessions.yaml").write_text(SESSIONS)
    (conf_dir / "speakers.yaml").write_text("speakers: []\n")
    (project / "content" / "posts").mkdir()
    (project / "content" / "pages").mkdir()
    (project / "content" / "posts" / "notes.md").write_text(POST)

    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    invoke = [sys.executable, "-m", "invoke", "livereload", "--port", str(port)]
    server = subprocess.Popen(
        invoke,
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    output = project / "output"
    home = output / "index.html"
    overview = output / "conferences" / "tinyconf-2024" / "index.html"
    try:
        assert _wait_for(lambda: _contains(overview, "TinyConf 2024")), "first build"
        time.sleep(1.5)  # livereload takes its first snapshot of the watched files

        base = project / "themes" / "recap" / "templates" / "base.html"
        base.write_text(base.read_text().replace("</body>", "<!-- edited-template --></body>"))
        assert _wait_for(lambda: _contains(home, "edited-template")), "template change"

        conf = conf_dir / "conference.yaml"
        conf.write_text(conf.read_text().replace("TinyConf 2024", "TinyConf Renamed 2024"))
        assert _wait_for(lambda: _contains(overview, "TinyConf Renamed 2024")), "YAML change"

        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
            assert sock.recv(64).startswith(b"HTTP/1.")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
