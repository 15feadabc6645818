"""Derivatives of one photo from one reduced-scale decode, and a pool to run many.

The plan (which files, which sizes, which cache keys) is computed from header facts
alone, so a build whose derivatives are all cached never opens a photo. A job decodes
once with JPEG draft mode at the largest planned size (in stored orientation, the
only box draft() understands), then each size is resized from the next larger one.
Every derivative's cache key names that whole recipe, so changing one setting redoes
exactly the files whose bytes it changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from recapkit.core import imagesafe
from recapkit.photos.metadata import FileInfo

#: Bump when the pixels or bytes of derivatives change for the same inputs.
#: 3: written through imagesafe.save (no JPEG comment or ICC carried from the source).
#: 4: the credit as UTF-8 XMP plus an ASCII transliteration in EXIF (was UTF-8 in EXIF).
PIPELINE_VERSION = 4
EXTENSIONS = {"jpeg": "jpg", "webp": "webp", "avif": "avif"}
MIME = {"jpeg": "image/jpeg", "webp": "image/webp", "avif": "image/avif"}
PIL_FORMAT = {"jpeg": "JPEG", "webp": "WEBP", "avif": "AVIF"}


#: The only metadata a published file keeps: who made it, and on what terms
#: (UTF-8 XMP, and ASCII in EXIF; see recapkit.core.imagesafe).
Embedded = imagesafe.CreditText


@dataclass(frozen=True)
class Spec:
    """One derivative: a size in one format, and the key of its bytes in the cache."""

    long_side: int
    width: int
    height: int
    format: str
    key: str

    @property
    def ext(self) -> str:
        return EXTENSIONS[self.format]

    @property
    def mime(self) -> str:
        return MIME[self.format]


def box_for(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    width, height = size
    scale = long_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def long_sides(width: int, height: int, sizes: Sequence[int]) -> list[int]:
    """The requested long sides that fit the photo; the photo's own size replaces
    any that would need upscaling."""
    longest = max(width, height)
    fitting = [s for s in sorted(set(sizes)) if s < longest]
    if len(fitting) < len(set(sizes)):
        fitting.append(longest)
    return fitting


def plan(
    info: FileInfo,
    source_sha: str,
    sizes: Sequence[int],
    formats: Sequence[str],
    options: Callable[[str], dict[str, Any]],
    embedded: Embedded,
    share_width: int | None = None,
) -> tuple[Spec, ...]:
    """Every derivative of one photo, largest first; plus, when the photo is wide enough,
    one JPEG exactly ``share_width`` wide for link previews."""
    sides = sorted(long_sides(info.width, info.height, sizes), reverse=True)
    share_side = None
    if share_width and info.width > share_width:
        share_side = round(share_width * max(info.width, info.height) / info.width)
        if share_side in sides:
            share_side = None  # a responsive size already is that wide, in every format
        else:
            sides = sorted({*sides, share_side}, reverse=True)
    decode_box = sides[0]
    specs = []
    for index, side in enumerate(sides):
        width, height = box_for((info.width, info.height), side)
        chain = sides[: index + 1]
        for fmt in ("jpeg",) if side == share_side else formats:
            recipe = {
                "pipeline": PIPELINE_VERSION,
                "source": source_sha,
                "decode": decode_box,
                "chain": chain,
                "size": [width, height],
                "format": fmt,
                "options": options(fmt),
                "artist": embedded.artist,
                "copyright": embedded.copyright,
            }
            key = hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()
            specs.append(Spec(side, width, height, fmt, key))
    return tuple(specs)


@dataclass(frozen=True)
class Job:
    """Picklable work for one photo: what to decode and which files are missing."""

    source: str
    info: FileInfo
    specs: tuple[Spec, ...]  # all planned derivatives, largest first
    missing: frozenset[str]  # keys to write
    targets: dict[str, str]  # key -> cache path
    encoder_options: dict[str, dict[str, Any]]
    embedded: Embedded
    needs_placeholder: bool = True


@dataclass(frozen=True)
class Result:
    source: str
    error: str | None = None
    placeholder: str | None = None
    written: int = 0


def _dominant(im: Image.Image) -> str:
    """The most common of four colours in a small copy: the placeholder tint."""
    small = im.resize(box_for(im.size, 48), Image.Resampling.BOX)
    counts = sorted(small.quantize(colors=4).convert("RGB").getcolors(48 * 48) or [])
    red, green, blue = counts[-1][1] if counts else (128, 128, 128)
    return f"#{red:02x}{green:02x}{blue:02x}"


def _save(im: Image.Image, spec: Spec, job: Job) -> None:
    target = Path(job.targets[spec.key])
    target.parent.mkdir(parents=True, exist_ok=True)
    options = dict(job.encoder_options.get(spec.format, {}))
    if spec.format == "avif":
        options.setdefault("max_threads", 1)  # the pool already uses every core
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=f".{spec.ext}", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            # Bare pixels plus the credit: nothing the source carried (its JPEG comment,
            # XMP, ICC) reaches the published file.
            imagesafe.save(im, handle, PIL_FORMAT[spec.format], credit=job.embedded, **options)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def process(job: Job) -> Result:
    """Decode once, write the missing derivatives; errors come back as a status."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(job.source) as source:
                largest = job.specs[0]
                source.draft("RGB", box_for(job.info.stored_size, largest.long_side))
                icc = source.info.get("icc_profile")
                source.load()
                upright = job.info.orientation == 1
                decoded = source if upright else ImageOps.exif_transpose(source)
                return _derive(job, decoded, icc)
    except Exception as exc:  # noqa: BLE001 - reported per file by the parent
        return Result(job.source, error=_describe(exc))


