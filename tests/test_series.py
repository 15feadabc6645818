"""Series: two editions of one conference link to each other, and the series page
lists both with their recaps."""

from __future__ import annotations

import posixpath

from lxml import html as lxml_html

from tests.sitecheck import broken_internal_links
from tests.support import run_build


def _edition(year: int, extra: str = "") -> dict[str, str]:
    base = f"conferences/tinycon-{year}/"
    return {
        base + "conference.yaml": (
            f"name: TinyCon {year}\ntimezone: Europe/Brussels\n"
            f"start: {year}-02-01\nend: {year}-02-02\nseries: tinycon\n{extra}"
        ),
        base + "sessions.yaml": (
            f"sessions:\n  - slug: opening\n    title: Opening {year}\n"
            f"    start: {year}-02-01 09:00\n    duration: 30\n"
        ),
        base + "speakers.yaml": "speakers: []\n",
    }


def _files() -> dict[str, str]:
    files = {**_edition(2032), **_edition(2031)}
    files["conferences/other-2031/conference.yaml"] = (
        "name: Other 2031\ntimezone: UTC\nstart: 2031-05-01\nend: 2031-05-01\n"
    )
    files["conferences/other-2031/sessions.yaml"] = "sessions: []\n"
    files["conferences/other-2031/speakers.yaml"] = "speakers: []\n"
    # The theme's menu links the About page.
    files["pages/about.md"] = "---\ntitle: About\n---\nAbout this site.\n"
    files["posts/tinycon-2031.md"] = (
        "---\ntitle: TinyCon 2031, day by day\ndate: 2031-02-03\n"
        "conference: tinycon-2031\n---\nIt was small.\n"
    )
    return files


def _resolve(page_rel: str, href: str) -> str:
    """The output path a relative link on ``page_rel`` points at."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), href)) + "/"


def _edition_links(build, rel: str) -> dict[str, str]:
    doc = lxml_html.fromstring(build.page(rel))
    nav = doc.xpath("//nav[h2='Other editions']")
    assert nav, f"{rel} has no series navigation"
    found = {"series": nav[0].xpath("string(.//a[contains(., 'every edition')]/@href)")}
    for rel_name in ("prev", "next"):
        href = nav[0].xpath(f"string(.//a[@rel='{rel_name}']/@href)")
        if href:
            found[rel_name] = _resolve(rel + "index.html", href)
    found["series"] = _resolve(rel + "index.html", found["series"])
    return found


def test_two_editions_link_each_other_and_the_series_page_lists_both(sample_site, tmp_path):
    build = run_build(sample_site(_files()), tmp_path / "out")
    assert build.returncode == 0, build.stderr

    first = _edition_links(build, "conferences/tinycon-2031/")
    second = _edition_links(build, "conferences/tinycon-2032/")
    assert first == {"series": "conferences/series/tinycon/", "next": "conferences/tinycon-2032/"}
    assert second == {"series": "conferences/series/tinycon/", "prev": "conferences/tinycon-2031/"}
    # A conference outside any series says nothing about editions.
    other = lxml_html.fromstring(build.page("conferences/other-2031/"))
    assert not other.xpath("//nav[h2='Other editions']")

    page = lxml_html.fromstring(build.page("conferences/series/tinycon/"))
    assert " ".join(page.xpath("string(//h1)").split()) == "TinyCon"
    editions = page.xpath("//main//ol/li")
    titles = [" ".join(li.xpath("string(h2)").split()) for li in editions]
    assert titles == ["TinyCon 2031", "TinyCon 2032"]  # oldest first
    assert [" ".join(a.text_content().split()) for a in editions[0].xpath(".//ul//a")] == [
        "TinyCon 2031, day by day"
    ]
    assert "No recap of this edition yet." in editions[1].text_content()
    assert broken_internal_links(build.output) == []


def test_a_series_that_is_not_a_slug_is_an_error_with_its_line(sample_site, tmp_path):
    files = _edition(2031)
    files["conferences/tinycon-2031/conference.yaml"] = files[
        "conferences/tinycon-2031/conference.yaml"
    ].replace("series: tinycon", "series: Tiny Con!")
    build = run_build(sample_site(files), tmp_path / "out")
    assert build.returncode == 1
    assert "content/conferences/tinycon-2031/conference.yaml:5: " in build.stderr
    assert "Traceback" not in build.stderr
