"""links.yaml ("Around the web"): shown on the overview and the pages of what it covers,
listed in the conference feed as links, validated with lines."""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from tests.support import run_build

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
    speakers: [ada]
    start: 2031-02-01 09:00
    duration: 30
    room: Main
  - slug: rust-in-the-kernel
    title: Rust in the kernel
    speakers: [bo]
    start: 2031-02-01 10:00
    duration: 45
    room: Main
"""
SPEAKERS = """\
speakers:
  - {slug: ada, name: Ada Lovelace}
  - {slug: bo, name: Bo Builder}
"""
LINKS = """\
# Other people's write-ups
links:
  - url: https://blog.example.org/tiny-conf-2031/
    title: My Tiny Conf
    author: Cy Writer
    kind: recap
    date: 2031-02-05
  - url: https://video.example.org/rust-kernel
    title: "Rust in the kernel <em>recorded</em>"
    author: Dee Filmer
    kind: video
    date: 2031-02-03
    sessions: [rust-in-the-kernel]
    speakers: [bo]
"""
FEED_SETTINGS = """
SITEURL = "https://recaps.example.org"
SITE_ABSOLUTE_URL = SITEURL
FEED_DOMAIN = SITEURL
CONFERENCE_FEED_ATOM = "feeds/conferences/{slug}.atom.xml"
"""


def _files(links: str = LINKS) -> dict[str, str]:
    base = "conferences/tiny-2031/"
    return {
        base + "conference.yaml": CONFERENCE,
        base + "sessions.yaml": SESSIONS,
        base + "speakers.yaml": SPEAKERS,
        base + "links.yaml": links,
    }


def _elsewhere(page: str) -> list[tuple[str, str]]:
    doc = lxml_html.fromstring(page)
    section = doc.xpath("//section[h2[normalize-space()='Elsewhere']]")
    if not section:
        return []
    return [(a.get("href"), a.text_content()) for a in section[0].xpath(".//li/a[1]")]


def test_links_show_on_the_overview_the_covered_talk_and_in_the_feed(sample_site, tmp_path):
    project = sample_site(_files(), FEED_SETTINGS)
    build = run_build(project, tmp_path / "out")
    assert build.returncode == 0, build.stderr

    overview = build.page("conferences/tiny-2031/")
    assert _elsewhere(overview) == [
        ("https://blog.example.org/tiny-conf-2031/", "My Tiny Conf"),
        ("https://video.example.org/rust-kernel", "Rust in the kernel <em>recorded</em>"),
    ]
    # The overview says what the video covers, linking the talk page.
    about = lxml_html.fromstring(overview).xpath(
        "//section[h2='Elsewhere']//a[normalize-space()='Rust in the kernel']/@href"
    )
    assert about and about[0].endswith("talks/rust-in-the-kernel/")

    talk = build.page("conferences/tiny-2031/talks/rust-in-the-kernel/")
    assert _elsewhere(talk) == [
        ("https://video.example.org/rust-kernel", "Rust in the kernel <em>recorded</em>")
    ]
    assert "Video by Dee Filmer" in " ".join(lxml_html.fromstring(talk).text_content().split())
    assert _elsewhere(build.page("conferences/tiny-2031/talks/opening/")) == []
    # ... and on the page of the speaker it covers, not on the other's.
    assert _elsewhere(build.page("conferences/tiny-2031/speakers/bo/")) == [
        ("https://video.example.org/rust-kernel", "Rust in the kernel <em>recorded</em>")
    ]
    assert _elsewhere(build.page("conferences/tiny-2031/speakers/ada/")) == []
    assert "<em>recorded</em>" not in talk  # escaped, never markup

    feed = etree.parse(str(build.output / "feeds/conferences/tiny-2031.atom.xml"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.xpath("//a:entry", namespaces=ns)
    links = [e.xpath("string(a:link/@href)", namespaces=ns) for e in entries]
    assert links == [
        "https://blog.example.org/tiny-conf-2031/",
        "https://video.example.org/rust-kernel",
    ]
    video = entries[1]
    assert video.xpath("string(a:author/a:name)", namespaces=ns) == "Dee Filmer"
    summary = video.xpath("string(a:summary)", namespaces=ns)
    assert "Rust in the kernel" in summary and "another site" in summary
    assert not video.xpath("a:content", namespaces=ns)  # a link, not a copy


def test_a_javascript_url_and_an_unknown_session_are_errors_with_their_lines(sample_site, tmp_path):
    bad = """\
links:
  - url: https://ok.example.org/
    title: Fine
  - url: "javascript:alert(1)"
    title: Sneaky
  - url: https://ok.example.org/2
    title: Wrong talk
    sessions: [opening, rust-in-the-kernal]
    speakers: [zed]
"""
    project = sample_site(_files(bad))
    output = tmp_path / "out"
    output.mkdir()
    (output / "keep.txt").write_text("previous site")
    build = run_build(project, output)
    assert build.returncode == 1
    path = "content/conferences/tiny-2031/links.yaml"
    assert f"{path}:4: link 'Sneaky': field 'url': 'javascript:alert(1)' is not an http(s) URL" in (
        build.stderr
    )
    assert (
        f"{path}:8: link 'Wrong talk': unknown session 'rust-in-the-kernal' "
        "(did you mean 'rust-in-the-kernel'?)"
    ) in build.stderr
    assert f"{path}:9: link 'Wrong talk': unknown speaker 'zed'" in build.stderr
    assert "Traceback" not in build.stderr
    assert [p.name for p in output.iterdir()] == ["keep.txt"]


def test_a_conference_without_links_yaml_shows_no_elsewhere(sample_site, tmp_path):
    files = _files()
    del files["conferences/tiny-2031/links.yaml"]
    build = run_build(sample_site(files), tmp_path / "out")
    assert build.returncode == 0, build.stderr
    assert _elsewhere(build.page("conferences/tiny-2031/")) == []


def test_links_add_appends_an_entry_keeping_comments_and_it_shows(sample_site, tmp_path):
    import shutil

    from tests.support import ROOT
    from tests.test_newpost import invoke

    project = sample_site(_files())
    shutil.copy2(ROOT / "tasks.py", project / "tasks.py")
    path = project / "content/conferences/tiny-2031/links.yaml"
    result = invoke(
        project,
        "links-add",
        "https://slides.example.org/opening",
        "--conference",
        "tiny-2031",
        "--title",
        "Opening slides",
        "--kind",
        "slides",
        "--author",
        "Ada Lovelace",
        "--sessions",
        "opening",
    )
    assert result.returncode == 0, result.stderr
    text = path.read_text()
    assert text.startswith("# Other people's write-ups\n")
    assert text.count("url:") == 3
    build = run_build(project, tmp_path / "out")
    assert build.returncode == 0, build.stderr
    assert _elsewhere(build.page("conferences/tiny-2031/talks/opening/")) == [
        ("https://slides.example.org/opening", "Opening slides")
    ]

    for bad in (
        ["javascript:alert(1)", "--title", "x"],
        ["https://ok.example.org/", "--title", "x", "--sessions", "nope"],
        ["https://blog.example.org/tiny-conf-2031/", "--title", "again"],
    ):
        refused = invoke(project, "links-add", *bad, "--conference", "tiny-2031")
        assert refused.returncode == 1, bad
        assert "links-add:" in refused.stderr and "Traceback" not in refused.stderr
    assert path.read_text() == text
