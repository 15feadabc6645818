"""Images fit to publish: decoded, then re-encoded from bare pixels, cached by content.

Every image the site publishes passes through here: album derivatives (the last step
of ``recapkit.photos.pipeline``), speaker photos (``recapkit.conference``), and
``{static}`` images including a post's ``image:`` (``recapkit.staticimages``).

What a published file keeps: the pixels, turned upright by the EXIF orientation and
colour-managed into sRGB (as the album pipeline always did), and a credit: the
photographer and the copyright notice the album pipeline writes, or, for speaker photos
and static images, the source's own. The credit goes twice: whole, in UTF-8, as XMP
``dc:creator`` and ``dc:rights`` (JPEG, WebP and AVIF, the formats whose Pillow writer
takes a packet), and transliterated to ASCII in EXIF Artist and Copyright, which the
EXIF standard defines as ASCII (UTF-8 bytes there read back as "Â© Name"). Nothing else: no GPS, no
camera or lens serials, maker notes, make or model, dates, XMP, IPTC, JPEG comments,
PNG text chunks (tEXt/zTXt/iTXt), GIF comments or TIFF tags. A re-encode, rather than
a metadata strip, because a decode proves the file is the image its name says (an
HTML page or an SVG named ``.jpg`` is refused) and Pillow writes only what it is handed:
:func:`bare` hands it pixels, palette and transparency.

Only raster formats Pillow decodes are accepted, plus HEIC/HEIF (what phones save) through
pillow-heif's Pillow plugin, registered here: those are re-encoded into a web format, and
refused only where a file is published under its own name, which no browser would show.
SVG is refused: it is a document that runs scripts when opened from the site's origin,
not a picture.

Self-contained on purpose (Pillow and the standard library only), so that both
plugins use it without importing each other.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import warnings
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pillow_heif
from lxml import etree
from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError
from unidecode import unidecode

from recapkit.core.modes import make_published

# HEIC/HEIF as one more Pillow format ("HEIF"); libheif applies the file's rotation
# while decoding, so such images arrive upright with EXIF Orientation 1.
pillow_heif.register_heif_opener()

#: Bump when the bytes written for the same source and recipe change.
#: 2: the credit as UTF-8 XMP plus ASCII EXIF; square crops.
VERSION = 2
#: Pillow formats a source may be in (decoded, then re-encoded).
SOURCE_FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "GIF", "TIFF", "AVIF", "BMP", "ICO", "HEIF")
#: The album pipeline's default sources: photographs (no GIF, BMP or icons).
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "AVIF", "MPO", "HEIF")
#: Decoded and re-encoded, but never published under their own name: browsers cannot
#: show them (a {static} HEIC would be a broken image on every page).
CONVERTED_EXTENSIONS = {".heic", ".heif", ".hif"}
#: Raster files published under their own name: extension -> the format written.
RASTER_EXTENSIONS = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".jpe": "JPEG",
    ".jfif": "JPEG",
    ".png": "PNG",
    ".apng": "PNG",
    ".webp": "WEBP",
    ".gif": "GIF",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".avif": "AVIF",
    ".bmp": "BMP",
    ".ico": "ICO",
}
#: Documents that look like images but run scripts when opened: never published.
ACTIVE_EXTENSIONS = {".svg", ".svgz"}
#: Image formats that carry location but that the site cannot decode: never published.
UNDECODED_EXTENSIONS = {
    ".jxl",
    ".jp2",
    ".j2k",
    ".jpx",
    ".psd",
    ".dng",
    ".cr2",
    ".cr3",
    ".nef",
    ".arw",
    ".orf",
    ".raf",
    ".rw2",
}
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
#: Images re-encoded at once (threads) by :func:`clean_all` callers.
MAX_THREADS = 4
#: An animation may hold this many times the pixels of the largest still image.
MAX_FRAME_PIXELS = 4 * MAX_PIXELS
ARTIST = 0x013B
COPYRIGHT = 0x8298
#: Formats whose writer takes an ``exif`` block.
_EXIF_FORMATS = {"JPEG", "WEBP", "PNG", "AVIF", "TIFF"}
#: Formats whose Pillow writer takes an ``xmp`` packet (checked: PNG and TIFF do not).
XMP_FORMATS = {"JPEG", "WEBP", "AVIF"}
_ANIMATED_FORMATS = {"GIF", "PNG", "WEBP"}
#: Modes each writer stores as they are; anything else is converted first.
_MODES = {
    "JPEG": ("L", "RGB"),
    "PNG": ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"),
    "WEBP": ("RGB", "RGBA"),
    "AVIF": ("RGB", "RGBA"),
    "GIF": ("P", "L", "RGB", "RGBA"),
    "TIFF": ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"),
    "BMP": ("1", "L", "P", "RGB"),
    "ICO": ("RGBA",),
}
EXTENSIONS = {
    "JPEG": "jpg",
    "PNG": "png",
    "WEBP": "webp",
    "AVIF": "avif",
    "GIF": "gif",
    "TIFF": "tif",
    "BMP": "bmp",
    "ICO": "ico",
}
#: Encoder settings for files published under their own name: near-lossless, since
#: the author chose these pixels.
KEEP_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True},
    "PNG": {"compress_level": 6},
    "WEBP": {"quality": 90, "method": 4},
    "AVIF": {"quality": 80, "speed": 8, "max_threads": 1},
    "GIF": {"optimize": True},
    "TIFF": {"compression": "tiff_lzw"},
    "BMP": {},
    "ICO": {},
}
_SRGB = ImageCms.createProfile("sRGB")


class ImageRefused(ValueError):
    """An image the site will not publish; the message is for the author."""


# checks -------------------------------------------------------------------------


def sniff(head: bytes) -> str | None:
    """What a file that is not an image seems to be, for the message."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in text[:4096] or (text.startswith(b"<?xml") and b"svg" in text[:4096]):
        return "an SVG drawing"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "an HTML page"
    if text.startswith(b"<"):
        return "markup (HTML or XML)"
    if text.startswith(b"%pdf"):
        return "a PDF document"
    if head and all(32 <= b < 127 or b in b"\t\r\n" for b in head[:512]):
        return "text"
    return None


