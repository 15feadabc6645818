"""Validated conference models, cached by the bytes of their files.

Loading a conference means reading three YAML files and validating every session,
speaker and cross-reference; for a 900-talk schedule that is most of a second, paid
again on every rebuild although the files rarely change. The result of
:func:`recapkit.conference.loader.load_conference` (the models and the problems, which
include warnings a cached load must report again) is kept in this process and pickled
under ``<CACHE_PATH>/conferences/``.

The key is a hash of the folder's place (and the working folder, which problem
paths are shown relative to), the three YAML files' bytes, the size and modification time of
every other file of the folder (speaker photos are checked by the loader), the
``strict`` setting, the recapkit version and the source of the modules that shape the
result (loader, models, the YAML reader): any change to one of those is a miss. A
pickle that cannot be read is a miss too, never an error.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from recapkit.conference import loader, models
from recapkit.conference.loader import FILES, LoadedConference
from recapkit.core import yamlread, yamlsource
from recapkit.core.problems import Problem

logger = logging.getLogger(__name__)

Loaded = tuple[LoadedConference | None, list[Problem]]

#: Key -> result, for the builds of one process (the live server's).
_IN_PROCESS: dict[str, Loaded] = {}


def _code_version() -> str:
    h = hashlib.sha256()
    try:
        h.update(importlib.metadata.version("recapkit").encode())
    except importlib.metadata.PackageNotFoundError:
        h.update(b"unknown")
    for module in (loader, models, yamlread, yamlsource):
        h.update(Path(module.__file__ or "").read_bytes())
    return h.hexdigest()


_CODE = _code_version()


def folder_key(folder: Path, strict: bool) -> str:
    """The hash of everything :func:`load_conference` reads from ``folder``."""
    h = hashlib.sha256(f"{_CODE}\0{strict}\0{folder.resolve()}\0{os.getcwd()}\0".encode())
    for name in FILES:
        path = folder / name
        h.update(name.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError as exc:
            h.update(f"unreadable {exc.errno}".encode())
        h.update(b"\0")
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = Path(root, name)
            if path.parent == folder and name in FILES:
                continue
            try:
                st = path.lstat()
            except OSError:
                continue
            rel = path.relative_to(folder).as_posix()
            h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_mode}\0".encode())
    return h.hexdigest()


def load_cached(
    folder: Path,
    strict: bool,
    cache_dir: Path | None,
    load: Callable[[Path, bool], Loaded] = loader.load_conference,
) -> tuple[Loaded, str]:
    """``load(folder, strict)``, or the result of an earlier load of the same bytes;
    also returns the key (a fingerprint of the conference's data for page caches)."""
    key = folder_key(folder, strict)
    found = _IN_PROCESS.get(key)
    if found is not None:
        return found, key
    pickled = cache_dir / f"{key}.pickle" if cache_dir is not None else None
    if pickled is not None and pickled.is_file():
        try:
            with pickled.open("rb") as f:
                found = pickle.load(f)
        except Exception:  # an old or damaged pickle: load the files again
            logger.debug("ignoring unreadable conference cache %s", pickled)
            found = None
        if found is not None:
            _IN_PROCESS[key] = found
            return found, key
    result = load(folder, strict=strict)
    _IN_PROCESS[key] = result
    if pickled is not None:
        _write(pickled, result)
    return result, key


def _write(path: Path, result: Loaded) -> None:
    """Write atomically (a concurrent build never reads half a pickle)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        with tmp.open("wb") as f:
            pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        logger.debug("conference cache not written: %s", exc)


def cache_dir(settings: dict) -> Path | None:
    """``<CACHE_PATH>/conferences`` (``CACHE_PATH`` is Pelican's, ``.cache/pelican`` here)."""
    root = settings.get("CACHE_PATH")
    return Path(str(root)).parent / "conferences" if root else None
