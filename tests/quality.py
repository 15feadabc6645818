"""Helpers for the quality gates: the Nu checker, a loopback server under a prefix, axe."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from recapkit.devserver import _PrefixHandler

ROOT = Path(__file__).resolve().parent.parent
VNU_CANDIDATES = (
    os.environ.get("VNU_JAR", ""),
    str(ROOT / ".cache/node/node_modules/vnu-jar/build/dist/vnu.jar"),
    str(Path.home() / ".cache/site-audit-tools/node_modules/vnu-jar/build/dist/vnu.jar"),
)


def vnu_jar() -> str:
    for candidate in VNU_CANDIDATES:
        if candidate and Path(candidate).is_file() and shutil.which("java"):
            return candidate
    if os.environ.get("CI"):
        pytest.fail("the Nu checker is required under CI (.ci/run installs vnu-jar and Java)")
    pytest.skip("vnu.jar or java not available")
    raise AssertionError  # unreachable


def nu_errors(folder: Path) -> list[str]:
    """Every Nu Html Checker error over all HTML files of ``folder``."""
    result = subprocess.run(
        [
            "java",
            "-jar",
            vnu_jar(),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    return [
        f"{m.get('url', '').replace('file:' + str(folder), '')}:{m.get('lastLine')}: {m['message']}"
        for m in report["messages"]
        if m.get("type") == "error"
    ]


@contextmanager
def serve(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``folder`` on a free loopback port under ``prefix``; yields the base URL."""
    handler = functools.partial(
        type("Quiet", (_PrefixHandler,), {"prefix": prefix, "log_message": lambda *a: None}),
        directory=str(folder),
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
