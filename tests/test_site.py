"""The demo site a reader gets: the pages exist, link up, and drafts stay private."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from recapkit.content.reader import split_front_matter
from recapkit.core.yamlsource import load_yaml_text
from tests.sitecheck import broken_internal_links, html_files
from tests.support import ROOT, SITE_URL, run_build

POSTS = ROOT / "content" / "posts"


def _front_matter(path: Path) -> dict:
    raw, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return dict(load_yaml_text(raw, path))


def _posts(status: str) -> list[dict]:
    found = []
    for path in sorted(POSTS.glob("*.md")):
        meta = _front_matter(path)
        if meta.get("status", "published") == status:
            found.append(meta)
    return found


def _recap() -> dict:
    recaps = [m for m in _posts("published") if m.get("conference") == "djangocon-us-2019"]
    assert recaps, "the demo has a DjangoCon US 2019 recap"
    return recaps[0]


def _recap_path(build) -> Path:
    title = _recap()["title"]
    for page in html_files(build.output):
        doc = lxml_html.fromstring(page.read_bytes())
        h1 = doc.xpath("string(//h1)")
        if h1 and " ".join(h1.split()) == title and "<article" in page.read_text():
            return page
    raise AssertionError(f"no page with the recap title {title!r}")


def test_home_lists_the_recap_with_its_summary(demo_dev):
    doc = lxml_html.fromstring(demo_dev.page("index.html"))
    text = " ".join(doc.text_content().split())
    recap = _recap()
    assert recap["title"].split()[0] in text
    link_targets = {a.get("href") for a in doc.iter("a")}
    recap_page = _recap_path(demo_dev).parent.relative_to(demo_dev.output).as_posix()
    assert any(h and h.rstrip("/").endswith(recap_page) for h in link_targets)


def test_recap_has_a_section_per_day(demo_dev):
    doc = lxml_html.fromstring(_recap_path(demo_dev).read_bytes())
    headings = [" ".join(h.text_content().split()) for h in doc.xpath("//article//h2")]
    assert len(headings) >= 5, headings
    words = len(doc.xpath("string(//article)").split())
    assert words >= 1500


@pytest.mark.parametrize("page", ["about/", "archives/", "tags/", "404.html"])
def test_reader_pages_exist_with_one_heading(demo_dev, page):
    doc = lxml_html.fromstring(demo_dev.page(page))
    assert len(doc.xpath("//h1")) == 1
    assert doc.xpath("//main")


def test_every_tag_page_lists_its_posts(demo_dev):
    tags = {t for m in _posts("published") for t in m.get("tags", [])}
    assert tags
    tags_index = demo_dev.page("tags/")
    for tag in tags:
        assert str(tag) in tags_index


def test_every_internal_link_resolves_in_development(demo_dev):
    assert broken_internal_links(demo_dev.output) == []


def test_every_internal_link_resolves_in_production(demo_prod):
    assert broken_internal_links(demo_prod.output) == []


def test_draft_is_visible_in_development_only(demo_dev, demo_prod):
    drafts = _posts("draft")
    assert drafts, "the demo has a draft post"
    title = drafts[0]["title"]
    dev_hits = [p for p in demo_dev.output.rglob("*.html") if title in p.read_text()]
    assert dev_hits, "the draft is previewable in development"
    leaked = [
        p.relative_to(demo_prod.output)
        for p in demo_prod.output.rglob("*")
        if p.is_file() and title.encode() in p.read_bytes()
    ]
    assert leaked == []


def test_production_feed_has_absolute_links(demo_prod):
    feed = demo_prod.output / "feeds" / "all.atom.xml"
    tree = etree.parse(str(feed))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = tree.findall("a:entry", ns)
    assert len(entries) == len(_posts("published"))
    for link in tree.iterfind(".//a:link", ns):
        assert link.get("href").startswith(SITE_URL)


def test_development_writes_no_feeds(demo_dev):
    assert not list(demo_dev.output.rglob("*.atom.xml"))


def test_pages_link_relatively_but_canonical_is_absolute(demo_prod):
    page = _recap_path(demo_prod)
    doc = lxml_html.fromstring(page.read_bytes())
    css = [link.get("href") for link in doc.xpath("//link[@rel='stylesheet']")]
    assert css and all(not h.startswith(("/", "http")) for h in css)
    canonical = doc.xpath("//link[@rel='canonical']/@href")
    rel = page.parent.relative_to(demo_prod.output).as_posix()
    assert canonical == [f"{SITE_URL}/{rel}/"]


def test_check_names_the_post_with_a_broken_filename_link(sample_site, tmp_path):
    project = sample_site(
        {
            "posts/ok.md": """
                ---
                title: Fine
                date: 2024-05-01
                ---
                Nothing wrong here.
            """,
            "posts/broken.md": """
                ---
                title: Broken
                date: 2024-05-02
                ---
                First line.

                See [the other one]({filename}missing-post.md).
            """,
        }
    )
    output = tmp_path / "output"
    output.mkdir()
    (output / "keep.txt").write_text("previous site")
    result = run_build(project, output, command="check")
    assert result.returncode == 1
    assert "content/posts/broken.md:7: broken link {filename}missing-post.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in output.iterdir()] == ["keep.txt"]


def test_new_post_skeleton_builds_as_a_draft(sample_site, tmp_path):
    import datetime as dt

    from recapkit.newpost import write_skeleton

    project = sample_site({})
    path = write_skeleton(
        project / "content" / "posts", 'PyCon "US" 2024', None, dt.date(2024, 5, 20)
    )
    assert path.name == "2024-05-20-pycon-us-2024.md"
    result = run_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    draft = tmp_path / "out" / "drafts" / "pycon-us-2024" / "index.html"
    heading = lxml_html.fromstring(draft.read_bytes()).xpath("string(//h1)")
    assert " ".join(heading.split()) == "PyCon “US” 2024"
