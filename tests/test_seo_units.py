"""The small pure parts of recapkit.seo: sharing cards from typed page subjects, the
shared schema.org builders, settings made once, per-build state, absolute links in feed
HTML, tables of contents, related recaps, robots.txt and the sitemap document."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from lxml import etree
from lxml import html as lxml_html

from recapkit.core import jsonld
from recapkit.core.settings import STORE_KEY
from recapkit.core.site import (
    SITE_KEY,
    SUBJECT_KEY,
    ConferenceFacts,
    PageKind,
    PageSubject,
    ShareImage,
    Site,
    Venue,
)
from recapkit.core.urls import UrlScheme
from recapkit.seo import build
from recapkit.seo.cards import build_card
from recapkit.seo.reading import attach_reading_aids, related_recaps, table_of_contents
from recapkit.seo.settings import KEYS, PREFIXES, SeoSettings, seo_settings
from recapkit.seo.sitemap import robots_txt, sitemap_xml
from recapkit.seo.urls import absolutize_html, page_path, site_path_of

BASE = "https://example.org/recaps"


def test_page_path_drops_index_html_and_maps_back():
    assert page_path("index.html") == ""
    assert page_path("2019/x/index.html") == "2019/x/"
    assert page_path("feeds/all.atom.xml") == "feeds/all.atom.xml"
    assert site_path_of(f"{BASE}/2019/x/", BASE) == "2019/x/index.html"
    assert site_path_of("https://elsewhere.org/x/", BASE) is None


def test_feed_html_gets_absolute_links_images_srcset_and_posters():
    page = f"{BASE}/2019/x/"
    html = (
        '<p><a href="../../about/">About</a> <a href="#day-1">Day 1</a> '
        '<a href="https://python.org/">Python</a></p>'
        '<picture><source srcset="../../p/a-480.webp 480w, ../../p/a-960.webp 960w">'
        '<img src="../../p/a-960.jpg" alt="A &quot;quote&quot;"></picture>'
        '<video poster="poster.jpg"></video>'
    )
    doc = lxml_html.fragment_fromstring(absolutize_html(html, page), create_parent="div")
    assert [a.get("href") for a in doc.iter("a")] == [
        f"{BASE}/about/",
        f"{page}#day-1",
        "https://python.org/",
    ]
    assert doc.find(".//source").get("srcset") == (
        f"{BASE}/p/a-480.webp 480w, {BASE}/p/a-960.webp 960w"
    )
    assert doc.find(".//img").get("src") == f"{BASE}/p/a-960.jpg"
    assert doc.find(".//img").get("alt") == 'A "quote"'
    assert doc.find(".//video").get("poster") == f"{page}poster.jpg"


def test_toc_nests_h3_under_h2_and_skips_headings_without_ids():
    tree = lxml_html.fragment_fromstring(
        '<h2 id="d1">Day one</h2><h3 id="am">Morning</h3><h3>No id</h3>'
        '<h2 id="d2">Day <em>two</em></h2>',
        create_parent="div",
    )
    toc = table_of_contents(tree)
    assert [(e.anchor, e.title) for e in toc] == [("d1", "Day one"), ("d2", "Day two")]
    assert [(e.anchor, e.title) for e in toc[0].children] == [("am", "Morning")]


@dataclass
class Tag:
    slug: str


@dataclass
class Post:
    slug: str
    date: dt.datetime
    conference: str | None = None
    tags: list[Tag] = field(default_factory=list)


def test_related_recaps_rank_same_conference_over_one_shared_tag():
    day = dt.datetime(2024, 1, 1)
    me = Post("me", day, "conf-a", [Tag("python")])
    same_conf = Post("same-conf", day, "conf-a")
    tag_newer = Post("tag-newer", day + dt.timedelta(days=9), "conf-b", [Tag("python")])
    tag_older = Post("tag-older", day - dt.timedelta(days=9), None, [Tag("python")])
    unrelated = Post("unrelated", day, "conf-c", [Tag("rust")])
    posts = [me, unrelated, tag_older, same_conf, tag_newer]
    assert [p.slug for p in related_recaps(me, posts, 3)] == ["same-conf", "tag-newer", "tag-older"]
    assert [p.slug for p in related_recaps(me, posts, 1)] == ["same-conf"]


def _settings(**overrides) -> SeoSettings:
    return SeoSettings.from_pelican(
        {"SITE_ABSOLUTE_URL": BASE, "SITENAME": "Recaps", "SITESUBTITLE": "Notes", **overrides}
    )


def test_robots_names_the_sitemap_only_with_an_absolute_site_url():
    assert f"Sitemap: {BASE}/sitemap.xml" in robots_txt(_settings()).splitlines()
    assert "Sitemap" not in robots_txt(_settings(SITE_ABSOLUTE_URL=""))


def test_sitemap_document_has_absolute_locs_and_content_dates():
    xml = sitemap_xml(
        ["index.html", "2019/x/index.html"], BASE, {"2019/x/index.html": dt.date(2019, 9, 30)}
    )
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = etree.fromstring(xml)
    assert root.xpath("//s:loc/text()", namespaces=ns) == [f"{BASE}/", f"{BASE}/2019/x/"]
    assert root.xpath("//s:url[2]/s:lastmod/text()", namespaces=ns) == ["2019-09-30"]
    assert root.xpath("//s:url[1]/s:lastmod", namespaces=ns) == []


# --- sharing cards from what a page is --------------------------------------------------

CONF = ConferenceFacts(
    slug="tinyconf",
    name="TinyConf 2024",
    url="conferences/tinyconf/",
    start=dt.date(2024, 5, 14),
    end=dt.date(2024, 5, 16),
    timezone="Europe/Lisbon",
    venue=Venue("Riverside Hall", "Lisbon", "PT"),
    source_path="content/conferences/tinyconf/conference.yaml",
)


def _context(output_file: str, **extra) -> dict:
    """A template context as Pelican's writer makes it (settings, site model, page)."""
    settings = {"SITE_ABSOLUTE_URL": BASE, "SITENAME": "Recaps", "SITESUBTITLE": "Notes"}
    site = Site(urls=UrlScheme(), conferences={"tinyconf": CONF})
    return {**settings, SITE_KEY: site, "output_file": output_file, "SITEURL": "..", **extra}