def refusal_for_name(name: str) -> str | None:
    """Why a file of this name is never published as an image under its own name, or None."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix in CONVERTED_EXTENSIONS:
        return (
            f"{suffix[1:].upper()} images are published only from an album or as a speaker "
            "photo (re-encoded to JPEG, WebP and AVIF): browsers cannot show the file itself; "
            "move it into an album folder or export it as JPEG"
        )
    return refusal_for_decoding(name)


def refusal_for_decoding(name: str) -> str | None:
    """Why a file of this name is never decoded at all, or None."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix in ACTIVE_EXTENSIONS:
        return (
            "SVG files are not published: an SVG is a document that can run scripts "
            "when it is opened; export it as PNG (or keep trusted artwork in the theme)"
        )
    if suffix in UNDECODED_EXTENSIONS:
        return (
            f"{suffix[1:].upper()} images are not published (the site cannot re-encode "
            "them without their location data): export the image as JPEG or PNG"
        )
    return None


def _open(path: Path, formats: Sequence[str], max_pixels: int) -> Image.Image:
    refusal = refusal_for_decoding(path.name)
    if refusal:
        raise ImageRefused(refusal)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path)
    except FileNotFoundError as exc:
        raise ImageRefused("file not found") from exc
    except Image.DecompressionBombError as exc:
        raise ImageRefused(f"too many pixels: {exc}") from exc
    except UnidentifiedImageError as exc:
        try:
            with path.open("rb") as handle:
                what = sniff(handle.read(4096))
        except OSError:
            what = None
        holds = f": the file holds {what}" if what else " (Pillow cannot identify it)"
        raise ImageRefused(f"not an image{holds}") from exc
    except OSError as exc:
        raise ImageRefused(f"cannot read the image: {exc}") from exc
    try:
        if im.format not in formats:
            raise ImageRefused(
                f"unsupported image format {im.format} (supported: {', '.join(formats)})"
            )
        width, height = im.size
        if width * height > max_pixels:
            raise ImageRefused(
                f"{width}x{height} is {width * height:,} pixels, over the limit of "
                f"{max_pixels:,} (a decompression bomb, or an image to scale down first)"
            )
    except BaseException:
        im.close()
        raise
    return im


