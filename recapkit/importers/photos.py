"""``--fetch-photos``: speaker photos the source links to, downloaded into the folder.

An import records a speaker's ``photo_url`` and fetches nothing by default: a photo is
a person's likeness, and the author decides whether the site shows it. Asked to, each
photo is downloaded within a size limit, checked by the same header check the site
build applies to every speaker photo (:func:`recapkit.core.imagesafe.check`: a real
JPEG/PNG/WebP/TIFF/AVIF of sane size, not an SVG or a script named ``.jpg``), and
saved as ``speakers/<slug>.<ext>`` beside the YAML. The build then re-encodes it
without metadata, as it does every photo. A file already there is the author's: kept.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image

from recapkit.core import imagesafe
from recapkit.core.contained import is_inside
from recapkit.importers.download import download
from recapkit.importers.errors import SourceError
from recapkit.importers.report import Report

PHOTO_FOLDER = "speakers"
MAX_PHOTO_BYTES = 10 * 1024 * 1024
_EXTENSIONS = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp"}
_EXTENSIONS |= {"TIFF": ".tiff", "AVIF": ".avif"}


def _existing(folder: Path, slug: str) -> Path | None:
    for ext in dict.fromkeys(_EXTENSIONS.values()):
        path = folder / PHOTO_FOLDER / f"{slug}{ext}"
        if os.path.lexists(path):
            return path
    return None


def _fetch_one(url: str, folder: Path, slug: str) -> Path:
    """Download, check and save one photo; :class:`SourceError` saying why not."""
    body = download(url, MAX_PHOTO_BYTES).body
    target_dir = folder / PHOTO_FOLDER
    target_dir.mkdir(parents=True, exist_ok=True)
    if not is_inside(target_dir, folder):
        raise SourceError(f"{target_dir}: leads outside the conference folder")
    handle, scratch = tempfile.mkstemp(dir=target_dir, prefix=".photo-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        try:
            imagesafe.check(scratch, imagesafe.PHOTO_FORMATS)
        except imagesafe.ImageRefused as exc:
            raise SourceError(f"{url}: {exc}") from None
        with Image.open(scratch) as im:  # checked above: only its format is asked
            found = str(im.format)
        path = target_dir / f"{slug}{_EXTENSIONS[found]}"
        os.replace(scratch, path)
        return path
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)


def fetch_photos(
    speakers: list[dict[str, Any]], folder: Path, report: Report, dry_run: bool
) -> None:
    """Set ``photo`` on each speaker whose ``photo_url`` could be fetched (in place)."""
    for speaker in speakers:
        url, slug = speaker.get("photo_url"), speaker["slug"]
        if not url:
            continue
        where = f"speaker '{slug}'"
        have = _existing(folder, slug)
        if have is not None:
            speaker["photo"] = have.relative_to(folder).as_posix()
            continue
        if dry_run:
            report.add("added", where, f"photo {url} would be downloaded", group="photo-dry")
            continue
        try:
            path = _fetch_one(url, folder, slug)
        except SourceError as exc:
            report.add("skipped", where, f"photo not fetched: {exc}")
            continue
        speaker["photo"] = path.relative_to(folder).as_posix()
        report.add("added", where, f"photo {speaker['photo']} downloaded", group="photo")
