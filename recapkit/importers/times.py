"""Turning an export's times into the wall-clock times of one IANA zone.

Exports disagree with themselves: a zone name that is not IANA (or none), offsets that
contradict the venue's real zone. The rule: ``--timezone`` means "the printed times are
right, the offsets are wrong" and keeps the wall clock; otherwise each offset is honoured
and the instant is converted into the conference zone, and a contradiction is reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dateutil import parser as date_parser

from recapkit.importers.report import Report


def parse_datetime(value: object) -> dt.datetime | None:
    """A datetime from YAML/JSON/XML text (``2019-09-22 8:00:00 -0500``, ISO 8601)."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return date_parser.parse(value.strip())
    except (ValueError, OverflowError):
        return None


def parse_minutes(value: object) -> int | None:
    """Durations as frab writes them: ``00:30``, ``1:30``, ``01:30:00``, or minutes."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) or None
    if not isinstance(value, str) or not value.strip():
        return None
    parts = value.strip().split(":")
    try:
        if len(parts) == 1:
            return int(parts[0]) or None
        hours, minutes = int(parts[0]), int(parts[1])
    except ValueError:
        return None
    return hours * 60 + minutes or None


@cache
def _zone_names() -> dict[str, str]:
    """Lower-case city part and full name -> IANA name, for names like ``Brussels``."""
    names: dict[str, str] = {}
    for name in sorted(available_timezones()):
        names.setdefault(name.lower(), name)
        names.setdefault(name.rsplit("/", 1)[-1].lower().replace("_", " "), name)
    return names


def iana_zone(name: object) -> str | None:
    """The IANA name for ``name``, tolerating case, spaces and a bare city."""
    if not isinstance(name, str) or not name.strip():
        return None
    text = name.strip()
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        key = text.lower().replace("_", " ")
        return _zone_names().get(key) or _zone_names().get(key.replace(" ", "_"))
    return text


def zone_for_offset(offset: dt.timedelta) -> str | None:
    """``Etc/GMT+5`` for UTC-05:00 (POSIX sign), when offsets are all there is."""
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    if rest:
        return None
    return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"


def _fmt_offset(offset: dt.timedelta | None) -> str:
    seconds = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


@dataclass(frozen=True)
class Clock:
    """Converts source datetimes into naive local times of ``zone``."""

    zone: str
    keep_wall_clock: bool
    report: Report

    def local(self, value: dt.datetime, where: str) -> dt.datetime:
        tz = ZoneInfo(self.zone)
        if value.tzinfo is None:
            return value.replace(second=0, microsecond=0)
        naive = value.replace(tzinfo=None)
        expected = naive.replace(tzinfo=tz).utcoffset()
        given = value.utcoffset()
        if self.keep_wall_clock:
            if given != expected:
                self.report.add(
                    "fixed",
                    where,
                    f"offset {_fmt_offset(given)} ignored: wall-clock times kept in "
                    f"{self.zone} (UTC{_fmt_offset(expected)}) as --timezone asks",
                    group="offset-ignored",
                )
            return naive.replace(second=0, microsecond=0)
        converted = value.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)
        if given != expected:
            self.report.add(
                "warning",
                where,
                f"offset {_fmt_offset(given)} contradicts the venue's zone {self.zone} "
                f"(UTC{_fmt_offset(converted.replace(tzinfo=tz).utcoffset())}): "
                f"{naive:%H:%M} converted to {converted:%H:%M} local; if the printed times "
                f"are right, re-import with --timezone {self.zone}",
                group="offset-contradicts",
            )
        return converted
