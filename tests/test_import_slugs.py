"""Short, stable talk and speaker slugs, and one speaker per person.

A slug is what an author types in ``{talk}slug``: at most six words of the title, 60
characters, cut only between words, and never renamed by a re-import (sessions are
matched by guid). The real FOSDEM 2026 and rC3 exports are the yardsticks.
"""

from __future__ import annotations

import re

import pytest

from recapkit.core.slugs import slugify
from tests.test_import_helpers import read, run, sessions, shared


def _title_words(title: str) -> list[str]:
    return slugify(re.sub(r"(?<=\w)['\u2019](?=\w)", "", title), max_length=0).split("-")


def _ends_at_a_word(slug: str, title: str) -> bool:
    """The slug is the title's first words, perhaps with a ``-2`` that tells it apart."""
    words, title_words = slug.split("-"), _title_words(title)
    if title_words[: len(words)] == words:
        return True
    return words[-1].isdigit() and title_words[: len(words) - 1] == words[:-1]


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["fosdem-2026-schedule.xml", "voc-example-pretalx-rc3.json"])
def test_real_imports_have_short_slugs_that_a_reimport_keeps(tmp_path, name):
    content = tmp_path / "content"
    run(shared(name), content, prose=False)
    first = sessions(content)
    assert first
    too_long = [slug for slug in first if len(slug) > 60]
    cut = [slug for slug, s in first.items() if not _ends_at_a_word(slug, s["title"])]
    assert not too_long and not cut, (too_long, cut)
    assert max(len(slug.split("-")) for slug in first) <= 7  # six words, and a suffix
    people = [p["slug"] for p in read(content, "conf", "speakers")["speakers"]]
    assert all(len(slug) <= 60 for slug in people)

    again = run(shared(name), content, prose=False)
    assert sessions(content).keys() == first.keys()
    assert {s["guid"]: slug for slug, s in sessions(content).items()} == {
        s["guid"]: slug for slug, s in first.items()
    }
    assert [p["slug"] for p in read(content, "conf", "speakers")["speakers"]] == people
    changed = [n for n in again.report.notes if n.action in {"added", "removed", "moved"}]
    assert not changed, changed


FRAB = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>SlugCon</title><acronym>slugcon</acronym>
    <time_zone_name>Europe/Oslo</time_zone_name></conference>
  <day index="1" date="2031-05-06">
    <room name="Sal A">
{events}
    </room>
  </day>
</schedule>
"""
EVENT = """      <event id="{n}" guid="00000000-0000-4000-8000-00000000000{n}">
        <date>2031-05-06T{hour}:00:00+02:00</date><duration>00:30</duration><room>Sal A</room>
        <slug>slugcon-{n}-a-very-long-frab-slug-with-the-speaker-names-added-by-frab-to-it</slug>
        <title>{title}</title><type>lecture</type>
        <persons>{persons}</persons>
      </event>"""


def _frab(path, events):
    body = "\n".join(
        EVENT.format(n=n, hour=f"{9 + i:02d}", title=title, persons=persons)
        for i, (n, title, persons) in enumerate(events)
    )
    path.write_text(FRAB.format(events=body), encoding="utf-8")
    return path


def test_titles_make_the_slug_and_shared_titles_get_a_short_suffix(tmp_path):
    source = _frab(
        tmp_path / "schedule.xml",
        [
            (1, "Welcome", '<person id="1">Kari Bjørstad</person>'),
            (2, "The State of the Art of Typing Slugs by Hand in 2031", ""),
            (3, "Welcome", ""),
        ],
    )
    run(source, tmp_path / "content")
    assert list(sessions(tmp_path / "content")) == [
        "welcome",
        "the-state-of-the-art",  # six words, less the trailing "of"
        "welcome-2",
    ]
    speakers = read(tmp_path / "content", "conf", "speakers")["speakers"]
    assert [p["slug"] for p in speakers] == ["kari-bjorstad"]


def test_a_reimport_keeps_slugs_the_source_retitled_or_reordered(tmp_path):
    content = tmp_path / "content"
    path = tmp_path / "schedule.xml"
    _frab(path, [(1, "Welcome", ""), (2, "Keynote on slugs", ""), (3, "Welcome", "")])
    run(path, content)
    assert list(sessions(content)) == ["welcome", "keynote-on-slugs", "welcome-2"]
    # the source retitles the keynote and moves the second welcome first
    _frab(path, [(3, "Welcome", ""), (2, "Keynote: why slugs matter", ""), (1, "Welcome", "")])
    outcome = run(path, content)
    found = sessions(content)
    assert found["keynote-on-slugs"]["title"] == "Keynote: why slugs matter"
    assert found["welcome"]["guid"].endswith("0001")
    assert found["welcome-2"]["guid"].endswith("0003")
    assert not [n for n in outcome.report.notes if n.action in {"added", "removed"}]


def test_one_person_with_two_ids_is_one_speaker_unless_the_bios_differ(tmp_path):
    doc = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>PeopleCon</title><time_zone_name>Europe/Oslo</time_zone_name></conference>
  <persons>
    <person id="10"><name>Jane Doe</name><biography>Writes parsers.</biography></person>
    <person id="11"><name>jane  doe</name><biography>Writes parsers.</biography></person>
    <person id="20"><name>Ola Nordmann</name><biography>Sails boats.</biography></person>
    <person id="21"><name>Ola Nordmann</name><biography>Bakes bread.</biography></person>
  </persons>
  <day index="1" date="2031-05-06"><room name="Sal A">
    <event id="1" guid="00000000-0000-4000-8000-000000000001">
      <date>2031-05-06T09:00:00+02:00</date><duration>00:30</duration><room>Sal A</room>
      <title>One</title><persons><person id="10">Jane Doe</person>
      <person id="20">Ola Nordmann</person></persons>
    </event>
    <event id="2" guid="00000000-0000-4000-8000-000000000002">
      <date>2031-05-06T10:00:00+02:00</date><duration>00:30</duration><room>Sal A</room>
      <title>Two</title><persons><person id="11">jane  doe</person>
      <person id="21">Ola Nordmann</person></persons>
    </event>
  </room></day>
</schedule>
"""
    (tmp_path / "people.xml").write_text(doc, encoding="utf-8")
    content = tmp_path / "content"
    outcome = run(tmp_path / "people.xml", content)
    found = sessions(content)
    assert found["one"]["speakers"] == ["jane-doe", "ola-nordmann"]
    assert found["two"]["speakers"] == ["jane-doe", "ola-nordmann-2"]
    lines = outcome.report.lines()
    merged = "fixed: speaker 'jane doe' appears with two ids (10, 11): merged as 'jane-doe'"
    assert any(merged in x for x in lines)
    warned = [x for x in lines if "warning: speaker 'Ola Nordmann'" in x]
    assert len(warned) == 1 and "different bios" in warned[0] and "'ola-nordmann-2'" in warned[0]
    # and a re-import keeps both apart under the same slugs
    run(tmp_path / "people.xml", content)
    assert sessions(content)["two"]["speakers"] == ["jane-doe", "ola-nordmann-2"]