def _card(ctx: dict, **rendered):
    return build_card(ctx, SeoSettings.from_pelican(ctx), **rendered)


def test_a_subject_says_what_the_page_is_whatever_its_url():
    image = ShareImage("photos/stage-1200.jpg", 1200, 800, "The stage")
    subject = PageSubject(
        kind=PageKind.TALK,
        title="Vectorised <em>haberdashery</em>",
        description="Cutting cloth with arrays.",
        image=image,
        conference="tinyconf",
    )
    # An address no URL pattern would call a talk: the subject decides.
    card = _card(_context("anywhere/else/index.html", **{SUBJECT_KEY: subject}))
    assert card.kind is PageKind.TALK and card.og_type == "website"
    assert card.title == "Vectorised haberdashery"
    assert card.description == "Cutting cloth with arrays."
    assert card.url == f"{BASE}/anywhere/else/"
    assert (card.image, card.image_url) == (image, f"{BASE}/photos/stage-1200.jpg")
    assert card.search_attributes == ' data-pagefind-body data-pagefind-meta="kind:Talk"'
    assert card.json_ld is None
    assert [f.title for f in card.feeds] == []


def test_what_a_subject_leaves_out_comes_from_the_page_and_the_site():
    subject = PageSubject(kind=PageKind.SCHEDULE, title="", conference="tinyconf")
    card = _card(
        _context("conferences/tinyconf/schedule/index.html", **{SUBJECT_KEY: subject}),
        title="Schedule · TinyConf 2024 · Recaps",
        description="The schedule of TinyConf &amp; friends.",
    )
    assert card.title == "Schedule · TinyConf 2024"
    assert card.description == "The schedule of TinyConf & friends."
    assert card.image == ShareImage("theme/images/og-default.png", 1200, 630, "Recaps")
    assert card.search_attributes == ""


def test_a_listing_gets_the_site_defaults_and_its_tag_feed():
    class Tag:
        slug = "python"

        def __str__(self) -> str:
            return "python"

    ctx = _context("tags/python/index.html", tag=Tag(), TAG_FEED_ATOM="feeds/tags/{slug}.xml")
    card = _card(ctx)
    assert card.kind is PageKind.LISTING
    assert (card.title, card.description) == ("Recaps", "Notes")
    assert [f.url for f in card.feeds] == [f"{BASE}/feeds/tags/python.xml"]
    assert card.search_attributes == ""


@dataclass
class Recap:
    """The parts of a Pelican article a card reads."""

    title: str = "TinyConf <span>2024</span>"
    summary: str = "<p>Three days.</p>"
    save_as: str = "2024/tiny/index.html"
    url: str = "2024/tiny/"
    date: dt.datetime = dt.datetime(2024, 5, 20, 10, tzinfo=dt.UTC)
    conference: str | None = "tinyconf"
    status: str = "published"
    html: str = '<p>Text</p><img src="../../images/a.jpg" width="800" height="400" alt="A">'
    metadata: dict = field(default_factory=dict)
    tags: list = field(default_factory=list)
    authors: list = field(default_factory=lambda: ["Ada"])

    def get_content(self, siteurl: str) -> str:
        return self.html


