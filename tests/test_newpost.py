"""``invoke new-post`` on the real command line: help, dates, and the draft it writes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

CONFERENCE = """\
name: Tiny Conf 2031
timezone: Europe/Brussels
start: 2031-02-01
end: 2031-02-02
rooms: [Main]
"""
SESSIONS = """\
sessions:
  - slug: opening
    title: Opening
    start: 2031-02-01 09:00
    duration: 30
    room: Main
"""


def _project(tmp_path: Path, conference: bool = True) -> Path:
    """A project folder with the real tasks.py, and optionally one conference."""
    project = tmp_path / "project"
    (project / "content" / "posts").mkdir(parents=True)
    shutil.copy2(ROOT / "tasks.py", project / "tasks.py")
    if conference:
        folder = project / "content" / "conferences" / "tiny-2031"
        folder.mkdir(parents=True)
        (folder / "conference.yaml").write_text(CONFERENCE, encoding="utf-8")
        (folder / "sessions.yaml").write_text(SESSIONS, encoding="utf-8")
        (folder / "speakers.yaml").write_text("speakers: []\n", encoding="utf-8")
    return project


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _posts(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "content" / "posts").iterdir())


def test_help_prints_the_options_and_writes_nothing(tmp_path):
    project = _project(tmp_path)
    for flag in ("--help", "-h"):
        result = invoke(project, "new-post", flag)
        assert result.returncode == 0, result.stderr
        assert "Usage:" in result.stdout
        assert "--conference" in result.stdout and "--date" in result.stdout
        assert _posts(project) == []


def test_an_unknown_option_is_refused_not_taken_as_a_title(tmp_path):
    project = _project(tmp_path)
    result = invoke(project, "new-post", "--titel")
    assert result.returncode != 0
    assert _posts(project) == []


def test_the_date_defaults_to_the_conferences_last_day(tmp_path):
    project = _project(tmp_path)
    result = invoke(project, "new-post", "Tiny Conf", "--conference", "tiny-2031")
    assert result.returncode == 0, result.stderr
    assert _posts(project) == ["2031-02-02-tiny-conf.md"]
    text = (project / "content" / "posts" / "2031-02-02-tiny-conf.md").read_text()
    assert "\ndate: 2031-02-02\n" in text
    assert "\nconference: tiny-2031\n" in text
    assert "\nstatus: draft\n" in text


def test_an_explicit_date_wins_and_a_second_run_does_not_overwrite(tmp_path):
    project = _project(tmp_path)
    args = ("new-post", "Tiny Conf", "--conference", "tiny-2031", "--date", "2031-03-01")
    assert invoke(project, *args).returncode == 0
    path = project / "content" / "posts" / "2031-03-01-tiny-conf.md"
    path.write_text("my words", encoding="utf-8")
    again = invoke(project, *args)
    assert again.returncode == 1
    assert "exists already" in again.stderr
    assert path.read_text() == "my words"


def test_an_unknown_conference_is_one_line_and_nothing_is_written(tmp_path):
    project = _project(tmp_path)
    result = invoke(project, "new-post", "Nope", "--conference", "nope-2031")
    assert result.returncode == 1
    assert "no conference 'nope-2031'" in result.stderr
    assert "Traceback" not in result.stderr
    assert _posts(project) == []


def test_without_a_conference_the_skeleton_is_dated_today(tmp_path):
    import datetime as dt

    project = _project(tmp_path, conference=False)
    result = invoke(project, "new-post", "Notes")
    assert result.returncode == 0, result.stderr
    assert _posts(project) == [f"{dt.date.today().isoformat()}-notes.md"]


DRAFT_CONFERENCE = """\
name: Tiny Conf 2031
timezone: Europe/Brussels
start: 2031-02-01
end: 2031-02-02
rooms: [Main, Side]
"""
DRAFT_SESSIONS = """\
sessions:
  - {slug: opening, title: Opening, kind: keynote, speakers: [ada],
     start: 2031-02-01 09:00, duration: 30, room: Main}
  - {slug: rust-in-the-kernel, title: "Rust in the *kernel* <b>now</b> [sic]",
     speakers: [bo, ada], start: 2031-02-01 09:30, duration: 45, room: Main,
     video: "https://video.example.org/watch?v=1&t=(30)"}
  - {slug: fast-builds, title: Fast builds, speakers: [ada],
     start: 2031-02-01 09:30, duration: 45, room: Side}
  - {slug: closing, title: Closing words, speakers: [bo],
     start: 2031-02-02 16:00, duration: 30, room: Main}
"""
DRAFT_SPEAKERS = """\
speakers:
  - {slug: ada, name: Ada Lovelace}
  - {slug: bo, name: "Bo_Builder"}
