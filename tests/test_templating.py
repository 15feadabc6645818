"""The package's default templates: found after the theme's, complete, and self-contained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pelican.generators import Generator
from pelican.settings import read_settings

from recapkit.core import templating

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "recapkit" / "templates"
STATIC = ROOT / "recapkit" / "static"
RECAP = ROOT / "themes" / "recap"
#: Default templates that are parts of the default pages only (a theme need not have them).
OWN_PARTS = {"recapkit/layout.html", "recapkit/macros.html"}
#: Parts the Python code loads by name (recapkit.photos.embeds) or pages include.
SHARED_PARTS = {
    "partials/picture.html",
    "partials/photos_of.html",
    "partials/elsewhere.html",
    "partials/series_nav.html",
}


def generator(tmp_path: Path, theme: Path, **settings) -> Generator:
    tmp_path.mkdir(parents=True, exist_ok=True)
    settings = read_settings(override={"THEME": str(theme), "PATH": str(tmp_path), **settings})
    made = Generator({}, settings, str(tmp_path), settings["THEME"], str(tmp_path / "out"))
    templating.add_defaults(made)
    return made


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def package_templates() -> set[str]:
    return {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.html")}


def test_theme_first_then_defaults_and_the_prefix_always_the_default(tmp_path):
    theme = write(tmp_path / "theme", {"templates/conference/talk.html": "theme talk"})
    made = generator(tmp_path, theme)
    assert made.get_template("conference/talk").render() == "theme talk"
    speaker = made.get_template("conference/speaker")
    assert Path(speaker.filename).is_relative_to(PACKAGE)
    default = made.env.get_template("!recapkit/conference/talk.html")
    assert Path(default.filename) == PACKAGE / "conference" / "talk.html"
    # Pelican's own base.html (notmyidea's, or simple's) still comes from Pelican.
    assert not Path(made.env.get_template("base.html").filename).is_relative_to(PACKAGE)
    assert "conference/talk.html" not in made.env.loader.defaults_in_use(made.env)
    assert "conference/speaker.html" in made.env.loader.defaults_in_use(made.env)


def test_theme_templates_overrides_still_win_over_everything(tmp_path):
    theme = write(tmp_path / "theme", {"templates/conference/talk.html": "theme talk"})
    overrides = write(tmp_path / "overrides", {"conference/talk.html": "site talk"})
    made = generator(tmp_path, theme, THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert made.get_template("conference/talk").render() == "site talk"


def test_wrapping_is_done_once(tmp_path):
    made = generator(tmp_path, write(tmp_path / "theme", {"templates/x.html": ""}))
    loader = made.env.loader
    templating.add_defaults(made)
    assert made.env.loader is loader


def test_the_project_theme_overrides_every_default_page_and_shared_part(tmp_path):
    made = generator(tmp_path, RECAP)
    assert made.env.loader.defaults_in_use(made.env) == []
    for name in SHARED_PARTS:
        assert (RECAP / "templates" / name).is_file(), name


def test_page_templates_list_every_default_page():
    pages = package_templates() - OWN_PARTS - SHARED_PARTS
    assert pages == set(templating.PAGE_TEMPLATES)


@pytest.mark.parametrize("name", sorted(package_templates()))
def test_default_template_compiles_escapes_and_has_no_inline_style_or_script(tmp_path, name):
    made = generator(tmp_path, write(tmp_path / "theme", {"templates/x.html": ""}))
    made.env.get_template(name)  # parses, and every import and extends resolves
    source = (PACKAGE / name).read_text(encoding="utf-8")
    assert "style=" not in source and "<style" not in source
    for script in re.findall(r"<script\b[^>]*>", source):
        assert "src=" in script or 'type="application/ld+json"' in script, script
    if name in templating.PAGE_TEMPLATES:
        assert '{% extends "recapkit/layout.html" %}' in source
        for block in ("title", "content"):  # Pelican's environment does not autoescape
            assert f"{{% block {block} %}}{{% autoescape true %}}" in source, block


def test_static_files_are_the_ones_the_templates_link():
    linked = set()
    for path in PACKAGE.rglob("*.html"):
        linked |= set(re.findall(r"\{\{ recapkit_static \}\}/([\w.-]+)", path.read_text()))
    assert linked == {p.name for p in STATIC.iterdir()} == {"recapkit.css", "search.js"}
    assert [name for name, _ in templating.static_files()] == sorted(linked)


def test_search_script_is_the_themes_own():
    assert (STATIC / "search.js").read_bytes() == (RECAP / "static/js/search.js").read_bytes()


def test_assets_are_published_only_when_a_default_page_is_in_use(tmp_path):
    partial = write(tmp_path / "partial", {"templates/conference/talk.html": ""})
    for theme, expected in ((partial, True), (RECAP, False)):
        made = generator(tmp_path / theme.name, theme)
        assets = templating.DefaultAssets(
            {}, made.settings, made.path, made.theme, str(tmp_path / theme.name / "out")
        )
        templating.add_defaults(assets)
        assets.generate_output(writer=None)
        css = tmp_path / theme.name / "out" / "recapkit" / "recapkit.css"
        assert css.is_file() is expected, theme
        if expected:
            assert css.read_bytes() == (STATIC / "recapkit.css").read_bytes()
