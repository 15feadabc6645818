"""The derivative cache: content-addressed files kept outside output/.

Keys hash the source bytes and the exact processing parameters, never paths or
mtimes, so a deleted output/ or a fresh CI checkout (new mtimes, restored cache)
reprocesses nothing. The stat index only saves re-hashing unchanged files between
local builds; a changed size or mtime just means hashing the file again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from recapkit.core.modes import make_published

INDEX_VERSION = 1
META_VERSION = 3  # 3: capture offset and camera model


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


class PhotoCache:
    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        self._index_path = self.root / "index.json"
        self._index: dict[str, list[Any]] = {}
        self._dirty = False
        try:
            data = json.loads(self._index_path.read_text(encoding="utf-8"))
            if data.get("version") == INDEX_VERSION:
                self._index = data["files"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self._index = {}

    # source hashes -----------------------------------------------------------

    def source_hash(self, path: Path) -> str:
        """sha256 of the file's bytes, re-hashed only when its size or mtime changed."""
        stat = path.stat()
        key = str(path.resolve())
        known = self._index.get(key)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return known[2]
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        self._index[key] = [stat.st_size, stat.st_mtime_ns, digest]
        self._dirty = True
        return digest

    def save_index(self) -> None:
        if self._dirty:
            payload = {"version": INDEX_VERSION, "files": dict(sorted(self._index.items()))}
            _atomic_write(self._index_path, json.dumps(payload))
            self._dirty = False

    # header facts and placeholders ------------------------------------------------

    def _meta_path(self, sha: str) -> Path:
        return self.root / "meta" / sha[:2] / f"{sha}.json"

    def read_meta(self, sha: str) -> dict[str, Any] | None:
        try:
            data = json.loads(self._meta_path(sha).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if data.get("version") == META_VERSION else None

    def write_meta(self, sha: str, data: dict[str, Any]) -> None:
        _atomic_write(self._meta_path(sha), json.dumps({**data, "version": META_VERSION}))

    # derivatives -------------------------------------------------------------

    def derivative(self, key: str, ext: str) -> Path:
        return self.root / "derivatives" / key[:2] / f"{key}.{ext}"


def publish(cached: Path, target: Path) -> None:
    """Put a cached derivative into the output folder: a hard link when possible.

    Cached files are written through ``mkstemp`` (mode 0600); a published file gets the
    umask's mode, so a web server running as another user can read it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    try:
        os.link(cached, target)
        make_published(target)
    except OSError:
        tmp = target.with_name(f".{target.name}.tmp")
        with cached.open("rb") as src, tmp.open("wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        os.replace(tmp, target)