def check(
    path: str | os.PathLike[str],
    formats: Sequence[str] = SOURCE_FORMATS,
    max_pixels: int = MAX_PIXELS,
) -> tuple[int, int]:
    """The header check: (width, height) as stored, or ImageRefused saying why not."""
    with _open(Path(path), formats, max_pixels) as im:
        return im.size


# pixels -------------------------------------------------------------------------


def bare(im: Image.Image) -> Image.Image:
    """A copy holding pixels, palette and transparency only: nothing a writer could
    carry over from the source (comment, EXIF, XMP, ICC, text chunks, TIFF tags)."""
    out = im.copy()
    out.info = {"transparency": im.info["transparency"]} if "transparency" in im.info else {}
    return out


def has_alpha(im: Image.Image) -> bool:
    return im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)


def to_srgb(im: Image.Image, icc: bytes | None, flatten: bool = True) -> Image.Image:
    """Colour-manage into sRGB; already-sRGB and untagged images pass through.

    ``flatten`` (photos) gives RGB with transparent pixels on white; otherwise alpha
    and the image's own mode are kept wherever no profile has to be converted.
    """
    if icc:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        description = (ImageCms.getProfileDescription(profile) or "").lower()
        if "srgb" not in description or im.mode == "CMYK":
            if flatten:
                return ImageCms.profileToProfile(im, profile, _SRGB, outputMode="RGB")
            if has_alpha(im):
                rgba = im.convert("RGBA")
                return ImageCms.profileToProfile(rgba, profile, _SRGB, outputMode="RGBA")
            source = im if im.mode in ("RGB", "CMYK", "L") else im.convert("RGB")
            return ImageCms.profileToProfile(source, profile, _SRGB, outputMode="RGB")
    if not flatten:
        return im.convert("RGB") if im.mode == "CMYK" else im
    if im.mode == "RGB":
        return im
    if has_alpha(im):
        return _flat(im)
    return im.convert("RGB")


def _flat(im: Image.Image) -> Image.Image:
    rgba = im.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("RGB")


def _for_format(im: Image.Image, fmt: str) -> Image.Image:
    modes = _MODES[fmt]
    if im.mode in modes:
        return im
    if has_alpha(im) and "RGBA" in modes:
        return im.convert("RGBA")
    if has_alpha(im):
        return _flat(im)
    return im.convert("RGB")


def ascii_text(text: str) -> str:
    """What an EXIF ASCII field can hold: a transliteration ("© Zoë" -> "(c) Zoe")."""
    return " ".join(unidecode(text).split())


def credit_exif(artist: str | None, copyright: str | None) -> bytes:
    """An EXIF block holding only Artist and Copyright, in ASCII (b"" when both are empty)."""
    exif = Image.Exif()
    for tag, value in ((ARTIST, artist), (COPYRIGHT, copyright)):
        text = ascii_text(value or "")
        if text:
            exif[tag] = text
    return exif.tobytes() if len(exif) else b""


_NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xml": "http://www.w3.org/XML/1998/namespace",
}


def credit_xmp(artist: str | None, copyright: str | None) -> bytes:
    """An XMP packet holding only ``dc:creator`` and ``dc:rights``, in UTF-8 (b"" when
    both are empty). No library writes XMP without a C toolkit (exempi), and Pillow only
    passes a packet on, so lxml builds it: escaping is lxml's, never ours."""
    if not artist and not copyright:
        return b""

    def q(prefix: str, name: str) -> str:
        return f"{{{_NS[prefix]}}}{name}"

    meta = etree.Element(q("x", "xmpmeta"), nsmap={"x": _NS["x"]})
    rdf = etree.SubElement(meta, q("rdf", "RDF"), nsmap={"rdf": _NS["rdf"]})
    about = etree.SubElement(rdf, q("rdf", "Description"), nsmap={"dc": _NS["dc"]})
    about.set(q("rdf", "about"), "")
    if artist:
        seq = etree.SubElement(etree.SubElement(about, q("dc", "creator")), q("rdf", "Seq"))
        etree.SubElement(seq, q("rdf", "li")).text = artist
    if copyright:
        alt = etree.SubElement(etree.SubElement(about, q("dc", "rights")), q("rdf", "Alt"))
        item = etree.SubElement(alt, q("rdf", "li"))
        item.set(q("xml", "lang"), "x-default")
        item.text = copyright
    body = etree.tostring(meta, encoding="utf-8")
    return (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        + body
        + (b'<?xpacket end="r"?>')
    )


