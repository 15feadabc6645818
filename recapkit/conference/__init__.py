"""Conference data: YAML schedules, talk and speaker pages, calendars and exports.

Authors keep one folder per conference, ``content/conferences/<slug>/``:

- ``conference.yaml``: name, timezone (IANA), start, end, venue, url, description,
  days (date, kind, title), rooms and tracks (``{slug, name}`` or just a name), links;
- ``sessions.yaml``: ``sessions:`` with slug, title, kind (keynote, talk, tutorial,
  workshop, lightning, panel, sprint, break, social, other), speakers (slugs), start
  (local wall-clock time) and end or duration (minutes), room, track, level,
  abstract (Markdown; raw HTML is shown as text), video, slides, links;
- ``speakers.yaml``: ``speakers:`` with slug, name, bio (Markdown), affiliation, links,
  photo (a JPEG, PNG, WebP, TIFF, AVIF or HEIC file inside the folder, e.g.
  ``speakers/ada.jpg``; published as square AVIF, WebP and JPEG crops at
  ``CONFERENCE_PHOTO_SIZES``, without location, camera or any other metadata but the
  credit; SVG and other files are refused).

Posts link with ``[text]({talk}slug)`` / ``({speaker}slug)`` when their front matter
says ``conference: <slug>``, else ``({talk}<conference>/<slug>)``. Settings:
``CONFERENCE_STRICT`` (unknown fields are errors, not warnings), ``CONFERENCE_PATH``,
``CONFERENCE_PHOTO_SIZES`` (long sides of speaker photos, default 256 and 512).
``SITE_ABSOLUTE_URL`` makes calendar and schedule URLs absolute.

Other plugins read a conference from the site model (``recapkit.core.site``); templates
get ``conferences`` (slug -> view, newest first); a post about a conference carries it
as ``article.conference_view``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals

from recapkit.conference.generator import ConferenceGenerator
from recapkit.conference.linking import (
    CONTEXT_KEY,
    conference_of,
    resolve_speaker,
    resolve_talk,
)
from recapkit.conference.settings import KEYS, OTHERS, PREFIXES, conference_settings
from recapkit.conference.views import ConferenceView, SessionView, SpeakerView
from recapkit.core import links, staticimages, templating
from recapkit.core.enrich import add_step
from recapkit.core.problems import line_of, report
from recapkit.core.settings import declare as declare_settings
from recapkit.core.settings import register as register_settings
from recapkit.core.site import site_of
from recapkit.core.yamlsource import suggest


def _get_generators(_pelican: Any) -> type[ConferenceGenerator]:
    return ConferenceGenerator


def _check_posts(generators: list[Any]) -> None:
    """A post's ``conference:`` must name a known conference; give it the card's data."""
    if not generators:
        return
    context = generators[0].context
    known = context.get(CONTEXT_KEY)
    if known is None:  # the conference generator did not run
        return
    site = site_of(context)
    for view in known.values():
        # Albums were published during context generation (photos plugin).
        album = site.album_of_conference(view.slug)
        view.has_photos = album is not None
        view.photos_url = album.url if album is not None else ""
    for content in links.all_content(context):
        slug = conference_of(content)
        if not slug:
            continue
        view = known.get(slug)
        if view is None and slug in site.failed_conferences:
            continue  # its data errors are already reported
        if view is None:
            try:
                text = Path(content.source_path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            report(
                content.source_path,
                line_of(text, "conference:"),
                f"unknown conference '{slug}'{suggest(slug, known)}",
            )
            continue
        content.conference_view = view


def _settings(pelican: Any) -> None:
    conference_settings(pelican.settings)


def register() -> None:
    declare_settings("conference", PREFIXES, (*KEYS, *OTHERS))
    register_settings()
    signals.initialized.connect(_settings)
    links.register()  # the link pass, in case recapkit.content is not enabled
    staticimages.register()  # likewise: {static} images go through the image pipeline
    templating.register()  # default templates behind the theme's
    signals.get_generators.connect(_get_generators)
    add_step("conference", _check_posts)
    links.register_kind("talk", resolve_talk)
    links.register_kind("speaker", resolve_speaker)


__all__ = ["ConferenceView", "SessionView", "SpeakerView", "register"]
