"""Feeds, sitemap, sharing tags and reading aids on a tiny published site.

The site is written here (posts with a photo in three sizes and a credit, a page, a
draft, two conferences) and built once per module with the production settings under
a sub-path; every check derives its expectations from the output tree or the content.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree
from lxml import html as lxml_html
from PIL import Image

from recapkit.content.reader import split_front_matter
from recapkit.core.urls import UrlScheme
from recapkit.core.yamlsource import load_yaml_text
from tests.support import ROOT, SITE_SETTINGS, SITE_URL, Build, run_build

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

PHOTO = """\
<figure><img src="{static}/images/stage-800.jpg" srcset="../../images/stage-800.jpg 800w, \
../../images/stage-1200.jpg 1200w, ../../images/stage-1600.jpg 1600w" width="800" height="450" \
alt="The &quot;main&quot; stage &amp; the keynote"><figcaption>The main stage. \
<span class="credit">Photo: Ada Example, CC BY 4.0</span></figcaption></figure>
"""

POSTS = {
    "posts/tiny-conf.md": """\
        ---
        title: TinyConf 2024 in Lisbon
        date: 2024-05-20 10:00
        tags: [python, community]
        summary: Three days of *talks* by the river.
        conference: tinyconf-2024
        ---
        The first morning opened with a zephyrine keynote about quokkas in production, and
        [Marisol Quennell]({speaker}marisol-quennell) gave
        [a talk on sewing patterns]({talk}vectorised-haberdashery).

        {photo}

        ## Day one: tutorials

        Tutorials filled the rooms. See [the about page]({filename}/pages/about.md).

        ### Morning

        Coffee and setup.

        ## Day two: talks

        Talks all day long.

        ## Day three: sprints

        People sprinted on documentation.
        """.replace("{photo}", PHOTO),
    "posts/tiny-conf-extra.md": """\
        ---
        title: More notes from TinyConf 2024
        date: 2024-05-25
        tags: [python]
        summary: The hallway track.
        conference: tinyconf-2024
        ---
        Short notes about the hallway track.
        """,
    "posts/other-conf.md": """\
        ---
        title: OtherConf 2024
        date: 2024-06-01
        tags: [django]
        summary: A different event.
        conference: otherconf-2024
        ---
        Nothing about the first one here.
        """,
    "posts/secret.md": """\
        ---
        title: Unfinished
        date: 2024-06-02
        status: draft
        ---
        Not yet.
        """,
    "conferences/tinyconf-2024/conference.yaml": """\
        name: TinyConf 2024
        timezone: Europe/Lisbon
        start: 2024-05-14
        end: 2024-05-16
        venue: {name: Riverside Hall, city: Lisbon, country: PT}
        days:
          - {date: 2024-05-14, kind: tutorials}
          - {date: 2024-05-15, kind: talks}
          - {date: 2024-05-16, kind: sprints}
        rooms:
          - {slug: main, name: Main Room}
        """,
    "conferences/tinyconf-2024/sessions.yaml": """\
        sessions:
          - slug: vectorised-haberdashery
            title: Vectorised haberdashery with NumPy
            speakers: [marisol-quennell]
            start: 2024-05-15 10:00
            duration: 30
            room: main
            abstract: Cutting cloth with arrays, and what tailors know about broadcasting.
          - slug: gentle-migrations
            title: Gentle schema migrations
            speakers: [tobias-wren]
            start: 2024-05-15 11:00
            duration: 30
            room: main
            abstract: How to change a database while people use it.
        """,
    "conferences/tinyconf-2024/speakers.yaml": """\
        speakers:
          - slug: marisol-quennell
            name: Marisol Quennell
            bio: Marisol writes scientific software and makes her own clothes.
          - slug: tobias-wren
            name: Tobias Wren
            bio: Tobias looks after databases for a public library.
        """,
    "conferences/otherconf-2024/conference.yaml": """\
        name: OtherConf 2024
        timezone: Europe/Berlin
        start: 2024-05-28
        end: 2024-05-28
        venue: {name: Old Mill, city: Berlin, country: DE}
        days:
          - {date: 2024-05-28, kind: talks}
        rooms:
          - {slug: hall, name: Hall}
        """,
    "conferences/otherconf-2024/sessions.yaml": "sessions: []\n",
    "conferences/otherconf-2024/speakers.yaml": "speakers: []\n",
    "pages/about.md": """\
        ---
        title: About
        ---
        About this tiny site.
        """,
}


def write_site(project: Path, extra: dict[str, str] | None = None) -> Path:
    """The tiny site (the test sites' settings, the theme, the content above) in ``project``."""
    for name in ("themes",):
        shutil.copytree(ROOT / name, project / name)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(SITE_SETTINGS / name, project / name)
    for rel, text in {**POSTS, **(extra or {})}.items():
        path = project / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    images = project / "content" / "images"
    images.mkdir(parents=True, exist_ok=True)
    for width in (800, 1200, 1600):
        Image.new("RGB", (width, width * 9 // 16), (40, 90, 140)).save(
            images / f"stage-{width}.jpg"
        )
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Build:
    project = write_site(tmp_path_factory.mktemp("seo") / "project")
    build = run_build(
        project,
        project.parent / "output",
        settings="publishconf.py",
        env={"SITEURL": SITE_URL},
    )
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(params=["site", "site_prod"])
def built(request) -> Build:
    """The tiny site, then the fixture site: the checks that hold for any published build
    (tests/demo/test_demo_published.py runs them on the demo)."""
    return request.getfixturevalue(request.param)


def _doc(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def _file_for(url: str, output: Path) -> Path:
    """The output file an absolute URL under the site points to."""
    assert url.startswith(SITE_URL + "/"), f"{url} is not under {SITE_URL}/"
    path = output / urlsplit(url).path[len(urlsplit(SITE_URL).path) + 1 :]
    return path / "index.html" if url.endswith("/") else path


def _url_of(page: Path, output: Path) -> str:
    rel = page.relative_to(output).as_posix()
    rel = rel[: -len("index.html")] if rel.endswith("index.html") else rel
    return f"{SITE_URL}/{rel}"


def _pages(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.html") if "pagefind" not in p.parts)


#: Where the project's settings write a recap (ARTICLE_SAVE_AS = "{date:%Y}/{slug}/index.html").
RECAP_FILE = re.compile(r"^\d{4}/[^/]+/index\.html$")


def _rel(page: Path, output: Path) -> str:
    return page.relative_to(output).as_posix()


def _recap(build: Build) -> Path:
    return build.output / "2024" / "tinyconf-2024-in-lisbon" / "index.html"


# --- feeds ---------------------------------------------------------------------------


def _feeds(output: Path) -> list[Path]:
    return sorted(output.glob("feeds/**/*.atom.xml"))


def _html_urls(fragment: str) -> list[tuple[str, str]]:
    doc = lxml_html.fragment_fromstring(fragment, create_parent="div")
    found = []
    for element in doc.iter():
        for attribute in ("href", "src", "poster"):
            if element.get(attribute):
                found.append((element.tag, element.get(attribute)))
        for candidate in (element.get("srcset") or "").split(","):
            if candidate.strip():
                found.append((element.tag, candidate.split()[0]))
    return found


def test_every_feed_is_atom_with_required_elements_and_absolute_links(built):
    feeds = _feeds(built.output)
    assert feeds, "no Atom feed was written"
    for feed_path in feeds:
        feed = etree.parse(str(feed_path)).getroot()
        assert feed.tag == f"{ATOM}feed", feed_path
        for name in ("id", "title", "updated"):
            assert (feed.findtext(f"{ATOM}{name}") or "").strip(), f"{feed_path}: no {name}"
        links = {
            link.get("rel", "alternate"): link.get("href") for link in feed.iter(f"{ATOM}link")
        }
        assert links.get("self", "").startswith(SITE_URL + "/"), feed_path
        entries = feed.findall(f"{ATOM}entry")
        assert entries, f"{feed_path} has no entries"
        for entry in entries:
            for name in ("id", "title", "updated"):
                assert (entry.findtext(f"{ATOM}{name}") or "").strip(), f"{feed_path}: {name}"
            assert (entry.findtext(f"{ATOM}author/{ATOM}name") or "").strip()
            link = entry.find(f"{ATOM}link").get("href")
            assert _file_for(link, built.output).exists(), link
            content = entry.find(f"{ATOM}content")
            assert content is not None and content.get("type") == "html"
            for tag, url in _html_urls(content.text):
                assert urlsplit(url).scheme in {"http", "https", "mailto"}, f"{tag} {url}"
                if tag == "img":
                    assert _file_for(url, built.output).is_file(), f"{feed_path}: {url}"


def _text(element) -> str:
    return " ".join(element.text_content().split())


def test_feed_entries_carry_the_full_post_with_photo_credits(built):
    feed = etree.parse(str(built.output / "feeds" / "all.atom.xml")).getroot()
    entries = {e.find(f"{ATOM}link").get("href"): e for e in feed.iter(f"{ATOM}entry")}
    captioned = 0
    for page in _pages(built.output):
        url = _url_of(page, built.output)
        if url not in entries:
            continue
        doc = _doc(page)
        content = lxml_html.fragment_fromstring(
            entries[url].find(f"{ATOM}content").text, create_parent="div"
        )
        text = _text(content)
        body = doc.xpath("//article//*[contains(concat(' ', @class, ' '), ' prose ')]")
        assert body, f"{page}: no post body found"
        captions = [_text(c) for c in body[0].iter("figcaption")]
        captioned += bool(captions)
        for caption in captions:  # photo credits are part of the caption
            assert caption in text, f"{page}: {caption!r} missing from the feed"
        prose = body[0].xpath(".//p")
        assert _text(prose[-1]) in text, f"{page}: the feed entry is not the full post"
    assert captioned, "no recap in the feed shows a captioned photo"


def test_conference_and_tag_feeds_hold_their_recaps_only(site):
    conferences: dict[str, set[str]] = {}
    tags: dict[str, set[str]] = {}
    for rel, text in POSTS.items():
        raw, _, _ = split_front_matter(textwrap.dedent(text))
        meta = dict(load_yaml_text(raw, rel)) if rel.startswith("posts/") else {}
        if not meta or meta.get("status") == "draft":
            continue
        conferences.setdefault(meta["conference"], set()).add(meta["title"])
        for tag in meta["tags"]:
            tags.setdefault(tag, set()).add(meta["title"])
    for folder, expected in (("conferences", conferences), ("tags", tags)):
        for slug, titles in expected.items():
            path = site.output / "feeds" / folder / f"{slug}.atom.xml"
            feed = etree.parse(str(path)).getroot()
            found = {
                " ".join(e.findtext(f"{ATOM}title").split()) for e in feed.iter(f"{ATOM}entry")
            }
            assert found == titles, path


def test_conference_feed_links_to_its_conference_page_with_its_own_id(site):
    feed = etree.parse(str(site.output / "feeds/conferences/tinyconf-2024.atom.xml")).getroot()
    page = f"{SITE_URL}/conferences/tinyconf-2024/"
    alternate = [
        link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "alternate"
    ]
    assert alternate == [page]
    assert (site.output / "conferences/tinyconf-2024/index.html").is_file()
    site_feed = etree.parse(str(site.output / "feeds/all.atom.xml")).getroot()
    assert feed.findtext(f"{ATOM}id") == page != site_feed.findtext(f"{ATOM}id")


def test_pages_link_their_feeds(site):
    recap = _doc(_recap(site))
    feeds = {
        link.get("href")
        for link in recap.iter("link")
        if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"
    }
    assert f"{SITE_URL}/feeds/all.atom.xml" in feeds
    assert f"{SITE_URL}/feeds/conferences/tinyconf-2024.atom.xml" in feeds
    for url in feeds:
        assert _file_for(url, site.output).is_file()


# --- sitemap and robots ----------------------------------------------------------------


def _sitemap_locs(output: Path) -> list[str]:
    root = etree.parse(str(output / "sitemap.xml")).getroot()
    assert root.tag == f"{SITEMAP}urlset"
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def _expected_locs(output: Path) -> set[str]:
    return {
        _url_of(page, output)
        for page in _pages(output)
        if page.name != "404.html" and "drafts" not in page.relative_to(output).parts
    }


def test_sitemap_lists_every_page_but_404_with_absolute_urls(built):
    locs = _sitemap_locs(built.output)
    assert len(locs) == len(set(locs)), "duplicate sitemap entries"
    assert set(locs) == _expected_locs(built.output)
    assert all(loc.startswith(SITE_URL + "/") for loc in locs)


def test_sitemap_leaves_out_drafts_a_development_build_writes(tmp_path):
    project = write_site(tmp_path / "project")
    build = run_build(project, tmp_path / "output", extra=["-e", f"SITE_ABSOLUTE_URL={SITE_URL}"])
    assert build.returncode == 0, build.stderr
    assert list((build.output / "drafts").rglob("*.html")), "the draft is written in development"
    locs = set(_sitemap_locs(build.output))
    assert locs == _expected_locs(build.output)
    assert not any("/drafts/" in loc for loc in locs)


def test_robots_txt_points_to_the_absolute_sitemap(built):
    robots = (built.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in robots


# --- sharing ---------------------------------------------------------------------------


def _meta(doc, key: str) -> str | None:
    for meta in doc.iter("meta"):
        if key in (meta.get("property"), meta.get("name")):
            return meta.get("content")
    return None


def _image_widths(page: Path, output: Path) -> list[int]:
    """Pixel widths of the local image files a page shows (every srcset candidate)."""
    widths = []
    doc = _doc(page)
    for img in doc.iter("img", "source"):
        urls = [img.get("src") or ""]
        urls += [c.split()[0] for c in (img.get("srcset") or "").split(",") if c.strip()]
        for url in urls:
            if not url or urlsplit(url).scheme or url.startswith("data:"):
                continue
            path = (page.parent / urlsplit(url).path).resolve()
            if path.is_file() and output.resolve() in path.parents:
                with Image.open(path) as picture:
                    widths.append(picture.width)
    return widths


def test_every_page_has_sharing_tags_with_an_existing_image(built):
    for page in _pages(built.output):
        doc = _doc(page)
        where = page.relative_to(built.output)
        for key in ("og:title", "og:description", "og:image", "og:url"):
            assert (_meta(doc, key) or "").strip(), f"{where}: no {key}"
        canonical = [
            link.get("href") for link in doc.iter("link") if link.get("rel") == "canonical"
        ]
        assert canonical == [_url_of(page, built.output)], where
        assert _meta(doc, "og:url") == canonical[0]
        image = _file_for(_meta(doc, "og:image"), built.output)
        assert image.is_file(), f"{where}: og:image {image} missing"
        with Image.open(image) as picture:
            wanted = min(1200, max(_image_widths(page, built.output), default=1200))
            if wanted == 1200:  # the source allows it: exactly the width link previews want
                assert picture.width == 1200, f"{where}: og:image is {picture.width} px wide"
            else:
                assert picture.width >= wanted, f"{where}: og:image is {picture.width} px wide"


def test_recap_shares_its_own_photo_in_the_1200px_size(site):
    doc = _doc(_recap(site))
    image = _file_for(_meta(doc, "og:image"), site.output)
    sources = [img for img in doc.iter("img") if img.get("srcset")]
    assert sources, "the recap shows a responsive photo"
    assert image.name in sources[0].get("srcset")
    with Image.open(image) as picture:
        assert picture.width == 1200
        assert _meta(doc, "og:image:width") == str(picture.width)
        assert _meta(doc, "og:image:height") == str(picture.height)
    assert _meta(doc, "og:image:alt") == sources[0].get("alt")
    assert _meta(doc, "og:title") == " ".join(doc.xpath("string(//h1)").split())
    assert _meta(doc, "og:description") == "Three days of talks by the river."
    assert _meta(doc, "og:type") == "article"


def test_recap_has_blog_posting_structured_data(site):
    doc = _doc(_recap(site))
    blocks = [s.text for s in doc.iter("script") if s.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == " ".join(doc.xpath("string(//h1)").split())
    assert data["author"] and all(a["name"] for a in data["author"])
    assert data["datePublished"].startswith("2024-05-20")
    assert data["image"] == _meta(doc, "og:image")
    assert data["url"] == _url_of(_recap(site), site.output)
    assert data["about"]["@type"] == "Event"
    assert data["about"]["url"].endswith("/conferences/tinyconf-2024/")


# --- reading aids ----------------------------------------------------------------------


def test_long_recap_has_contents_from_its_day_headings(site):
    doc = _doc(_recap(site))
    headings = {h.get("id"): " ".join(h.text_content().split()) for h in doc.xpath("//h2[@id]")}
    toc = doc.xpath("//nav[contains(@class, 'toc')]//a")
    assert toc, "no table of contents"
    listed = {a.get("href").lstrip("#"): " ".join(a.text_content().split()) for a in toc}
    days = {k: v for k, v in headings.items() if v.startswith("Day ")}
    assert days and days.items() <= listed.items()
    assert all(doc.xpath(f"//*[@id='{anchor}']") for anchor in listed)


def test_short_recap_has_no_contents_and_related_recaps_share_the_conference(site):
    doc = _doc(site.output / "2024" / "more-notes-from-tinyconf-2024" / "index.html")
    assert not doc.xpath("//nav[contains(@class, 'toc')]")
    related = doc.xpath("//section[contains(@class, 'related-recaps')]//a")
    titles = [" ".join(a.text_content().split()) for a in related]
    assert titles and titles[0] == "TinyConf 2024 in Lisbon"


def test_every_recap_has_blog_posting_structured_data(built):
    recaps = [p for p in _pages(built.output) if RECAP_FILE.match(_rel(p, built.output))]
    assert recaps
    for page in recaps:
        doc = _doc(page)
        blocks = [
            json.loads(s.text) for s in doc.iter("script") if s.get("type") == "application/ld+json"
        ]
        postings = [b for b in blocks if b.get("@type") == "BlogPosting"]
        assert len(postings) == 1, page
        data = postings[0]
        assert data["headline"] == " ".join(doc.xpath("string(//h1)").split())
        assert data["url"] == _url_of(page, built.output)
        assert data["image"] == _meta(doc, "og:image")
        assert data["author"] and data["datePublished"]


# --- what a page is, and nothing added after writing -------------------------------------


def _expected_kinds() -> dict[str, str]:
    """Output file -> search label, from the content: published recaps, every session
    and speaker, every conference (placed by the one URL scheme)."""
    urls = UrlScheme()
    expected: dict[str, str] = {}
    for rel, text in POSTS.items():
        if rel.startswith("posts/"):
            raw, _, _ = split_front_matter(textwrap.dedent(text))
            meta = dict(load_yaml_text(raw, rel))
            if meta.get("status") != "draft":
                slug = re.sub(r"[^a-z0-9]+", "-", meta["title"].lower()).strip("-")
                expected[f"{str(meta['date'])[:4]}/{slug}/index.html"] = "kind:Recap"
        elif rel.endswith("/conference.yaml"):
            conference = rel.split("/")[1]
            expected[urls.conference(conference).save_as] = "kind:Conference"
            for name, place, key in (
                ("sessions", urls.talk, "kind:Talk"),
                ("speakers", urls.speaker, "kind:Speaker"),
            ):
                data = load_yaml_text(
                    textwrap.dedent(POSTS[rel.replace("conference.yaml", f"{name}.yaml")]), rel
                )
                for item in data[name]:
                    expected[place(conference, item["slug"]).save_as] = key
    return expected


def test_search_indexes_exactly_the_recap_talk_speaker_and_conference_pages(site):
    found = {}
    for page in _pages(site.output):
        for main in _doc(page).iter("main"):
            if "data-pagefind-body" in main.attrib:
                found[_rel(page, site.output)] = main.get("data-pagefind-meta")
    assert found == _expected_kinds()


def test_a_theme_without_the_partial_gets_no_tags_added_after_writing(tmp_path):
    project = write_site(tmp_path / "project")
    (project / "themes/recap/templates/partials/seo.html").write_text("", encoding="utf-8")
    build = run_build(project, tmp_path / "output", "publishconf.py", env={"SITEURL": SITE_URL})
    assert build.returncode == 0, build.stderr
    for page in _pages(build.output):
        doc = _doc(page)
        tags = [m.get("property") for m in doc.iter("meta") if m.get("property")]
        links = [link.get("rel") for link in doc.iter("link") if link.get("rel") == "canonical"]
        assert tags == [] and links == [], _rel(page, build.output)
    assert (build.output / "sitemap.xml").is_file()
