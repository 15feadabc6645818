"""Photo albums with credits: a cached Pillow pipeline, gallery and credits pages,
and credited figures in posts.

Albums
    Any folder under the content path with a ``photos.yaml``, and every
    ``conferences/<slug>/photos/`` folder. Every image in the folder is published;
    the YAML (``title``, ``description``, ``credit: {name, url}``, ``licence: <SPDX id>``,
    ``order: listed|captured|filename``, ``clock_offset``, ``clock_offsets: {cameras,
    photographers}``, ``photos: [{file, caption, alt, credit, licence, sessions,
    speakers}]``) adds what the files cannot say. Credits come from the photo's entry,
    then the file (XMP, IPTC, EXIF), then the album default; a photo without any is an
    error unless ``PHOTOS_REQUIRE_CREDIT = False``. JPEG, PNG, WebP, TIFF, AVIF and
    HEIC/HEIF sources are published as AVIF, WebP and JPEG.

Sessions
    A conference album's photo without ``sessions:`` in its entry is placed by its
    capture time (``recapkit.photos.matching``): on the session that filled the venue
    then, or on the one parallel session a recap of the conference links.
    ``python -m recapkit.photos.matchreport SLUG`` (``invoke photos``) shows why.

In posts
    ``![alt](photos/x.jpg "caption")`` (relative to the post's ``conference`` folder) or
    ``![alt]({photo}djangocon-us-2019/x.jpg)`` on a line of its own becomes a figure;
    a paragraph holding only ``[All photos]({gallery}djangocon-us-2019?count=6)`` becomes
    a strip of the album; inline ``{photo}``/``{gallery}`` links point to the photo page
    or the gallery. ``image: photos/x.jpg`` in front matter sets ``article.lead_photo``.

Templates
    ``PHOTOS`` (a :class:`~recapkit.photos.models.PhotoIndex`) is in every page's context;
    ``partials/picture.html`` has the ``picture``, ``figure``, ``credit_line``,
    ``gallery_item`` and ``strip`` macros; ``partials/photos_of.html`` lists the photos of
    a session or speaker. Their defaults, and those of the album, photo and credits
    pages, ship in ``recapkit/templates/``; a theme's templates of the same names win.

Settings (``PHOTOS_*``, see :mod:`recapkit.photos.settings`)
    ``SIZES`` (long sides), ``FORMATS``, ``ENCODERS``, ``CACHE_PATH`` (outside output/),
    ``WORKERS`` (0: all cores; 1: serial), ``PROGRESS``, ``REQUIRE_CREDIT``,
    ``SOURCE_FORMATS``, ``MAX_PIXELS``, ``GALLERY_SIZES``, ``FIGURE_SIZES``, ``EMBED_COUNT``,
    ``MATCH_REPORT`` (a JSON file the build writes each photo's match to).
"""

from __future__ import annotations

from typing import Any


def _generators(_pelican: object) -> Any:
    from recapkit.photos.generator import PhotosGenerator

    return PhotosGenerator


def _settings(pelican: Any) -> None:
    from recapkit.photos.settings import photo_settings

    photo_settings(pelican.settings)


def register() -> None:
    # Imported here, not at the top: the pipeline modules (and the benchmark, and the
    # pool's workers) need neither Pelican nor the page-rendering code.
    from pelican import signals

    from recapkit.core import links, staticimages, templating
    from recapkit.core.enrich import add_step
    from recapkit.core.settings import declare as declare_settings
    from recapkit.core.settings import register as register_settings
    from recapkit.photos.embeds import (
        on_all_generators_finalized,
        resolve_gallery_link,
        resolve_photo_link,
    )
    from recapkit.photos.settings import KNOWN

    declare_settings("photos", ("PHOTOS_",), KNOWN)
    register_settings()
    signals.initialized.connect(_settings)
    signals.get_generators.connect(_generators)
    staticimages.register()  # {static} images: the same re-encode as album photos
    templating.register()  # default templates behind the theme's
    add_step("photos", on_all_generators_finalized)
    links.register_kind("photo", resolve_photo_link)
    links.register_kind("gallery", resolve_gallery_link)


__all__ = ["register"]