def test_a_recap_is_a_blog_posting_about_its_conference_event():
    ctx = _context("2024/tiny/index.html", article=Recap(), CONFERENCE_FEED_ATOM="f/{slug}.xml")
    card = _card(ctx, title="ignored · Recaps")
    assert (card.kind, card.og_type, card.title) == (PageKind.RECAP, "article", "TinyConf 2024")
    assert card.description == "Three days."
    assert card.image == ShareImage("images/a.jpg", 800, 400, "A")
    assert card.published == card.modified == "2024-05-20T10:00:00+00:00"
    assert [f.title for f in card.feeds] == ["Recaps of TinyConf 2024"]
    data = json.loads(card.json_ld)
    assert data["@type"] == "BlogPosting" and data["image"] == f"{BASE}/images/a.jpg"
    assert data["about"] == jsonld.conference_event(CONF, f"{BASE}/conferences/tinyconf/")
    assert card.search_attributes == ' data-pagefind-body data-pagefind-meta="kind:Recap"'


def test_a_draft_is_described_but_not_indexed():
    card = _card(_context("drafts/tiny/index.html", article=Recap(status="draft")))
    assert card.kind is PageKind.RECAP and card.search_attributes == ""


# --- one Event and Place builder ----------------------------------------------------------


def test_a_conference_event_has_its_dates_page_and_venue():
    event = jsonld.conference_event(CONF, "https://x.org/c/")
    assert event == {
        "@type": "Event",
        "name": "TinyConf 2024",
        "startDate": "2024-05-14",
        "endDate": "2024-05-16",
        "url": "https://x.org/c/",
        "location": {
            "@type": "Place",
            "name": "Riverside Hall",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Lisbon",
                "addressCountry": "PT",
            },
        },
    }
    bare = replace(CONF, venue=None)
    assert "location" not in jsonld.conference_event(bare, None)
    assert "url" not in jsonld.conference_event(bare, None)


def test_a_scheduled_top_level_event_carries_its_status_and_context():
    event = jsonld.event("Talk", dt.date(2024, 1, 1), scheduled=True, top_level=True)
    assert event["@context"] == "https://schema.org"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert "endDate" not in event and "description" not in event


# --- settings once, state per build -----------------------------------------------------


def test_settings_are_made_once_and_every_context_copy_reads_that_object():
    settings = {"SITENAME": "Recaps"}
    made = seo_settings(settings)
    context = dict(settings)  # what Pelican hands generators and templates
    assert seo_settings(context) is made
    assert settings[STORE_KEY] == {SeoSettings: made}


def test_a_builds_state_is_found_once_and_never_outlives_its_context():
    settings: dict = {}
    context: dict = {}
    state = build.start(context, settings, build.SeoBuild(seo_settings(settings)))
    assert context[build.BUILD_KEY] is state and build.BUILD_KEY not in settings
    assert build.take(settings) is state
    assert build.take(settings) is None
    build.start(context, settings, build.SeoBuild(seo_settings(settings)))
    del context, state
    assert build.take(settings) is None


def test_only_listed_recaps_get_neighbours_in_date_order():
    day = dt.datetime(2024, 1, 1)
    old, mid, new = (Post(s, day + dt.timedelta(days=i)) for i, s in enumerate("abc"))
    draft = Post("d", day)
    for post in (old, mid, new, draft):
        post._content = "<p>" + "word " * 500 + "</p>"
    attach_reading_aids([new, old, mid], [draft], _settings())
    assert (mid.reading_aids.older, mid.reading_aids.newer) == (old, new)
    assert old.reading_aids.older is None and new.reading_aids.newer is None
    assert draft.reading_aids.older is draft.reading_aids.newer is None
    assert draft.reading_aids.minutes == 3  # 500 words at 220 a minute


def test_every_setting_seo_reads_is_declared():
    class Recording(dict):
        def get(self, key, default=None):
            read.add(key)
            return super().get(key, default)

    read: set[str] = set()
    SeoSettings.from_pelican(Recording())
    assert read <= set(KEYS)
    assert {"SITE_ABSOLUTE_URL", "CONFERENCE_FEED_ATOM"} <= set(KEYS)
    assert all(key.startswith(PREFIXES) for key in KEYS if key.startswith(("SEO", "SEARCH")))


def test_a_card_needs_no_site_model_and_never_writes_into_the_template_context():
    ctx = _context("2024/tiny/index.html", article=Recap())
    del ctx[SITE_KEY]
    card = _card(MappingProxyType(ctx))  # Jinja's context is read-only too
    assert card.kind is PageKind.RECAP and "about" not in json.loads(card.json_ld)
