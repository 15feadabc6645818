"""Where a schedule comes from (file, folder or http(s) URL) and which format it is.

This module picks the reader in :mod:`recapkit.importers.formats`; the readers never
import it back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html

from recapkit.importers.download import MAX_BYTES, download, is_url
from recapkit.importers.errors import SourceError
from recapkit.importers.formats.frab_json import import_frab_json
from recapkit.importers.formats.frab_xml import import_frab_xml
from recapkit.importers.formats.jekyll import import_jekyll, looks_like
from recapkit.importers.formats.jsondata import parse_json
from recapkit.importers.formats.pretalx_api import import_pretalx_api
from recapkit.importers.formats.sessionize import (
    import_sessionize,
    is_sessionize,
    is_sessionize_speakers,
)
from recapkit.importers.report import Report
from recapkit.importers.schedule import Imported, ImportOptions, Known

#: Readers of downloaded or file bytes, by ``--format`` name (Jekyll reads a folder).
READERS: dict[str, Callable[[bytes, str, ImportOptions], Imported]] = {
    "frab-xml": import_frab_xml,
    "frab-json": import_frab_json,
    "pretalx-api": import_pretalx_api,
    "sessionize": import_sessionize,
}
FORMATS = ("auto", "jekyll", *READERS)
_HTML = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
#: pretalx publishes the frab-style export of an event at <event>/schedule/export/.
_PRETALX_EXPORT = re.compile(r"/schedule/export/schedule\.(json|xml)$")


def is_html(data: bytes) -> bool:
    return _HTML.match(data.lstrip(b"\xef\xbb\xbf")[:4096]) is not None


def _pretalx_export(page_url: str, data: bytes) -> str | None:
    """The schedule export of a pretalx event page: its own export link, else the
    path pretalx always uses (``/<event>/schedule/export/schedule.json``)."""
    try:
        doc = lxml.html.document_fromstring(data)
    except (ValueError, lxml.etree.ParserError):
        return None
    links = [urljoin(page_url, href) for href in doc.xpath("//a/@href | //link/@href")]
    exports = [u for u in links if _PRETALX_EXPORT.search(urlsplit(u).path)]
    exports.sort(key=lambda u: not u.endswith(".json"))  # JSON first: it has the bios
    if exports:
        return exports[0]
    generator = " ".join(doc.xpath("//meta[@name='generator']/@content")).lower()
    if "pretalx" not in generator and b"pretalx" not in data.lower():
        return None
    parts = urlsplit(page_url)
    event = next((p for p in parts.path.split("/") if p), None)
    if event is None:
        return None
    return f"{parts.scheme}://{parts.netloc}/{event}/schedule/export/schedule.json"


def fetch(source: str, report: Report, max_bytes: int = MAX_BYTES) -> tuple[bytes, str]:
    """Bytes and a display name; URLs through :mod:`recapkit.importers.download`.

    An HTML page is not a schedule, but a pretalx event page leads to one: its export
    is downloaded instead, and the report says so.
    """
    if is_url(source):
        got = download(source, max_bytes)
        if not is_html(got.body):
            return got.body, source
        export = _pretalx_export(got.url, got.body)
        if export is None:
            raise SourceError(f"{source}: an HTML page, not a schedule (give the export's URL)")
        report.add("fixed", source, f"an event page: its schedule export {export} read instead")
        again = download(export, max_bytes)
        if is_html(again.body):
            raise SourceError(f"{export}: an HTML page, not a schedule export")
        return again.body, export
    if "://" in source:
        raise SourceError(f"{source}: only http(s) URLs and local paths are read")
    path = Path(source)
    try:
        return path.read_bytes(), source
    except OSError as exc:
        raise SourceError(f"{source}: cannot read: {exc.strerror or exc}") from exc


def detect(data: bytes, name: str = "source") -> str:
    """``frab-xml``, ``frab-json``, ``sessionize`` or ``pretalx-api`` from the content."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        if is_html(data):
            raise SourceError(f"{name}: an HTML page, not a schedule export")
        return "frab-xml"
    if head in (b"{", b"["):
        doc = parse_json(data, name)
        schedule = doc.get("schedule") if isinstance(doc, dict) else None
        if isinstance(schedule, dict) and isinstance(schedule.get("conference"), dict):
            return "frab-json"
        if is_sessionize(doc) or is_sessionize_speakers(doc):
            return "sessionize"
        return "pretalx-api"
    raise SourceError(f"{name}: neither XML nor JSON, and not a Jekyll folder: not a schedule")


def load_source(
    source: str | Path,
    conference: str,
    zone: str | None,
    keep_wall_clock: bool,
    prose: bool,
    fmt: str,
    report: Report,
    known: Known | None = None,
    max_bytes: int = MAX_BYTES,
) -> Imported:
    options = ImportOptions(conference, zone, keep_wall_clock, prose, report, known or Known())
    text = str(source)
    path = Path(text)
    if fmt == "jekyll" or (fmt == "auto" and "://" not in text and path.is_dir()):
        if not looks_like(path):
            raise SourceError(f"{text}: a folder, but without _schedule/ (not a Jekyll site)")
        return import_jekyll(path, options)
    data, name = fetch(text, report, max_bytes)
    kind = detect(data, name) if fmt == "auto" else fmt
    reader = READERS.get(kind)
    if reader is None:
        raise SourceError(f"unknown format '{kind}' (choose from {', '.join(FORMATS)})")
    return reader(data, name, options)
