"""Pagefind index size and the bytes a first search downloads, on a built site.

Usage: ``python bench/search_bytes.py OUTPUT_DIR [QUERY ...]`` (a publishconf build, so
the index exists). Serves OUTPUT_DIR under /recaps/ with ``python -m http.server`` on
127.0.0.1, opens the search page in headless Chromium, runs each query in a fresh page
and prints what crossed the wire (uncompressed: http.server does not gzip; a host such
as GitHub Pages compresses the text files).
"""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import sync_playwright

PREFIX = "recaps"


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def index_size(bundle: Path) -> None:
    total, count = folder_size(bundle)
    print(f"pagefind/ folder: {total / 1024:.1f} KiB in {count} files")
    parts = defaultdict(int)
    for path in bundle.rglob("*"):
        if path.is_file():
            top = path.relative_to(bundle).parts[0]
            key = top if path.parent != bundle else "*" + "".join(path.suffixes[-1:])
            parts[key] += path.stat().st_size
    for key, size in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"  {key:<22} {size / 1024:8.1f} KiB")
    index_only = sum(parts[k] for k in ("index", "fragment", "filter")) + sum(
        p.stat().st_size for p in bundle.glob("*.pf_meta")
    )
    print(
        f"search index proper (index/, fragment/, filter/, *.pf_meta): {index_only / 1024:.1f} KiB"
    )


def _wire_size(url: str, body: bytes) -> int:
    """Bytes after the gzip a static host applies to text (Pagefind's own files are
    already compressed)."""
    path = url.split("?")[0]
    if path.endswith((".js", ".css", ".html", ".json", "/", ".svg")):
        return len(gzip.compress(body, 9, mtime=0))
    return len(body)


def first_search(root: str, query: str, browser) -> None:
    page = browser.new_page()
    received: list[tuple[str, int, int]] = []

    def on_response(response) -> None:
        try:
            body = response.body()
        except Exception:  # redirects have no body
            body = b""
        received.append((response.url, len(body), _wire_size(response.url, body)))

    page.on("response", on_response)
    page.goto(root + "search/")
    page.wait_for_load_state("networkidle")
    loaded = list(received)
    received.clear()
    page.get_by_label("Words to look for", exact=False).fill(query)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-search-results] li", timeout=15000)
    page.wait_for_load_state("networkidle")
    hits = page.locator("[data-search-results] li").count()
    print(
        f"query {query!r} ({hits} hits): search page load {sum(r[1] for r in loaded) / 1024:.1f}"
        f" KiB; first search {sum(r[1] for r in received) / 1024:.1f} KiB as served here,"
        f" {sum(r[2] for r in received) / 1024:.1f} KiB gzipped, in {len(received)} requests"
    )
    for url, size, wire in sorted(received, key=lambda r: -r[1]):
        print(
            f"    {size / 1024:8.1f} KiB ({wire / 1024:6.1f} gz)  {url.split(PREFIX + '/', 1)[-1]}"
        )
    page.close()


def main(argv: list[str]) -> None:
    output = Path(argv[0]).resolve()
    queries = argv[1:] or ["django"]
    index_size(output / "pagefind")
    with tempfile.TemporaryDirectory() as served:
        (Path(served) / PREFIX).symlink_to(output, target_is_directory=True)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "http.server",
                str(port),
                "--bind",
                "127.0.0.1",
                "--directory",
                served,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            root = f"http://127.0.0.1:{port}/{PREFIX}/"
            for _ in range(100):
                try:
                    urllib.request.urlopen(root, timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox"]
                )
                for query in queries:
                    first_search(root, query, browser)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main(sys.argv[1:])
