"""The photo plugin's settings: one frozen object built once per build from ``PHOTOS_*``.

Every value that changes the pixels or bytes of a derivative is part of
:meth:`PhotoSettings.encoder_options`, which feeds the cache keys; the others (cache
folder, worker count, progress bar) never invalidate anything.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, features

from recapkit.core import imagesafe
from recapkit.core.settings import built, report_setting

#: Long sides of the responsive derivatives (each fits an N x N box; never upscaled).
DEFAULT_SIZES = (480, 960, 1440, 2048)
#: Modern formats first; JPEG is always written as the fallback every browser reads.
DEFAULT_FORMATS = ("avif", "webp", "jpeg")
#: Encoder effort is picked for bytes per CPU-second on 2048 px photos: WebP method 2
#: costs 40 % of method 4 for ~5 % more bytes; AVIF speed 9 costs 45 % of speed 8 and
#: still beats WebP on size (measured; see bench/photos_bench.py).
DEFAULT_ENCODERS: dict[str, dict[str, Any]] = {
    "jpeg": {"quality": 82, "optimize": True, "progressive": True},
    "webp": {"quality": 78, "method": 2},
    "avif": {"quality": 55, "speed": 9},
}
#: Pillow format names a source photo may have; anything else is "unsupported".
DEFAULT_SOURCE_FORMATS = imagesafe.PHOTO_FORMATS
_FEATURE = {"webp": "webp", "avif": "avif", "jpeg": "jpg"}

KNOWN = {
    "PHOTOS_SIZES",
    "PHOTOS_FORMATS",
    "PHOTOS_ENCODERS",
    "PHOTOS_CACHE_PATH",
    "PHOTOS_REQUIRE_CREDIT",
    "PHOTOS_WORKERS",
    "PHOTOS_PROGRESS",
    "PHOTOS_SOURCE_FORMATS",
    "PHOTOS_MAX_PIXELS",
    "PHOTOS_GALLERY_SIZES",
    "PHOTOS_FIGURE_SIZES",
    "PHOTOS_EMBED_COUNT",
    "PHOTOS_SHARE_WIDTH",
    "PHOTOS_MATCH_REPORT",
    "PHOTOS_CREDITS_URL",  # the URL scheme's (recapkit.core.urls)
}


@dataclass(frozen=True)
class PhotoSettings:
    sizes: tuple[int, ...] = DEFAULT_SIZES
    formats: tuple[str, ...] = DEFAULT_FORMATS
    encoders: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_ENCODERS.items()}
    )
    cache_path: str = ".cache/photos"
    require_credit: bool = True
    workers: int = 0
    progress: bool | None = None
    source_formats: tuple[str, ...] = DEFAULT_SOURCE_FORMATS
    max_pixels: int = Image.MAX_IMAGE_PIXELS or 89_478_485
    #: ``sizes`` attribute of gallery thumbnails and of figures in posts.
    gallery_sizes: str = "(min-width: 70rem) 16rem, (min-width: 40rem) 30vw, 46vw"
    figure_sizes: str = "(min-width: 48rem) 44rem, 94vw"
    #: Photos shown by a ``{gallery}`` strip in a post.
    embed_count: int = 6
    #: Width of the one extra JPEG made for link previews (Open Graph asks for 1200 px);
    #: None makes none.
    share_width: int | None = 1200
    #: Where ``invoke photos`` asks the build to write each photo's match (JSON).
    match_report: str | None = None

    def encoder_options(self, fmt: str) -> dict[str, Any]:
        """Normalised options of one output format: what the cache key hashes."""
        return dict(sorted(self.encoders.get(fmt, {}).items()))

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)


def _tuple_of(value: Any, kind: type, name: str) -> tuple:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError(f"{name} must be a list")
    if not all(isinstance(v, kind) for v in value):
        raise ValueError(f"{name} must be a list of {kind.__name__}")
    return tuple(value)


def from_pelican(settings: Mapping[str, Any]) -> PhotoSettings:
    """Build the settings; a bad value is reported (at the settings file and line that
    set it) and the default kept. Unknown ``PHOTOS_*`` keys: see core.settings."""
    base = PhotoSettings()
    values: dict[str, Any] = {}

    def take(key: str, attr: str, convert) -> None:
        if key not in settings:
            return
        try:
            values[attr] = convert(settings[key])
        except (TypeError, ValueError) as exc:
            report_setting(key, str(exc))

    def sizes(value: Any) -> tuple[int, ...]:
        result = tuple(sorted(set(_tuple_of(value, int, "PHOTOS_SIZES"))))
        if not result or result[0] < 16:
            raise ValueError("sizes must be at least 16 px")
        return result

    def formats(value: Any) -> tuple[str, ...]:
        result = tuple(v.lower().replace("jpg", "jpeg") for v in _tuple_of(value, str, "list"))
        unknown = [f for f in result if f not in _FEATURE]
        if unknown:
            raise ValueError(f"unknown format(s) {unknown} (known: avif, webp, jpeg)")
        if "jpeg" not in result:
            result = (*result, "jpeg")
        return result

    def encoders(value: Any) -> dict[str, dict[str, Any]]:
        if not isinstance(value, Mapping):
            raise ValueError("must be a mapping of format to Pillow save options")
        merged = {k: dict(v) for k, v in DEFAULT_ENCODERS.items()}
        for fmt, options in value.items():
            merged.setdefault(fmt, {}).update(options)
        return merged

    take("PHOTOS_SIZES", "sizes", sizes)
    take("PHOTOS_FORMATS", "formats", formats)
    take("PHOTOS_ENCODERS", "encoders", encoders)
    take("PHOTOS_CACHE_PATH", "cache_path", str)
    take("PHOTOS_REQUIRE_CREDIT", "require_credit", bool)
    take("PHOTOS_WORKERS", "workers", int)
    take("PHOTOS_PROGRESS", "progress", lambda v: None if v is None else bool(v))
    take("PHOTOS_SOURCE_FORMATS", "source_formats", lambda v: _tuple_of(v, str, "list"))
    take("PHOTOS_MAX_PIXELS", "max_pixels", int)
    take("PHOTOS_GALLERY_SIZES", "gallery_sizes", str)
    take("PHOTOS_FIGURE_SIZES", "figure_sizes", str)
    take("PHOTOS_EMBED_COUNT", "embed_count", int)
    take("PHOTOS_SHARE_WIDTH", "share_width", lambda v: None if v is None else int(v))
    take("PHOTOS_MATCH_REPORT", "match_report", lambda v: str(v) if v else None)
    chosen = values.get("formats", base.formats)
    # A Pillow built without AVIF (or WebP) still builds the site, with what it has.
    values["formats"] = tuple(f for f in chosen if features.check(_FEATURE[f]))
    cache = values.get("cache_path", base.cache_path)
    if not os.path.isabs(cache):
        root = os.path.dirname(os.path.abspath(settings.get("PATH", "content")))
        values["cache_path"] = os.path.join(root, cache)
    return PhotoSettings(**{**base.__dict__, **values})


def photo_settings(settings: Mapping[str, Any]) -> PhotoSettings:
    """The build's one PhotoSettings (made at ``initialized``)."""
    return built(settings, PhotoSettings, from_pelican)
