"""Photos and galleries inside posts: Markdown images become credited figures.

Authors write ``![alt](photos/x.jpg)`` (relative to the post's conference folder),
``![alt]({photo}djangocon-us-2019/x.jpg)``, or a paragraph holding only
``[All photos]({gallery}djangocon-us-2019)`` for a strip of the album. This pass runs at
``all_generators_finalized``, when albums are known. Blinker does not order receivers,
so the shared link pass may already have turned ``{photo}``/``{gallery}`` into
``{filename}/.photos/...`` links: both spellings are recognised.

Figure markup is rendered from the theme's ``partials/picture.html`` with a marker as
SITEURL; each post resolves the marker per page when Pelican renders its content,
because Pelican's own link rewriting does not cover ``srcset``.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlparse

from lxml import html as lxml_html

from recapkit.core.links import LinkError, all_content
from recapkit.core.problems import field_line, line_of, report
from recapkit.core.site import site_of
from recapkit.photos.generator import ALBUM_KEY, PHOTO_KEY, PhotosGenerator
from recapkit.photos.matching import match_index
from recapkit.photos.matchreport import write_report
from recapkit.photos.models import Photo, PhotoIndex

MARKER = "{photos-out}"
_MARKER_URL = re.compile(re.escape(MARKER) + r"/")
IMAGE_PARAGRAPH = re.compile(r"<p>((?:\s*<img\b[^>]*>\s*)+)</p>", re.I)
IMG = re.compile(r"<img\b[^>]*>", re.I)
GALLERY_PARAGRAPH = re.compile(
    r"<p>\s*<a\b[^>]*\bhref=(?P<q>[\"'])(?:\{gallery\}|\{filename\}/"
    + re.escape(ALBUM_KEY)
    + r")(?P<target>[^\"']*)(?P=q)[^>]*>(?P<text>.*?)</a>\s*</p>",
    re.I | re.S,
)


def _attrs(tag: str) -> dict[str, str]:
    element = lxml_html.fragment_fromstring(tag)
    return {k: v for k, v in element.attrib.items()}


def _conference(content: Any) -> str | None:
    value = getattr(content, "conference", None) or getattr(content, "metadata", {}).get(
        "conference"
    )
    return getattr(value, "slug", value) if value else None


def find_photo(index: PhotoIndex, target: str, conference: str | None) -> Photo | None:
    """A ``{photo}`` target: 'album/file.jpg', or 'file.jpg' in the post's conference."""
    target = unquote(target.split("?")[0].split("#")[0]).strip("/")
    if target in index.photos:
        return index.photos[target]
    if conference:
        for candidate in (
            f"{conference}/{target}",
            f"{conference}/{target.removeprefix('photos/')}",
        ):
            if candidate in index.photos:
                return index.photos[candidate]
    return None


def _missing_photo(index: PhotoIndex, target: str) -> LinkError:
    album_key, _, name = target.rpartition("/")
    album = index.album(album_key)
    if album is None:
        known = ", ".join(sorted(index.albums)) or "none"
        return LinkError(f"no album '{album_key}' (albums: {known})")
    from recapkit.core.yamlsource import suggest

    return LinkError(
        f"no photo '{name}' in album '{album_key}'{suggest(name, [p.file for p in album.photos])}"
    )


def photo_from_src(
    index: PhotoIndex, content: Any, src: str, content_path: str
) -> tuple[Photo | None, str | None]:
    """(photo, None), or (None, error) for a path into an album that names no photo,
    or (None, None) for an image that is not an album photo at all."""
    conference = _conference(content)
    if src.startswith("{photo}"):
        target = src[len("{photo}") :]
        photo = find_photo(index, target, conference)
        return (photo, None) if photo else (None, None)  # the link pass reports it
    if src.startswith("{filename}/" + PHOTO_KEY):
        return index.photos.get(unquote(src[len("{filename}/" + PHOTO_KEY) :])), None
    parsed = urlparse(src)
    if parsed.scheme or parsed.netloc or src.startswith("{"):
        return None, None
    path = unquote(parsed.path)
    candidates = []
    if path.startswith("/"):
        candidates.append(path.lstrip("/"))
    else:
        album = next((a for a in index.albums.values() if a.conference == conference), None)
        if album is not None:
            # Relative to the conference's folder, which holds its album folder.
            candidates.append(posixpath.join(posixpath.dirname(album.source_dir), path))
        relative_dir = getattr(content, "relative_dir", "") or ""
        candidates.append(posixpath.join(relative_dir, path))
    for candidate in candidates:
        key = posixpath.normpath(candidate)
        if key in index.by_source:
            return index.by_source[key], None
    for candidate in candidates:
        key = posixpath.normpath(candidate)
        folder = posixpath.dirname(key)
        if any(a.source_dir == folder for a in index.albums.values()) or (
            os.path.isdir(os.path.join(content_path, folder))
            and os.path.exists(os.path.join(content_path, folder, "photos.yaml"))
        ):
            return None, f"no published photo '{posixpath.basename(key)}' in album {folder}/"
    return None, None


