"""The site a reader gets (the fixture site, tests/fixtures/site): the pages exist, link
up, and drafts stay private."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from recapkit.content.reader import split_front_matter
from recapkit.core.yamlsource import load_yaml_text
from tests.fixturesite import CONFERENCE, RECAP, SITE
from tests.sitecheck import broken_internal_links, html_files
from tests.support import SITE_URL, run_build


def _front_matter(path: Path) -> dict:
    raw, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return dict(load_yaml_text(raw, path))


def posts(content: Path, status: str) -> list[dict]:
    """Front matter of the posts under ``content`` with the given status."""
    found = []
    for path in sorted((content / "posts").glob("*.md")):
        meta = _front_matter(path)
        if meta.get("status", "published") == status:
            found.append(meta)
    return found


def recap_path(build, title: str) -> Path:
    """The written page whose heading is ``title`` and that holds an article."""
    for page in html_files(build.output):
        doc = lxml_html.fromstring(page.read_bytes())
        h1 = doc.xpath("string(//h1)")
        if h1 and " ".join(h1.split()) == title and "<article" in page.read_text():
            return page
    raise AssertionError(f"no page with the recap title {title!r}")


def _recap() -> dict:
    (recap,) = [m for m in posts(SITE / "content", "published") if m.get("conference")]
    return recap


# --- checks that hold for any site; tests/demo/ runs them on the demo too --------------------


def check_home_lists_the_recap(build, recap: dict) -> None:
    doc = lxml_html.fromstring(build.page("index.html"))
    text = " ".join(doc.text_content().split())
    assert recap["title"] in text
    assert " ".join(str(recap["summary"]).split()) in text
    link_targets = {a.get("href") for a in doc.iter("a")}
    recap_page = recap_path(build, recap["title"]).parent.relative_to(build.output).as_posix()
    assert any(h and h.rstrip("/").endswith(recap_page) for h in link_targets)


def check_reader_page(build, page: str) -> None:
    doc = lxml_html.fromstring(build.page(page))
    assert len(doc.xpath("//h1")) == 1
    assert doc.xpath("//main")


def check_tag_pages(build, content: Path) -> None:
    tags = {t for m in posts(content, "published") for t in m.get("tags", [])}
    assert tags
    tags_index = build.page("tags/")
    for tag in tags:
        assert str(tag) in tags_index
        titles = [m["title"] for m in posts(content, "published") if tag in m.get("tags", [])]
        tag_page = " ".join(lxml_html.fromstring(build.page(f"tags/{tag}/")).text_content().split())
        assert all(title in tag_page for title in titles), tag


def check_draft_in_development_only(dev, prod, content: Path) -> None:
    drafts = posts(content, "draft")
    assert drafts, "the site has a draft post"
    title = drafts[0]["title"]
    dev_hits = [p for p in dev.output.rglob("*.html") if title in p.read_text()]
    assert dev_hits, "the draft is previewable in development"
    leaked = [
        p.relative_to(prod.output)
        for p in prod.output.rglob("*")
        if p.is_file() and title.encode() in p.read_bytes()
    ]
    assert leaked == []


def check_feed_has_absolute_links(prod, content: Path) -> None:
    feed = prod.output / "feeds" / "all.atom.xml"
    tree = etree.parse(str(feed))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = tree.findall("a:entry", ns)
    assert len(entries) == len(posts(content, "published"))
    for link in tree.iterfind(".//a:link", ns):
        assert link.get("href").startswith(SITE_URL)


def check_relative_links_absolute_canonical(prod, title: str) -> None:
    page = recap_path(prod, title)
    doc = lxml_html.fromstring(page.read_bytes())
    css = [link.get("href") for link in doc.xpath("//link[@rel='stylesheet']")]
    assert css and all(not h.startswith(("/", "http")) for h in css)
    canonical = doc.xpath("//link[@rel='canonical']/@href")
    rel = page.parent.relative_to(prod.output).as_posix()
    assert canonical == [f"{SITE_URL}/{rel}/"]


# --- on the fixture site ------------------------------------------------------------------


def test_home_lists_the_recap_with_its_summary(site_dev):
    check_home_lists_the_recap(site_dev, _recap())


def test_recap_has_a_section_per_conference_day(site_dev):
    doc = lxml_html.fromstring(site_dev.page(RECAP))
    headings = [" ".join(h.text_content().split()) for h in doc.xpath("//article//h2[@id]")]
    conference = load_yaml_text(
        (SITE / "content/conferences" / CONFERENCE / "conference.yaml").read_text(), "conf"
    )
    assert len([h for h in headings if h.startswith("Day ")]) == len(conference["days"])


@pytest.mark.parametrize("page", ["about/", "archives/", "tags/", "404.html"])
def test_reader_pages_exist_with_one_heading(site_dev, page):
    check_reader_page(site_dev, page)


def test_every_tag_page_lists_its_posts(site_dev):
    check_tag_pages(site_dev, SITE / "content")


def test_every_internal_link_resolves_in_development(site_dev):
    assert broken_internal_links(site_dev.output) == []


def test_every_internal_link_resolves_in_production(site_prod):
    assert broken_internal_links(site_prod.output) == []


def test_draft_is_visible_in_development_only(site_dev, site_prod):
    check_draft_in_development_only(site_dev, site_prod, SITE / "content")


def test_production_feed_has_absolute_links(site_prod):
    check_feed_has_absolute_links(site_prod, SITE / "content")


def test_development_writes_no_feeds(site_dev):
    assert not list(site_dev.output.rglob("*.atom.xml"))


def test_pages_link_relatively_but_canonical_is_absolute(site_prod):
    check_relative_links_absolute_canonical(site_prod, _recap()["title"])


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
