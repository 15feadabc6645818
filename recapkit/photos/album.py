"""What authors write in an album's ``photos.yaml``, and where albums live.

An album is a folder under the content path holding a ``photos.yaml``, or any
``conferences/<slug>/photos/`` folder (the YAML is then optional). Every image file in
the folder is published; the YAML adds captions, alt text, credits and who is shown.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from recapkit.core.contained import is_inside, outside_problem
from recapkit.core.problems import ContentError, Problem, display_path
from recapkit.core.slugs import check_slug
from recapkit.core.urls import ALBUM_FOLDER, UrlScheme
from recapkit.core.yamlsource import line_for, load_yaml, validate
from recapkit.photos.licences import Licence, lookup

ALBUM_FILE = "photos.yaml"
#: Files in an album folder that are notes, not photos.
NOT_PHOTOS = (".yaml", ".yml", ".md", ".txt", ".json")


def _check_url(value: str) -> str:
    if not re.match(r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s]+)$", value, re.I):
        raise ValueError(f"'{value}' is not an http(s) or mailto URL")
    return value


def _licence(value: Any) -> Any:
    if isinstance(value, str):
        return lookup(value.strip())
    return value


_SHORT_OFFSET = re.compile(r"^([+-])(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


def _clock_offset(value: Any) -> Any:
    """A camera clock's error, as text: "+00:03:20" / "-01:00:00" (pydantic parses those,
    and ISO 8601 durations such as "-PT1H"), or the short "+3m20s" / "-1h", rewritten
    here into ISO 8601. A sign is required, so that the direction is never a guess."""
    if not isinstance(value, str):
        raise ValueError('write the offset as quoted text with a sign, e.g. "+00:03:20" or "-1h"')
    text = value.strip()
    if not text.startswith(("+", "-")):
        raise ValueError(f"'{text}' needs a sign: '+' if the camera was slow, '-' if fast")
    short = _SHORT_OFFSET.match(text)
    if short and any(short.groups()[1:]):
        sign, hours, minutes, seconds = short.groups()
        return f"{sign}PT{hours or 0}H{minutes or 0}M{seconds or 0}S"
    return text


Url = Annotated[str, AfterValidator(_check_url)]
Slug = Annotated[str, AfterValidator(check_slug)]
#: Added to a camera's capture times: "+00:03:20" when its clock was 3 min 20 s slow.
ClockOffset = Annotated[dt.timedelta, BeforeValidator(_clock_offset)]


class Frozen(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, arbitrary_types_allowed=True
    )


class CreditEntry(Frozen):
    name: str = Field(min_length=1)
    url: Url | None = None


class CustomLicence(Frozen):
    """For terms outside the SPDX list, e.g. 'All rights reserved, used with permission'."""

    name: str = Field(min_length=1)
    url: Url | None = None

    def as_licence(self) -> Licence:
        return Licence(id="", name=self.name, url=self.url or "")


def _as_licence(value: Any) -> Licence | None:
    if value is None:
        return None
    if isinstance(value, Licence):
        return value
    return value.as_licence()


LicenceField = Annotated[Licence | CustomLicence | None, Field(default=None)]
LICENCE_ALIASES = AliasChoices("licence", "license")


class PhotoEntry(Frozen):
    file: str = Field(min_length=1)
    caption: str | None = None
    alt: str | None = None
    credit: CreditEntry | None = None
    licence: LicenceField = Field(default=None, validation_alias=LICENCE_ALIASES)
    sessions: list[Slug] = []
    speakers: list[Slug] = []

    @field_validator("licence", mode="before")
    @classmethod
    def _spdx(cls, value: Any) -> Any:
        return _licence(value)

    @field_validator("file")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        if "/" in value or "\\" in value or value.startswith("."):
            raise ValueError(f"'{value}' must be a file name in the album folder")
        return value


class ClockOffsets(Frozen):
    """Per camera model (EXIF Model, e.g. "iPhone 6") and per photographer (the
    credit's name): these win over the album's ``clock_offset``, a camera's first."""

    cameras: dict[str, ClockOffset] = {}
    photographers: dict[str, ClockOffset] = {}


class Order(StrEnum):
    LISTED = "listed"  # the order of ``photos:``, then unlisted files by capture time
    CAPTURED = "captured"  # every photo by capture time
    FILENAME = "filename"


class AlbumFile(Frozen):
    title: str | None = None
    description: str | None = None
    credit: CreditEntry | None = None
    licence: LicenceField = Field(default=None, validation_alias=LICENCE_ALIASES)
    order: Order = Order.LISTED
    clock_offset: ClockOffset | None = None
    clock_offsets: ClockOffsets = ClockOffsets()
    photos: list[PhotoEntry] = []

    @field_validator("licence", mode="before")
    @classmethod
    def _spdx(cls, value: Any) -> Any:
        return _licence(value)

    @model_validator(mode="after")
    def _unique_files(self) -> AlbumFile:
        seen: set[str] = set()
        for entry in self.photos:
            if entry.file in seen:
                raise ValueError(f"'{entry.file}' is listed twice")
            seen.add(entry.file)
        return self


@dataclass(frozen=True)
class AlbumSource:
    """An album folder as found on disk, with its validated YAML (if any)."""

    key: str  # what {gallery} and {photo} links name: 'djangocon-us-2019'
    folder: Path
    rel_dir: str  # relative to the content path; also the gallery's URL path
    conference: str | None
    spec: AlbumFile
    yaml_path: Path | None
    raw: Any  # the round-trip tree, for line numbers

    def entry_line(self, index: int, field: str | None = None) -> int | None:
        if self.raw is None:
            return None
        loc: list[int | str] = ["photos", index]
        if field:
            loc.append(field)
        return line_for(self.raw, loc)

    @property
    def licence(self) -> Licence | None:
        return _as_licence(self.spec.licence)

    def clock_offset(self, camera: str | None, photographer: str | None) -> dt.timedelta:
        """How much to add to a photo's capture time: its camera's offset, else its
        photographer's, else the album's, else none."""
        offsets = self.spec.clock_offsets
        if camera and camera in offsets.cameras:
            return offsets.cameras[camera]
        if photographer and photographer in offsets.photographers:
            return offsets.photographers[photographer]
        return self.spec.clock_offset or dt.timedelta()

    def photo_files(self) -> list[Path]:
        """Every candidate photo in the folder, sorted by name (a link that leads out of
        the folder is not one: the content plugin reports it)."""
        return sorted(
            p
            for p in self.folder.iterdir()
            if p.is_file()
            and is_inside(p, self.folder)
            and not p.name.startswith(".")
            and not p.name.endswith(NOT_PHOTOS)
        )


def entry_licence(entry: PhotoEntry) -> Licence | None:
    return _as_licence(entry.licence)


def discover(content_path: str | os.PathLike[str], urls: UrlScheme) -> list[tuple[Path, str]]:
    """(folder, path relative to content) of every album, in a stable order."""
    root = Path(content_path)
    found: set[Path] = set()
    for yaml_file in root.rglob(ALBUM_FILE):
        if not any(part.startswith(".") for part in yaml_file.relative_to(root).parts):
            found.add(yaml_file.parent)
    conferences = urls.conferences_folder(root)
    if conferences.is_dir():
        for folder in conferences.glob(f"*/{ALBUM_FOLDER}"):
            if folder.is_dir():
                found.add(folder)
    return sorted(
        (folder, folder.relative_to(root).as_posix()) for folder in found if is_inside(folder, root)
    )


def load_album(
    folder: Path, rel_dir: str, urls: UrlScheme
) -> tuple[AlbumSource | None, list[Problem]]:
    """Read and validate one album's YAML; problems name the file and line."""
    key, conference = urls.album_of(rel_dir)
    yaml_path = folder / ALBUM_FILE
    raw = None
    if yaml_path.exists() and not is_inside(yaml_path, folder):
        return None, [outside_problem(yaml_path, folder)]
    if yaml_path.exists():
        try:
            raw = load_yaml(yaml_path)
        except ContentError as exc:
            return None, exc.problems
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            return None, [Problem(display_path(yaml_path), 1, "expected a mapping of album fields")]
        spec, problems = validate(AlbumFile, raw, yaml_path)
        if spec is None:
            return None, problems
    else:
        spec, yaml_path = AlbumFile(), None
    return AlbumSource(key, folder, rel_dir, conference, spec, yaml_path, raw), []