class Embedder:
    """Renders figures and strips for one build."""

    def __init__(self, generator: PhotosGenerator):
        self.index: PhotoIndex = generator.index
        self.settings = generator.photo_settings
        self.macros = generator.env.get_template("partials/picture.html").module
        self.content_path = generator.path

    def figure(self, photo: Photo, alt: str | None, caption: str | None, eager: bool) -> str:
        return str(
            self.macros.figure(
                photo,
                MARKER,
                self.settings.figure_sizes,
                eager=eager,
                alt=alt,
                caption=caption,
            )
        ).strip()

    def strip(self, album_key: str, text: str, count: int) -> str:
        album = self.index.album(album_key)
        return str(
            self.macros.strip(
                album,
                album.photos[:count],
                MARKER,
                self.settings.gallery_sizes,
                title=text,
                index=self.index,
            )
        ).strip()

    def rewrite(self, content: Any) -> None:
        text = getattr(content, "_content", None)
        if not text:
            return
        source_text: str | None = None
        state: dict[str, Any] = {"figures": 0, "strips": False}

        def where(needle: str) -> int | None:
            nonlocal source_text
            if source_text is None:
                try:
                    with open(content.source_path, encoding="utf-8") as handle:
                        source_text = handle.read()
                except (OSError, TypeError, UnicodeDecodeError):
                    source_text = ""
            return line_of(source_text, needle)

        def image_paragraph(match: re.Match[str]) -> str:
            pieces = []
            for tag in IMG.findall(match.group(1)):
                attrs = _attrs(tag)
                src = html.unescape(attrs.get("src", ""))
                photo, error = photo_from_src(self.index, content, src, self.content_path)
                if error:
                    line = where(f"]({src}") or where(src.split("/")[-1])
                    report(content.source_path, line, error)
                if photo is None:
                    pieces.append(f"<p>{tag}</p>")
                    continue
                lead = getattr(content, "lead_photo", None)
                if lead is not None and lead.key == photo.key:
                    # The body places the lead photo itself: the page shows it there
                    # (with the author's caption) and not a second time above.
                    content.lead_photo_in_body = True
                    lead = None
                eager = state["figures"] == 0 and lead is None
                state["figures"] += 1
                pieces.append(
                    self.figure(photo, attrs.get("alt") or None, attrs.get("title"), eager)
                )
            return "\n".join(pieces)

        def gallery_paragraph(match: re.Match[str]) -> str:
            target = html.unescape(match["target"])
            key, _, query = target.partition("?")
            key = key.strip("/") or (_conference(content) or "")
            count = self.settings.embed_count
            number = re.search(r"(?:^|&)count=(\d+)", query)
            if number:
                count = max(1, int(number.group(1)))
            if self.index.album(key) is None:
                return match.group(0)  # the link pass reports the unknown album
            state["figures"] += 1
            state["strips"] = True
            label = re.sub(r"<[^>]+>", "", match["text"]).strip()
            return self.strip(key, html.unescape(label), count)

        new = GALLERY_PARAGRAPH.sub(gallery_paragraph, text)
        new = IMAGE_PARAGRAPH.sub(image_paragraph, new)
        for tag in IMG.findall(new):
            src = html.unescape(_attrs(tag).get("src", ""))
            photo, _error = photo_from_src(self.index, content, src, self.content_path)
            if photo is not None:
                report(
                    content.source_path,
                    where(src.split("/")[-1]),
                    f"photo '{photo.file}' sits inside a line of text: put it on a line of "
                    "its own so it gets a figure with its credit",
                )
        if new != text:
            # Pelican's private field, as in core.links: no API sets a post's text.
            content._content = new
            # The page template loads gallery.css (and lightbox.js for strips) when a
            # post embeds photos: assets belong in <head>, not in content or feeds.
            content.photo_assets = {"strip": bool(state["strips"])}
            _resolve_marker_per_page(content)

    def lead_photo(self, content: Any, context: Mapping[str, Any] | None = None) -> None:
        value = getattr(content, "image", None) or getattr(content, "metadata", {}).get("image")
        if not value or not isinstance(value, str):
            return
        photo, error = photo_from_src(self.index, content, value, self.content_path)
        if photo is None and value.startswith("{photo}"):
            target = value[len("{photo}") :]
            error = str(_missing_photo(self.index, target))
        if photo is None and error is None:
            error = missing_image(value, content, context or {}, self.content_path)
        if error:
            report(content.source_path, image_line(content), f"image: {error}")
        if photo is not None:
            content.lead_photo = photo


