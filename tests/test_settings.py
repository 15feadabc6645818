"""Settings mistakes name the file and line that made them; the conference URL setting
moves every conference page, album, photo and link."""

from __future__ import annotations

from tests.fixturesite import CONFERENCE, RECAP, write_fixture_site
from tests.sitecheck import broken_internal_links
from tests.support import SITE_URL, run_build


def test_a_misspelt_setting_in_publishconf_is_reported_against_publishconf(tmp_path):
    project = write_fixture_site(tmp_path / "project")
    conf = project / "publishconf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text + "\nPHOTOS_SIZE = [320, 640]\n", encoding="utf-8")
    line = text.count("\n") + 2

    result = run_build(project, tmp_path / "out", "publishconf.py", env={"SITEURL": SITE_URL})

    assert result.returncode == 1
    problems = [p for p in result.stderr.splitlines() if "PHOTOS_SIZE" in p]
    assert problems == [
        f"publishconf.py:{line}: warning: PHOTOS_SIZE: unknown setting "
        "(did you mean 'PHOTOS_SIZES'?)"
    ], result.stderr


def test_a_bad_value_is_reported_against_the_file_that_set_it(tmp_path):
    project = write_fixture_site(tmp_path / "project")
    conf = project / "publishconf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + '\nCONFERENCE_URL = "/events/"\n', encoding="utf-8"
    )
    result = run_build(project, tmp_path / "out", "publishconf.py", env={"SITEURL": SITE_URL})
    assert result.returncode == 1
    assert "publishconf.py:" in result.stderr
    assert "CONFERENCE_URL: '/events/': use a relative folder URL ending in '/'" in result.stderr


def test_the_conference_url_setting_moves_every_conference_page_and_link(tmp_path):
    project = write_fixture_site(tmp_path / "project")
    conf = project / "pelicanconf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + '\nCONFERENCE_URL = "events/{slug}/"\nCONFERENCES_URL = "events/"\n',
        encoding="utf-8",
    )
    output = tmp_path / "out"
    result = run_build(project, output)
    assert result.returncode == 0, result.stderr

    conf_dir = output / "events" / CONFERENCE
    assert not (output / "conferences").exists()
    assert (output / "events" / "index.html").is_file()
    for page in (
        "",
        "schedule/",
        "talks/streaming-ferry-timetables/",
        "speakers/soren-akesson/",
        "photos/",
    ):
        assert (conf_dir / page / "index.html").is_file(), page
    assert (conf_dir / "schedule.ics").is_file()
    assert list((conf_dir / "photos").glob("*.jpg")), "photo derivatives move with the album"
    recap = (output / RECAP / "index.html").read_text()
    assert f"events/{CONFERENCE}/talks/" in recap
    assert f"conferences/{CONFERENCE}" not in recap
    assert broken_internal_links(output) == []
