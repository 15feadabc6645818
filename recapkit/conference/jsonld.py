"""schema.org Event data for conference and session pages (JSON-LD).

Served in ``<script type="application/ld+json">``: data, not code, so a
Content-Security-Policy without 'unsafe-inline' still allows it. ``<`` is escaped so
no text from the content can close the script element.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from recapkit.conference.exports import absolute
from recapkit.conference.views import ConferenceView, SessionView
from recapkit.core.jsonld import json_script


def _dump(data: dict[str, Any]) -> Markup:
    return json_script(data, indent=1)


def _place(view: ConferenceView, room: str = "") -> dict[str, Any]:
    venue = view.conference.venue
    place: dict[str, Any] = {"@type": "Place", "name": view.place_text or view.name}
    if venue is not None:
        place["name"] = f"{room}, {venue.name}" if room else venue.name
        address = {
            "@type": "PostalAddress",
            "streetAddress": venue.address,
            "addressLocality": venue.city,
            "addressRegion": venue.region,
            "addressCountry": venue.country,
        }
        place["address"] = {k: v for k, v in address.items() if v}
    elif room:
        place["name"] = room
    return place


def _with_url(data: dict[str, Any], url: str | None) -> dict[str, Any]:
    if url:
        data["url"] = url
    return data


def conference_jsonld(view: ConferenceView, base_url: str) -> Markup:
    conf = view.conference
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": conf.name,
        "startDate": conf.start.isoformat(),
        "endDate": conf.end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _place(view),
    }
    if view.description_text:
        data["description"] = view.description_text
    _with_url(data, absolute(base_url, view.url) or conf.url)
    if conf.url:
        data["sameAs"] = conf.url
    data["subEvent"] = [
        _with_url(
            {
                "@type": "Event",
                "name": s.title,
                "startDate": s.start.isoformat(),
                "endDate": s.end.isoformat(),
            },
            absolute(base_url, s.url),
        )
        for s in view.sessions
        if s.url
    ]
    return _dump(data)


def session_jsonld(view: ConferenceView, session: SessionView, base_url: str) -> Markup:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": session.title,
        "startDate": session.start.isoformat(),
        "endDate": session.end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _place(view, session.room_name),
    }
    if session.abstract_text:
        data["description"] = session.abstract_text
    _with_url(data, absolute(base_url, session.url))
    if session.speakers:
        data["performer"] = [
            _with_url({"@type": "Person", "name": ref.title}, absolute(base_url, ref.url))
            for ref in session.speakers
        ]
    data["superEvent"] = _with_url(
        {"@type": "Event", "name": view.name, "startDate": view.conference.start.isoformat()},
        absolute(base_url, view.url),
    )
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