"""
ALBUM = """\
credit: {name: Cy Photographer}
licence: CC-BY-4.0
photos:
  - {file: stage.jpg, alt: The stage during the Rust talk, sessions: [rust-in-the-kernel]}
"""


def _draft_site(sample_site) -> Path:
    from PIL import Image

    base = "conferences/tiny-2031/"
    project = sample_site(
        {
            base + "conference.yaml": DRAFT_CONFERENCE,
            base + "sessions.yaml": DRAFT_SESSIONS,
            base + "speakers.yaml": DRAFT_SPEAKERS,
            base + "photos/photos.yaml": ALBUM,
            "pages/about.md": "---\ntitle: About\n---\nAbout this site.\n",
        }
    )
    Image.new("RGB", (96, 64), "teal").save(project / "content" / base / "photos/stage.jpg")
    shutil.copy2(ROOT / "tasks.py", project / "tasks.py")
    return project


def test_a_draft_from_attended_talks_builds_with_links_recording_and_photo(sample_site, tmp_path):
    from lxml import html as lxml_html

    from tests.support import run_build

    project = _draft_site(sample_site)
    # Slugs and title words, out of order, one named twice: schedule order, once each.
    attended = "closing words; rust-in-the-kernel; OPENING; closing"
    result = invoke(project, "new-post", "My Tiny Conf", "--conference", "tiny-2031",
                    "--attended", attended)  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = (project / "content/posts/2031-02-02-my-tiny-conf.md").read_text()
    assert "\nstatus: draft\n" in text
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert [h.split("](")[0] for h in headings] == [
        "## Saturday 1 February",
        "### [Opening",
        "### [Rust in the \\*kernel\\* &lt;b\\>now&lt;/b\\> \\[sic\\]",
        "## Sunday 2 February",
        "### [Closing words",
    ]
    assert "{photo}tiny-2031/stage.jpg" in text

    check = run_build(project, tmp_path / "checked", command="check")
    assert check.returncode == 0, check.stderr
    build = run_build(project, tmp_path / "out")
    assert build.returncode == 0, build.stderr
    doc = lxml_html.fromstring(build.page("drafts/my-tiny-conf/"))
    body = doc.xpath("//main")[0]
    talk = body.xpath(".//h3[contains(., 'Rust in the')]")[0]
    assert " ".join(talk.text_content().split()) == "Rust in the *kernel* <b>now</b> [sic]"
    assert talk.xpath(".//a/@href")[0].endswith("conferences/tiny-2031/talks/rust-in-the-kernel/")
    speakers = [a.text_content() for a in body.xpath(".//a[contains(@href, '/speakers/')]")]
    assert speakers == ["Ada Lovelace", "Bo_Builder", "Ada Lovelace", "Bo_Builder"]
    recording = body.xpath(".//a[normalize-space()='Watch the recording']/@href")
    assert recording == ["https://video.example.org/watch?v=1&t=%2830%29"]
    figure = body.xpath(".//figure[.//img[@alt='The stage during the Rust talk']]")
    assert figure and "Cy Photographer" in figure[0].text_content()
    assert not body.xpath(".//b")  # the title's markup stayed text
    for href in body.xpath(".//a/@href | .//img/@src"):
        if "://" in href:
            continue
        target = (build.output / "drafts/my-tiny-conf" / href.split("#")[0]).resolve()
        assert target.exists() or (target / "index.html").exists(), href


def test_attended_reads_a_file_with_one_talk_per_line(sample_site, tmp_path):
    project = _draft_site(sample_site)
    listing = tmp_path / "attended.txt"
    listing.write_text("# what I saw\nfast-builds\n\nclosing\n", encoding="utf-8")
    result = invoke(project, "new-post", "Two talks", "--conference", "tiny-2031",
                    "--attended", str(listing))  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = (project / "content/posts/2031-02-02-two-talks.md").read_text()
    assert text.index("{talk}fast-builds") < text.index("{talk}closing")
    assert "{talk}opening" not in text


def test_ambiguous_or_unknown_talks_are_listed_and_nothing_is_written(sample_site):
    project = _draft_site(sample_site)
    result = invoke(project, "new-post", "Tiny", "--conference", "tiny-2031",
                    "--attended", "opening; ada; zzzz")  # fmt: skip
    assert result.returncode == 1
    assert "'ada' fits 3 sessions" in result.stderr
    assert "    fast-builds  Fast builds (Sat 01 Feb 09:30, Side)" in result.stderr
    assert "'zzzz' matches no session" in result.stderr
    assert "Traceback" not in result.stderr
    assert _posts(project) == []
