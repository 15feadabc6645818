"""Photo albums with credits: a cached Pillow pipeline, gallery and credits pages,
and credited figures in posts (``![alt](photos/x.jpg)``, ``{photo}``, ``{gallery}``)."""

from __future__ import annotations

from pelican import signals

from .. import links
from .embeds import on_all_generators_finalized, resolve_gallery_link, resolve_photo_link
from .generator import PhotosGenerator


def _generators(_pelican: object) -> type[PhotosGenerator]:
    return PhotosGenerator


def register() -> None:
    signals.get_generators.connect(_generators)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    links.register_kind("photo", resolve_photo_link)
    links.register_kind("gallery", resolve_gallery_link)


__all__ = ["PhotosGenerator", "register"]
