"""What a photo file says about itself, read from its header without decoding pixels.

Credit fields come from XMP, IPTC (IIM) and EXIF, in that order of trust: XMP holds
whole Unicode strings, IIM cuts fields at 32 bytes and EXIF strings arrive as
Latin-1-decoded UTF-8 ("Â©"). Real files carry placeholder junk ("null", "CREDIT",
"COPYRIGHT, 2007"), which counts as absent.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PIL import Image, IptcImagePlugin, UnidentifiedImageError

from recapkit.core import imagesafe  # noqa: F401 - registers the HEIF opener with Pillow

ORIENTATION = 0x0112
ARTIST = 0x013B
COPYRIGHT = 0x8298
DATETIME = 0x0132
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 0x9003
OFFSET_TIME_ORIGINAL = 0x9011
MODEL = 0x0110
IPTC_BYLINE = (2, 80)
IPTC_CREDIT = (2, 110)
IPTC_COPYRIGHT = (2, 116)
IPTC_CHARSET = (1, 90)
IPTC_CAPTION = (2, 120)
DESCRIPTION = 0x010E
#: Orientations 5-8 store the picture turned a quarter: width and height swap.
TURNED = {5, 6, 7, 8}

_JUNK_WORDS = {
    "",
    "null",
    "none",
    "nil",
    "n/a",
    "na",
    "unknown",
    "undefined",
    "credit",
    "copyright",
    "artist",
    "author",
    "creator",
    "photographer",
    "owner",
    "by",
    "all rights reserved",
    "some rights reserved",
    "camera owner",
}


class PhotoFileError(Exception):
    """A photo that cannot be published; the message is for the author."""


@dataclass(frozen=True)
class FileCredit:
    name: str | None = None
    url: str | None = None
    copyright: str | None = None


@dataclass(frozen=True)
class FileInfo:
    """The header facts the pipeline and pages need, cached per source hash."""

    format: str
    width: int  # as displayed (orientation applied)
    height: int
    orientation: int
    captured: str | None  # ISO 8601 local time, from EXIF DateTimeOriginal
    icc: bool
    credit: FileCredit
    description: str | None = None  # the file's own caption, for photos not in the YAML
    #: The camera's UTC offset at capture (EXIF OffsetTimeOriginal, "+02:00"), if it says.
    offset: str | None = None
    #: The camera model (EXIF Model), only to match per-camera clock offsets: never published.
    camera: str | None = None

    @property
    def taken(self) -> dt.datetime | None:
        """The capture time, with its offset when the file gives one (else naive)."""
        if not self.captured:
            return None
        moment = dt.datetime.fromisoformat(self.captured)
        if self.offset:
            try:
                zone = dt.datetime.strptime(self.offset, "%z").tzinfo
            except ValueError:
                return moment
            return moment.replace(tzinfo=zone)
        return moment

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FileInfo:
        return cls(**{**data, "credit": FileCredit(**data["credit"])})

    @property
    def stored_size(self) -> tuple[int, int]:
        if self.orientation in TURNED:
            return self.height, self.width
        return self.width, self.height


def is_junk(value: str | None) -> bool:
    """Placeholder text a camera or tool wrote instead of a name."""
    if value is None:
        return True
    text = value.strip().lower()
    text = re.sub(r"(©|\(c\)|\bcopyright\b|\b(19|20)\d\d\b|[\s.,:;!/\\_-]+)", " ", text)
    text = " ".join(text.split())
    return text in _JUNK_WORDS or not re.search(r"[^\W\d_]", text)


def repair_mojibake(value: str) -> str:
    """Undo Pillow's Latin-1 reading of UTF-8 EXIF text ('Â© Jane' -> '© Jane')."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def clean(value: Any) -> str | None:
    """A usable credit string, or None for missing or junk values."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, list | tuple):
        value = ", ".join(v for v in (clean(v) for v in value) if v)
    if not isinstance(value, str):
        return None
    text = " ".join(value.replace("\x00", " ").split())
    return None if is_junk(text) else text


# XMP -------------------------------------------------------------------------


def _descriptions(xmp: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    rdf = (xmp.get("xmpmeta") or {}).get("RDF") or xmp.get("RDF") or {}
    descriptions = rdf.get("Description", []) if isinstance(rdf, Mapping) else []
    if isinstance(descriptions, Mapping):
        descriptions = [descriptions]
    return [d for d in descriptions if isinstance(d, Mapping)]


def _xmp_text(node: Any) -> str | list[str] | None:
    """Flatten rdf:Seq / rdf:Bag / rdf:Alt (x-default first) into text."""
    if node is None or isinstance(node, str):
        return node
    if isinstance(node, list):
        parts = [_xmp_text(n) for n in node]
        return [p for p in parts if isinstance(p, str)]
    if isinstance(node, Mapping):
        for container in ("Seq", "Bag", "Alt"):
            if container in node:
                items = (node[container] or {}).get("li")
                if isinstance(items, list):
                    default = [
                        i for i in items if isinstance(i, Mapping) and i.get("lang") == "x-default"
                    ]
                    if container == "Alt" and default:
                        return _xmp_text(default[0])
                    return _xmp_text(items)
                return _xmp_text(items)
        if "text" in node:
            return node["text"]
    return None


def _xmp_field(xmp: Mapping[str, Any], name: str) -> str | None:
    for description in _descriptions(xmp):
        if name in description:
            return clean(_xmp_text(description[name]))
    return None


# IPTC ------------------------------------------------------------------------


def _iptc(im: Image.Image) -> dict[tuple[int, int], Any]:
    try:
        return IptcImagePlugin.getiptcinfo(im) or {}
    except (OSError, SyntaxError, ValueError, IndexError):  # broken IIM blocks
        return {}


def _iptc_field(info: Mapping[tuple[int, int], Any], key: tuple[int, int]) -> str | None:
    value = info.get(key)
    if value is None:
        return None
    utf8 = info.get(IPTC_CHARSET) == b"\x1b%G"
    items = value if isinstance(value, list) else [value]
    texts = []
    for item in items:
        if isinstance(item, bytes):
            try:
                item = item.decode("utf-8")
            except UnicodeDecodeError:
                item = item.decode("utf-8" if utf8 else "latin-1", "replace")
        texts.append(item)
    return clean(texts)


# EXIF ------------------------------------------------------------------------


def _exif_text(exif: Mapping[int, Any], tag: int) -> str | None:
    value = exif.get(tag)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    return clean(repair_mojibake(value.split("\x00")[0]))


def _captured(exif: Image.Exif) -> str | None:
    raw = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    if isinstance(raw, bytes):
        raw = raw.decode("ascii", "replace")
    if not isinstance(raw, str):
        return None
    try:
        return dt.datetime.strptime(raw.strip()[:19], "%Y:%m:%d %H:%M:%S").isoformat()
    except ValueError:
        return None


def _offset(exif: Image.Exif) -> str | None:
    raw = exif.get_ifd(EXIF_IFD).get(OFFSET_TIME_ORIGINAL)
    if isinstance(raw, bytes):
        raw = raw.decode("ascii", "replace")
    if not isinstance(raw, str) or not re.fullmatch(r"[+-]\d\d:\d\d", raw.strip()):
        return None
    return raw.strip()


def _camera(exif: Image.Exif) -> str | None:
    raw = exif.get(MODEL)
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    text = " ".join(raw.replace("\x00", " ").split()) if isinstance(raw, str) else ""
    return text or None


def _name_from_copyright(text: str | None) -> str | None:
    if not text:
        return None
    name = re.sub(r"(©|\(c\)|\bcopyright\b|\b(19|20)\d\d\b)", " ", text, flags=re.I)
    name = re.split(r"[,;|]|\ball rights\b|\bcc[- ]by\b", name, flags=re.I)[0]
    return clean(name.strip(" .-"))


def file_credit(im: Image.Image) -> FileCredit:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # getxmp() warns when defusedxml is missing
        try:
            xmp = im.getxmp() if hasattr(im, "getxmp") else {}
        except Exception:  # noqa: BLE001 - a malformed XMP packet means no XMP credit
            xmp = {}
    iptc = _iptc(im)
    exif = im.getexif()
    creator = (
        _xmp_field(xmp, "creator") or _iptc_field(iptc, IPTC_BYLINE) or _exif_text(exif, ARTIST)
    )
    credit_line = _xmp_field(xmp, "Credit") or _iptc_field(iptc, IPTC_CREDIT)
    notice = (
        _xmp_field(xmp, "rights")
        or _iptc_field(iptc, IPTC_COPYRIGHT)
        or _exif_text(exif, COPYRIGHT)
    )
    url = _xmp_field(xmp, "WebStatement")
    if url and not re.match(r"^https?://", url):
        url = None
    name = creator or credit_line or _name_from_copyright(notice)
    return FileCredit(name=name, url=url, copyright=notice)


def file_description(im: Image.Image) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            xmp = im.getxmp() if hasattr(im, "getxmp") else {}
        except Exception:  # noqa: BLE001
            xmp = {}
    return (
        _xmp_field(xmp, "description")
        or _iptc_field(_iptc(im), IPTC_CAPTION)
        or _exif_text(im.getexif(), DESCRIPTION)
    )


def inspect(path: Path, source_formats: Iterable[str], max_pixels: int) -> FileInfo:
    """Read a photo's header; PhotoFileError says why it cannot be used."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path)
    except FileNotFoundError as exc:
        raise PhotoFileError("file not found") from exc
    except Image.DecompressionBombError as exc:
        raise PhotoFileError(f"too many pixels: {exc}") from exc
    except UnidentifiedImageError as exc:
        raise PhotoFileError("not an image (Pillow cannot identify it)") from exc
    except OSError as exc:
        raise PhotoFileError(f"cannot read the image: {exc}") from exc
    with im:
        allowed = tuple(source_formats)
        if im.format not in allowed:
            raise PhotoFileError(
                f"unsupported image format {im.format} (supported: {', '.join(allowed)})"
            )
        width, height = im.size
        if width * height > max_pixels:
            raise PhotoFileError(
                f"{width}x{height} is {width * height:,} pixels, over the limit of "
                f"{max_pixels:,} (a decompression bomb, or a photo to scale down first)"
            )
        try:
            exif = im.getexif()
            orientation = int(exif.get(ORIENTATION, 1) or 1)
            credit = file_credit(im)
            captured = _captured(exif)
            offset = _offset(exif) if captured else None
            camera = _camera(exif)
            description = file_description(im)
        except (OSError, SyntaxError, ValueError, TypeError) as exc:
            raise PhotoFileError(f"unreadable metadata: {exc}") from exc
        if orientation not in range(1, 9):
            orientation = 1
        if orientation in TURNED:
            width, height = height, width
        return FileInfo(
            format=im.format,
            width=width,
            height=height,
            orientation=orientation,
            captured=captured,
            icc=bool(im.info.get("icc_profile")),
            credit=credit,
            description=description,
            offset=offset,
            camera=camera,
        )