def missing_image(
    value: str, content: Any, context: Mapping[str, Any], content_path: str
) -> str | None:
    """Why an ``image:`` that is no album photo names no published file (None if it does,
    or if it is an absolute URL). A path is read relative to the content folder or to
    the post's own folder, as ``recapkit.staticimages`` reads it."""
    target = re.sub(r"^\{(?:static|attach|filename)\}", "", value.strip())
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc:
        return None
    path = unquote(parsed.path)
    keys = {posixpath.normpath(path.lstrip("/"))}
    if not path.startswith("/"):
        rel_dir = getattr(content, "relative_dir", "") or ""
        keys.add(posixpath.normpath(posixpath.join(rel_dir, path)))
    if keys & set(context.get("static_content") or {}):
        return None
    inside = sorted(k for k in keys if not k.startswith("..") and k != ".")
    if not path or not inside:
        return f"'{value}' is not a file inside the content folder"
    if any(os.path.isfile(os.path.join(content_path, key)) for key in inside):
        return f"'{value}' is not published: add its folder to STATIC_PATHS"
    return f"no such file '{value}' (name an album photo or an image under STATIC_PATHS)"


def image_line(content: Any) -> int | None:
    """The line of the ``image:`` field in the front matter."""
    try:
        with open(content.source_path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, TypeError, UnicodeDecodeError):
        return None
    return field_line(text, "image") or line_of(text, "image:")


def _resolve_marker_per_page(content: Any) -> None:
    """Wrap this object's link update so the marker becomes the page's SITEURL.

    ``_update_content`` is private, but it is the only place Pelican knows which page
    (which SITEURL) a post's text is being rendered for: the post itself, a listing or
    a feed. Wrapping it, on this one object, is the least intrusive way in."""
    original = content._update_content

    def update(text: str, siteurl: str) -> str:
        if text and MARKER in text:
            # SITEURL "" (Pelican's development default) makes root-absolute URLs, as
            # Pelican's own links are: the same content is also shown on listing pages.
            prefix = siteurl.rstrip("/") + "/"
            text = _MARKER_URL.sub(lambda _m: prefix, text)
        return original(text, siteurl)

    content._update_content = update


# link kinds ----------------------------------------------------------------------


def resolve_photo_link(content: Any, target: str, context: Mapping[str, Any]) -> str:
    index: PhotoIndex | None = context.get("PHOTOS")
    if index is None:
        raise LinkError("no photo albums in this site")
    photo = find_photo(index, target, _conference(content))
    if photo is None:
        raise _missing_photo(index, target.strip("/"))
    return "{filename}/" + PHOTO_KEY + photo.key


def resolve_gallery_link(content: Any, target: str, context: Mapping[str, Any]) -> str:
    index: PhotoIndex | None = context.get("PHOTOS")
    if index is None:
        raise LinkError("no photo albums in this site")
    path, mark, query = target.partition("?")
    key = path.strip("/") or (_conference(content) or "")
    if index.album(key) is None:
        known = ", ".join(sorted(index.albums)) or "none"
        raise LinkError(f"no album '{key}' (albums: {known})")
    return "{filename}/" + ALBUM_KEY + key + mark + query


def on_all_generators_finalized(generators: list[Any]) -> None:
    photos = next((g for g in generators if isinstance(g, PhotosGenerator)), None)
    if photos is None or not hasattr(photos, "index"):
        return
    # Recaps' {talk} links are resolved by now (the "links" step): photos can find
    # their sessions before anything is rendered.
    site = site_of(photos.context)
    match_index(photos.index, site)
    if photos.photo_settings.match_report:
        write_report(photos.photo_settings.match_report, photos.index, site)
    embedder = Embedder(photos)
    for content in all_content(photos.context):
        embedder.lead_photo(content, photos.context)
        embedder.rewrite(content)
