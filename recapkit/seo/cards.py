"""What a page shows when shared: canonical URL, title, description, image, JSON-LD,
and whether search indexes it.

A page's card comes from what the page *is*, never from its URL:

1. the :class:`~recapkit.core.site.PageSubject` its generator passed to the writer
   (``page_subject``): a talk, a speaker, a conference, an album, a photo, ...;
2. else Pelican's own ``article`` (a recap) or ``page``: title, description or summary,
   the lead photo or the first photo of the post, and for a recap a BlogPosting about
   its conference (from the site model);
3. else a listing (index, tags, archives, 404, ...) with the site's defaults.

What a subject leaves out falls back to the page's own ``<title>`` (without the site
name) and meta description, which ``base.html`` passes to ``seo_card()``, and to the
site's default image. Templates only print the card (``partials/seo.html``).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import lxml.html
from jinja2 import pass_context
from markupsafe import Markup

from recapkit.core.jsonld import conference_event, json_script
from recapkit.core.site import SITE_KEY, SUBJECT_KEY, PageKind, PageSubject, ShareImage, Site
from recapkit.core.urls import UrlScheme
from recapkit.seo.settings import SeoSettings, seo_settings
from recapkit.seo.urls import is_absolute, page_path, site_url

#: Stand-in site URL for rendering content: links the site makes come out under it, so
#: they can be told apart from links an author wrote relative to the page.
_ORIGIN = "https://site.invalid"
TARGET_WIDTH = 1200
_WIDTH = re.compile(r"^(\d+)w$")
#: Between a page's own title and the site name in ``<title>``.
_TITLE_SEPARATORS = (" — ", " – ", " - ", " | ", " · ")


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str


@dataclass(frozen=True)
class SharingCard:
    url: str
    kind: PageKind
    title: str
    description: str
    image_url: str
    image: ShareImage
    feeds: tuple[FeedLink, ...]
    json_ld: Markup | None
    twitter_site: str
    #: Indexed for search: a recap, talk, speaker or conference (never a draft).
    searchable: bool = False
    published: str | None = None
    modified: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def og_type(self) -> str:
        return self.kind.og_type

    @property
    def search_attributes(self) -> Markup:
        """For ``<main>``: index this page's main content and label its hits. The kind
        is meta, not a Pagefind filter: filter files are written in a different order on
        every run, which would break byte-identical builds, and results need only the
        label. Navigation is left out of the index by the indexer (``search.py``)."""
        if not self.searchable:
            return Markup("")
        return Markup(' data-pagefind-body data-pagefind-meta="kind:{}"').format(self.kind.label)


def plain_text(html: Any) -> str:
    """Markup (a summary, a title with typogrify spans) as one line of plain text."""
    text = Markup(str(html or "")).striptags()
    return re.sub(r"\s+", " ", text).strip()


def _text(obj: Any, *names: str) -> str | None:
    """The first of the object's attributes that holds text, as plain text."""
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, str) and plain_text(value):
            return plain_text(value)
    return None


def strip_site_name(title: str, site_name: str) -> str:
    """'Talk · Site' becomes 'Talk'; the site name has its own og:site_name tag."""
    for separator in _TITLE_SEPARATORS:
        suffix = separator + site_name
        if site_name and title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)]
    return title


# images ----------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
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


def first_content_image(content: Any) -> ShareImage | None:
    """The first photo of a post: its 1200 px candidate from ``srcset`` if it has one."""
    try:
        html = content.get_content(_ORIGIN)
    except Exception:  # content with broken links was already reported
        return None
    if not html or "<img" not in html:
        return None
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    img = next(iter(tree.iter("img")), None)
    if img is None:
        return None
    picked = _pick_from_srcset(img.get("srcset", "")) if img.get("srcset") else None
    url, width = picked if picked else (img.get("src", ""), None)
    if not url:
        return None
    natural_w = _int(img.get("width"))
    natural_h = _int(img.get("height"))
    if width is None:
        width = natural_w
    height = round(width * natural_h / natural_w) if width and natural_w and natural_h else None
    here = page_path(content.save_as or content.url or "")
    return ShareImage(_site_path(url, here), width, height, img.get("alt", ""))


