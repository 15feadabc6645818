"""The one URL and content-path scheme of every page and file recapkit writes or reads.

Conference pages, calendars, albums and the photos of a conference all hang off one
setting, ``CONFERENCE_URL`` (``"conferences/{slug}/"`` by default); the index of all
conferences is ``CONFERENCES_URL``; the folder authors keep conferences in is
``CONFERENCE_PATH``. No other module spells ``"conferences/"``: they ask this object,
which is built once from the settings and travels in the site model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Place:
    """Where a page is linked (``url``) and where it is written (``save_as``)."""

    url: str
    save_as: str

    @classmethod
    def folder(cls, url: str) -> Place:
        return cls(url, url + "index.html")


DEFAULTS: Mapping[str, str] = {
    "CONFERENCE_PATH": "conferences",
    "CONFERENCE_URL": "conferences/{slug}/",
    "CONFERENCES_URL": "conferences/",
    "PHOTOS_CREDITS_URL": "credits/",
}
#: Inside a conference's own folder: where its album lives (content) and is shown (URL).
ALBUM_FOLDER = "photos"


class UrlSettingError(ValueError):
    """A URL setting that cannot work."""

    def __init__(self, key: str, message: str):
        self.key = key
        super().__init__(message)


def _folder_url(name: str, value: str) -> str:
    if not value.endswith("/") or value.startswith("/") or ".." in value.split("/"):
        raise UrlSettingError(
            name, f"{value!r}: use a relative folder URL ending in '/', e.g. 'events/{{slug}}/'"
        )
    return value


@dataclass(frozen=True)
class UrlScheme:
    """URLs are relative to SITEURL; content paths are relative to the content folder."""

    conference_path: str = DEFAULTS["CONFERENCE_PATH"]
    conference_url: str = DEFAULTS["CONFERENCE_URL"]
    conferences_url: str = DEFAULTS["CONFERENCES_URL"]
    credits_url: str = DEFAULTS["PHOTOS_CREDITS_URL"]

    def __post_init__(self) -> None:
        _folder_url("CONFERENCE_URL", self.conference_url)
        _folder_url("CONFERENCES_URL", self.conferences_url)
        _folder_url("PHOTOS_CREDITS_URL", self.credits_url)
        if "{slug}" not in self.conference_url:
            raise UrlSettingError(
                "CONFERENCE_URL",
                f"{self.conference_url!r}: it needs '{{slug}}', e.g. 'conferences/{{slug}}/'",
            )

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> UrlScheme:
        return cls(
            conference_path=str(settings.get("CONFERENCE_PATH", DEFAULTS["CONFERENCE_PATH"])),
            conference_url=str(settings.get("CONFERENCE_URL", DEFAULTS["CONFERENCE_URL"])),
            conferences_url=str(settings.get("CONFERENCES_URL", DEFAULTS["CONFERENCES_URL"])),
            credits_url=str(settings.get("PHOTOS_CREDITS_URL", DEFAULTS["PHOTOS_CREDITS_URL"])),
        )

    # pages and files ------------------------------------------------------------

    def conferences(self) -> Place:
        """The list of every conference."""
        return Place.folder(self.conferences_url)

    def conference(self, slug: str, *parts: str) -> Place:
        """A conference's overview, or a page below it: ``conference(s, "talks", t)``."""
        base = self.conference_url.format(slug=slug)
        return Place.folder(base + "".join(f"{p}/" for p in parts))

    def conference_file(self, slug: str, name: str) -> str:
        """A file of the conference: ``schedule.ics``, ``schedule.xml``, ..."""
        return self.conference_url.format(slug=slug) + name

    def talk(self, conference: str, slug: str) -> Place:
        return self.conference(conference, "talks", slug)

    def speaker(self, conference: str, slug: str) -> Place:
        return self.conference(conference, "speakers", slug)

    def series(self, slug: str) -> Place:
        """The page of every edition of a series, beside the list of conferences."""
        return Place.folder(f"{self.conferences_url}series/{slug}/")

    def credits(self) -> Place:
        return Place.folder(self.credits_url)

    # content folders --------------------------------------------------------------

    def conferences_folder(self, content: str | Path) -> Path:
        return Path(content) / self.conference_path

    def conference_folder(self, content: str | Path, slug: str) -> Path:
        return self.conferences_folder(content) / slug

    def album_of(self, rel_dir: str) -> tuple[str, str | None]:
        """(album key, conference slug or None) for an album's content-relative folder:
        ``conferences/x/photos`` is ``("x", "x")``, ``conferences/x/photos/day1`` is
        ``("x/day1", "x")``, ``trips/lisbon`` is ``("trips/lisbon", None)``."""
        parts = rel_dir.strip("/").split("/")
        base = self.conference_path.strip("/").split("/")
        n = len(base)
        if len(parts) >= n + 2 and parts[:n] == base and parts[n + 1] == ALBUM_FOLDER:
            return "/".join([parts[n], *parts[n + 2 :]]), parts[n]
        return rel_dir.strip("/"), None

    def album(self, rel_dir: str) -> Place:
        """Where an album's gallery is shown: below its conference, or at its folder."""
        key, conference = self.album_of(rel_dir)
        if conference is None:
            return Place.folder(rel_dir.strip("/") + "/")
        sub = key.split("/")[1:]
        return self.conference(conference, ALBUM_FOLDER, *sub)

    def photo(self, rel_dir: str, slug: str) -> Place:
        """A photo's own page, inside its album's folder."""
        return Place.folder(self.album(rel_dir).url + slug + "/")
