"""What templates and embeds see: frozen albums, photos, credits and derivatives.

URLs here are site-relative paths without a leading slash; templates prefix
``{{ SITEURL }}/`` so the pages work under any sub-path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from recapkit.core.slugs import slugify as core_slugify
from recapkit.photos.licences import Licence
from recapkit.photos.pipeline import Spec


def slugify(text: str) -> str:
    """File and credit names as URL slugs: the site's one slugifier, uncapped."""
    return core_slugify(text, max_length=0, fallback="photo")


@dataclass(frozen=True, order=True)
class Credit:
    name: str
    url: str | None = None
    licence: Licence | None = None
    copyright: str | None = None  # the file's own notice, when it had one

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def notice(self) -> str:
        """Text written into published files' EXIF Copyright."""
        if self.copyright:
            return self.copyright
        terms = f", {self.licence.id or self.licence.name}" if self.licence else ""
        link = f" ({self.licence.url})" if self.licence and self.licence.url else ""
        return f"{self.name}{terms}{link}"


@dataclass(frozen=True)
class Derivative:
    path: str  # site-relative output path
    width: int
    height: int
    format: str
    mime: str
    spec: Spec


@dataclass(frozen=True)
class Subject:
    kind: str  # 'session' or 'speaker'
    slug: str
    url: str
    title: str


class Reason(StrEnum):
    """Why a photo shows on a session's page, or why on none."""

    PLENARY = "plenary"  # nothing else was on
    RECAP = "your recap"  # a recap links the one session it could be
    YAML = "photos.yaml"  # the author said so
    OPTED_OUT = "photos.yaml: sessions: []"
    AMBIGUOUS = "ambiguous"  # parallel sessions, none (or several) linked
    BETWEEN = "no session"  # taken when no session with a page was on
    NO_TIME = "no capture time"


@dataclass(frozen=True)
class Match:
    reason: Reason
    #: The session(s) it shows on (several only when photos.yaml names several).
    sessions: tuple[str, ...] = ()
    #: The sessions on at that moment, when none could be chosen.
    candidates: tuple[str, ...] = ()

    @property
    def unambiguous(self) -> bool:
        return self.reason in (Reason.PLENARY, Reason.RECAP)


@dataclass(frozen=True)
class Photo:
    album_key: str
    file: str
    slug: str
    source: str  # path of the source file (for messages; never published)
    caption: str | None
    alt: str
    credit: Credit | None  # None only when PHOTOS_REQUIRE_CREDIT = False
    width: int
    height: int
    captured: dt.datetime | None
    placeholder: str
    derivatives: tuple[Derivative, ...]
    url: str  # the photo's own page
    save_as: str
    sessions: tuple[Subject, ...] = ()
    speakers: tuple[Subject, ...] = ()
    index: int = 0  # position in its album
    #: When it was taken, clock offsets applied, in the conference's zone (aware);
    #: None without a capture time, or without a zone to read it in.
    taken: dt.datetime | None = None
    #: photos.yaml names its sessions (``sessions: []`` included): never matched by time.
    sessions_given: bool = False
    #: How the build placed it in the schedule (see recapkit.photos.matching).
    match: Match | None = None
    #: EXIF Model, for ``invoke photos`` (per-camera clock offsets); never on a page.
    camera: str | None = None

    @property
    def key(self) -> str:
        """What a ``{photo}`` link names: 'djangocon-us-2019/keynote.jpg'."""
        return f"{self.album_key}/{self.file}"

    @property
    def placeholder_class(self) -> str:
        """CSS class painting the dominant colour (the policy forbids inline styles)."""
        return "ph-" + self.placeholder.lstrip("#")

    @property
    def aspect(self) -> int:
        """Width per 100 of height: a gallery row gives each photo room in proportion."""
        return max(1, round(100 * self.width / max(1, self.height)))

    @property
    def aspect_class(self) -> str:
        """CSS class sizing its cell in a justified gallery (no inline styles: CSP)."""
        return f"ar-{self.aspect}"

    @property
    def orientation(self) -> str:
        return "portrait" if self.height > self.width else "landscape"

    def _of(self, fmt: str) -> list[Derivative]:
        return sorted((d for d in self.derivatives if d.format == fmt), key=lambda d: d.width)

    @property
    def formats(self) -> list[str]:
        """Modern formats first, JPEG (the <img> fallback) last."""
        order = {"avif": 0, "webp": 1, "jpeg": 2}
        return sorted({d.format for d in self.derivatives}, key=order.__getitem__)

    def srcset(self, fmt: str, siteurl: str = "") -> str:
        """Every size of ``fmt`` at ``{siteurl}/{path}``, as templates write ``src``
        (SITEURL "", Pelican's development default, gives root-absolute URLs)."""
        return ", ".join(f"{siteurl}/{d.path} {d.width}w" for d in self._of(fmt))

    def fallback(self, max_width: int = 1000) -> Derivative:
        """The JPEG for ``<img src>``: the largest one up to ``max_width``."""
        jpegs = self._of("jpeg")
        fitting = [d for d in jpegs if d.width <= max_width]
        return fitting[-1] if fitting else jpegs[0]

    @property
    def largest(self) -> Derivative:
        return self._of("jpeg")[-1]

    @property
    def smallest(self) -> Derivative:
        return self._of("jpeg")[0]

    @property
    def mime_of(self) -> dict[str, str]:
        return {d.format: d.mime for d in self.derivatives}


