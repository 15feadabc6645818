"""Where a schedule comes from (file, folder or http(s) URL) and which format it is.

This module picks the reader in :mod:`recapkit.importers.formats`; the readers never
import it back.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from pathlib import Path

from recapkit.importers.errors import SourceError
from recapkit.importers.formats.frab_json import import_frab_json
from recapkit.importers.formats.frab_xml import import_frab_xml
from recapkit.importers.formats.jekyll import import_jekyll, looks_like
from recapkit.importers.formats.jsondata import parse_json
from recapkit.importers.formats.pretalx_api import import_pretalx_api
from recapkit.importers.report import Report
from recapkit.importers.schedule import Imported, ImportOptions

#: Readers of downloaded or file bytes, by ``--format`` name (Jekyll reads a folder).
READERS: dict[str, Callable[[bytes, str, ImportOptions], Imported]] = {
    "frab-xml": import_frab_xml,
    "frab-json": import_frab_json,
    "pretalx-api": import_pretalx_api,
}
FORMATS = ("auto", "jekyll", *READERS)
MAX_BYTES = 64 * 1024 * 1024


def fetch(source: str) -> tuple[bytes, str]:
    """Bytes and a display name; URLs through urllib (only http and https)."""
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"User-Agent": "recapkit-import"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                data = response.read(MAX_BYTES + 1)
        except OSError as exc:
            raise SourceError(f"{source}: cannot download: {exc}") from exc
        if len(data) > MAX_BYTES:
            raise SourceError(f"{source}: larger than {MAX_BYTES // 2**20} MiB, not read")
        return data, source
    if "://" in source:
        raise SourceError(f"{source}: only http(s) URLs and local paths are read")
    path = Path(source)
    try:
        return path.read_bytes(), source
    except OSError as exc:
        raise SourceError(f"{source}: cannot read: {exc.strerror or exc}") from exc


def detect(data: bytes) -> str:
    """``frab-xml``, ``frab-json`` or ``pretalx-api`` from the content itself."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return "frab-xml"
    if head in (b"{", b"["):
        doc = parse_json(data, "source")
        schedule = doc.get("schedule") if isinstance(doc, dict) else None
        if isinstance(schedule, dict) and isinstance(schedule.get("conference"), dict):
            return "frab-json"
        return "pretalx-api"
    raise SourceError("neither XML nor JSON, and not a Jekyll folder")


def load_source(
    source: str | Path,
    conference: str,
    zone: str | None,
    keep_wall_clock: bool,
    prose: bool,
    fmt: str,
    report: Report,
) -> Imported:
    options = ImportOptions(conference, zone, keep_wall_clock, prose, report)
    text = str(source)
    path = Path(text)
    if fmt == "jekyll" or (fmt == "auto" and "://" not in text and path.is_dir()):
        if not looks_like(path):
            raise SourceError(f"{text}: a folder, but without _schedule/ (not a Jekyll site)")
        return import_jekyll(path, options)
    data, name = fetch(text)
    kind = detect(data) if fmt == "auto" else fmt
    reader = READERS.get(kind)
    if reader is None:
        raise SourceError(f"unknown format '{kind}' (choose from {', '.join(FORMATS)})")
    return reader(data, name, options)
