"""The package's default templates, found after the theme's, and their static files.

Every page recapkit writes has a default template in ``recapkit/templates/``, so
``PLUGINS = ["recapkit"]`` renders with any theme. A theme overrides any of them by
shipping a template of the same name (``themes/recap`` overrides them all).

Lookup order of every generator's Jinja environment, first match wins:

1. ``THEME_TEMPLATES_OVERRIDES``, then the theme's ``templates/`` (Pelican);
2. Pelican's ``simple`` theme, its implicit fallback, and the explicit ``!simple/...``
   and ``!theme/...`` names (Pelican);
3. recapkit's defaults, ``recapkit/templates/``;
4. ``!recapkit/<name>``: always the default, so a theme's template can extend it and
   change one block (``{% extends "!recapkit/conference/talk.html" %}``).

Pelican builds each generator's environment from the first two itself; the defaults are
appended once it has, at ``generator_init``, by wrapping its loader. Appending the folder
to ``THEME_TEMPLATES_OVERRIDES`` instead would be the wrong order: Pelican searches those
folders *before* the theme, so the defaults would hide the theme's own templates. The
defaults come after ``simple`` too, which costs nothing (no name is in both) and means
they can never shadow a template Pelican would have found.

The defaults extend the theme's ``base.html`` through ``recapkit/layout.html``, filling
the conventional ``title``, ``head`` and ``content`` blocks (those of Pelican's
``notmyidea`` and ``simple``); a theme that names its blocks otherwise overrides that
one file. They link ``recapkit/static/`` files (``recapkit.css``, ``search.js``) as
``{{ SITEURL }}/{{ recapkit_static }}/...``; :class:`DefaultAssets` publishes them into
the output only when the theme leaves at least one default page template in use, so a
theme that overrides every page (``themes/recap``) gets no file it never links.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader, PrefixLoader
from jinja2.exceptions import TemplateNotFound
from pelican import signals
from pelican.generators import Generator

#: Prefix of names that always mean the package's default (like Pelican's ``!simple``).
PREFIX = "!recapkit"
#: Output folder of the package's static files (``{{ recapkit_static }}`` in templates).
STATIC_DIR = "recapkit"
#: The default templates that render a page (the others are parts of pages).
PAGE_TEMPLATES = (
    "conference/index.html",
    "conference/overview.html",
    "conference/schedule.html",
    "conference/talk.html",
    "conference/speaker.html",
    "conference/series.html",
    "photos/album.html",
    "photos/photo.html",
    "photos/credits.html",
    "recapkit/search.html",
)


class DefaultsLoader(ChoiceLoader):
    """Pelican's loader (theme and ``simple``), then the package's default templates."""

    def __init__(self, theme: BaseLoader):
        defaults = PackageLoader("recapkit", "templates")
        super().__init__([theme, defaults, PrefixLoader({PREFIX: defaults})])
        self.theme = theme

    def defaults_in_use(self, environment: Environment) -> list[str]:
        """The default page templates the theme does not override."""
        in_use = []
        for name in PAGE_TEMPLATES:
            try:
                self.theme.get_source(environment, name)
            except TemplateNotFound:
                in_use.append(name)
        return in_use


def add_defaults(generator: Any) -> None:
    """``generator_init``: the defaults go behind the loader Pelican just built."""
    env = getattr(generator, "env", None)
    if env is None or isinstance(env.loader, DefaultsLoader):
        return
    env.loader = DefaultsLoader(env.loader)
    env.globals.setdefault("recapkit_static", STATIC_DIR)


def static_files() -> list[tuple[str, bytes]]:
    """(name, bytes) of every file in ``recapkit/static/``, sorted."""
    folder = resources.files("recapkit").joinpath("static")
    return sorted((item.name, item.read_bytes()) for item in folder.iterdir() if item.is_file())


class DefaultAssets(Generator):
    """Publishes ``recapkit/static/`` into ``<output>/recapkit/`` when a default page
    template is in use (registered through ``get_generators``)."""

    def generate_output(self, writer: Any) -> None:
        loader = self.env.loader
        if not isinstance(loader, DefaultsLoader) or not loader.defaults_in_use(self.env):
            return
        folder = Path(self.output_path) / STATIC_DIR
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in static_files():
            (folder / name).write_bytes(data)


def _generators(_pelican: Any) -> type[DefaultAssets]:
    return DefaultAssets


def register() -> None:
    """Connect once (blinker keeps one connection per receiver), from every plugin
    that renders pages."""
    signals.generator_init.connect(add_defaults)
    signals.get_generators.connect(_generators)


__all__ = [
    "PAGE_TEMPLATES",
    "PREFIX",
    "STATIC_DIR",
    "DefaultAssets",
    "DefaultsLoader",
    "add_defaults",
    "register",
    "static_files",
]
