"""Photos find their sessions: capture time against the schedule, recaps' links,
photos.yaml's word, clock offsets, and the ``invoke photos`` table and ``--write``.

One small conference (written here: a keynote on Monday 23 September 2019, 10:15-11:00
in San Diego, then two rounds of two parallel talks) and an album of tiny photos whose
EXIF DateTimeOriginal is chosen per test; one build serves every test of the module.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html
from PIL import Image

from tests.support import ROOT, SITE_SETTINGS, run_build

pytestmark = pytest.mark.slow

CONF = "match-conf"
DATETIME_ORIGINAL = 0x9003
OFFSET_TIME_ORIGINAL = 0x9011
MODEL = 0x0110
DESCRIPTION = 0x010E
EXIF_IFD = 0x8769

CONFERENCE = """\
name: Match Conf
timezone: America/Los_Angeles
start: 2019-09-23
end: 2019-09-23
rooms: [Hall A, Hall B]
"""
SESSIONS = """\
sessions:
  - slug: opening-keynote
    title: Opening keynote
    kind: keynote
    speakers: [ada]
    start: 2019-09-23 10:15
    end: 2019-09-23 11:00
  - slug: async-talk
    title: Async all the way
    speakers: [bob]
    room: hall-a
    start: 2019-09-23 11:15
    end: 2019-09-23 11:45
  - slug: orm-talk
    title: The ORM, gently
    room: hall-b
    start: 2019-09-23 11:15
    end: 2019-09-23 11:45
  - slug: testing-talk
    title: Tests that fail
    room: hall-a
    start: 2019-09-23 12:00
    end: 2019-09-23 12:30
  - slug: docs-talk
    title: Docs people read
    room: hall-b
    start: 2019-09-23 12:00
    end: 2019-09-23 12:30
"""
SPEAKERS = """\
speakers:
  - {slug: ada, name: Ada Keynoter}
  - {slug: bob, name: Bob Async}
"""
ALBUM = """\
title: Match Conf in pictures
credit: {name: Album Default}
clock_offsets:
  cameras: {"Slow Cam": "+00:30:00"}
photos:
  - file: opted-out.jpg
    alt: An empty stage.
    sessions: []
  - file: named.jpg
    alt: A slide about docs.
    sessions: [docs-talk]
