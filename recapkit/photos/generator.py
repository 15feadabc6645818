"""The photo generator: albums into the shared context, then pages and files out.

``generate_context`` loads every album, plans derivatives and runs the pool, so that
posts (rewritten at ``all_generators_finalized``) and other plugins' pages know every
photo's sizes, credit and placeholder. ``generate_output`` only links cached files
into the output folder and renders pages through Pelican's writer.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from recapkit.core.problems import report
from recapkit.core.site import (
    SUBJECT_KEY,
    AlbumFacts,
    PageKind,
    PageSubject,
    PhotoFacts,
    ShareImage,
    Site,
    site_of,
)
from recapkit.photos.album import discover, load_album
from recapkit.photos.building import build_album, finish_album
from recapkit.photos.cache import PhotoCache, publish
from recapkit.photos.matching import publish_subjects
from recapkit.photos.models import Album, Photo, PhotoIndex
from recapkit.photos.pipeline import Runner
from recapkit.photos.settings import PhotoSettings, photo_settings

logger = logging.getLogger(__name__)

ALBUM_KEY = ".photos/album/"
PHOTO_KEY = ".photos/photo/"
PLACEHOLDERS_SAVE_AS = "photos/placeholders.css"


#: Link previews want about this width (Open Graph, and most readers, show 1200 px).
SHARE_WIDTH = 1200


def share_image(photo: Photo) -> ShareImage:
    """The photo's JPEG derivative closest above SHARE_WIDTH, else its widest."""
    jpegs = [d for d in photo.derivatives if d.format in {"jpeg", "jpg"}]
    candidates = sorted(jpegs or photo.derivatives, key=lambda d: d.width)
    wide = [d for d in candidates if d.width >= SHARE_WIDTH]
    chosen = wide[0] if wide else candidates[-1]
    return ShareImage(chosen.path, chosen.width, chosen.height, photo.alt)


def publish_facts(site: Site, index: PhotoIndex) -> None:
    """Albums and who each photo shows, for the other plugins' pages (site model)."""
    for album in index.albums.values():
        facts = tuple(
            PhotoFacts(p.key, p.url, share_image(p)) for p in album.photos if p.derivatives
        )
        site.albums[album.key] = AlbumFacts(
            album.key, album.title, album.url, album.conference, facts
        )
    # The subjects photos.yaml names; the schedule's matches are added once recaps'
    # links are known (recapkit.photos.matching, in the enrichment pass).
    publish_subjects(site, index)


class PhotosGenerator(Generator):
    """Albums under the content path; registered through ``get_generators``."""

    index: PhotoIndex
    photo_settings: PhotoSettings

    def generate_context(self) -> None:
        started = time.perf_counter()
        self.photo_settings = settings = photo_settings(self.settings)
        self.cache = cache = PhotoCache(settings.cache_path)
        site = site_of(self.context)
        builds = []
        runner = Runner(settings.worker_count, settings.progress)
        for folder, rel_dir in discover(self.path, site.urls):
            source, problems = load_album(folder, rel_dir, site.urls)
            for problem in problems:
                report(problem.path, problem.line, problem.message, problem.severity)
            if source is not None:
                builds.append(build_album(source, settings, cache, site, runner))
        decoded = runner.count
        results = {r.source: r for r in runner.results()}
        for result in results.values():
            if result.error:
                report(result.source, None, result.error)
        index = PhotoIndex(
            credits_url=site.urls.credits().url, gallery_sizes=settings.gallery_sizes
        )
        for build in builds:
            index.add(finish_album(build, results, cache))
        publish_facts(site, index)
        cache.save_index()
        index.finish()
        self.index = index
        self.context["PHOTOS"] = index
        generated = self.context.setdefault("generated_content", {})
        for album in index.albums.values():
            generated[ALBUM_KEY + album.key] = album
            for photo in album.photos:
                generated[PHOTO_KEY + photo.key] = photo
        written = sum(r.written for r in results.values())
        logger.info(
            "photos: %d in %d album(s); %d decoded, %d derivative(s) written in %.2f s",
            len(index.photos),
            len(index.albums),
            decoded,
            written,
            time.perf_counter() - started,
        )

    def _write(self, writer: Any, save_as: str, url: str, template: str, **extra: Any) -> None:
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=url,
            **extra,
        )

    def generate_output(self, writer: Any) -> None:
        index = getattr(self, "index", None)
        if index is None or not index.albums:
            return
        output = Path(self.output_path)
        for photo in index.photos.values():
            for derivative in photo.derivatives:
                spec = derivative.spec
                publish(self.cache.derivative(spec.key, spec.ext), output / derivative.path)
        css = output / PLACEHOLDERS_SAVE_AS
        css.parent.mkdir(parents=True, exist_ok=True)
        css.write_text(index.placeholder_css(), encoding="utf-8")
        site = site_of(self.context)
        for album in index.albums.values():
            published = site.albums.get(album.key)
            cover = published.photos[0].share if published and published.photos else None
            self._write(
                writer,
                album.save_as,
                album.url,
                "photos/album",
                album=album,
                **{
                    SUBJECT_KEY: _subject(
                        PageKind.ALBUM, album, album.title, album.description, cover
                    )
                },
            )
            for photo in album.photos:
                image = share_image(photo) if photo.derivatives else None
                self._write(
                    writer,
                    photo.save_as,
                    photo.url,
                    "photos/photo",
                    album=album,
                    photo=photo,
                    **{SUBJECT_KEY: _subject(PageKind.PHOTO, album, image=image)},
                    previous_photo=album.photos[photo.index - 1] if photo.index > 0 else None,
                    next_photo=album.photos[photo.index + 1]
                    if photo.index + 1 < len(album.photos)
                    else None,
                )
        credits = site.urls.credits()
        self._write(
            writer,
            credits.save_as,
            credits.url,
            "photos/credits",
            photographers=index.people,
            **{SUBJECT_KEY: _subject(PageKind.LISTING)},
        )


# What each photo page shows, for seo (it never reads a URL).
def _subject(
    kind: PageKind,
    album: Album | None = None,
    title: str | None = None,
    description: str | None = None,
    image: ShareImage | None = None,
) -> PageSubject:
    """What a photo page shows; None: the page's own <title> and description say it."""
    return PageSubject(
        kind=kind,
        title=title,
        description=description or None,
        image=image,
        conference=album.conference if album is not None else None,
        source_path=album.source_dir if album is not None else None,
        generated_by="recapkit.photos",
    )
