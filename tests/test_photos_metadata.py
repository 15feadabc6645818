"""Reading who made a photo from its own metadata, and planning its derivatives."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from recapkit.photos.licences import lookup
from recapkit.photos.metadata import (
    IPTC_BYLINE,
    IPTC_CHARSET,
    PhotoFileError,
    _iptc_field,
    inspect,
    is_junk,
)
from recapkit.photos.pipeline import Embedded, long_sides, plan
from recapkit.photos.settings import PhotoSettings

SETTINGS = PhotoSettings()

XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
  xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"
  photoshop:Credit="Studio Zoë Łukasiewicz for the Conference"
  xmpRights:WebStatement="https://example.org/zoe">
 <dc:creator><rdf:Seq><rdf:li>Zoë Łukasiewicz</rdf:li></rdf:Seq></dc:creator>
 <dc:rights><rdf:Alt>
  <rdf:li xml:lang="x-default">© 2019 Zoë Łukasiewicz</rdf:li>
 </rdf:Alt></dc:rights>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def save(path: Path, exif: dict | None = None, **kwargs) -> Path:
    image_exif = Image.Exif()
    for tag, value in (exif or {}).items():
        image_exif[tag] = value
    Image.new("RGB", (60, 40), "#336699").save(path, "JPEG", exif=image_exif, **kwargs)
    return path


def read(path: Path):
    return inspect(path, SETTINGS.source_formats, SETTINGS.max_pixels)


def test_xmp_credit_is_read_whole_in_unicode(tmp_path):
    info = read(save(tmp_path / "a.jpg", {0x013B: "Someone Else"}, xmp=XMP.encode()))
    assert info.credit.name == "Zoë Łukasiewicz"  # XMP beats EXIF
    assert info.credit.url == "https://example.org/zoe"
    assert info.credit.copyright == "© 2019 Zoë Łukasiewicz"


def test_exif_utf8_credit_read_as_latin1_is_repaired(tmp_path):
    artist = "José Ñúñez".encode()
    notice = "© 2019 José Ñúñez".encode()
    info = read(save(tmp_path / "b.jpg", {0x013B: artist, 0x8298: notice}))
    assert info.credit.name == "José Ñúñez"
    assert info.credit.copyright == "© 2019 José Ñúñez"


@pytest.mark.parametrize("value", ["null", "CREDIT", "COPYRIGHT, 2007", "  ", "(c)", "Unknown"])
def test_placeholder_credits_count_as_absent(tmp_path, value):
    assert is_junk(value)
    info = read(save(tmp_path / "c.jpg", {0x013B: value, 0x8298: value}))
    assert info.credit.name is None


@pytest.mark.parametrize("value", ["Jane Doe", "Studio 54", "李小龍"])
def test_real_names_are_not_junk(value):
    assert not is_junk(value)


def test_copyright_notice_alone_gives_a_name(tmp_path):
    info = read(
        save(tmp_path / "d.jpg", {0x8298: "Copyright 2019 Ada Lovelace. All rights reserved"})
    )
    assert info.credit.name == "Ada Lovelace"


def test_iptc_fields_honour_the_utf8_charset_marker():
    info = {IPTC_CHARSET: b"\x1b%G", IPTC_BYLINE: "Zoë".encode()}
    assert _iptc_field(info, IPTC_BYLINE) == "Zoë"
    assert _iptc_field({IPTC_BYLINE: "Zoë".encode("latin-1")}, IPTC_BYLINE) == "Zoë"
    assert _iptc_field({IPTC_BYLINE: [b"A One", b"B Two"]}, IPTC_BYLINE) == "A One, B Two"


def test_orientation_swaps_the_displayed_size(tmp_path):
    info = read(save(tmp_path / "e.jpg", {0x0112: 6}))
    assert (info.width, info.height) == (40, 60)
    assert info.stored_size == (60, 40)


def test_unreadable_files_raise_a_message_for_the_author(tmp_path):
    (tmp_path / "x.jpg").write_text("hello")
    with pytest.raises(PhotoFileError, match="not an image"):
        read(tmp_path / "x.jpg")
    with pytest.raises(PhotoFileError, match="file not found"):
        read(tmp_path / "missing.jpg")


def test_sizes_never_upscale():
    assert long_sides(6000, 4000, (480, 960, 1440, 2048)) == [480, 960, 1440, 2048]
    assert long_sides(1200, 800, (480, 960, 1440, 2048)) == [480, 960, 1200]
    assert long_sides(300, 200, (480, 960)) == [300]


def test_cache_keys_change_only_for_the_derivatives_a_setting_touches(tmp_path):
    info = read(save(tmp_path / "f.jpg"))
    credit = Embedded("A", "B")
    base = plan(
        info, "sha", (16, 32, 48), ("avif", "webp", "jpeg"), SETTINGS.encoder_options, credit
    )
    tuned = PhotoSettings(encoders={**SETTINGS.encoders, "webp": {"quality": 50, "method": 2}})
    other = plan(info, "sha", (16, 32, 48), ("avif", "webp", "jpeg"), tuned.encoder_options, credit)
    changed = {(a.format, a.long_side) for a, b in zip(base, other, strict=True) if a.key != b.key}
    assert changed == {("webp", side) for side in (16, 32, 48)}
    recredited = plan(
        info,
        "sha",
        (16, 32, 48),
        ("avif", "webp", "jpeg"),
        SETTINGS.encoder_options,
        Embedded("C", "B"),
    )
    assert all(a.key != b.key for a, b in zip(base, recredited, strict=True))


def test_licences_are_shown_by_name_with_a_link():
    licence = lookup("cc-by-sa-4.0")
    assert licence.name == "Creative Commons Attribution Share Alike 4.0 International"
    assert licence.url == "https://creativecommons.org/licenses/by-sa/4.0/"
    with pytest.raises(ValueError, match="not an SPDX licence id"):
        lookup("CC-BY")


def _iptc_segment(fields: dict[tuple[int, int], bytes]) -> bytes:
    """A Photoshop APP13 block carrying IPTC-IIM records, as cameras and Lightroom write."""
    records = b"".join(
        b"\x1c" + bytes([record, dataset]) + len(value).to_bytes(2, "big") + value
        for (record, dataset), value in fields.items()
    )
    if len(records) % 2:
        records += b"\x00"
    resource = b"8BIM" + (0x0404).to_bytes(2, "big") + b"\x00\x00"
    resource += len(records).to_bytes(4, "big") + records
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload


def test_iptc_byline_and_copyright_are_read_from_the_file(tmp_path):
    path = save(tmp_path / "iptc.jpg", {0x013B: "EXIF Name"})
    data = path.read_bytes()
    segment = _iptc_segment(
        {
            (1, 90): b"\x1b%G",
            (2, 80): "Zoë Photographer".encode(),
            (2, 116): "© 2019 Zoë Photographer".encode(),
        }
    )
    path.write_bytes(data[:2] + segment + data[2:])
    info = read(path)
    assert info.credit.name == "Zoë Photographer"  # IPTC beats EXIF
    assert info.credit.copyright == "© 2019 Zoë Photographer"


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("cmyk.jpg", lambda p: Image.new("CMYK", (90, 60), (0, 255, 255, 0)).save(p, "JPEG")),
        ("alpha.png", lambda p: Image.new("RGBA", (90, 60), (200, 0, 0, 0)).save(p, "PNG")),
        ("grey.png", lambda p: Image.new("L", (90, 60), 128).save(p, "PNG")),
    ],
)
def test_other_colour_modes_publish_as_rgb(tmp_path, name, make):
    from recapkit.photos.pipeline import Job, process

    source = tmp_path / name
    make(source)
    info = read(source)
    specs = plan(
        info, "sha", (32, 64), ("webp", "jpeg"), SETTINGS.encoder_options, Embedded("A", "B")
    )
    targets = {s.key: str(tmp_path / f"out-{s.width}.{s.ext}") for s in specs}
    job = Job(
        source=str(source),
        info=info,
        specs=specs,
        missing=frozenset(targets),
        targets=targets,
        encoder_options={f: SETTINGS.encoder_options(f) for f in ("webp", "jpeg")},
        embedded=Embedded("A", "B"),
    )
    result = process(job)
    assert result.error is None and result.written == len(specs)
    for target in targets.values():
        with Image.open(target) as im:
            assert im.mode == "RGB"
            assert im.getexif().get(0x013B) == "A"
    if name == "alpha.png":  # transparent pixels are flattened onto white, not black
        with Image.open(targets[specs[-1].key]) as im:
            assert im.getpixel((5, 5)) >= (240, 240, 240)
