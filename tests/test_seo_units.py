"""The small pure parts of recapkit.seo: URL kinds, absolute links in feed HTML,
tables of contents, related recaps, robots.txt and the sitemap document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from lxml import etree
from lxml import html as lxml_html

from recapkit.seo.headtags import HeadFacts, complete_page
from recapkit.seo.kinds import PageKind, page_kind
from recapkit.seo.reading import related_recaps, table_of_contents
from recapkit.seo.settings import SeoSettings
from recapkit.seo.sitemap import robots_txt, sitemap_xml
from recapkit.seo.urls import absolutize_html, page_path, site_path_of

BASE = "https://example.org/recaps"


@pytest.mark.parametrize(
    ("output_file", "kind"),
    [
        ("2019/djangocon-us-2019/index.html", PageKind.RECAP),
        ("conferences/djangocon-us-2019/talks/just-add-await/index.html", PageKind.TALK),
        ("conferences/djangocon-us-2019/speakers/andrew-godwin/index.html", PageKind.SPEAKER),
        ("conferences/djangocon-us-2019/index.html", PageKind.CONFERENCE),
        ("conferences/djangocon-us-2019/schedule/index.html", PageKind.OTHER),
        ("conferences/index.html", PageKind.OTHER),
        ("tags/python/index.html", PageKind.OTHER),
        ("2019/page/2/index.html", PageKind.OTHER),
    ],
)
def test_page_kind_follows_the_url_scheme(output_file, kind):
    assert page_kind(output_file) is kind


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


PAGE = """<!doctype html><html><head><title>Just Add Await · Recaps</title>
<meta name="description" content="Async &amp; Django"></head>
<body><nav>menu</nav><main id="main"><h1>Just Add Await</h1><nav>next talk</nav></main>
</body></html>"""


def test_a_page_without_sharing_tags_gets_them_from_its_title_and_description():
    out = complete_page(PAGE, "conferences/c/talks/just-add-await/index.html", _settings())
    facts = HeadFacts.read(out)
    assert {"og:title", "og:description", "og:image", "og:url", "twitter:card"} <= facts.declared
    doc = lxml_html.document_fromstring(out)
    og = {m.get("property"): m.get("content") for m in doc.iter("meta") if m.get("property")}
    assert og["og:title"] == "Just Add Await"
    assert og["og:description"] == "Async & Django"
    assert og["og:url"] == f"{BASE}/conferences/c/talks/just-add-await/"
    assert doc.xpath("//link[@rel='canonical']/@href") == [og["og:url"]]
    main = doc.find(".//main")
    assert main.get("data-pagefind-meta") == "kind:Talk" and "data-pagefind-body" in main.attrib
    assert all("data-pagefind-ignore" in nav.attrib for nav in doc.iter("nav"))
    assert complete_page(out, "conferences/c/talks/just-add-await/index.html", _settings()) == out


def test_listing_pages_are_not_indexed_for_search():
    out = complete_page(PAGE, "tags/python/index.html", _settings())
    assert "data-pagefind-body" not in out
