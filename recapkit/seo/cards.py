"""What a page shows when shared: canonical URL, title, description, image, JSON-LD.

Computed in Python from the page's template context (templates never compute) and
handed to ``partials/seo.html`` through the ``seo_card()`` Jinja global. Pages are
written by several plugins; the object a page is *about* is found by matching its URL
to the page's own output file, so a schedule page is never described as its conference.
Whatever cannot be known here (a title of a page with no content object) is filled in
from the written ``<title>`` by :mod:`recapkit.seo.headtags`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import lxml.html
from jinja2 import pass_context
from markupsafe import Markup

from recapkit.core.jsonld import json_script
from recapkit.seo.kinds import PageKind, page_kind
from recapkit.seo.settings import SeoSettings
from recapkit.seo.urls import is_absolute, page_path, site_url

#: Context names under which generators pass the object a page is about.
SUBJECT_NAMES = (
    "article",
    "page",
    "talk",
    "session",
    "speaker",
    "conference",
    "photo",
    "album",
)
#: Attributes that may hold a share image, best first.
IMAGE_ATTRIBUTES = ("share_image", "lead_photo", "image", "poster", "video_poster", "photo")
#: Stand-in site URL for rendering content: links the site makes come out under it, so
#: they can be told apart from links an author wrote relative to the page.
_ORIGIN = "https://site.invalid"
#: Attributes that may hold a plain or HTML description, best first.
DESCRIPTION_ATTRIBUTES = (
    "description",
    "summary",
    "description_text",
    "abstract_text",
    "bio_text",
    "abstract",
    "bio",
)
TARGET_WIDTH = 1200
_WIDTH = re.compile(r"^(\d+)w$")


@dataclass(frozen=True)
class ShareImage:
    """An image for cards; ``path`` is site-relative unless it is an absolute URL."""

    path: str
    width: int | None = None
    height: int | None = None
    alt: str = ""


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str


@dataclass(frozen=True)
class SharingCard:
    url: str
    og_type: str
    title: str | None
    description: str | None
    image_url: str
    image: ShareImage
    feeds: tuple[FeedLink, ...]
    json_ld: Markup | None
    twitter_site: str
    published: str | None = None
    modified: str | None = None
    tags: tuple[str, ...] = ()


def plain_text(html: Any) -> str:
    """Markup (a summary, a title with typogrify spans) as one line of plain text."""
    text = Markup(str(html or "")).striptags()
    return re.sub(r"\s+", " ", text).strip()


def _text_attr(obj: Any, names: Iterable[str]) -> str | None:
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, str | Markup) and plain_text(value):
            return plain_text(value)
    return None


def _object_path(obj: Any) -> str | None:
    for name in ("save_as", "url"):
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return page_path(value)
    return None


def subject_of(ctx: Mapping[str, Any]) -> Any | None:
    """The content object this page is about, if any: the one whose URL is this page."""
    here = page_path(str(ctx.get("output_file") or ""))
    for name in SUBJECT_NAMES:
        obj = ctx.get(name)
        if obj is not None and _object_path(obj) == here:
            return obj
    return None


def _pick_from_srcset(srcset: str) -> tuple[str, int | None] | None:
    """The smallest candidate at least 1200 px wide, else the widest."""
    candidates: list[tuple[int, str]] = []
    for candidate in srcset.split(","):
        words = candidate.split()
        if len(words) == 2 and (match := _WIDTH.match(words[1])):
            candidates.append((int(match[1]), words[0]))
    if not candidates:
        return None
    wide = sorted(c for c in candidates if c[0] >= TARGET_WIDTH)
    width, url = wide[0] if wide else max(candidates)
    return url, width


def _site_path(url: str, page_url_path: str) -> str:
    """A URL found in a page's HTML as a site-relative path (or kept if absolute)."""
    if url.startswith(_ORIGIN + "/"):
        return url[len(_ORIGIN) + 1 :]
    if is_absolute(url):
        return url
    resolved = urljoin("/" + page_url_path, url)
    return posixpath.normpath(resolved).lstrip("/")


def first_content_image(obj: Any) -> ShareImage | None:
    """The first photo of a post: its 1200 px derivative from ``srcset`` if there is one."""
    getter = getattr(obj, "get_content", None)
    try:
        html = getter(_ORIGIN) if callable(getter) else getattr(obj, "content", "")
    except Exception:  # content with broken links was already reported
        return None
    if not html or "<img" not in html:
        return None
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    img = next(iter(tree.iter("img")), None)
    if img is None:
        return None
    here = _object_path(obj) or ""
    picked = _pick_from_srcset(img.get("srcset", "")) if img.get("srcset") else None
    url, width = picked if picked else (img.get("src", ""), None)
    if not url:
        return None
    natural_w = _int(img.get("width"))
    natural_h = _int(img.get("height"))
    if width is None:
        width = natural_w
    height = round(width * natural_h / natural_w) if width and natural_w and natural_h else None
    return ShareImage(_site_path(url, here), width, height, img.get("alt", ""))


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def derivative_image(photo: Any) -> ShareImage | None:
    """A photo pipeline's photo: its JPEG derivative closest above 1200 px, else the widest.

    Duck-typed on ``derivatives`` (path, width, height, format) so this package does not
    import the photo plugin.
    """
    derivatives = list(getattr(photo, "derivatives", None) or ())
    jpegs = [d for d in derivatives if getattr(d, "format", "") in {"jpeg", "jpg"}]
    candidates = sorted(jpegs or derivatives, key=lambda d: d.width)
    if not candidates:
        return None
    wide = [d for d in candidates if d.width >= TARGET_WIDTH]
    chosen = wide[0] if wide else candidates[-1]
    return ShareImage(chosen.path, chosen.width, chosen.height, str(getattr(photo, "alt", "")))