@dataclass(frozen=True)
class CreditText:
    """Who made an image and on what terms, as text: written as XMP and ASCII EXIF."""

    artist: str = ""
    copyright: str = ""

    def exif(self) -> bytes:
        return credit_exif(self.artist, self.copyright)

    def xmp(self) -> bytes:
        return credit_xmp(self.artist, self.copyright)


def _exif_string(value: Any) -> str:
    """An EXIF ASCII value as text: Pillow decodes it as Latin-1, so UTF-8 written
    there by cameras and exiftool arrives as mojibake; undo that when it decodes."""
    if isinstance(value, str):
        value = value.encode("latin-1", "replace")
    if not isinstance(value, bytes):
        return ""
    raw = value.split(b"\x00")[0].strip()[:512]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def source_credit(im: Image.Image) -> CreditText:
    """The source's own credit (EXIF Artist and Copyright), and nothing else."""
    try:
        exif = im.getexif()
    except Exception:  # noqa: BLE001 - a broken EXIF block carries no credit
        return CreditText()
    return CreditText(_exif_string(exif.get(ARTIST)), _exif_string(exif.get(COPYRIGHT)))


def save(
    im: Image.Image,
    target: str | os.PathLike[str] | io.BufferedIOBase | Any,
    fmt: str,
    credit: CreditText | None = None,
    **options: Any,
) -> None:
    """Write bare pixels: the one way this project encodes a published image.

    ``credit`` is the only metadata written (EXIF in ASCII, and XMP where the format
    takes it); options that would carry more (comment, exif, xmp, pnginfo, icc_profile,
    tiffinfo) are refused.
    """
    for name in ("comment", "exif", "xmp", "pnginfo", "icc_profile", "tiffinfo", "extra"):
        if name in options:
            raise ValueError(f"{name} may not be written into a published image")
    extra: dict[str, bytes] = {}
    if credit is not None:
        exif = credit.exif()
        if exif and fmt in _EXIF_FORMATS:
            extra["exif"] = exif
        xmp = credit.xmp()
        if xmp and fmt in XMP_FORMATS:
            extra["xmp"] = xmp
    bare(im).save(target, fmt, **extra, **options)


# recipes and the cache ------------------------------------------------------------


