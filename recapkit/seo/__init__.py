"""Finding and sharing: canonical links, Open Graph and JSON-LD, Atom feeds per site,
conference and tag, sitemap and robots.txt, reading aids, and the Pagefind search.

Settings (defaults in :mod:`recapkit.seo.settings`): ``SITE_ABSOLUTE_URL``,
``SEARCH_INDEX`` (run Pagefind after the build), ``CONFERENCE_FEED_ATOM``
(e.g. ``feeds/conferences/{slug}.atom.xml``), ``SEO_DEFAULT_IMAGE``.

What a page is about comes from the page itself, never from its URL: the
``page_subject`` (:class:`recapkit.core.site.PageSubject`) its generator passes to the
writer, else Pelican's ``article`` or ``page``, else it is a listing
(:mod:`recapkit.seo.cards`). seo never edits a written page; Pagefind reads the
finished output to build its index.

How a theme shows the tags
--------------------------

The tags are rendered by the theme, from the ``seo_card()`` Jinja global. A theme's
base template computes the card once, with the page's own title and description blocks
(used where the page's subject says nothing), includes ``partials/seo.html`` in
``<head>``, and marks ``<main>`` for search::

    {%- set seo = seo_card(title=self.title(), description=self.description())
                  if seo_card is defined else none %}
    <head>... {% include "partials/seo.html" ignore missing %} ...</head>
    <main{{ seo.search_attributes if seo }} id="main">

``search_attributes`` is `` data-pagefind-body data-pagefind-meta="kind:Talk"`` on a
recap, talk, speaker or conference page and empty elsewhere; the indexer leaves
``<nav>`` out by itself. A theme that does neither simply has no sharing tags, and
Pagefind then indexes every page whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator

from recapkit.core import staticimages, templating
from recapkit.core.enrich import add_step
from recapkit.core.settings import declare
from recapkit.core.settings import register as register_settings
from recapkit.core.site import site_of
from recapkit.seo import build
from recapkit.seo.cards import seo_card
from recapkit.seo.feeds import ConferenceFeedGenerator, absolutize_feed
from recapkit.seo.reading import attach_reading_aids
from recapkit.seo.search import SearchPageGenerator, build_index
from recapkit.seo.settings import KEYS, PREFIXES, seo_settings
from recapkit.seo.sitemap import content_dates, write_sitemap


def _initialized(pelican: Any) -> None:
    """Build the settings once, and give templates the ``seo_card`` global."""
    settings = pelican.settings
    seo_settings(settings)
    # A new dict: the default one is shared with Pelican's DEFAULT_CONFIG.
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "seo_card": seo_card}


def _generators(pelican: Any) -> list[type]:
    return [SearchPageGenerator, ConferenceFeedGenerator]


def _all_read(generators: list[Any]) -> None:
    """The enrichment pass's last step (after photos are placed in the text): reading
    aids on every written article; content dates kept for the sitemap."""
    if not generators:
        return
    context = generators[0].context
    settings = seo_settings(generators[0].settings)
    site_of(context)  # templates read it, whether or not another plugin filled it
    found = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    unlisted = [*context.get("drafts", ())]
    if found is not None:  # written too, but not in the context's lists
        for name in (
            "translations",
            "hidden_articles",
            "hidden_translations",
            "drafts_translations",
        ):
            unlisted += getattr(found, name, ())
    attach_reading_aids(context.get("articles", ()), unlisted, settings)
    items = [*context.get("articles", ()), *context.get("pages", ())]
    build.start(context, generators[0].settings, build.SeoBuild(settings, content_dates(items)))


def _finalized(pelican: Any) -> None:
    settings = seo_settings(pelican.settings)
    finished = build.take(pelican.settings)
    output = Path(pelican.settings["OUTPUT_PATH"])
    write_sitemap(output, settings, finished.content_dates if finished is not None else {})
    if settings.search_index:
        build_index(output)


def register() -> None:
    declare("seo", prefixes=PREFIXES, keys=KEYS)
    register_settings()
    signals.initialized.connect(_initialized)
    signals.get_generators.connect(_generators)
    add_step("reading", _all_read)
    signals.feed_generated.connect(absolutize_feed)
    signals.finalized.connect(_finalized)
    staticimages.register()  # no published image escapes the image pipeline
    templating.register()  # default templates behind the theme's
