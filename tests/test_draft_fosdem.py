"""A first draft from the real FOSDEM 2026 schedule: five title fragments give a draft
whose sections follow the days and times of those sessions, whose links all resolve,
and which ``check`` accepts; two ambiguous fragments list candidates and write nothing."""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.support import ROOT, SITE_SETTINGS, run_build, shared_data
from tests.test_newpost import invoke

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]

#: Five talks, named by words of their titles and listed out of schedule order.
FIVE = "rust kernel; zasper jupyter; homebrew package management; running wikipedia bare metal; tips tricks nix"  # noqa: E501


@pytest.fixture(scope="module")
def fosdem(tmp_path_factory) -> Path:
    """A site with FOSDEM 2026 imported by the real importer command."""
    xml = shared_data("schedules", "fosdem-2026-schedule.xml")
    project = tmp_path_factory.mktemp("fosdem") / "site"
    (project / "content" / "posts").mkdir(parents=True)
    (project / "content" / "pages").mkdir()
    (project / "content/pages/about.md").write_text("---\ntitle: About\n---\nAbout.\n")
    shutil.copytree(ROOT / "themes", project / "themes")
    shutil.copy2(SITE_SETTINGS / "pelicanconf.py", project / "pelicanconf.py")
    shutil.copy2(ROOT / "tasks.py", project / "tasks.py")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "recapkit.importers",
            str(xml),
            "--conference",
            "fosdem-2026",
            "--content",
            str(project / "content"),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return project


def _sessions(project: Path) -> dict[str, tuple[str, str]]:
    """slug -> (start, day heading) from the imported data, read as the build reads it."""
    from recapkit.conference.loader import load_conference

    loaded, problems = load_conference(project / "content/conferences/fosdem-2026")
    assert loaded is not None, problems
    conf = loaded.conference
    return {
        s.slug: (s.start.isoformat(), f"{conf.day_of(s.start):%A} {conf.day_of(s.start).day}")
        for s in loaded.sessions
    }


def test_five_fragments_give_a_draft_in_schedule_order_that_checks_and_builds(fosdem, tmp_path):
    result = invoke(fosdem, "new-post", "FOSDEM 2026", "--conference", "fosdem-2026",
                    "--attended", FIVE)  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = fosdem / "content/posts/2026-02-01-fosdem-2026.md"
    text = path.read_text(encoding="utf-8")
    assert "\nstatus: draft\n" in text

    # Sections follow the days, and within a day the sessions follow their times.
    known = _sessions(fosdem)
    order: list[tuple[str, str]] = []  # (day heading, talk slug) as the draft has them
    day = ""
    for line in text.splitlines():
        if line.startswith("## "):
            day = line[3:]
        found = re.match(r"### \[.*\]\(\{talk\}([^)]+)\)$", line)
        if found:
            order.append((day, found.group(1)))
    assert len(order) == 5
    for day_heading, slug in order:
        assert day_heading.startswith(known[slug][1]), (slug, day_heading)
    starts = [known[slug][0] for _, slug in order]
    assert starts == sorted(starts)
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## Saturday 31 January",
        "## Sunday 1 February",
    ]
    assert "[Watch the recording](https://www.youtube.com/watch?v=AUrPdOZNsX8&t=1100)" in text

    check = run_build(fosdem, tmp_path / "checked", command="check")
    assert check.returncode == 0, check.stderr
    build = run_build(fosdem, tmp_path / "out")
    assert build.returncode == 0, build.stderr
    page = "drafts/fosdem-2026/index.html"
    main = lxml_html.fromstring(build.page(page)).xpath("//main")[0]
    talks = main.xpath(".//a[contains(@href, '/talks/')]/@href")
    speakers = main.xpath(".//a[contains(@href, '/speakers/')]/@href")
    assert len(talks) == 5 and len(speakers) >= 5
    for href in main.xpath(".//a/@href"):
        if "://" in href or href.startswith("#"):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
        assert (build.output / target / "index.html").is_file() or (
            build.output / target
        ).is_file(), href


def test_two_ambiguous_fragments_list_candidates_and_write_nothing(fosdem):
    before = sorted(p.name for p in (fosdem / "content/posts").iterdir())
    result = invoke(fosdem, "new-post", "FOSDEM 2026 again", "--conference", "fosdem-2026",
                    "--attended", "welcome to fosdem; closing")  # fmt: skip
    assert result.returncode == 1
    assert "'welcome to fosdem' fits 2 sessions" in result.stderr
    assert "    welcome-to-fosdem-2026  Welcome to FOSDEM 2026 (Sat 31 Jan 09:30" in (result.stderr)
    assert "'closing' fits 3 sessions" in result.stderr
    assert "closing-fosdem-2026  Closing FOSDEM 2026 (Sun 01 Feb 17:50" in result.stderr
    assert "nothing written" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in (fosdem / "content/posts").iterdir()) == before