@dataclass(frozen=True)
class Recipe:
    """How to publish one source: a format, long sides (none: keep the size),
    encoder options, and whether animations and transparency are kept."""

    format: str
    sizes: tuple[int, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    flatten: bool = True
    animate: bool = False
    formats: tuple[str, ...] = SOURCE_FORMATS
    max_pixels: int = MAX_PIXELS
    #: Cut to the centred square first (portraits, shown in a round or square frame).
    square: bool = False

    @classmethod
    def keep(cls, name: str) -> Recipe | None:
        """A file published under its own name, in its own format and size; None for
        a name that is not a raster image."""
        fmt = RASTER_EXTENSIONS.get(os.path.splitext(name)[1].lower())
        if fmt is None:
            return None
        return cls(fmt, (), KEEP_OPTIONS[fmt], flatten=fmt in ("JPEG", "BMP"), animate=True)

    def key(self, source_sha: str) -> str:
        recipe = {**asdict(self), "options": dict(sorted(self.options.items()))}
        text = json.dumps({"v": VERSION, "source": source_sha, "recipe": recipe}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Variant:
    """One written file: where it is in the cache, and its size."""

    path: Path
    width: int
    height: int


@dataclass(frozen=True)
class Cleaned:
    source: Path
    variants: tuple[Variant, ...]  # largest first
    decoded: bool  # False when every file came from the cache

    @property
    def largest(self) -> Variant:
        return self.variants[0]


class SafeCache:
    """Content-addressed outputs under ``<root>/safe/``: the key hashes the source bytes
    and the recipe, so an unchanged image is never decoded twice."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root) / "safe"

    def _meta(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def file(self, key: str, width: int, fmt: str) -> Path:
        return self.root / key[:2] / f"{key}-{width}.{EXTENSIONS[fmt]}"

    def lookup(self, key: str, fmt: str) -> tuple[Variant, ...] | None:
        try:
            sizes = json.loads(self._meta(key).read_text(encoding="utf-8"))["sizes"]
            variants = tuple(Variant(self.file(key, w, fmt), w, h) for w, h in sizes)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return variants if variants and all(v.path.is_file() for v in variants) else None

    def remember(self, key: str, variants: Sequence[Variant]) -> None:
        sizes = [[v.width, v.height] for v in variants]
        _atomic_write(self._meta(key), json.dumps({"sizes": sizes}).encode())


def cache_root(settings: Mapping[str, Any]) -> Path:
    """The photo cache folder of a build (``PHOTOS_CACHE_PATH``, next to content/)."""
    cache = str(settings.get("PHOTOS_CACHE_PATH") or ".cache/photos")
    if os.path.isabs(cache):
        return Path(cache)
    root = os.path.dirname(os.path.abspath(settings.get("PATH", "content")))
    return Path(root) / cache


def source_hash(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _box(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    width, height = size
    scale = long_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _sides(size: tuple[int, int], sizes: Sequence[int]) -> list[int]:
    """Requested long sides that fit, largest first; never upscaled."""
    longest = max(size)
    if not sizes:
        return [longest]
    fitting = sorted({s for s in sizes if s < longest}, reverse=True)
    if len(fitting) < len(set(sizes)):
        fitting.insert(0, longest)
    return fitting


def _encode(im: Image.Image, recipe: Recipe, credit: CreditText, **more: Any) -> bytes:
    buffer = io.BytesIO()
    save(im, buffer, recipe.format, credit=credit, **dict(recipe.options), **more)
    return buffer.getvalue()


def _animation(
    im: Image.Image, recipe: Recipe, icc: bytes | None, credit: CreditText
) -> bytes | None:
    """Every frame, re-drawn from bare pixels; None for a still image."""
    frames = getattr(im, "n_frames", 1)
    if frames <= 1 or not recipe.animate or recipe.format not in _ANIMATED_FORMATS:
        return None
    width, height = im.size
    if frames * width * height > MAX_FRAME_PIXELS:
        raise ImageRefused(f"{frames} frames of {width}x{height} is too many pixels to publish")
    pictures, durations = [], []
    loop = im.info.get("loop", 0)
    for frame in ImageSequence.Iterator(im):
        durations.append(int(frame.info.get("duration") or 100))
        pictures.append(bare(to_srgb(frame.convert("RGBA"), icc, flatten=False)))
    return _encode(
        pictures[0],
        recipe,
        credit,
        save_all=True,
        append_images=pictures[1:],
        duration=durations,
        loop=int(loop) if isinstance(loop, int) else 0,
    )


def _make(source: Path, recipe: Recipe, key: str, cache: SafeCache) -> tuple[Variant, ...]:
    with _open(source, recipe.formats, recipe.max_pixels) as im:
        credit = source_credit(im)
        icc = im.info.get("icc_profile")
        animated = _animation(im, recipe, icc, credit)
        if animated is not None:
            path = cache.file(key, im.width, recipe.format)
            _atomic_write(path, animated)
            return (Variant(path, im.width, im.height),)
        try:
            orientation = int(im.getexif().get(0x0112, 1) or 1)
        except (TypeError, ValueError, SyntaxError, OSError):
            orientation = 1
        turned = orientation in (5, 6, 7, 8)
        upright = (im.height, im.width) if turned else im.size
        if recipe.square:
            upright = (min(upright),) * 2
        sides = _sides(upright, recipe.sizes)
        if im.format == "JPEG" and recipe.sizes and not recipe.square:
            box = _box(upright, sides[0])
            im.draft("RGB", (box[1], box[0]) if turned else box)
        try:
            im.load()
            decoded = ImageOps.exif_transpose(im) if orientation != 1 else im
        except (OSError, SyntaxError, ValueError) as exc:
            text = str(exc) or type(exc).__name__
            if "truncated" in text:
                raise ImageRefused(f"the file is truncated or damaged ({text})") from exc
            raise ImageRefused(f"cannot decode the image: {text}") from exc
        current = bare(_square(decoded) if recipe.square else decoded)
        converted = False
        variants = []
        for side in sides:
            size = _box(upright, side)
            if current.size != size:
                current = current.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
            if not converted:  # on the first (possibly smaller) size: cheaper
                current = _for_format(to_srgb(current, icc, recipe.flatten), recipe.format)
                converted = True
            path = cache.file(key, size[0], recipe.format)
            more: dict[str, Any] = {}
            if recipe.format == "ICO":
                more["sizes"] = [size]
            _atomic_write(path, _encode(current, recipe, credit, **more))
            variants.append(Variant(path, *size))
        return tuple(variants)


def _square(im: Image.Image) -> Image.Image:
    """The largest centred square, a little above the middle of a portrait, where faces
    usually are (a third of the spare height above, two thirds below)."""
    width, height = im.size
    side = min(width, height)
    left = (width - side) // 2
    top = (height - side) // 3
    return im.crop((left, top, left + side, top + side))


def clean(source: str | os.PathLike[str], recipe: Recipe, cache: SafeCache) -> Cleaned:
    """Publishable copies of ``source`` (from the cache when they are there);
    ImageRefused says why there are none."""
    source = Path(source)
    try:
        sha = source_hash(source)
    except OSError as exc:
        raise ImageRefused(f"cannot read the file: {exc.strerror or exc}") from exc
    key = recipe.key(sha)
    known = cache.lookup(key, recipe.format)
    if known is not None:
        return Cleaned(source, known, decoded=False)
    try:
        variants = _make(source, recipe, key, cache)
    except ImageRefused:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageRefused(f"too many pixels: {exc}") from exc
    except (OSError, SyntaxError, ValueError, ImageCms.PyCMSError) as exc:
        raise ImageRefused(f"cannot process the image: {exc}") from exc
    cache.remember(key, variants)
    return Cleaned(source, variants, decoded=True)


def worker_count(settings: Mapping[str, Any]) -> int:
    """Threads for :func:`clean_all`: ``PHOTOS_WORKERS`` (0: every core), at most
    ``MAX_THREADS``, since a full-size image costs about three decoded copies of memory."""
    try:
        wanted = int(settings.get("PHOTOS_WORKERS", 0) or 0)
    except (TypeError, ValueError):
        wanted = 0  # the photo plugin reports the bad setting
    return max(1, min(wanted if wanted > 0 else (os.cpu_count() or 1), MAX_THREADS))


def clean_all(
    jobs: Iterable[tuple[Path, Recipe]], cache: SafeCache, workers: int = 1
) -> dict[Path, Cleaned | ImageRefused]:
    """:func:`clean` for many sources, ``workers`` at a time (Pillow releases the GIL)."""

    def one(job: tuple[Path, Recipe]) -> Cleaned | ImageRefused:
        try:
            return clean(job[0], job[1], cache)
        except ImageRefused as exc:
            return exc

    jobs = list(jobs)
    if workers <= 1 or len(jobs) < 2:
        return {job[0]: one(job) for job in jobs}
    with ThreadPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        return {job[0]: result for job, result in zip(jobs, pool.map(one, jobs), strict=True)}


def publish(cached: Path, target: Path) -> None:
    """Put a cached file into the output folder: a hard link when possible."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() or target.is_symlink():
        target.unlink()
    try:
        os.link(cached, target)
    except OSError:
        _atomic_write(target, cached.read_bytes())
    make_published(target)  # the cache's mkstemp mode (0600) is nobody else's to read