def _image_value(value: Any, ctx: Mapping[str, Any]) -> ShareImage | None:
    if value is None or value == "":
        return None
    if isinstance(value, ShareImage):
        return value
    if getattr(value, "derivatives", None):
        return derivative_image(value)
    if isinstance(value, str):
        if value.startswith("{photo}"):
            photos = getattr(ctx.get("PHOTOS"), "photos", {}) or {}
            photo = photos.get(value.removeprefix("{photo}").strip("/"))
            return derivative_image(photo) if photo is not None else None
        return ShareImage(_static_path(value, ctx))
    path = getattr(value, "path", None) or getattr(value, "url", None)
    if not isinstance(path, str):
        return None
    return ShareImage(
        _static_path(path, ctx),
        _int(getattr(value, "width", None)),
        _int(getattr(value, "height", None)),
        str(getattr(value, "alt", "") or ""),
    )


def _static_path(value: str, ctx: Mapping[str, Any]) -> str:
    """``{static}/images/x.jpg`` or ``images/x.jpg`` (content-relative) as a site path."""
    value = re.sub(r"^\{(static|attach|filename)\}", "", value.strip()).lstrip("/")
    if is_absolute(value):
        return value
    static = (ctx.get("static_content") or {}).get(value)
    url = getattr(static, "url", None)
    return url if isinstance(url, str) else value


def _photos_of(subject: Any, ctx: Mapping[str, Any]) -> list[Any]:
    """Photos from the photo index that show this talk or speaker, or, for a conference
    or an album, the photos of its album; in album order."""
    index = ctx.get("PHOTOS")
    if index is None:
        return []
    own = getattr(subject, "photos", None)
    if own and not isinstance(own, str):
        return list(own)
    here = _object_path(subject)
    slug = getattr(subject, "slug", None)
    found = []
    for album in getattr(index, "albums", {}).values():
        if slug and getattr(album, "conference", None) == slug:
            return list(album.photos)
        for photo in album.photos:
            shown = (*getattr(photo, "sessions", ()), *getattr(photo, "speakers", ()))
            if any(_object_path(s) == here for s in shown):
                found.append(photo)
    return found


def share_image(subject: Any, ctx: Mapping[str, Any], settings: SeoSettings) -> ShareImage:
    """The subject's own image, else its first photo, else the site default."""
    if subject is not None:
        if getattr(subject, "derivatives", None):
            own = derivative_image(subject)
            if own is not None:
                return own
        for name in IMAGE_ATTRIBUTES:
            image = _image_value(getattr(subject, name, None), ctx)
            if image is not None:
                alt = image.alt or _text_attr(subject, ("image_alt",)) or ""
                return ShareImage(image.path, image.width, image.height, alt)
        found = first_content_image(subject)
        if found is not None:
            return found
        for photo in _photos_of(subject, ctx):
            image = derivative_image(photo)
            if image is not None:
                return image
    # A talk or speaker page without a photo of its own shows its conference.
    conference = ctx.get("conference")
    if conference is not None and conference is not subject:
        for photo in _photos_of(conference, ctx):
            image = derivative_image(photo)
            if image is not None:
                return image
    width, height = settings.default_image_size
    return ShareImage(settings.default_image, width, height, settings.site_name)


def _url_for(path: str, ctx: Mapping[str, Any], settings: SeoSettings) -> str:
    """Absolute in production; relative to this page in development (no absolute base)."""
    if is_absolute(path):
        return path
    if settings.absolute_url:
        return site_url(settings.absolute_url, path)
    return f"{ctx.get('SITEURL', '')}/{path.lstrip('/')}"


