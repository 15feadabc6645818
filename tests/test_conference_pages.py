"""What a reader sees: schedule, talk and speaker pages, links from posts, safe text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.fixturesite import CONF_URL, RECAP
from tests.support import run_build

FIXTURES = Path(__file__).parent / "fixtures" / "conference"
CONF = "conferences/pycoast-2019"


@pytest.fixture(scope="module")
def site_build(tmp_path_factory):
    site = tmp_path_factory.mktemp("pages") / "site"
    shutil.copytree(FIXTURES / "site", site)
    build = run_build(site, site.parent / "out")
    assert build.returncode == 0, build.stderr
    return build


def _doc(build, rel: str):
    return lxml_html.fromstring(build.page(rel))


def _target(build, rel: str, href: str) -> str:
    """Where a relative link on page ``rel`` leads, relative to the output root."""
    path = (build.output / rel / href).resolve()
    assert (path / "index.html").exists(), f"{href} on {rel} leads nowhere"
    return path.relative_to(build.output.resolve()).as_posix() + "/"


def _jsonld(doc) -> list[dict]:
    return [json.loads(s.text) for s in doc.xpath('//script[@type="application/ld+json"]')]


def test_hostile_title_and_abstract_render_as_text(site_build):
    pages = sorted(site_build.output.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        rel = page.relative_to(site_build.output).as_posix()
        doc = lxml_html.fromstring(page.read_bytes())
        for script in doc.xpath("//script"):
            assert script.get("type") == "application/ld+json" or script.get("src"), rel
        handlers = [a for el in doc.iter() for a in el.attrib if a.lower().startswith("on")]
        assert handlers == [], rel
        assert not doc.xpath("//img[@src='x']"), rel
        assert not doc.xpath("//a[starts-with(@href, 'javascript')]"), rel
        assert not doc.xpath("//b"), rel
    doc = _doc(site_build, f"{CONF}/talks/hostile-talk/")
    title = doc.xpath("//h1")[0].text_content()
    assert title == "<script>alert(1)</script> and <img src=x onerror=alert(1)>"
    abstract = doc.xpath("//section[@class='talk-abstract']")[0].text_content()
    assert "<script>alert(1)</script>" in abstract
    assert "<img src=x onerror=alert(1)>" in abstract
    assert "<script>" in doc.xpath("//title")[0].text_content()
    assert _jsonld(doc)[0]["name"] == title
    speaker = _doc(site_build, f"{CONF}/speakers/cy-coder/")
    assert speaker.xpath("//h1")[0].text_content() == "Cy <b onmouseover=alert(1)>Coder</b>"
    assert (
        "<script>alert(1)</script> home"
        in speaker.xpath("//ul[@class='conf-links']")[0].text_content()
    )


def test_talk_page_facts_video_and_structured_data(site_build):
    doc = _doc(site_build, f"{CONF}/talks/opening-keynote/")
    text = doc.text_content()
    assert "Monday 23 September 2019, 10:15–11:00" in text and "PDT" in text
    assert "Main Hall" in text
    speakers = doc.xpath("//p[@class='talk-speakers']/a")
    assert [a.text for a in speakers] == ["Ada Keynoter"]
    rel = f"{CONF}/talks/opening-keynote/"
    assert _target(site_build, rel, speakers[0].get("href")) == f"{CONF}/speakers/ada-keynoter/"
    poster = doc.xpath("//a[@class='video-poster']")[0]
    assert poster.get("data-embed").startswith("https://www.youtube-nocookie.com/embed/abcdefghijk")
    assert poster.get("href") == "https://www.youtube.com/watch?v=abcdefghijk"
    assert not doc.xpath("//iframe"), "the player must load only on click"
    assert doc.xpath("//script[contains(@src, 'theme/js/video.js')]")
    event = _jsonld(doc)[0]
    assert event["@type"] == "Event"
    assert event["startDate"] == "2019-09-23T10:15:00-07:00"
    assert event["endDate"] == "2019-09-23T11:00:00-07:00"
    assert event["performer"][0]["name"] == "Ada Keynoter"
    assert event["location"]["name"].startswith("Main Hall")
    assert event["recordedIn"]["@type"] == "VideoObject"
    nxt = doc.xpath("//a[@rel='next']")[0].get("href")
    assert _target(site_build, rel, nxt) == f"{CONF}/talks/fast-templates/"


def test_vimeo_player_and_slides(site_build):
    doc = _doc(site_build, f"{CONF}/talks/fast-templates/")
    poster = doc.xpath("//a[@class='video-poster']")[0]
    assert poster.get("data-embed").startswith("https://player.vimeo.com/video/123456789")
    assert "dnt=1" in poster.get("data-embed")
    assert doc.xpath("//a[@href='https://slides.example.org/fast-templates']")
    prev = doc.xpath("//a[@rel='prev']")[0].get("href")
    assert _target(site_build, f"{CONF}/talks/fast-templates/", prev) == (
        f"{CONF}/talks/opening-keynote/"
    )


def test_links_from_posts_resolve_and_are_listed_as_mentions(site_build):
    post = _doc(site_build, "2019/pycoast-recap/")
    hrefs = {a.text: a.get("href") for a in post.xpath("//a")}
    assert hrefs["opening keynote"] == f"../../{CONF}/talks/opening-keynote/"
    assert hrefs["Ada"] == f"../../{CONF}/speakers/ada-keynoter/"
    other = _doc(site_build, "2019/another-post/")
    assert other.xpath(f"//a[@href='../../{CONF}/talks/fast-templates/']")
    for rel, title in (
        (f"{CONF}/talks/opening-keynote/", "PyCoast recap"),
        (f"{CONF}/speakers/ada-keynoter/", "PyCoast recap"),
        (f"{CONF}/talks/fast-templates/", "Another post"),
    ):
        doc = _doc(site_build, rel)
        mentions = doc.xpath("//ul[@class='conf-recaps']/li/a")
        assert [a.text for a in mentions] == [title], rel
        _target(site_build, rel, mentions[0].get("href"))


def test_post_shows_the_conference_card(site_build):
    card = _doc(site_build, "2019/pycoast-recap/").xpath("//div[@class='conf-card']")
    assert card, "no conference card on a post with conference: in its front matter"
    text = card[0].text_content()
    assert "PyCoast 2019" in text and "23–24 September 2019" in text and "San Diego" in text
    links = [a.get("href") for a in card[0].xpath(".//a")]
    targets = [_target(site_build, "2019/pycoast-recap/", h) for h in links]
    assert targets == [f"{CONF}/", f"{CONF}/schedule/"]
    assert not _doc(site_build, "2019/another-post/").xpath("//div[@class='conf-card']")


def test_schedule_days_grid_and_zone(site_build):
    doc = _doc(site_build, f"{CONF}/schedule/")
    days = doc.xpath("//section[contains(@class, 'sched-day')]")
    assert [d.get("id") for d in days] == ["day-2019-09-23", "day-2019-09-24"]
    assert doc.xpath("//nav[@aria-label='Days']//a[@href='#day-2019-09-24']")
    assert "Times are San Diego time (PDT, UTC−07:00)." in doc.text_content()
    css = (site_build.output / CONF / "schedule" / "grid.css").read_text(encoding="utf-8")
    items = doc.xpath("//div[contains(@class, 'sched-item')]")
    assert len(items) == 7
    for item in items:
        placement = [c for c in item.get("class").split() if c.startswith("sg-")]
        assert len(placement) == 2 and all(f".{c} " in css for c in placement)
    keynote = next(i for i in items if "Keynote" in i.text_content())
    registration = next(i for i in items if "Registration" in i.text_content())
    workshop = next(i for i in items if "Testing workshop" in i.text_content())
    assert "sg-c2-5" in keynote.get("class")  # free in every room: across all three
    assert "k-break" in registration.get("class") and "sg-c2-5" in registration.get("class")
    assert "sg-c4-5" in workshop.get("class")
    assert not doc.xpath("//*[@style]"), "placement must not need inline styles (CSP)"


def test_speaker_page_lists_sessions_and_links(site_build):
    doc = _doc(site_build, f"{CONF}/speakers/bo-builder/")
    sessions = [a.text for a in doc.xpath("//ul[@class='conf-sessions']/li/a")]
    assert sessions == ["Fast templates", "Testing workshop"]
    ada = _doc(site_build, f"{CONF}/speakers/ada-keynoter/")
    assert ada.xpath("//a[@href='https://ada.example.org/']")
    assert ada.xpath("//div[contains(@class, 'speaker-bio')]//em[text()='community']")


def recap_links_resolve_and_are_mentioned(build, rel: str, conf: str) -> tuple[int, int]:
    """Every talk and speaker link of the recap at ``rel`` leads to a page that lists the
    recap among its mentions; returns how many talks and speakers it links."""
    doc = lxml_html.fromstring(build.page(rel))
    links = {
        _target(build, rel, a.get("href"))
        for a in doc.xpath("//main//a[contains(@href, 'conferences/')]")
        if "/talks/" in a.get("href") or "/speakers/" in a.get("href")
    }
    talks = sorted(t for t in links if t.startswith(f"{conf}/talks/"))
    speakers = sorted(t for t in links if t.startswith(f"{conf}/speakers/"))
    for target in talks + speakers:
        page = lxml_html.fromstring(build.page(target))
        mentions = [
            _target(build, target, a.get("href"))
            for a in page.xpath("//ul[@class='conf-recaps']/li/a")
        ]
        assert rel in mentions, target
    return len(talks), len(speakers)


def test_fixture_recap_links_resolve_and_are_mentioned(site_dev):
    conf = CONF_URL.rstrip("/")
    talks, speakers = recap_links_resolve_and_are_mentioned(site_dev, RECAP, conf)
    assert (talks, speakers) == (7, 4)  # every session with a page, every speaker
    doc = _doc(site_dev, f"{CONF_URL}talks/type-hints-in-old-code/")
    mentions = [
        " ".join(a.text_content().split()) for a in doc.xpath("//ul[@class='conf-recaps']/li/a")
    ]
    assert sorted(mentions) == ["Fjordline Python 2025 in Bergen", "Hallway notes from Fjordline"]


def test_speaker_photo_is_published_with_its_size(site_build):
    rel = f"{CONF}/speakers/ada-keynoter/"
    img = _doc(site_build, rel).xpath("//img[@class='speaker-photo']")[0]
    assert img.get("alt") == "Portrait of Ada Keynoter"
    assert (img.get("width"), img.get("height")) == ("96", "96")
    assert (site_build.output / rel / img.get("src")).resolve().is_file()
    assert not _doc(site_build, f"{CONF}/speakers/bo-builder/").xpath("//img")
