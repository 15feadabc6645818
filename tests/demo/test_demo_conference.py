"""The demo's DjangoCon US 2019 conference as built: six days, a page for every session
and speaker of the source schedule, a recap whose links all lead somewhere that
mentions it, and exports that validate with the keynote at the right instant."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.support import shared_data
from tests.test_conference_exports import events_of, utc, validate_exports
from tests.test_conference_pages import recap_links_resolve_and_are_mentioned


def _source_sessions(source: Path) -> list[str]:
    """Titles of the source schedule's talks, keynotes, tutorials and sprints: entries
    with presenters, plus the sprints (the source files breaks under 'talk' too)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    titles = []
    for path in sorted((source / "_schedule").rglob("*.md")):
        fields = yaml.load(path.read_text(encoding="utf-8").split("---")[1]) or {}
        title = " ".join(str(fields.get("title", "")).split())
        if fields.get("presenters") or title.lower() == "sprints":
            titles.append(title)
    return titles


@pytest.mark.slow
def test_demo_has_six_days(demo_dev):
    conf = "conferences/djangocon-us-2019"
    doc = lxml_html.fromstring(demo_dev.page(f"{conf}/schedule/"))
    assert len(doc.xpath("//section[contains(@class, 'sched-day')]")) == 6


@pytest.mark.slow
@pytest.mark.shared_data
def test_demo_has_a_page_per_session_and_speaker_of_the_source(demo_dev):
    conf = "conferences/djangocon-us-2019"
    source = shared_data("schedules", "djangocon-us-2019")
    pages = sorted((demo_dev.output / conf / "talks").glob("*/index.html"))
    on_site = {
        " ".join(
            lxml_html.fromstring(p.read_text(encoding="utf-8"))
            .xpath("//h1")[0]
            .text_content()
            .split()
        )
        for p in pages
    }
    titles = _source_sessions(source)
    assert len(titles) > 50
    assert [t for t in titles if t not in on_site] == []
    for path in sorted((source / "_presenters").glob("*.md")):
        assert (demo_dev.output / conf / "speakers" / path.stem / "index.html").exists(), path.stem


@pytest.mark.slow
def test_demo_recap_links_resolve_and_are_mentioned(demo_dev):
    conf = "conferences/djangocon-us-2019"
    recaps = [
        p
        for p in sorted(demo_dev.output.glob("2019/*/index.html"))
        if "conf-card" in p.read_text(encoding="utf-8")
    ]
    assert recaps
    rel = recaps[0].parent.relative_to(demo_dev.output).as_posix() + "/"
    talks, speakers = recap_links_resolve_and_are_mentioned(demo_dev, rel, conf)
    assert talks >= 10 and speakers >= 10


@pytest.mark.slow
@pytest.mark.shared_data
def test_demo_exports_validate_and_keynote_is_at_1715utc(demo_dev):
    conf = "conferences/djangocon-us-2019"
    _, data = validate_exports(demo_dev.output, conf)
    assert len(data["schedule"]["conference"]["days"]) == 6
    events = events_of(demo_dev.output / conf / "schedule.ics")
    keynote = next(
        e
        for e in events
        if "Matt Mitchell" in str(e.get("DESCRIPTION", "")) and "Keynote" in str(e["SUMMARY"])
    )
    assert utc(keynote) == dt.datetime(2019, 9, 23, 17, 15, tzinfo=dt.UTC)
