"""A warm, incremental rebuild (the live server's) writes exactly what a clean build
writes.

One ``python -m recapkit.warmbuild`` process (the live server's builder, driven over
its stdin/stdout as the server drives it) rebuilds a tiny site after each edit: a
post, a talk in sessions.yaml, a photo caption, a template and a setting. After each,
its ``output/`` is compared byte for byte with a clean ``python -m recapkit build`` of
the same files into a fresh folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.support import ROOT, run_build

pytestmark = pytest.mark.slow

CONF = "tinyconf-2024"
FILES = {
    f"conferences/{CONF}/conference.yaml": """\
        name: TinyConf 2024
        timezone: Europe/Berlin
        start: 2024-06-01
        end: 2024-06-01
        days: [{date: 2024-06-01, kind: talks}]
        rooms: [Main Hall, Side Room]
        """,
    f"conferences/{CONF}/sessions.yaml": """\
        sessions:
          - slug: opening
            title: Opening
            kind: keynote
            speakers: [ada]
            start: 2024-06-01 09:00
            duration: 30
            room: main-hall
            abstract: Why we are *here*.
          - slug: parsers
            title: Parsers by hand
            kind: talk
            speakers: [grace]
            start: 2024-06-01 10:00
            duration: 45
            room: side-room
          - slug: closing
            title: Closing
            kind: talk
            speakers: [ada]
            start: 2024-06-01 17:00
            duration: 15
            room: main-hall
        """,
    f"conferences/{CONF}/speakers.yaml": """\
        speakers:
          - slug: ada
            name: Ada Example
            bio: Writes *compilers*.
          - slug: grace
            name: Grace Example
        """,
    f"conferences/{CONF}/photos/photos.yaml": """\
        title: TinyConf in pictures
        credit: {name: Pat Photographer, url: https://example.org/pat}
        licence: CC-BY-4.0
        photos:
          - file: stage.jpg
            caption: The opening on the main stage.
            alt: A stage with a speaker.
            sessions: [opening]
          - file: hall.jpg
            caption: The side room.
            alt: A small room with chairs.
        """,
    "posts/day-one.md": """\
        ---
        title: TinyConf day one
        date: 2024-06-02 09:00
        tags: [parsing]
        conference: tinyconf-2024
        summary: The first day.
        ---
        The [opening]({talk}opening) by [Ada]({speaker}ada) was short.
        """,
    "posts/older.md": """\
        ---
        title: An older recap
        date: 2024-05-01 09:00
        tags: [misc]
        summary: Before TinyConf.
        ---
        Nothing about TinyConf here.
        """,
    "pages/about.md": """\
        ---
        title: About
        ---
        About this site.
        """,
}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class Warm:
    """The live server's builder process, one build per request."""

    def __init__(self, project: Path, output: Path):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-m", "recapkit.warmbuild", "-s", "pelicanconf.py"]
        self.process = subprocess.Popen(
            [*cmd, "-o", str(output)],
            cwd=project,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def build(self) -> dict:
        self.process.stdin.write("build\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the builder process died"
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture
def project(sample_site) -> Path:
    root = sample_site(FILES)
    album = root / "content" / "conferences" / CONF / "photos"
    Image.new("RGB", (640, 420), "#446688").save(album / "stage.jpg", "JPEG")
    Image.new("RGB", (480, 640), "#aa7744").save(album / "hall.jpg", "JPEG")
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _same_as_clean(project: Path, incremental: Path, tmp_path: Path, name: str) -> None:
    clean = run_build(project, tmp_path / f"clean-{name}")
    assert clean.returncode == 0, clean.stderr
    ours, theirs = _tree(incremental), _tree(clean.output)
    assert sorted(ours) == sorted(theirs), name
    differ = [rel for rel in ours if ours[rel] != theirs[rel]]
    assert differ == [], f"after the {name} edit these files differ from a clean build"


def test_each_incremental_rebuild_writes_what_a_clean_build_writes(project, tmp_path):
    content = project / "content"
    output = tmp_path / "live-output"
    warm = Warm(project, output)
    try:
        first = warm.build()
        assert first["ok"], first["lines"]
        _same_as_clean(project, output, tmp_path, "first")

        unchanged = warm.build()
        assert unchanged["ok"] and unchanged["changed"] == []
        assert unchanged["rendered"] == 0 and unchanged["reused"] > 0

        # A post: its page and the speaker it now names; not an unrelated talk,
        # whose file is not even rewritten.
        speaker_page = output / "conferences" / CONF / "speakers" / "grace" / "index.html"
        other_talk = output / "conferences" / CONF / "talks" / "parsers" / "index.html"
        other_before = other_talk.stat().st_mtime_ns
        post_file = content / "posts" / "day-one.md"
        _edit(post_file, "was short.", "was short; [Grace]({speaker}grace) came.")
        post = warm.build()
        assert post["ok"], post["lines"]
        changed = set(post["changed"])
        assert "2024/tinyconf-day-one/index.html" in changed
        assert f"conferences/{CONF}/speakers/grace/index.html" in changed
        assert "2024/tinyconf-day-one/" in speaker_page.read_text()  # "Mentioned in"
        assert f"conferences/{CONF}/talks/parsers/index.html" not in changed
        assert other_talk.stat().st_mtime_ns == other_before
        _same_as_clean(project, output, tmp_path, "post")

        # A new title: the talk it links shows it in "Mentioned in".
        _edit(post_file, "title: TinyConf day one", "title: TinyConf, day one")
        retitled = warm.build()
        assert f"conferences/{CONF}/talks/opening/index.html" in retitled["changed"]
        _same_as_clean(project, output, tmp_path, "title")

        # It no longer links the speaker: her "Mentioned in" goes again.
        _edit(post_file, "; [Grace]({speaker}grace) came.", ".")
        unlinked = warm.build()
        assert f"conferences/{CONF}/speakers/grace/index.html" in unlinked["changed"]
        _same_as_clean(project, output, tmp_path, "unlink")

        sessions = content / "conferences" / CONF / "sessions.yaml"
        _edit(sessions, "title: Parsers by hand", "title: Parsers, by hand")
        talk = warm.build()
        assert f"conferences/{CONF}/talks/parsers/index.html" in talk["changed"]
        _same_as_clean(project, output, tmp_path, "sessions.yaml")

        album = content / "conferences" / CONF / "photos" / "photos.yaml"
        _edit(album, "caption: The opening on the main stage.", "caption: Ada opens.")
        caption = warm.build()
        assert caption["ok"], caption["lines"]
        _same_as_clean(project, output, tmp_path, "photo caption")

        talk_template = project / "themes" / "recap" / "templates" / "conference" / "talk.html"
        _edit(talk_template, "<h1>{{ session.title }}</h1>", "<h1>Talk: {{ session.title }}</h1>")
        template = warm.build()
        assert f"conferences/{CONF}/talks/closing/index.html" in template["changed"]
        assert (
            "Talk: Closing"
            in (output / "conferences" / CONF / "talks" / "closing" / "index.html").read_text()
        )
        _same_as_clean(project, output, tmp_path, "template")

        settings = project / "pelicanconf.py"
        _edit(settings, 'SITENAME = "Fixture Recaps"', 'SITENAME = "Tiny Recaps"')
        setting = warm.build()
        assert f"conferences/{CONF}/speakers/ada/index.html" in setting["changed"]
        _same_as_clean(project, output, tmp_path, "setting")
    finally:
        warm.close()


def test_a_failed_rebuild_leaves_output_as_it_was_and_the_next_good_one_catches_up(
    project, tmp_path
):
    output = tmp_path / "live-output"
    warm = Warm(project, output)
    try:
        assert warm.build()["ok"]
        before = _tree(output)
        post = project / "content" / "posts" / "day-one.md"
        _edit(post, "tags: [parsing]", "tagz: [parsing]")  # line 4
        failed = warm.build()
        assert not failed["ok"]
        assert any(line.startswith("content/posts/day-one.md:4: ") for line in failed["lines"])
        assert _tree(output) == before
        _edit(post, "tagz: [parsing]", "tags: [parsing, fixed]")
        fixed = warm.build()
        assert fixed["ok"], fixed["lines"]
        _same_as_clean(project, output, tmp_path, "fixed")
    finally:
        warm.close()


RUN_TWICE = """\
import sys
from pathlib import Path
from pelican import Pelican
from pelican.settings import read_settings

pelican = Pelican(read_settings("pelicanconf.py", override={"OUTPUT_PATH": sys.argv[1]}))
pelican.run()
post = Path("content/posts/older.md")
post.write_text(post.read_text().replace("Nothing about", "Still nothing about"))
pelican.run()  # what ``pelican --autoreload`` does after a change: the same object again
"""


def test_a_second_run_of_one_pelican_object_writes_the_edit(project, tmp_path):
    """``pelican --autoreload`` with our plugins: the second run's pages are written."""
    output = tmp_path / "autoreload-output"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", RUN_TWICE, str(output)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page = (output / "2024" / "an-older-recap" / "index.html").read_text(encoding="utf-8")
    assert "Still nothing about" in page


def _edition(year: int, series: str = "series: tinycon\n") -> dict[str, str]:
    base = f"conferences/tinycon-{year}/"
    return {
        base + "conference.yaml": (
            f"name: TinyCon {year}\ntimezone: Europe/Brussels\n"
            f"start: {year}-02-01\nend: {year}-02-01\nrooms: [Main]\n{series}"
        ),
        base + "sessions.yaml": (
            f"sessions:\n  - slug: opening\n    title: Opening {year}\n    speakers: [ada]\n"
            f"    start: {year}-02-01 09:00\n    duration: 30\n    room: Main\n"
        ),
        base + "speakers.yaml": "speakers:\n  - {slug: ada, name: Ada Example}\n",
    }


LINK = """\
  - url: https://video.example.org/opening-{n}
    title: Opening, recorded {n}
    author: Dee Filmer
    kind: video
    date: 2032-02-03
    sessions: [opening]
    speakers: [ada]
"""


def test_links_and_series_edits_rebuild_what_a_clean_build_writes(sample_site, tmp_path):
    """links.yaml and the series an edition belongs to reach the pages of conferences
    whose own files did not change (the other editions'); a warm rebuild shows that."""
    files = {**_edition(2031), **_edition(2032)}
    files["conferences/tinycon-2032/links.yaml"] = "links:\n" + LINK.format(n=1)
    files["pages/about.md"] = "---\ntitle: About\n---\nAbout this site.\n"
    project = sample_site(files)
    content = project / "content" / "conferences"
    output = tmp_path / "live-output"
    warm = Warm(project, output)
    try:
        assert warm.build()["ok"]
        _same_as_clean(project, output, tmp_path, "first")

        links = content / "tinycon-2032" / "links.yaml"
        links.write_text(links.read_text() + LINK.format(n=2), encoding="utf-8")
        linked = warm.build()
        assert linked["ok"], linked["lines"]
        talk = "conferences/tinycon-2032/talks/opening/index.html"
        assert talk in linked["changed"]
        assert "Opening, recorded 2" in (output / talk).read_text(encoding="utf-8")
        _same_as_clean(project, output, tmp_path, "links.yaml")

        # A new edition: the 2032 overview (unchanged files) now names it.
        for name, text in _edition(2033).items():
            (project / "content" / name).parent.mkdir(parents=True, exist_ok=True)
            (project / "content" / name).write_text(text, encoding="utf-8")
        added = warm.build()
        assert added["ok"], added["lines"]
        assert "conferences/tinycon-2032/index.html" in added["changed"]
        _same_as_clean(project, output, tmp_path, "new edition")

        # 2031 leaves the series: 2032 no longer links it as the previous edition.
        first = content / "tinycon-2031" / "conference.yaml"
        _edit(first, "series: tinycon\n", "")
        left = warm.build()
        assert left["ok"], left["lines"]
        assert "conferences/tinycon-2032/index.html" in left["changed"]
        _same_as_clean(project, output, tmp_path, "series")
    finally:
        warm.close()
