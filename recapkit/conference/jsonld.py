"""schema.org Event data for conference and session pages (JSON-LD).

Served in ``<script type="application/ld+json">``: data, not code, so a
Content-Security-Policy without 'unsafe-inline' still allows it. Events and Places are
built by :mod:`recapkit.core.jsonld` (the same builder seo uses for a recap's
conference), which also escapes ``<`` so no text from the content can close the script.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from recapkit.conference.exports import absolute
from recapkit.conference.views import ConferenceView, SessionView
from recapkit.core.jsonld import event, json_script, place, postal_address


def _dump(data: dict[str, Any]) -> Markup:
    return json_script(data, indent=1)


def _place(view: ConferenceView, room: str = "") -> dict[str, Any]:
    venue = view.conference.venue
    if venue is None:
        return place(room or view.place_text or view.name)
    address = postal_address(venue.address, venue.city, venue.region, venue.country)
    return place(f"{room}, {venue.name}" if room else venue.name, address)


def _with_url(data: dict[str, Any], url: str | None) -> dict[str, Any]:
    if url:
        data["url"] = url
    return data


def conference_jsonld(view: ConferenceView, base_url: str) -> Markup:
    conf = view.conference
    data = event(
        conf.name,
        conf.start,
        conf.end,
        url=absolute(base_url, view.url) or conf.url,
        description=view.description_text,
        location=_place(view),
        scheduled=True,
        top_level=True,
    )
    if conf.url:
        data["sameAs"] = conf.url
    data["subEvent"] = [
        event(s.title, s.start, s.end, url=absolute(base_url, s.url))
        for s in view.sessions
        if s.url
    ]
    return _dump(data)


def session_jsonld(view: ConferenceView, session: SessionView, base_url: str) -> Markup:
    data = event(
        session.title,
        session.start,
        session.end,
        url=absolute(base_url, session.url),
        description=session.abstract_text,
        location=_place(view, session.room_name),
        scheduled=True,
        top_level=True,
    )
    if session.speakers:
        data["performer"] = [
            _with_url({"@type": "Person", "name": ref.title}, absolute(base_url, ref.url))
            for ref in session.speakers
        ]
    data["superEvent"] = event(view.name, view.conference.start, url=absolute(base_url, view.url))
    if session.video:
        video: dict[str, Any] = {
            "@type": "VideoObject",
            "name": session.title,
            "url": session.video.url,
        }
        if session.video.embed_url:
            video["embedUrl"] = session.video.embed_url.split("?")[0]
        if session.abstract_text:
            video["description"] = session.abstract_text
        data["recordedIn"] = video
    return _dump(data)