def _site(ctx: Mapping[str, Any]) -> Site:
    """The build's site model (a template context is read-only: an empty model when no
    plugin made one, e.g. seo on its own)."""
    site = ctx.get(SITE_KEY)
    return site if isinstance(site, Site) else Site(urls=UrlScheme.from_settings(ctx))


def _published_photo(site: Site, key: str) -> ShareImage | None:
    for album in site.albums.values():
        for photo in album.photos:
            if photo.key == key:
                return photo.share
    return None


def _static_path(value: str, ctx: Mapping[str, Any]) -> str:
    """``{static}/images/x.jpg`` or ``images/x.jpg`` (content-relative) as a site path."""
    value = re.sub(r"^\{(static|attach|filename)\}", "", value.strip()).lstrip("/")
    if is_absolute(value):
        return value
    static = (ctx.get("static_content") or {}).get(value)
    url = getattr(static, "url", None)
    return url if isinstance(url, str) else value


def content_image(content: Any, ctx: Mapping[str, Any]) -> ShareImage | None:
    """A post's or page's image: the album photo its ``image:`` names (the photos plugin
    resolves it into ``lead_photo``, published in the site model under its key), else
    the file ``image:`` names, else the first photo of its text."""
    lead = getattr(content, "lead_photo", None)
    if lead is not None:
        shared = _published_photo(_site(ctx), str(getattr(lead, "key", "")))
        if shared is not None:
            alt = shared.alt or _text(content, "image_alt") or ""
            return ShareImage(shared.path, shared.width, shared.height, alt)
    named = getattr(content, "metadata", {}).get("image")
    if isinstance(named, str) and named.strip() and not named.startswith("{photo}"):
        alt = _text(content, "image_alt") or ""
        return ShareImage(_static_path(named, ctx), alt=alt)
    return first_content_image(content)


def default_image(settings: SeoSettings) -> ShareImage:
    width, height = settings.default_image_size
    return ShareImage(settings.default_image, width, height, settings.site_name)


# urls, feeds, structured data ------------------------------------------------------


def _url_for(path: str, ctx: Mapping[str, Any], settings: SeoSettings) -> str:
    """Absolute in production; relative to this page in development (no absolute base)."""
    if is_absolute(path):
        return path
    if settings.absolute_url:
        return site_url(settings.absolute_url, path)
    return f"{ctx.get('SITEURL', '')}/{path.lstrip('/')}"


def conference_name(site: Site, slug: str) -> str:
    conference = site.conferences.get(slug)
    return conference.name if conference is not None else slug.replace("-", " ").title()


def _has_published_recap(ctx: Mapping[str, Any], conference: str) -> bool:
    """ConferenceFeedGenerator writes no feed for a conference without a published
    recap (a new site's first post is a draft): only a feed that exists is linked."""
    own = ctx.get("article")
    recaps = [*ctx.get("articles", ())]
    if own is not None and getattr(own, "status", "published") == "published":
        recaps.append(own)
    return any(getattr(a, "conference", None) == conference for a in recaps)


