"""The rows of one day's schedule grid: from its first session to its last.

A day starts at its first session (on the half hour before it) and ends with its last,
which may be after midnight (``day_change``). A stretch of an hour or more in which
nothing runs (an afternoon off before the evening programme) is folded into one short
row that says so, so readers never scroll through empty hours. Times are wall-clock
times of the conference's zone; exports keep their true instants elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

#: Minutes per grid row.
SLOT_MINUTES = 5
#: Time labels every LABEL_MINUTES, on the clock (10:00, 10:30, ...).
LABEL_MINUTES = 30
#: Nothing running for at least this long is folded into one gap row.
FOLD_AT = dt.timedelta(minutes=60)
#: Rows a folded gap takes (a label's height).
GAP_ROWS = 4


def _floor(moment: dt.datetime, minutes: int) -> dt.datetime:
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    elapsed = int((moment - midnight).total_seconds() // 60)
    return midnight + dt.timedelta(minutes=elapsed - elapsed % minutes)


def _ceil(moment: dt.datetime, minutes: int) -> dt.datetime:
    floor = _floor(moment, minutes)
    return floor if floor == moment else floor + dt.timedelta(minutes=minutes)


@dataclass(frozen=True)
class Gap:
    """A folded stretch: nothing runs from ``start`` to ``end``."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Label:
    moment: dt.datetime
    row_start: int
    row_end: int
    gap: Gap | None = None  # set on the label that stands for a folded stretch


@dataclass(frozen=True)
class Timeline:
    origin: dt.datetime  # the top of the first row after the header (row line 2)
    latest: dt.datetime  # the end of the last session
    gaps: tuple[Gap, ...]

    def row(self, moment: dt.datetime) -> int:
        """The grid row line of ``moment`` (line 1 is the room header)."""
        minutes = (moment - self.origin).total_seconds() / 60
        for gap in self.gaps:
            if moment >= gap.end:
                minutes -= (gap.end - gap.start).total_seconds() / 60
                minutes += GAP_ROWS * SLOT_MINUTES
            elif moment > gap.start:
                minutes -= (moment - gap.start).total_seconds() / 60
        return 2 + round(minutes / SLOT_MINUTES)

    def labels(self) -> list[Label]:
        """A label every half hour to the last session's end; one for each gap."""
        labels = []
        moment = self.origin
        step = dt.timedelta(minutes=LABEL_MINUTES)
        while moment < self.latest:
            gap = next((g for g in self.gaps if g.start <= moment < g.end), None)
            if gap is not None:
                row = self.row(gap.start)
                labels.append(Label(gap.start, row, row + GAP_ROWS, gap))
                moment = gap.end
                continue
            row = self.row(moment)
            labels.append(Label(moment, row, row + LABEL_MINUTES // SLOT_MINUTES))
            moment += step
        return labels


def timeline(spans: Iterable[tuple[dt.datetime, dt.datetime]]) -> Timeline:
    """The rows for sessions running over ``spans`` (start, end); at least one span."""
    ordered = sorted(spans)
    origin = _floor(ordered[0][0], LABEL_MINUTES)
    gaps = []
    busy_until = ordered[0][1]
    for start, end in ordered[1:]:
        # Folded only between half-hour marks, so the labels around it stay on the clock.
        quiet_from, quiet_to = _ceil(busy_until, LABEL_MINUTES), _floor(start, LABEL_MINUTES)
        if quiet_to - quiet_from >= FOLD_AT:
            gaps.append(Gap(quiet_from, quiet_to))
        busy_until = max(busy_until, end)
    return Timeline(origin, busy_until, tuple(gaps))
