"""The parts of ``invoke start`` and ``recapkit new`` a person meets without a build:
what gets written, what a mistake looks like, and that a failure leaves nothing half done.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
import pytest

from recapkit.starter.new import new_site
from recapkit.starter.options import SiteOptions
from recapkit.starter.personal import StartError
from recapkit.starter.settingsfile import read_values, set_values

ROOT = Path(__file__).resolve().parent.parent
SCHEDULE = ROOT / "tests" / "fixtures" / "import" / "schedule.json"
DAY = dt.date(2031, 10, 1)


def options(**changes) -> SiteOptions:
    values = {"name": "Notes", "author": "Sam Visitor", "siteurl": "https://sam.github.io/r"}
    return SiteOptions(**{**values, **changes})


def test_new_imports_the_conference_and_links_the_first_post_to_it(tmp_path):
    made = new_site(
        tmp_path / "site", options(source=str(SCHEDULE), conference="jsoncon"), today=DAY
    )
    site = tmp_path / "site"
    assert (site / "content/conferences/jsoncon/sessions.yaml").is_file()
    assert made.written.post == "content/posts/2031-10-01-jsoncon-my-recap.md"
    post = (site / made.written.post).read_text(encoding="utf-8")
    assert "conference: jsoncon" in post and "status: draft" in post


def test_a_failed_import_leaves_the_new_folder_empty(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    with pytest.raises(StartError) as failed:
        new_site(target, options(source=str(tmp_path / "missing.json"), conference="x"))
    assert any("missing.json" in line for line in failed.value.lines)
    assert list(target.iterdir()) == []


def test_every_bad_option_is_listed_at_once(tmp_path):
    bad = options(name=" ", siteurl="ftp://x", timezone="Nowhere/Atall", lang="english!")
    problems = bad.problems()
    assert [p.split(" ")[0] for p in problems] == ["--name", "--siteurl", "--timezone", "--lang:"]
    with pytest.raises(StartError):
        new_site(tmp_path / "site", bad)
    assert not (tmp_path / "site").exists()


def test_a_city_is_enough_for_the_time_zone(tmp_path):
    new_site(tmp_path / "site", options(timezone="berlin"))
    conf = (tmp_path / "site" / "pelicanconf.py").read_text(encoding="utf-8")
    assert read_values(conf, ("TIMEZONE",)) == {"TIMEZONE": "Europe/Berlin"}


def test_settings_keep_every_other_line_and_quote_what_they_write():
    source = '"""Doc."""\nSITENAME = "Old"  # mine\nMENU = [1, 2]\n\nAUTHOR = (\n    "Old"\n)\n'
    written = set_values(source, {"SITENAME": 'Sam\'s "notes"', "AUTHOR": "Zoë", "NEW": "x"})
    assert written == (
        '"""Doc."""\nSITENAME = "Sam\'s \\"notes\\""  # mine\nMENU = [1, 2]\n\n'
        'AUTHOR = (\n    "Zoë"\n)\nNEW = "x"\n'
    )
    assert read_values(written, ("SITENAME", "AUTHOR")) == {
        "SITENAME": 'Sam\'s "notes"',
        "AUTHOR": "Zoë",
    }


def test_the_about_page_shows_names_as_text_never_as_markup(tmp_path):
    hostile = options(name="<script>x()</script> *big* [link](javascript:y)", author="_Ann_")
    new_site(tmp_path / "site", hostile)
    about = (tmp_path / "site" / "content/pages/about.md").read_text(encoding="utf-8")
    body = markdown.markdown(about.split("---\n", 2)[2])
    assert "<script" not in body and "<em>" not in body and "<a " not in body
    assert "&lt;script&gt;x()&lt;/script&gt; *big* [link](javascript:y)" in body
    assert "_Ann_" in body
