"""Broken content: one located message per mistake, a non-zero exit, no traceback, and
the previous output/ left byte for byte as it was."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support import run_build

GOOD_POST = """\
---
title: A good post
date: 2024-05-01
tags: [python]
---
All fine here. See [the about page]({filename}/pages/about.md).
"""
ABOUT = "---\ntitle: About\n---\nAbout this site.\n"
CONF = "conferences/minicon-2024"
CONFERENCE_YAML = """\
slug: minicon-2024
name: MiniCon 2024
timezone: Europe/Amsterdam
start: 2024-04-10
end: 2024-04-11
rooms: [Main Hall, Side Room]
"""
SESSIONS_YAML = """\
sessions:
  - slug: opening-keynote
    title: Opening keynote
    kind: keynote
    speakers: [ada]
    start: 2024-04-10 09:00
    duration: 45
    room: main-hall
"""
SPEAKERS_YAML = """\
speakers:
  - slug: ada
    name: Ada Example
"""
ALBUM_YAML = """\
title: MiniCon in pictures
credit: {name: Sam Snapper, url: https://example.org/sam}
licence: CC-BY-4.0
photos:
  - file: stage.jpg
    caption: The main stage
    alt: A stage with a lectern
"""
RECAP = """\
---
title: MiniCon notes
date: 2024-04-12
conference: minicon-2024
---
The [keynote]({talk}opening-keynote) by [Ada]({speaker}ada).

![The stage]({photo}minicon-2024/stage.jpg)
"""


def _saved_at(save_as: str) -> str:
    """A post written to ``save_as`` (line 4), with the matching ``url``."""
    url = save_as.removesuffix("index.html")
    return f"---\ntitle: T\ndate: 2024-05-01\nsave_as: {save_as}\nurl: {url}\n---\nBody.\n"


def _jpeg(size=(120, 80)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _bomb() -> bytes:
    """A small PNG that declares more pixels than Pillow's decompression-bomb limit."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@dataclass(frozen=True)
class Case:
    """Files that break a site, and the messages (``path:line: ...``) they must give."""

    files: dict[str, str | bytes]
    expected: list[tuple[str, str]] = field(default_factory=list)  # (where, words)


CASES: dict[str, Case] = {
    "yaml-syntax": Case(
        {"posts/bad.md": "---\ntitle: Broken\ndate: [2024-05-01\n---\nBody.\n"},
        [("content/posts/bad.md:3", "YAML syntax error")],
    ),
    "misspelt-field": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-05-01\nstauts: draft\n---\nBody.\n"},
        [
            (
                "content/posts/bad.md:4",
                "unknown front matter field 'stauts' (did you mean 'status'?)",
            )
        ],
    ),
    "bad-date": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-02-31\n---\nBody.\n"},
        [("content/posts/bad.md:3", "'2024-02-31' is not a date")],
    ),
    "missing-title": Case(
        {"posts/bad.md": "---\ndate: 2024-05-01\n---\nBody.\n"},
        [("content/posts/bad.md:1", "missing required field 'title'")],
    ),
    "no-front-matter": Case(
        {"posts/bad.md": "Title: Old style\nDate: 2024-05-01\n\nBody.\n"},
        [("content/posts/bad.md:1", "no YAML front matter")],
    ),
    "bad-status": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-05-01\nstatus: publised\n---\nBody.\n"},
        [("content/posts/bad.md:4", "'publised' is not one of")],
    ),
    "tags-as-mapping-title": Case(
        {"posts/bad.md": "---\ntitle: {a: b}\ndate: 2024-05-01\n---\nBody.\n"},
        [("content/posts/bad.md:2", "expected text, got a mapping")],
    ),
    "not-utf8": Case(
        {"posts/bad.md": "---\ntitle: Caf\xe9\ndate: 2024-05-01\n---\n".encode("latin-1")},
        [("content/posts/bad.md:2", "not UTF-8")],
    ),
    "broken-filename-link": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-05-01\n---\nOne.\n\n[x]({filename}nope.md)\n"},
        [("content/posts/bad.md:7", "broken link {filename}nope.md")],
    ),
    "path-escapes-content": Case(
        {
            "posts/bad.md": (
                "---\ntitle: T\ndate: 2024-05-01\n---\n[x]({filename}../../../../etc/passwd)\n"
            )
        },
        [("content/posts/bad.md:5", "points outside the content folder")],
    ),
    "static-file-missing": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-05-01\n---\n![a]({static}/images/no.png)\n"},
        [("content/posts/bad.md:5", "broken link {static}/images/no.png")],
    ),
    "unknown-link-kind": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-05-01\n---\n[x]({tlak}some-talk)\n"},
        [("content/posts/bad.md:5", "unknown link kind '{tlak}'")],
    ),
    "duplicate-slugs": Case(
        {
            "posts/one.md": "---\ntitle: One\ndate: 2024-05-01\nslug: same\n---\nA.\n",
            "posts/two.md": "---\ntitle: Two\ndate: 2024-06-01\nslug: same\n---\nB.\n",
        },
        [
            ("content/posts/one.md:4", "same URL as content/posts/two.md"),
            ("content/posts/two.md:4", "same URL as content/posts/one.md"),
        ],
    ),
    "missing-relative-image": Case(
        {
            "posts/bad.md": (
                "---\ntitle: T\ndate: 2024-05-01\n---\nOne.\n\n![Venue map](images/map.png)\n"
            )
        },
        [("content/posts/bad.md:7", "broken link 'images/map.png': no such file")],
    ),
    "relative-link-to-nowhere": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-05-01\n---\nSee [the venue](../../venue/).\n"},
        [("content/posts/bad.md:5", "broken link '../../venue/'")],
    ),
    "root-absolute-link": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-05-01\n---\nSee [about](/about/).\n"},
        [("content/posts/bad.md:5", "broken link '/about/': starts at the server root")],
    ),
    "unsafe-url-scheme": Case(
        {
            "posts/bad.md": (
                "---\ntitle: T\ndate: 2024-05-01\n---\nFine [link](https://example.org).\n\n"
                "[click](javascript:alert(document.cookie)) and ![x](data:image/png;base64,AAAA)\n"
            )
        },
        [
            ("content/posts/bad.md:7", "unsafe link 'javascript:alert(document.cookie)'"),
            ("content/posts/bad.md:7", "unsafe link 'data:image/png;base64,AAAA'"),
        ],
    ),
    "broken-talk-link": Case(
        {"posts/bad.md": RECAP.replace("{talk}opening-keynote", "{talk}openning-keynote")},
        [("content/posts/bad.md:6", "{talk}openning-keynote")],
    ),
    "broken-speaker-link": Case(
        {"posts/bad.md": RECAP.replace("{speaker}ada", "{speaker}bob")},
        [("content/posts/bad.md:6", "{speaker}bob")],
    ),
    "broken-photo-link": Case(
        {"posts/bad.md": RECAP.replace("stage.jpg)", "stag.jpg)")},
        [("content/posts/bad.md:8", "stag.jpg")],
    ),
    "unknown-conference": Case(
        {
            "posts/bad.md": RECAP.replace("conference: minicon-2024", "conference: minicon-2042")
            .replace("{talk}opening-keynote", "{talk}minicon-2024/opening-keynote")
            .replace("{speaker}ada", "{speaker}minicon-2024/ada")
        },
        [("content/posts/bad.md:4", "minicon-2042")],
    ),
    "conference-yaml-syntax": Case(
        {
            f"{CONF}/conference.yaml": CONFERENCE_YAML.replace(
                "rooms: [Main Hall, Side Room]", "rooms: [Main Hall, Side Room"
            )
        },
        [(f"content/{CONF}/conference.yaml:7", "YAML syntax error")],
    ),
    "unknown-speaker-in-session": Case(
        {f"{CONF}/sessions.yaml": SESSIONS_YAML.replace("[ada]", "[adda]")},
        [(f"content/{CONF}/sessions.yaml:5", "adda")],
    ),
    "missing-photo-listed": Case(
        {f"{CONF}/photos/photos.yaml": ALBUM_YAML + "  - file: gone.jpg\n    alt: Gone\n"},
        [(f"content/{CONF}/photos/photos.yaml:8", "gone.jpg")],
    ),
    "not-an-image": Case(
        {f"{CONF}/photos/notes.jpg": "these are notes, not a photo\n"},
        [(f"content/{CONF}/photos/notes.jpg", "")],
    ),
    "truncated-jpeg": Case(
        {f"{CONF}/photos/cut.jpg": b"TRUNCATE"},
        [(f"content/{CONF}/photos/cut.jpg", "")],
    ),
    "decompression-bomb": Case(
        {f"{CONF}/photos/huge.png": b"BOMB"},
        [(f"content/{CONF}/photos/huge.png", "")],
    ),
    "page-where-credits-are": Case(
        {"pages/credits.md": "---\ntitle: Credits\n---\nThanks to everyone.\n"},
        [("content/pages/credits.md:2", "would be written to credits/index.html, where the site")],
    ),
    "page-where-tags-are": Case(
        {"pages/tags.md": "---\ntitle: Tags\nslug: tags\n---\nMy tags.\n"},
        [("content/pages/tags.md:3", "tags/index.html")],
    ),
    "save-as-robots-txt": Case(
        {"posts/bad.md": _saved_at("robots.txt")},
        [("content/posts/bad.md:4", "would be written to robots.txt, a file the site writes")],
    ),
    "save-as-search-page": Case(
        {"posts/bad.md": _saved_at("search/index.html")},
        [("content/posts/bad.md:4", "search/index.html")],
    ),
    "save-as-conference-page": Case(
        {"posts/bad.md": _saved_at(f"{CONF}/index.html")},
        [("content/posts/bad.md:4", f"{CONF}/index.html")],
    ),
    "save-as-calendar": Case(
        {"posts/bad.md": _saved_at(f"{CONF}/schedule.ics")},
        [("content/posts/bad.md:4", f"{CONF}/schedule.ics")],
    ),
    "unknown-template": Case(
        {"posts/bad.md": "---\ntitle: T\ndate: 2024-05-01\ntemplate: artcle\n---\nBody.\n"},
        [("content/posts/bad.md:4", "unknown template 'artcle' (did you mean 'article'?)")],
    ),
    "template-made-for-talks": Case(
        {
            "posts/bad.md": (
                "---\ntitle: T\ndate: 2024-05-01\ntemplate: conference/talk\n---\nBody.\n"
            )
        },
        [("content/posts/bad.md:4", "cannot show this post: 'session' is undefined")],
    ),
    "partial-as-template": Case(
        {"pages/bad.md": "---\ntitle: T\ntemplate: partials/picture\n---\nBody.\n"},
        [("content/pages/bad.md:3", "template 'partials/picture' is a part of pages")],
    ),
    "missing-lead-image": Case(
        {
            "posts/bad.md": (
                "---\ntitle: T\ndate: 2024-05-01\ntags: [image]\nimage: images/venue.jpg\n"
                "---\nimage: is also in the body.\n"
            )
        },
        [("content/posts/bad.md:5", "image: no such file 'images/venue.jpg'")],
    ),
    "missing-lead-image-static": Case(
        {
            "posts/bad.md": (
                "---\ntitle: T\ndate: 2024-05-01\nimage: '{static}/images/venue.jpg'\n---\nB.\n"
            )
        },
        [("content/posts/bad.md:4", "image: no such file '{static}/images/venue.jpg'")],
    ),
    "blank-speaker-name": Case(
        {f"{CONF}/speakers.yaml": SPEAKERS_YAML.replace("name: Ada Example", "name: '   '")},
        [(f"content/{CONF}/speakers.yaml:3", "field 'name': must not be blank")],
    ),
    "blank-session-title": Case(
        {f"{CONF}/sessions.yaml": SESSIONS_YAML.replace("title: Opening keynote", "title: ''")},
        [(f"content/{CONF}/sessions.yaml:3", "field 'title': must not be blank")],
    ),
    "blank-conference-name": Case(
        {f"{CONF}/conference.yaml": CONFERENCE_YAML.replace("name: MiniCon 2024", "name:  ' '")},
        [(f"content/{CONF}/conference.yaml:2", "field 'name': must not be blank")],
    ),
    "several-files-at-once": Case(
        {
            "posts/a.md": "---\ntitle: A\ndate: 2024-05-01\nsumary: x\n---\nA.\n",
            "posts/b.md": "---\ntitle: B\ndate: 2024-05-01\n---\n[x]({filename}gone.md)\n",
            "pages/c.md": "---\ntitel: C\n---\nC.\n",
        },
        [
            ("content/posts/a.md:4", "unknown front matter field 'sumary'"),
            ("content/posts/b.md:5", "broken link {filename}gone.md"),
            ("content/pages/c.md:2", "unknown front matter field 'titel'"),
        ],
    ),
}


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def good_build(sample_site, tmp_path):
    """A sample site built once cleanly, so a failed build has an output/ to preserve."""
    project = sample_site(
        {
            "posts/good.md": GOOD_POST,
            "posts/recap.md": RECAP,
            "pages/about.md": ABOUT,
            f"{CONF}/conference.yaml": CONFERENCE_YAML,
            f"{CONF}/sessions.yaml": SESSIONS_YAML,
            f"{CONF}/speakers.yaml": SPEAKERS_YAML,
            f"{CONF}/photos/photos.yaml": ALBUM_YAML,
        }
    )
    (project / "content" / CONF / "photos" / "stage.jpg").write_bytes(_jpeg())
    output = tmp_path / "output"
    result = run_build(project, output)
    assert result.returncode == 0, result.stderr
    return project, output


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_content_is_reported_and_output_kept(name, good_build):
    project, output = good_build
    case = CASES[name]
    before = _tree_digest(output)
    for rel, data in case.files.items():
        path = project / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if data == b"TRUNCATE":
            path.write_bytes(_jpeg((800, 600))[:2000])
        elif data == b"BOMB":
            path.write_bytes(_bomb())
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    result = run_build(project, output)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for where, words in case.expected:
        assert any(line.startswith(where + ":") and words in line for line in lines), (
            f"expected {where}: ...{words}... in:\n{result.stderr}"
        )
    assert _tree_digest(output) == before
    assert not list(output.parent.glob(".output.tmp-*")), "temporary build folder left behind"


def test_debug_flag_shows_the_traceback_of_a_crash(sample_site, tmp_path):
    project = sample_site(
        {"posts/good.md": GOOD_POST, "pages/about.md": ABOUT},
        settings="THEME = 'themes/does-not-exist'\n",
    )
    quiet = run_build(project, tmp_path / "out")
    assert quiet.returncode != 0
    assert "Traceback" not in quiet.stderr
    loud = run_build(project, tmp_path / "out", extra=["--debug"])
    assert "Traceback" in loud.stderr


def test_warnings_fail_the_build_unless_allowed(good_build):
    project, output = good_build
    conf = project / "content" / CONF / "conference.yaml"
    conf.write_text(CONFERENCE_YAML + "hashtag: minicon\n", encoding="utf-8")
    before = _tree_digest(output)

    strict = run_build(project, output)
    assert strict.returncode == 1
    assert f"content/{CONF}/conference.yaml:7: warning: unknown field 'hashtag'" in strict.stderr
    assert _tree_digest(output) == before

    lenient = run_build(project, output, extra=["--allow-warnings"])
    assert lenient.returncode == 0, lenient.stderr
    assert "unknown field 'hashtag'" in lenient.stderr
    assert (output / "conferences" / "minicon-2024" / "index.html").exists()