def _derive(job: Job, decoded: Image.Image, icc: bytes | None) -> Result:
    """Each size from the next larger one; only missing files are encoded."""
    current = decoded
    written = 0
    converted = False
    needed = {s.long_side for s in job.specs if s.key in job.missing}
    if job.needs_placeholder or not needed:
        needed.add(job.specs[-1].long_side)  # the placeholder comes from the smallest size
    smallest_needed = min(needed)
    for group in _by_size(job.specs):
        first = group[0]
        if first.long_side < smallest_needed:
            break
        size = (first.width, first.height)
        if current.size != size:
            current = current.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
        if not converted:
            current = imagesafe.to_srgb(current, icc)  # on the first (smaller) size: cheaper
            converted = True
        for spec in group:
            if spec.key in job.missing:
                _save(current, spec, job)
                written += 1
    smallest = current.size == (job.specs[-1].width, job.specs[-1].height)
    placeholder = _dominant(current) if smallest else None
    return Result(job.source, placeholder=placeholder, written=written)


def _describe(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, OSError) and "truncated" in text:
        return f"the file is truncated or damaged ({text})"
    if isinstance(exc, Image.DecompressionBombError):
        return f"too many pixels: {text}"
    return f"cannot process the image: {text}"


def _by_size(specs: Iterable[Spec]) -> list[list[Spec]]:
    groups: dict[int, list[Spec]] = {}
    for spec in specs:
        groups.setdefault(spec.long_side, []).append(spec)
    return [groups[side] for side in sorted(groups, reverse=True)]


#: Blocked while a worker is forked (see ``_forking``), unblocked by the worker itself.
_WORKER_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _worker_start() -> None:
    """In each pool worker: Ctrl-C is the parent's to handle (one line, not a traceback
    per worker), and SIGTERM (the parent stopping the pool) simply ends the worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _WORKER_SIGNALS)


@contextlib.contextmanager
def _forking() -> Iterator[None]:
    """Block Ctrl-C and SIGTERM while the pool may fork a worker.

    A worker forked without this runs the build command's own handlers until its
    initializer replaces them; a Ctrl-C in that window turned SIGTERM into an exception
    the worker swallowed, and stopping the pool then waited for the kill timeout. The
    child inherits the mask and unblocks after its handlers are set; the parent
    receives any signal that arrived as soon as the block ends.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no fork, nothing inherited
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _WORKER_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class Runner:
    """Starts each job as soon as it is planned, so planning overlaps decoding.

    The pool is forked only when a first job arrives: a no-change build starts no
    process. With one worker, jobs run serially in this process (easy to debug).
    An exception while waiting (Ctrl-C, or SIGTERM turned into one by the build
    command) stops the pool at once instead of waiting for the queued photos.
    """

    def __init__(self, workers: int, progress: bool | None):
        self.workers = workers
        self.progress = progress
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[Future[Result], Job] = {}
        self._serial: list[Job] = []

    def submit(self, job: Job) -> None:
        if self.workers <= 1:
            self._serial.append(job)
            return
        with _forking():  # the executor forks workers on submit, as jobs need them
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers, initializer=_worker_start
                )
            self._futures[self._pool.submit(process, job)] = job

    @property
    def count(self) -> int:
        return len(self._serial) + len(self._futures)

    def results(self) -> list[Result]:
        """Every job's result, in source order; waits for the pool."""
        total = self.count
        show = sys.stderr.isatty() and total >= 4 if self.progress is None else self.progress
        bar = None
        if show and total:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="photo", desc="photos", file=sys.stderr)
        results: list[Result] = []
        try:
            for job in self._serial:
                results.append(process(job))
                if bar:
                    bar.update()
            for future in as_completed(self._futures):
                try:
                    results.append(future.result())
                except Exception as exc:  # noqa: BLE001 - a worker died (e.g. out of memory)
                    message = f"the image worker stopped: {type(exc).__name__}: {exc}"
                    results.append(Result(self._futures[future].source, error=message))
                if bar:
                    bar.update()
        except BaseException:
            self.stop()
            raise
        finally:
            if bar:
                bar.close()
            if self._pool is not None:
                self._pool.shutdown()
        return sorted(results, key=lambda r: r.source)

    def stop(self) -> None:
        """End the pool now: queued jobs are cancelled and running workers terminated
        (they write the cache through temporary names: a killed one leaves no half-written
        derivative under a real name)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
        for worker in workers:  # a worker still alive 1 s after SIGTERM is killed
            worker.join(timeout=1)
            if worker.is_alive():
                worker.kill()
                worker.join(timeout=5)
