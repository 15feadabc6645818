"""A new Pelican site made the plain way builds a conference with recapkit from a wheel.

The site is what ``pelican-quickstart`` writes (its answers fed on stdin, every default
taken), with Pelican's own default theme, ``notmyidea``, the fixture site's conference
folder (tests/fixtures/site, its photos drawn by tests/fixturesite.py), one short post
(in recapkit's Markdown format), and one line added to pelicanconf.py:
``PLUGINS = ["recapkit"]``.
recapkit comes from a wheel built with ``pip wheel`` and installed, not editable, into a
fresh venv. That venv has no network and no index to install Pelican and the other
dependencies from, so a ``.pth`` file lends it this environment's site-packages (whose own
``.pth`` files, the editable install of the checkout among them, are not read that way);
the test checks that ``import recapkit`` finds the wheel's copy. Every page recapkit writes
is then rendered by the package's default templates inside notmyidea's ``base.html``.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from lxml import html

from tests import fixturesite
from tests.fixturesite import SITE
from tests.quality import nu_errors
from tests.sitecheck import broken_internal_links

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CONFERENCE = SITE / "content" / "conferences" / fixturesite.CONFERENCE
TEMPLATES = sorted((ROOT / "recapkit" / "templates").rglob("*.html"))
CONF_URL = fixturesite.CONF_URL
TALK = "keynote-reading-the-tide-tables"
SPEAKER = "soren-akesson"
#: pelican-quickstart's questions, in order, and the answers fed to it: the default of
#: each (an empty line), except a URL prefix, which has none.
QUICKSTART_ANSWERS = [
    "",  # Where do you want to create your new web site? (-p)
    "",  # title (-t)
    "",  # author (-a)
    "",  # default language (-l)
    "y",  # Do you want to specify a URL prefix? (Y/n)
    "https://recaps.example.org",  # What is your URL prefix?
    "",  # pagination (Y/n)
    "",  # articles per page [10]
    "",  # time zone
    "",  # generate tasks.py/Makefile (Y/n)
    "",  # FTP (y/N)
    "",  # SSH (y/N)
    "",  # Dropbox (y/N)
    "",  # S3 (y/N)
    "",  # Rackspace Cloud Files (y/N)
    "",  # GitHub Pages (y/N)
]
#: recapkit.content reads Markdown with YAML front matter (and refuses Pelican's own
#: ``Key: value`` lines).
POST = """\
    ---
    title: A morning of tides in Bergen
    date: 2025-06-16 10:00
    conference: fjordline-2025
    ---

    The morning's best talk was
    [Reading the tide tables]({talk}keynote-reading-the-tide-tables)
    by [Søren Åkesson]({speaker}soren-akesson).

    ![A keynote stage]({photo}fjordline-2025/keynote-stage.jpg "The first keynote")
    """
POST_TITLE = "A morning of tides in Bergen"
PHOTOGRAPHERS = {"Fixture Photographer": 2, "Board Sketcher": 1, "Harbour Walker": 1}


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, stdin: str = ""):
    result = subprocess.run(
        cmd,
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{cmd}:\n{result.stdout}\n{result.stderr}"
    return result


def build_wheel(tmp: Path) -> Path:
    """``pip wheel`` of a clean copy of the package (no build/ left in the checkout)."""
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "recapkit",
        source / "recapkit",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
    )
    wheels = tmp / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), "."], source)
    (wheel,) = wheels.glob("recapkit-*.whl")
    return wheel


def fresh_venv(tmp: Path, wheel: Path) -> tuple[Path, dict[str, str]]:
    """A new venv with the wheel installed (not editable) and this environment's
    dependencies on its path; returns its python and the environment to run it in."""
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp)
    python = venv / "bin" / "python"
    run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
        + ["--no-deps", "--no-index", str(wheel)],
        tmp,
    )
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp, env
    ).stdout.strip()
    lent = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(purelib) / "recapkit-test-dependencies.pth").write_text(
        "".join(f"{p}\n" for p in lent), encoding="utf-8"
    )
    probe = textwrap.dedent(
        """
        import json, importlib.metadata as md, recapkit, pelican
        dist = md.distribution("recapkit")
        print(json.dumps({"recapkit": recapkit.__file__, "pelican": pelican.__file__,
                          "direct_url": dist.read_text("direct_url.json")}))
        """
    )
    found = json.loads(run([str(python), "-c", probe], tmp, env).stdout)
    assert Path(found["recapkit"]).is_relative_to(purelib), found  # the wheel, not the checkout
    assert not Path(found["recapkit"]).is_relative_to(ROOT), found
    assert not json.loads(found["direct_url"] or "{}").get("dir_info", {}).get("editable")
    assert (Path(found["recapkit"]).parent / "templates" / "conference" / "talk.html").is_file()
    return python, env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory, wheel) -> Path:
    tmp = tmp_path_factory.mktemp("plain")
    python, env = fresh_venv(tmp, wheel)
    project = tmp / "site"
    project.mkdir()
    run(
        [str(python), "-m", "pelican.tools.pelican_quickstart"]
        + ["-p", str(project), "-t", "Plain recaps", "-a", "A. Writer", "-l", "en"],
        project,
        env,
        stdin="\n".join(QUICKSTART_ANSWERS) + "\n",
    )
    conf = project / "pelicanconf.py"
    settings = conf.read_text(encoding="utf-8")
    assert 'SITEURL = ""' in settings and "THEME" not in settings  # Pelican's defaults
    conf.write_text(settings + '\nPLUGINS = ["recapkit"]\n', encoding="utf-8")
    shutil.copytree(CONFERENCE, project / "content" / "conferences" / CONFERENCE.name)
    fixturesite.write_photos(project / "content" / "conferences" / CONFERENCE.name / "photos")
    post = project / "content" / "a-morning-of-tides.md"
    post.write_text(textwrap.dedent(POST), encoding="utf-8")
    result = run([str(python), "-m", "pelican", "content"], project, env)
    log = result.stdout + result.stderr
    for level in ("WARNING", "ERROR", "CRITICAL"):
        assert level not in log, log
    return project / "output"


def test_wheel_holds_the_code_templates_and_static_files_only(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = [n for n in archive.namelist() if ".dist-info/" not in n]
    data = {n for n in names if not n.endswith(".py")}
    templates = {f"recapkit/{p.relative_to(ROOT / 'recapkit').as_posix()}" for p in TEMPLATES}
    # What `recapkit new` writes (recapkit.starter.kit): the site's files and its theme.
    kit = {n for n in data if n.startswith("recapkit/starter/site/")}
    assert "recapkit/starter/site/themes/recap/templates/base.html" in kit
    data -= kit
    static = {"recapkit/static/recapkit.css", "recapkit/static/search.js"}
    # The live server's reload script (served by ``invoke livereload``, never published).
    assert data == templates | static | {"recapkit/live/livereload.js"}
    code = {n for n in names if n.endswith(".py")}
    assert code == {p.relative_to(ROOT).as_posix() for p in (ROOT / "recapkit").rglob("*.py")}
    assert not any(n.startswith("tools/") or n.endswith("/demo.py") for n in names)


def page(output: Path, rel: str):
    path = output / rel
    if rel.endswith("/") or path.is_dir():
        path = path / "index.html"
    return html.fromstring(path.read_bytes())


def text(element) -> str:
    return " ".join(element.text_content().split())


def test_pages_sit_in_notmyidea_with_the_default_templates(plain_site):
    for rel in (CONF_URL, f"{CONF_URL}schedule/", f"{CONF_URL}photos/", "credits/"):
        doc = page(plain_site, rel)
        assert doc.xpath("//header[@id='banner']"), rel  # notmyidea's base.html
        assert doc.xpath("//*[contains(@class, 'rk-page')]"), rel  # recapkit's default
        assert doc.xpath("//link[@href='/recapkit/recapkit.css']"), rel
    assert (plain_site / "recapkit" / "recapkit.css").is_file()
    assert (plain_site / "recapkit" / "search.js").is_file()


def test_overview_shows_dates_venue_days_and_speakers(plain_site):
    doc = page(plain_site, CONF_URL)
    assert text(doc.xpath("//article//h1")[0]) == "Fjordline Python 2025"
    header = text(doc.xpath("//article/header")[0])
    assert "12–13 June 2025" in header and "Kaigaten Culture House" in header
    days = doc.xpath("//section[@aria-labelledby='rk-days']//li/a/@href")
    assert len(days) == 2 and all(h.startswith(f"/{CONF_URL}schedule/#day-") for h in days)
    speakers = doc.xpath("//section[@aria-labelledby='speakers']//li/a")
    assert sorted(text(a) for a in speakers) == [
        "Jon Okafor",
        "Maren Lindqvist",
        "Priya Raman",
        "Søren Åkesson",
    ]
    assert doc.xpath(f"//a[@href='/{CONF_URL}photos/']")
    assert doc.xpath("//script[@type='application/ld+json']")


def test_schedule_lists_each_day_with_times_and_rooms(plain_site):
    doc = page(plain_site, f"{CONF_URL}schedule/")
    days = doc.xpath("//section[contains(@class, 'rk-day')]")
    assert [d.get("id") for d in days] == ["day-2025-06-12", "day-2025-06-13"]
    items = doc.xpath("//div[contains(@class, 'rk-sched-item')]")
    assert len(items) == 8  # every session of sessions.yaml, the break included
    (talk,) = [i for i in items if i.xpath(f".//a[@href='/{CONF_URL}talks/{TALK}/']")]
    assert text(talk.xpath(".//h3")[0]) == "Keynote: Reading the tide tables"
    meta = text(talk.xpath(".//p")[0])
    assert "09:00" in meta and "Grieg Hall" in meta
    assert "Søren Åkesson" in text(talk)
    assert talk.xpath(".//time/@datetime") == ["2025-06-12T09:00:00+02:00"]
    assert doc.xpath(f"//link[@href='/{CONF_URL}schedule/grid.css']")


def test_talk_page_shows_speakers_video_slides_and_mentions(plain_site):
    doc = page(plain_site, f"{CONF_URL}talks/{TALK}/")
    assert text(doc.xpath("//article//h1")[0]) == "Keynote: Reading the tide tables"
    assert doc.xpath(f"//article/header//a[@href='/{CONF_URL}speakers/{SPEAKER}/']")
    facts = text(doc.xpath("//dl[@class='rk-facts']")[0])
    assert "Thursday 12 June 2025, 09:00–09:45" in facts and "Grieg Hall" in facts
    assert doc.xpath("//a[@href='https://www.youtube.com/watch?v=Fj0rdL1ne25']")
    assert doc.xpath("//a[starts-with(@href, 'https://speakerdeck.com/')]")
    mentions = doc.xpath("//section[@aria-labelledby='rk-mentions']//a")
    assert [text(a) for a in mentions] == [POST_TITLE]
    abstract = page(plain_site, f"{CONF_URL}talks/packaging-workshop/")
    assert "a wheel on an index" in text(
        abstract.xpath("//section[@aria-labelledby='rk-abstract']")[0]
    )


def test_speaker_page_shows_sessions_and_mentions(plain_site):
    doc = page(plain_site, f"{CONF_URL}speakers/{SPEAKER}/")
    assert text(doc.xpath("//article//h1")[0]) == "Søren Åkesson"
    sessions = doc.xpath("//section[@aria-labelledby='rk-sessions']//a/@href")
    assert sessions == [f"/{CONF_URL}talks/{TALK}/"]
    mentions = doc.xpath("//section[@aria-labelledby='rk-mentions']//a")
    assert [text(a) for a in mentions] == [POST_TITLE]


def test_gallery_credits_every_photo_with_its_licence(plain_site):
    doc = page(plain_site, f"{CONF_URL}photos/")
    figures = doc.xpath("//ul[contains(@class, 'rk-gallery')]/li/figure")
    assert len(figures) == len(fixturesite.PHOTOS) == sum(PHOTOGRAPHERS.values())
    names = []
    for figure in figures:
        assert figure.xpath(".//img[@width and @height and @alt and @srcset]")
        credit = figure.xpath(".//span[@class='rk-credit']")[0]
        assert text(credit).startswith("Photo: "), text(credit)
        names += [n for n in PHOTOGRAPHERS if text(credit).startswith(f"Photo: {n}")]
        assert credit.xpath(".//a[@rel='license']"), text(credit)
        (href,) = figure.xpath("./a/@href")
        assert (plain_site / href.lstrip("/") / "index.html").is_file()
    assert {n: names.count(n) for n in names} == PHOTOGRAPHERS


def test_credits_page_names_the_photographer_and_licence(plain_site):
    doc = page(plain_site, "credits/")
    people = doc.xpath("//section[h2]")
    assert sorted(text(p.xpath("h2")[0]) for p in people) == sorted(PHOTOGRAPHERS)
    for person in people:
        count = PHOTOGRAPHERS[text(person.xpath("h2")[0])]
        assert f"{count} photo" in text(person)
        assert person.xpath(".//a[@rel='license']")
        assert len(person.xpath(".//ul/li/a")) == count


def test_a_photo_in_a_post_is_a_credited_figure(plain_site):
    (post,) = [p for p in plain_site.glob("*.html") if "a-morning-of-tides" in p.name]
    doc = html.fromstring(post.read_bytes())
    (figure,) = doc.xpath("//div[@class='entry-content']//figure")  # notmyidea's article
    assert figure.xpath(".//img[@srcset and @width and @height]")
    assert "The first keynote" in text(figure) and "Photo: Fixture Photographer" in text(figure)
    assert doc.xpath(f"//a[@href='/{CONF_URL}talks/{TALK}/']")


def test_every_internal_link_and_image_resolves(plain_site):
    assert broken_internal_links(plain_site, site_root="/") == []


def test_every_page_is_valid_html(plain_site):
    assert nu_errors(plain_site) == []