def _feeds(
    ctx: Mapping[str, Any], kind: PageKind, conference: str | None, settings: SeoSettings
) -> tuple[FeedLink, ...]:
    feeds: list[FeedLink] = []
    if settings.feed_all_atom:
        feeds.append(FeedLink(f"{settings.site_name}: all recaps", settings.feed_all_atom))
    if (
        settings.conference_feed_atom
        and conference
        and kind in {PageKind.RECAP, PageKind.CONFERENCE}
        and _has_published_recap(ctx, conference)
    ):
        feeds.append(
            FeedLink(
                f"Recaps of {conference_name(_site(ctx), conference)}",
                settings.conference_feed_atom.format(slug=conference),
            )
        )
    tag = ctx.get("tag")  # Pelican's tag pages
    if settings.tag_feed_atom and tag is not None:
        feeds.append(FeedLink(f"Recaps tagged {tag}", settings.tag_feed_atom.format(slug=tag.slug)))
    return tuple(FeedLink(f.title, _url_for(f.url, ctx, settings)) for f in feeds)


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def _conference_of(article: Any) -> str | None:
    slug = getattr(article, "conference", None)
    return slug if isinstance(slug, str) and slug else None


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
    description = _text(article, "description", "summary")
    if description:
        data["description"] = description
    tags = [str(t) for t in getattr(article, "tags", None) or ()]
    if tags:
        data["keywords"] = tags
    site = _site(ctx)
    slug = _conference_of(article)
    if slug is not None and slug in site.conferences:
        page = _url_for(site.urls.conference(slug).url, ctx, settings)
        data["about"] = conference_event(site.conferences[slug], page)
    return {k: v for k, v in data.items() if v is not None}


# the card --------------------------------------------------------------------------


@dataclass(frozen=True)
class _About:
    """What the card is built from, whichever source told it."""

    kind: PageKind
    title: str | None
    description: str | None
    image: ShareImage | None
    conference: str | None


def _about(ctx: Mapping[str, Any]) -> tuple[_About, Any | None]:
    """(what the page shows, the article if it is a recap)."""
    subject = ctx.get(SUBJECT_KEY)
    if isinstance(subject, PageSubject):
        about = _About(
            subject.kind,
            plain_text(subject.title) or None,
            plain_text(subject.description) or None,
            subject.image,
            subject.conference,
        )
        return about, None
    for name, kind in (("article", PageKind.RECAP), ("page", PageKind.PAGE)):
        content = ctx.get(name)
        if content is not None:
            about = _About(
                kind,
                _text(content, "title"),
                _text(content, "description", "summary"),
                content_image(content, ctx),
                _conference_of(content) if kind is PageKind.RECAP else None,
            )
            return about, content if kind is PageKind.RECAP else None
    return _About(PageKind.LISTING, None, None, None, None), None


def build_card(
    ctx: Mapping[str, Any],
    settings: SeoSettings,
    title: str | None = None,
    description: str | None = None,
) -> SharingCard:
    """The card of the page being rendered; ``title`` and ``description`` are the
    page's own ``<title>`` and meta description, used where its subject says nothing."""
    about, article = _about(ctx)
    url = _url_for(page_path(str(ctx.get("output_file") or "")), ctx, settings)
    image = about.image or default_image(settings)
    image_url = _url_for(image.path, ctx, settings)
    own_title = strip_site_name(plain_text(title), settings.site_name)
    card_title = about.title or own_title or settings.site_name
    card_description = (
        about.description or plain_text(description) or settings.site_subtitle or card_title
    )
    json_ld = published = modified = None
    tags: tuple[str, ...] = ()
    if article is not None:
        json_ld = json_script(blog_posting(article, url, image_url, ctx, settings))
        published = _iso(getattr(article, "date", None))
        modified = _iso(getattr(article, "modified", None)) or published
        tags = tuple(str(t) for t in getattr(article, "tags", None) or ())
    return SharingCard(
        url=url,
        kind=about.kind,
        title=card_title,
        description=card_description,
        image_url=image_url,
        image=image,
        feeds=_feeds(ctx, about.kind, about.conference, settings),
        json_ld=json_ld,
        twitter_site=settings.twitter_site,
        searchable=about.kind.searchable and getattr(article, "status", None) != "draft",
        published=published,
        modified=modified,
        tags=tags,
    )


@pass_context
def seo_card(ctx: Any, title: str | None = None, description: str | None = None) -> SharingCard:
    """Jinja global: the sharing card of the page being rendered. ``base.html`` passes
    the page's rendered title and description blocks (``self.title()``)."""
    return build_card(ctx, seo_settings(ctx), title, description)