@dataclass(frozen=True)
class Album:
    key: str
    title: str
    description: str | None
    conference: str | None
    conference_name: str | None
    conference_url: str | None
    url: str
    save_as: str
    source_dir: str
    photos: tuple[Photo, ...]
    credit: Credit | None = None
    licence: Licence | None = None

    @property
    def photographers(self) -> list[Credit]:
        people: dict[tuple[str, str | None], Credit] = {}
        for photo in self.photos:
            if photo.credit is not None:
                people.setdefault((photo.credit.name, photo.credit.url), photo.credit)
        return sorted(people.values(), key=lambda c: (c.name.lower(), c.url or ""))


@dataclass(frozen=True)
class Photographer:
    """One line of the credits page: a person (or source) and what they made."""

    name: str
    url: str | None
    slug: str
    licences: tuple[Licence, ...]
    photos: tuple[Photo, ...]


@dataclass
class PhotoIndex:
    """Everything the build published, for templates (``PHOTOS``) and embeds."""

    albums: dict[str, Album] = field(default_factory=dict)
    photos: dict[str, Photo] = field(default_factory=dict)  # by Photo.key
    by_source: dict[str, Photo] = field(default_factory=dict)  # by content-relative path
    credits_url: str = "credits/"
    #: ``sizes`` of gallery thumbnails (PHOTOS_GALLERY_SIZES), for the templates.
    gallery_sizes: str = "100vw"
    people: list[Photographer] = field(default_factory=list)
    anchors: dict[tuple[str, str | None], str] = field(default_factory=dict)
    #: (conference, session slug) -> its speakers' slugs: a speaker's page shows the
    #: photos of their sessions too.
    session_speakers: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    def add(self, album: Album) -> None:
        self.albums[album.key] = album
        for photo in album.photos:
            self.photos[photo.key] = photo
            self.by_source[f"{album.source_dir}/{photo.file}"] = photo

    def album(self, key: str) -> Album | None:
        return self.albums.get(key)

    def showing(self, kind: str, conference: object, slug: str) -> list[Photo]:
        """Photos that show a session or speaker (``kind`` 'session'/'speaker')."""
        conf = getattr(conference, "slug", conference)
        found = []
        for album in self.albums.values():
            if conf and album.conference != conf:
                continue
            for photo in album.photos:
                if kind == "session":
                    shows = any(s.slug == slug for s in photo.sessions)
                else:
                    shows = any(s.slug == slug for s in photo.speakers) or any(
                        slug in self.session_speakers.get((album.conference or "", s.slug), ())
                        for s in photo.sessions
                    )
                if shows:
                    found.append(photo)
        return found

    def finish(self) -> None:
        """Group photos by photographer once, for the credits page and anchors."""
        groups: dict[tuple[str, str | None], list[Photo]] = {}
        for album in self.albums.values():
            for photo in album.photos:
                if photo.credit is not None:
                    key = (photo.credit.name, photo.credit.url)
                    groups.setdefault(key, []).append(photo)
        used: set[str] = set()
        self.people = []
        self.anchors = {}
        for (name, url), photos in sorted(
            groups.items(), key=lambda kv: (kv[0][0].lower(), kv[0][1] or "")
        ):
            slug = slugify(name)
            while slug in used:
                slug += "-2"
            used.add(slug)
            licences = tuple(sorted({p.credit.licence for p in photos if p.credit.licence}))
            self.people.append(Photographer(name, url, slug, licences, tuple(photos)))
            self.anchors[(name, url)] = slug

    def anchor(self, credit: Credit | None) -> str:
        """The credits page fragment of a photographer."""
        if credit is None:
            return ""
        return self.anchors.get((credit.name, credit.url), credit.slug)

    def placeholder_css(self) -> str:
        """Placeholder colours, and the justified gallery's cells: each grows in
        proportion to its photo's aspect ratio, so a row keeps one height and no photo
        is cropped (the technique needs one number per photo, hence generated)."""
        colours = sorted({p.placeholder for p in self.photos.values()})
        css = "".join(f".ph-{c.lstrip('#')}{{background-color:{c}}}\n" for c in colours)
        for aspect in sorted({p.aspect for p in self.photos.values()}):
            css += (
                f".gallery .ar-{aspect}{{flex-grow:{aspect};"
                f"flex-basis:calc(var(--gallery-row,11rem) * {aspect} / 100)}}\n"
            )
        return css

    def __iter__(self) -> Iterable[Album]:
        return iter(self.albums.values())
