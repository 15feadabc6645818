"""Machine-readable schedules: iCalendar, frab/pentabarf XML and the C3VOC JSON."""

from __future__ import annotations

import datetime as dt
import os
import uuid

from recapkit.conference.views import ConferenceView, SessionView

GENERATOR = "recapkit"


def session_guid(view: ConferenceView, session: SessionView) -> str:
    """Stable across builds and hosts: the data's own guid, else a name-based UUID."""
    if session.session.guid:
        return session.session.guid
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"recapkit:conference/{view.slug}/{session.slug}"))


def person_guid(view: ConferenceView, speaker_slug: str) -> str:
    return str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"recapkit:conference/{view.slug}/speakers/{speaker_slug}")
    )


def room_guid(view: ConferenceView, room_slug: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"recapkit:conference/{view.slug}/rooms/{room_slug}"))


def build_time(view: ConferenceView) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the day after the conference:
    never the clock, so two builds of the same data give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    day = view.conference.end + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def absolute(base: str, path: str | None) -> str | None:
    """An absolute URL when the site knows its own address, else None."""
    if not base or path is None:
        return None
    return base.rstrip("/") + "/" + path.lstrip("/")
