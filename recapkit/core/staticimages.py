"""``{static}`` images and a post's ``image:`` are published through the image pipeline.

Pelican's StaticGenerator copies every file of ``STATIC_PATHS`` (and every file a post
links with ``{static}``/``{attach}``) byte for byte, GPS and all. At
``static_generator_finalized`` the images leave that list:

- a raster image (by name: ``imagesafe.RASTER_EXTENSIONS``, JPEG, PNG, WebP, GIF, TIFF,
  AVIF, BMP, ICO) is decoded and re-encoded by :mod:`recapkit.imagesafe` into the photo
  cache, in its own format and size (animations kept), under its own URL, with nothing
  but its pixels and its EXIF Artist/Copyright. The key hashes the file's bytes, so an
  unchanged image is never decoded twice. :class:`StaticImagesGenerator` links the
  cached file into the output during ``generate_output``, after ``{attach}`` links
  have moved it.
- an SVG (and HEIC, RAW and other images the site cannot re-encode) is refused, and so
  is a raster name whose content is not that image (an HTML page named ``.jpg``): one
  problem naming the file and, when a post links it, that post and line. Nothing of
  the file is published.
- any other file (a PDF of slides, a ZIP, a text file) is not an image: Pelican
  publishes it as it is. A download's bytes are the author's to publish, and browsers
  do not run a PDF as a page of the site; what this module guarantees is that nothing
  published as an image carries location or device data or runs script.

``image:`` in front matter must be a raster image: an SVG or a non-image static file
there is an error on the ``image:`` line (a missing file is the link checks' business).
Album photos named there are the photo plugin's (``lead_photo``).

Registered by every recapkit plugin (receivers connect once), so a site that enables
any of them gets it.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from recapkit.core import imagesafe
from recapkit.core.contained import is_inside
from recapkit.core.links import all_content
from recapkit.core.problems import line_of, report

#: Where the cleaned static images wait, in the build's shared context, for output.
CONTEXT_KEY = "_recapkit_clean_static_images"
_PREFIX = re.compile(r"^\{(static|attach|filename)\}")


def _source_text(content: Any) -> str:
    try:
        return Path(content.source_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, TypeError):
        return ""


def _relative(static: Any) -> str:
    return posixpath.normpath(static.get_relative_source_path().replace(os.sep, "/"))


def _linking(context: dict[str, Any], rel: str) -> tuple[Any, int | None, str] | None:
    """The first post or page that shows this static file: (it, the line, how)."""
    name = posixpath.basename(rel)
    for content in all_content(context):
        lead = getattr(content, "metadata", {}).get("image")
        if isinstance(lead, str) and _lead_keys(content, lead) & {rel}:
            return content, line_of(_source_text(content), "image:"), "image: "
        try:
            linked = {posixpath.normpath(p) for p in content.get_static_links()}
        except Exception:  # noqa: BLE001 - a content object without a body
            linked = set()
        text = getattr(content, "_content", None) or ""
        if rel in linked or name in text:
            return content, line_of(_source_text(content), name), ""
    return None


def _refuse(context: dict[str, Any], base: Path, rel: str, why: str) -> None:
    found = _linking(context, rel)
    if found is None:
        report(base / rel, None, why)
    else:
        content, line, how = found
        report(content.source_path, line, f"{how}{rel}: {why}")


def _lead_keys(content: Any, value: str) -> set[str]:
    """The content-relative paths an ``image:`` value may mean."""
    path = _PREFIX.sub("", value.strip()).split("?")[0].split("#")[0]
    keys = {posixpath.normpath(path.lstrip("/"))}
    if not path.startswith("/"):
        rel_dir = getattr(content, "relative_dir", "") or ""
        keys.add(posixpath.normpath(posixpath.join(rel_dir, path)))
    return keys


def clean_static_images(generator: Any) -> None:
    """``static_generator_finalized``: take images out of Pelican's copy list."""
    context = generator.context
    base = Path(generator.path)
    cache = imagesafe.SafeCache(imagesafe.cache_root(generator.settings))
    keep, jobs, statics, refused = [], [], {}, set()
    for static in generator.staticfiles:
        if not is_inside(static.source_path, base):
            # A link out of content/: never read, never published (recapkit.contained
            # names it), whichever of the two receivers runs first.
            context.get("static_content", {}).pop(static.get_relative_source_path(), None)
            continue
        rel = _relative(static)
        why = imagesafe.refusal_for_name(rel)
        if why:
            _refuse(context, base, rel, why)
            refused.add(rel)
            continue
        recipe = imagesafe.Recipe.keep(rel)
        if recipe is None:
            keep.append(static)  # not an image: a download, published as it is
            continue
        source = Path(static.source_path)
        jobs.append((source, recipe))
        statics[source] = (static, rel)
    results = imagesafe.clean_all(jobs, cache, imagesafe.worker_count(generator.settings))
    cleaned = []
    for source, result in results.items():
        static, rel = statics[source]
        if isinstance(result, imagesafe.ImageRefused):
            _refuse(context, base, rel, str(result))
            refused.add(rel)
        else:
            cleaned.append((static, result.largest.path))
    generator.staticfiles[:] = keep  # the same list is context["staticfiles"]
    context[CONTEXT_KEY] = cleaned
    _check_lead_images(context, refused)


def _check_lead_images(context: dict[str, Any], refused: set[str]) -> None:
    """An ``image:`` that names an SVG, or a static file that is no image, is an error
    (once: a refused static file was reported on this line already)."""
    static_content = context.get("static_content") or {}
    for content in all_content(context):
        value = getattr(content, "metadata", {}).get("image")
        if not isinstance(value, str) or not value.strip():
            continue
        value = value.strip()
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", value, re.I) or value.startswith("{photo}"):
            continue
        keys = _lead_keys(content, value)
        if keys & refused:
            continue
        why = imagesafe.refusal_for_name(value.split("?")[0].split("#")[0])
        if why is None:
            static = next((k for k in sorted(keys) if k in static_content), None)
            if static is None or imagesafe.Recipe.keep(static) is not None:
                continue  # an album photo, a published raster image, or missing
            why = (
                f"'{static}' is not an image the site publishes as one "
                f"(supported: {', '.join(sorted({*imagesafe.EXTENSIONS.values()}))})"
            )
        report(
            content.source_path,
            line_of(_source_text(content), "image:"),
            f"image: {why}",
        )


class StaticImagesGenerator(Generator):
    """Publishes the cleaned static images (context work happens at
    ``static_generator_finalized``, after this generator's own ``generate_context``)."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer: Any) -> None:
        del writer  # files, not pages
        output = Path(self.output_path)
        for static, cached in self.context.get(CONTEXT_KEY, ()):
            imagesafe.publish(cached, output / static.save_as)


def _generators(_pelican: Any) -> type[Generator]:
    return StaticImagesGenerator


def register() -> None:
    signals.static_generator_finalized.connect(clean_static_images)
    signals.get_generators.connect(_generators)


__all__ = ["StaticImagesGenerator", "clean_static_images", "register"]