"""
POST = """\
---
title: I was there
date: 2019-09-30 09:00
conference: match-conf
summary: A recap.
---
I went to [the async talk]({talk}async-talk) after the keynote.
"""
#: file -> (DateTimeOriginal, OffsetTimeOriginal, camera model)
PHOTOS = {
    "keynote.jpg": ("2019:09:23 10:30:00", None, "Cam"),
    "abroad.jpg": ("2019:09:23 19:40:00", "+02:00", "Cam"),  # 10:40 in San Diego
    "linked.jpg": ("2019:09:23 11:20:00", None, "Cam"),
    "unlinked.jpg": ("2019:09:23 12:10:00", None, "Cam"),
    "slow-clock.jpg": ("2019:09:23 10:50:00", None, "Slow Cam"),  # really 11:20
    "opted-out.jpg": ("2019:09:23 10:40:00", None, "Cam"),
    "named.jpg": ("2019:09:23 12:10:00", None, "Cam"),
}


def write_photo(path: Path, taken: str, offset: str | None, camera: str) -> None:
    exif = Image.Exif()
    exif[MODEL] = camera
    exif[DESCRIPTION] = f"A photo taken at {taken}"
    ifd = exif.get_ifd(EXIF_IFD)
    ifd[DATETIME_ORIGINAL] = taken
    if offset:
        ifd[OFFSET_TIME_ORIGINAL] = offset
    Image.new("RGB", (240, 160), (40, 90, 160)).save(path, "JPEG", exif=exif)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("matching") / "site"
    folder = root / "content" / "conferences" / CONF
    album = folder / "photos"
    album.mkdir(parents=True)
    (folder / "conference.yaml").write_text(CONFERENCE, encoding="utf-8")
    (folder / "sessions.yaml").write_text(SESSIONS, encoding="utf-8")
    (folder / "speakers.yaml").write_text(SPEAKERS, encoding="utf-8")
    (album / "photos.yaml").write_text(ALBUM, encoding="utf-8")
    for name, (taken, offset, camera) in PHOTOS.items():
        write_photo(album / name, taken, offset, camera)
    (root / "content" / "posts").mkdir(parents=True)
    (root / "content" / "posts" / "recap.md").write_text(POST, encoding="utf-8")
    (root / "pelicanconf.py").write_text(
        (SITE_SETTINGS / "pelicanconf.py").read_text(encoding="utf-8")
        + f"\nTHEME = {str(ROOT / 'themes' / 'recap')!r}\nPHOTOS_SIZES = [240]\n"
        "PHOTOS_SHARE_WIDTH = None\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def output(project: Path) -> Path:
    build = run_build(project, project / "output")
    assert build.returncode == 0, build.stderr
    return build.output


def photos_on(output: Path, *parts: str) -> list[str]:
    """The album photos shown in the "Photos" section of a talk or speaker page."""
    page = output / "conferences" / CONF / Path(*parts) / "index.html"
    doc = html.fromstring(page.read_text(encoding="utf-8"))
    links = doc.cssselect(".photos-of a.gallery__link")
    return sorted(a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in links)


def test_a_photo_taken_during_the_keynote_shows_on_the_keynote_page(output):
    assert photos_on(output, "talks", "opening-keynote") == ["abroad", "keynote"]


def test_the_section_says_what_it_is_and_credits_each_photo(output):
    page = output / "conferences" / CONF / "talks" / "opening-keynote" / "index.html"
    doc = html.fromstring(page.read_text(encoding="utf-8"))
    section = doc.cssselect(".photos-of")[0]
    assert section.cssselect("h2")[0].text_content() == "Photos from this session"
    credits = [c.text_content() for c in section.cssselect(".photo-credit")]
    assert credits == ["Photo: Album Default"] * 2


def test_a_photo_during_parallel_talks_shows_on_the_one_the_recap_links(output):
    assert "linked" in photos_on(output, "talks", "async-talk")
    assert "linked" not in photos_on(output, "talks", "orm-talk")


def test_a_photo_during_parallel_unlinked_talks_shows_on_neither(output):
    assert "unlinked" not in photos_on(output, "talks", "testing-talk")
    assert "unlinked" not in photos_on(output, "talks", "docs-talk")


def test_a_clock_offset_moves_a_photo_from_the_keynote_to_the_next_session(output):
    assert "slow-clock" not in photos_on(output, "talks", "opening-keynote")
    assert "slow-clock" in photos_on(output, "talks", "async-talk")


def test_photos_yaml_keeps_precedence_and_an_empty_list_opts_out(output):
    assert photos_on(output, "talks", "docs-talk") == ["named"]
    assert "opted-out" not in photos_on(output, "talks", "opening-keynote")


def test_a_speaker_page_shows_the_photos_of_their_sessions(output):
    assert photos_on(output, "speakers", "ada") == ["abroad", "keynote"]
    assert photos_on(output, "speakers", "bob") == ["linked", "slow-clock"]


def run_photos(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "recapkit.photos.matchreport", CONF, *extra]
    return subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def row_of(table: str, name: str) -> list[str]:
    """The cells of a photo's row: photo, taken, camera, session, why."""
    line = next(line for line in table.splitlines() if line.startswith(name + " "))
    return re.split(r"\s{2,}", line.strip())


