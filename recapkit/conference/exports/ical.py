"""RFC 5545 calendars: the whole schedule and one file per session.

Times carry the conference's TZID with a VTIMEZONE that icalendar derives from the
zoneinfo database, limited to the conference's year so the file stays small.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, vText

from recapkit.conference.exports import absolute, build_time, session_guid
from recapkit.conference.views import ConferenceView, SessionView

PRODID = "-//recapkit//conference schedule//EN"


def _calendar(view: ConferenceView, name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", view.conference.timezone)
    return cal


def _event(view: ConferenceView, session: SessionView, base_url: str) -> Event:
    event = Event()
    event.add("uid", f"{session_guid(view, session)}@recapkit")
    event.add("dtstamp", build_time(view))
    event.add("dtstart", session.start)
    event.add("dtend", session.end)
    event.add("summary", session.title)
    lines = []
    if session.speakers:
        lines.append(", ".join(s.title for s in session.speakers))
    if session.abstract_text:
        lines.append(session.abstract_text)
    if lines:
        event.add("description", "\n\n".join(lines))
    if session.room_name:
        event.add("location", vText(session.room_name))
    event.add("categories", [session.kind_label])
    url = absolute(base_url, session.url)
    if url:
        event.add("url", url)
    return event


def _finish(cal: Calendar, view: ConferenceView) -> bytes:
    year = view.conference.start.year
    cal.add_missing_timezones(first_date=dt.date(year, 1, 1), last_date=dt.date(year + 1, 1, 1))
    return cal.to_ical()


def schedule_ics(view: ConferenceView, base_url: str = "") -> bytes:
    cal = _calendar(view, view.name)
    for session in view.sessions:
        cal.add_component(_event(view, session, base_url))
    return _finish(cal, view)


def session_ics(view: ConferenceView, session: SessionView, base_url: str = "") -> bytes:
    cal = _calendar(view, f"{session.title} ({view.name})")
    cal.add_component(_event(view, session, base_url))
    return _finish(cal, view)
