"""``recapkit new`` makes a whole site from the installed package alone.

The package is built into a wheel (``pip wheel --no-deps``) and installed, not
editable, into a fresh venv in tmp_path. There is no network, so the venv borrows this
environment's site-packages for Pelican and the other dependencies through a ``.pth``
file, and the test checks that ``recapkit`` itself is imported from the wheel. In an
empty folder, ``recapkit new`` then writes the site; its production build under
``https://sam.github.io/recaps`` must pass the link check under ``/recaps/``, with the
site's own ``tasks.py`` running ``invoke publish`` and ``invoke linkcheck``.
"""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import html

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://sam.github.io/recaps"
NEW_SITE_FILES = (
    "pelicanconf.py",
    "publishconf.py",
    "tasks.py",
    ".gitignore",
    ".github/workflows/pages.yml",
    "README.md",
    "requirements.txt",
    "themes/recap/templates/base.html",
    "content/pages/about.md",
)


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, ok: bool = True):
    result = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    if ok:
        assert result.returncode == 0, f"{cmd}:\n{result.stdout}\n{result.stderr}"
    return result


#: Top-level folders a wheel does not need (content/ would be the demo's), and caches.
_TOP_LEVEL = {".git", ".venv", "output", ".cache", "content", "tests", "bench", "tools"}
_ANYWHERE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".output*", "build", "dist")


def _not_packaged(folder: str, names: list[str]) -> set[str]:
    top = set(names) & _TOP_LEVEL if Path(folder) == ROOT else set()
    return top | _ANYWHERE(folder, names)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel of the package, built from a copy of the checkout's package files."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    # As a clone has it, links kept: the kit's links must resolve inside the copy.
    shutil.copytree(ROOT, source, symlinks=True, ignore=_not_packaged)
    wheels = tmp / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), "."], source)
    (built,) = wheels.glob("recapkit-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> tuple[Path, dict[str, str]]:
    """A fresh venv with the wheel installed; its python and environment."""
    tmp = tmp_path_factory.mktemp("venv")
    root = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(root)], tmp)
    python = root / "bin" / "python"
    run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
        + ["--no-deps", "--no-index", str(wheel)],
        tmp,
    )
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    env["VIRTUAL_ENV"] = str(root)
    env["PATH"] = f"{root / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        tmp,
        env,
    ).stdout.strip()
    borrowed = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(purelib) / "borrowed-dependencies.pth").write_text(
        "".join(f"{p}\n" for p in borrowed), encoding="utf-8"
    )
    where = run([str(python), "-c", "import recapkit; print(recapkit.__file__)"], tmp, env)
    assert Path(where.stdout.strip()).is_relative_to(purelib), where.stdout  # the wheel's
    return python, env


@pytest.fixture(scope="module")
def new_site(tmp_path_factory, venv) -> Path:
    python, env = venv
    parent = tmp_path_factory.mktemp("made")
    (parent / "recaps").mkdir()  # an empty folder is fine
    made = run(
        [str(python), "-m", "recapkit", "new", "recaps"]
        + ["--name", "Sam's conference notes", "--author", "Sam Visitor"]
        + ["--siteurl", SITE_URL, "--timezone", "Europe/Berlin"],
        parent,
        env,
    )
    assert "Made a new site in recaps/" in made.stdout
    assert "invoke publish" in made.stdout
    return parent / "recaps"


def test_the_wheel_ships_the_theme_and_site_files_as_files(wheel):
    with zipfile.ZipFile(wheel) as archive:
        infos = {i.filename: i for i in archive.infolist()}
    kit = "recapkit/starter/site/"
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py", "gitignore", "pages.yml"):
        info = infos[kit + name]
        assert (info.external_attr >> 28) != 0o12, name  # a file, not a symbolic link
        assert info.file_size > 0, name
    theme = ROOT / "themes" / "recap"
    for path in theme.rglob("*"):
        if path.is_file():
            assert f"{kit}themes/recap/{path.relative_to(theme).as_posix()}" in infos


def _without_address(settings: str) -> str:
    return re.sub(r"^PUBLISHED_URL = .*$", "PUBLISHED_URL = ...", settings, flags=re.M)


def test_new_writes_a_whole_site_with_the_repositorys_own_files(new_site):
    for rel in NEW_SITE_FILES:
        assert (new_site / rel).is_file(), rel
    (post,) = (new_site / "content" / "posts").glob("*.md")
    assert "status: draft" in post.read_text(encoding="utf-8")
    for rel in ("tasks.py", ".gitignore", ".github/workflows/pages.yml"):
        assert (new_site / rel).read_bytes() == (ROOT / rel).read_bytes(), rel
    theme = ROOT / "themes" / "recap"
    for path in theme.rglob("*"):
        if path.is_file():
            copy = new_site / "themes" / "recap" / path.relative_to(theme)
            assert copy.read_bytes() == path.read_bytes(), path
    conf = (new_site / "pelicanconf.py").read_text(encoding="utf-8")
    assert 'SITENAME = "Sam\'s conference notes"' in conf
    assert 'TIMEZONE = "Europe/Berlin"' in conf
    prod = (new_site / "publishconf.py").read_text(encoding="utf-8")
    assert f'PUBLISHED_URL = "{SITE_URL}"' in prod
    # The rest is the repository's publishconf.py, whatever address its owner gave it.
    assert _without_address(prod) == _without_address(
        (ROOT / "publishconf.py").read_text(encoding="utf-8")
    )
    requirements = (new_site / "requirements.txt").read_text(encoding="utf-8")
    assert "recapkit==" in requirements
    assert not (new_site / "tests").exists()


def test_the_new_sites_production_build_passes_the_link_check_under_recaps(new_site, venv):
    python, env = venv
    invoke = [str(python), "-m", "invoke"]
    published = run([*invoke, "publish"], new_site, {**env, "SITEURL": SITE_URL})
    assert "Built output/" in published.stderr
    checked = run([*invoke, "linkcheck"], new_site, {**env, "SITEURL": SITE_URL})
    assert "Links OK" in checked.stderr and "site at https://sam.github.io/recaps" in (
        checked.stderr
    )
    doc = html.fromstring((new_site / "output" / "about" / "index.html").read_bytes())
    assert doc.xpath("//link[@rel='canonical']/@href") == [f"{SITE_URL}/about/"]
    assert "Sam Visitor" in doc.text_content()


def test_the_link_check_fails_on_a_broken_link(new_site, venv):
    python, env = venv
    page = new_site / "output" / "about" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("</main>", '<a href="../nowhere/">x</a></main>'),
        encoding="utf-8",
    )
    failed = run(
        [str(python), "-m", "recapkit", "linkcheck", "--siteurl", SITE_URL],
        new_site,
        env,
        ok=False,
    )
    assert failed.returncode == 1
    assert "about/index.html: ../nowhere/: no such file in the site" in failed.stderr


def test_new_refuses_a_folder_that_is_not_empty(new_site, venv):
    python, env = venv
    again = run(
        [str(python), "-m", "recapkit", "new", str(new_site)]
        + ["--name", "X", "--author", "Y", "--siteurl", SITE_URL],
        new_site.parent,
        env,
        ok=False,
    )
    assert again.returncode == 1
    assert "is not empty" in again.stderr and "Traceback" not in again.stderr