def test_invoke_photos_lists_each_match_its_reason_and_the_candidates(project, output):
    result = run_photos(project)
    assert result.returncode == 0, result.stderr
    table = result.stdout
    assert row_of(table, "keynote.jpg")[1:] == [
        "2019-09-23 10:30:00",
        "Cam",
        "opening-keynote",
        "plenary",
    ]
    assert row_of(table, "abroad.jpg")[1] == "2019-09-23 10:40:00"  # +02:00 read right
    assert row_of(table, "linked.jpg")[3:] == ["async-talk", "your recap"]
    assert row_of(table, "named.jpg")[3:] == ["docs-talk", "photos.yaml"]
    assert row_of(table, "slow-clock.jpg")[1:4] == ["2019-09-23 11:20:00", "Slow Cam", "async-talk"]
    session, why = row_of(table, "unlinked.jpg")[3:]
    assert session == "-" and why.startswith("ambiguous")
    assert "testing-talk (Mon 12:00–12:30)" in why and "docs-talk (Mon 12:00–12:30)" in why


def test_invoke_photos_write_adds_clear_matches_as_comments_once(project, output):
    yaml_path = project / "content" / "conferences" / CONF / "photos" / "photos.yaml"
    before = yaml_path.read_text(encoding="utf-8")
    try:
        assert run_photos(project, "--write").returncode == 0
        once = yaml_path.read_text(encoding="utf-8")
        assert run_photos(project, "--write").returncode == 0
        assert yaml_path.read_text(encoding="utf-8") == once
    finally:
        yaml_path.write_text(before, encoding="utf-8")
    added = [line for line in once.splitlines() if line not in before.splitlines()]
    suggested = "\n".join(added)
    assert "#   - file: keynote.jpg" in suggested
    assert "#     sessions: [opening-keynote]" in suggested
    assert "#     sessions: [async-talk]  # matched by time (your recap)" in suggested
    assert "unlinked.jpg" not in suggested  # ambiguous: nothing suggested
    # Everything the author wrote is still there, and still the same data.
    assert all(line in once for line in before.splitlines())


def test_capture_time_rules_without_a_build():
    """The offsets' format and precedence, read as photos.yaml is."""
    from recapkit.photos.album import AlbumFile, AlbumSource

    spec = AlbumFile.model_validate(
        {
            "clock_offset": "-1h",
            "clock_offsets": {"cameras": {"X": "+3m20s"}, "photographers": {"Jo": "-00:00:30"}},
        }
    )
    assert spec.clock_offset == dt.timedelta(hours=-1)
    assert spec.clock_offsets.cameras["X"] == dt.timedelta(minutes=3, seconds=20)
    assert spec.clock_offsets.photographers["Jo"] == dt.timedelta(seconds=-30)
    with pytest.raises(ValueError, match="needs a sign"):
        AlbumFile.model_validate({"clock_offset": "00:03:20"})
    album = AlbumSource("a", Path("a"), "a", None, spec, None, None)
    assert album.clock_offset("X", "Jo") == dt.timedelta(minutes=3, seconds=20)  # camera
    assert album.clock_offset("Y", "Jo") == dt.timedelta(seconds=-30)  # photographer
    assert album.clock_offset(None, None) == dt.timedelta(hours=-1)  # album


def test_a_bad_clock_offset_is_reported_on_its_line(sample_site, tmp_path):
    project = sample_site(
        {
            f"conferences/{CONF}/conference.yaml": CONFERENCE,
            f"conferences/{CONF}/sessions.yaml": SESSIONS,
            f"conferences/{CONF}/speakers.yaml": SPEAKERS,
            f"conferences/{CONF}/photos/photos.yaml": (
                "credit: {name: A}\nclock_offset: '00:03:20'\n"
                "clock_offsets:\n  cameras: {X: 'soon'}\n"
            ),
        }
    )
    build = run_build(project, tmp_path / "out")
    assert build.returncode == 1
    where = f"content/conferences/{CONF}/photos/photos.yaml"
    assert f"{where}:2: " in build.stderr and "needs a sign" in build.stderr
    assert f"{where}:4: " in build.stderr
    assert "Traceback" not in build.stderr
