"""When a source's conference days change, and which days really have sessions.

frab says it two ways: ``<day_change>04:00</day_change>`` in the conference, and each
``<day start end>`` (``day_start``/``day_end``, or ``start``/``end``, in JSON). A day
that ends after midnight runs until the next one starts: the clock time it starts at
(the earliest over the days, on the conference's wall clock) is the day change, or its
end when it starts in the afternoon. Written to conference.yaml as ``day_change``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from recapkit.importers.report import Report

#: A day change must be in the morning (the content model refuses a later one).
NOON = dt.time(12)


def _wall_clock(moment: dt.datetime, zone: str, keep_wall_clock: bool) -> dt.datetime:
    if moment.tzinfo is None or keep_wall_clock:
        return moment.replace(tzinfo=None)
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def _round_up(clock: dt.time) -> dt.time:
    """``03:59`` (frab's "until just before the next day") -> ``04:00``."""
    if clock.minute % 5 == 4:
        moment = dt.datetime.combine(dt.date(2000, 1, 1), clock) + dt.timedelta(minutes=1)
        return moment.time()
    return clock.replace(second=0, microsecond=0)


def day_change(
    declared: dt.time | None,
    bounds: Iterable[tuple[dt.datetime | None, dt.datetime | None]],
    zone: str,
    keep_wall_clock: bool,
    where: str,
    report: Report,
) -> dt.time | None:
    """The conference's day change, or None for midnight.

    ``declared`` is ``<day_change>``; ``bounds`` each ``<day>``'s start and end.
    """
    if declared is not None and declared != dt.time(0):
        if declared < NOON:
            return declared.replace(second=0, microsecond=0)
        report.add("skipped", where, f"day_change {declared:%H:%M} is not in the morning")
    changes = []
    for start, end in bounds:
        if start is None or end is None:
            continue
        first = _wall_clock(start, zone, keep_wall_clock)
        last = _wall_clock(end, zone, keep_wall_clock)
        if last.date() <= first.date() or last - first > dt.timedelta(days=1):
            continue  # ends before midnight (or is not one day): no change to learn
        if first.time() < NOON:
            changes.append(first.time())
        elif last.time() < NOON:
            changes.append(_round_up(last.time()))
    if not changes:
        return None
    return min(changes).replace(second=0, microsecond=0)