def _feeds(
    ctx: Mapping[str, Any], kind: PageKind, subject: Any, settings: SeoSettings
) -> tuple[FeedLink, ...]:
    feeds: list[FeedLink] = []
    if settings.feed_all_atom:
        feeds.append(FeedLink(f"{settings.site_name}: all recaps", settings.feed_all_atom))
    conference = getattr(subject, "conference", None) if kind is PageKind.RECAP else None
    if kind is PageKind.CONFERENCE:
        conference = page_path(str(ctx.get("output_file"))).split("/")[1]
    if settings.conference_feed_atom and isinstance(conference, str) and conference:
        feeds.append(
            FeedLink(
                f"Recaps of {conference_name(ctx, conference)}",
                settings.conference_feed_atom.format(slug=conference),
            )
        )
    tag = ctx.get("tag")
    if settings.tag_feed_atom and tag is not None:
        feeds.append(FeedLink(f"Recaps tagged {tag}", settings.tag_feed_atom.format(slug=tag.slug)))
    return tuple(FeedLink(f.title, _url_for(f.url, ctx, settings)) for f in feeds)


def find_conference(ctx: Mapping[str, Any], slug: str) -> Any | None:
    """The conference plugin's object for ``slug``, whatever collection holds it."""
    for key in ("conferences", "conference_index"):
        found = ctx.get(key)
        if isinstance(found, Mapping) and slug in found:
            return found[slug]
        if isinstance(found, Iterable) and not isinstance(found, str | Mapping):
            for item in found:
                if getattr(item, "slug", None) == slug:
                    return item
    return None


def conference_name(ctx: Mapping[str, Any], slug: str) -> str:
    conference = find_conference(ctx, slug)
    return _text_attr(conference, ("name", "title")) or slug.replace("-", " ").title()


def _iso(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else None


def blog_posting(
    article: Any, url: str, image_url: str, ctx: Mapping[str, Any], settings: SeoSettings
) -> dict[str, Any]:
    """schema.org BlogPosting for a recap, ``about`` its conference as an Event."""
    authors = getattr(article, "authors", None) or [getattr(article, "author", None)]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": plain_text(article.title),
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": _iso(getattr(article, "date", None)),
        "dateModified": _iso(getattr(article, "modified", None) or getattr(article, "date", None)),
        "author": [{"@type": "Person", "name": str(a)} for a in authors if a],
        "image": image_url,
        "publisher": {"@type": "Organization", "name": settings.site_name},
        "inLanguage": getattr(article, "lang", settings.lang),
    }
    description = _description(article)
    if description:
        data["description"] = description
    tags = [str(t) for t in getattr(article, "tags", None) or ()]
    if tags:
        data["keywords"] = tags
    slug = getattr(article, "conference", None)
    if isinstance(slug, str) and slug:
        data["about"] = _event(ctx, slug, settings)
    return {k: v for k, v in data.items() if v is not None}


def _event(ctx: Mapping[str, Any], slug: str, settings: SeoSettings) -> dict[str, Any]:
    found = find_conference(ctx, slug)
    # The conference plugin's view wraps the validated model as ``.conference``.
    conference = getattr(found, "conference", found)
    event: dict[str, Any] = {
        "@type": "Event",
        "name": conference_name(ctx, slug),
        "url": _url_for(getattr(found, "url", None) or f"{slug}/", ctx, settings),
    }
    start = _iso(getattr(conference, "start", None))
    end = _iso(getattr(conference, "end", None))
    if start:
        event["startDate"] = start
    if end:
        event["endDate"] = end
    venue = getattr(conference, "venue", None)
    if venue is not None and getattr(venue, "name", None):
        place: dict[str, Any] = {"@type": "Place", "name": venue.name}
        locality = ", ".join(
            str(v) for v in (getattr(venue, "city", None), getattr(venue, "country", None)) if v
        )
        if locality:
            place["address"] = locality
        event["location"] = place
    return event


def _description(subject: Any) -> str | None:
    return _text_attr(subject, DESCRIPTION_ATTRIBUTES)


def build_card(ctx: Mapping[str, Any], settings: SeoSettings) -> SharingCard:
    output_file = str(ctx.get("output_file") or "")
    kind = page_kind(output_file)
    subject = subject_of(ctx)
    url = _url_for(page_path(output_file), ctx, settings)
    image = share_image(subject, ctx, settings)
    image_url = _url_for(image.path, ctx, settings)
    title = _text_attr(subject, ("title", "name")) if subject is not None else None
    json_ld = published = modified = None
    tags: tuple[str, ...] = ()
    if kind is PageKind.RECAP and subject is not None and ctx.get("article") is subject:
        json_ld = json_script(blog_posting(subject, url, image_url, ctx, settings))
        published = _iso(getattr(subject, "date", None))
        modified = _iso(getattr(subject, "modified", None)) or published
        tags = tuple(str(t) for t in getattr(subject, "tags", None) or ())
    return SharingCard(
        url=url,
        og_type=kind.og_type,
        title=title,
        description=_description(subject) if subject is not None else None,
        image_url=image_url,
        image=image,
        feeds=_feeds(ctx, kind, subject, settings),
        json_ld=json_ld,
        twitter_site=settings.twitter_site,
        published=published,
        modified=modified,
        tags=tags,
    )


@pass_context
def seo_card(ctx: Any) -> SharingCard:
    """Jinja global: the sharing card of the page being rendered."""
    return build_card(ctx, SeoSettings.from_pelican(ctx))
