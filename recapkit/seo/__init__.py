"""Finding and sharing: canonical links, Open Graph and JSON-LD, Atom feeds per site,
conference and tag, sitemap and robots.txt, reading aids, and the Pagefind search.

Settings (defaults in :mod:`recapkit.seo.settings`): ``SITE_ABSOLUTE_URL``,
``SEARCH_INDEX`` (run Pagefind after the build), ``CONFERENCE_FEED_ATOM``
(e.g. ``feeds/conferences/{slug}.atom.xml``), ``SEO_DEFAULT_IMAGE``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals

from recapkit.core import staticimages, templating
from recapkit.core.enrich import add_step
from recapkit.core.settings import declare as declare_settings
from recapkit.core.settings import register as register_settings
from recapkit.seo.cards import seo_card
from recapkit.seo.feeds import ConferenceFeedGenerator, absolutize_feed
from recapkit.seo.headtags import complete_page
from recapkit.seo.reading import attach_reading_aids
from recapkit.seo.search import SearchPageGenerator, build_index
from recapkit.seo.settings import DEFAULTS, SeoSettings
from recapkit.seo.sitemap import EXCLUDED_FOLDERS, content_dates, write_sitemap

logger = logging.getLogger(__name__)

#: Per-build facts handed from the generators to ``finalized`` (kept in the build's
#: own settings, so nothing outlives a build).
_DATES_KEY = "_RECAPKIT_SEO_CONTENT_DATES"


def _add_template_globals(pelican: Any) -> None:
    settings = pelican.settings
    # A new dict: the default one is shared with Pelican's DEFAULT_CONFIG.
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "seo_card": seo_card}


def _generators(pelican: Any) -> list[type]:
    return [SearchPageGenerator, ConferenceFeedGenerator]


def _all_read(generators: list[Any]) -> None:
    if not generators:
        return
    context = generators[0].context
    settings = generators[0].settings
    attach_reading_aids(context, SeoSettings.from_pelican(settings))
    items = [*context.get("articles", ()), *context.get("pages", ())]
    settings[_DATES_KEY] = content_dates(items)


def complete_pages(output: Path, settings: SeoSettings) -> None:
    """Add missing sharing tags and search markers to every written HTML page."""
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative.split("/")[0] in EXCLUDED_FOLDERS - {"drafts"}:
            continue
        html = path.read_text(encoding="utf-8")
        if not html.strip():
            continue  # nothing to complete (and lxml cannot parse an empty document)
        completed = complete_page(html, relative, settings)
        if completed != html:
            path.write_text(completed, encoding="utf-8")


def _finalized(pelican: Any) -> None:
    settings = SeoSettings.from_pelican(pelican.settings)
    output = Path(pelican.settings["OUTPUT_PATH"])
    complete_pages(output, settings)
    write_sitemap(output, settings, pelican.settings.pop(_DATES_KEY, {}))
    if settings.search_index:
        build_index(output)


def register() -> None:
    declare_settings("seo", ("SEO_", "SEARCH_", "READING_"), [*DEFAULTS, "CONFERENCE_FEED_ATOM"])
    register_settings()
    signals.initialized.connect(_add_template_globals)
    signals.get_generators.connect(_generators)
    add_step("reading", _all_read)
    signals.feed_generated.connect(absolutize_feed)
    signals.finalized.connect(_finalized)
    staticimages.register()  # no published image escapes the image pipeline
    templating.register()  # default templates behind the theme's
