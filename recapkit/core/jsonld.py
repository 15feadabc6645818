"""schema.org data for ``<script type="application/ld+json">`` blocks: the one builder
of Event and Place, and JSON that is safe for any text inside.

The conference plugin describes its conference and talk pages as Events; seo describes
a recap as a BlogPosting ``about`` its conference's Event. Both build them here, from
plain values (:func:`event`, :func:`place`, :func:`postal_address`) or from the site
model's :class:`~recapkit.core.site.ConferenceFacts` (:func:`conference_event`), so the
two never disagree on what an Event or a Place looks like.

Escaping only ``</`` is not enough: ``<!--`` followed by ``<script`` switches the HTML
parser into a state where ``</script>`` no longer ends the block. Writing ``<``, ``>``
and ``&`` as JSON escapes keeps the data identical and the markup inert.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from recapkit.core.site import ConferenceFacts, Venue

CONTEXT = "https://schema.org"
SCHEDULED = "https://schema.org/EventScheduled"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"


def json_script(data: Mapping[str, Any], indent: int | None = None) -> Markup:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def postal_address(
    street: str | None = None,
    locality: str | None = None,
    region: str | None = None,
    country: str | None = None,
) -> dict[str, Any]:
    """A PostalAddress with the parts that are known."""
    address = {
        "@type": "PostalAddress",
        "streetAddress": street,
        "addressLocality": locality,
        "addressRegion": region,
        "addressCountry": country,
    }
    return {k: v for k, v in address.items() if v}


def place(name: str, address: Mapping[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Place", "name": name}
    if address is not None:
        data["address"] = dict(address)
    return data


def venue_place(venue: Venue | None) -> dict[str, Any] | None:
    """The site model's venue as a Place (None without a named venue)."""
    if venue is None or not venue.name:
        return None
    return place(venue.name, postal_address(locality=venue.city, country=venue.country))


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def event(
    name: str,
    start: dt.date | None,
    end: dt.date | None = None,
    *,
    url: str | None = None,
    description: str | None = None,
    location: Mapping[str, Any] | None = None,
    scheduled: bool = False,
    top_level: bool = False,
) -> dict[str, Any]:
    """An Event; ``scheduled`` adds its status (scheduled, in person), ``top_level`` the
    ``@context`` a block's outermost object carries. Unknown values are left out."""
    data: dict[str, Any] = {"@type": "Event", "name": name}
    if top_level:
        data = {"@context": CONTEXT, **data}
    data["startDate"] = _iso(start)
    data["endDate"] = _iso(end)
    if scheduled:
        data["eventStatus"] = SCHEDULED
        data["eventAttendanceMode"] = OFFLINE
    if location is not None:
        data["location"] = dict(location)
    data["description"] = description or None
    data["url"] = url or None
    return {k: v for k, v in data.items() if v is not None}


def conference_event(conference: ConferenceFacts, url: str | None) -> dict[str, Any]:
    """A conference of the site model as an Event (its page at ``url``)."""
    return event(
        conference.name,
        conference.start,
        conference.end,
        url=url,
        location=venue_place(conference.venue),
    )
