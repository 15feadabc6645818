"""What every importer produces: sessions, speakers and rooms, not yet checked.

Importers read; this module finishes: unique slugs, guessed end times, merged room
spellings, and validation against the content model so nothing invalid is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from recapkit.conference.models import Conference, Session, SessionKind, Speaker, conference_day
from recapkit.core.slugs import slugify
from recapkit.core.yamlsource import error_message
from recapkit.importers.report import Report
from recapkit.importers.sanitize import plain_text

FALLBACK_MINUTES = 30
LONGEST_GUESS = dt.timedelta(minutes=60)


@dataclass
class Draft:
    """One session as read, before slugs are made unique and ends are known."""

    where: str
    base_slug: str
    fields: dict[str, Any]
    named_at: dt.datetime | None = None  # the source's own date/time, for dated_slugs
    kept: bool = False  # the slug a previous import gave this session (by its guid)

    @property
    def start(self) -> dt.datetime | None:
        """None for a session that has no time yet (listed, not in the grid)."""
        return self.fields["start"]

    @property
    def when(self) -> dt.datetime:
        return self.named_at or self.start or dt.datetime.min

    @property
    def order(self) -> tuple[bool, dt.datetime, str, str]:
        """Schedule order; unscheduled sessions last, by slug."""
        room = self.fields.get("room") or ""
        return (self.start is None, self.start or dt.datetime.min, room, self.base_slug)


def _words(slug: str) -> list[str]:
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in slug.split("-")]


@dataclass
class Rooms:
    """Rooms by slug, so ``Salon A-E`` and ``salon a-e `` become one room.

    With ``fuzzy`` (free-text sources), a name that ends with a known room's full name
    (``Rio Vista Ballroom Salons A-E`` and ``Salon A-E``) is taken as that room.
    """

    report: Report
    fuzzy: bool = False
    names: dict[str, str] = field(default_factory=dict)

    def _same_as(self, slug: str) -> str | None:
        words = _words(slug)
        for known in self.names:
            other = _words(known)
            short, long = sorted((words, other), key=len)
            if len(short) >= 2 and short != long and long[-len(short) :] == short:
                return known
        return None

    def add(
        self, name: object, where: str, quiet: bool = False, slug: str | None = None
    ) -> str | None:
        """The room's slug (the source's own ``slug`` when it has a usable one)."""
        if not isinstance(name, str) or not name.strip():
            return slug if slug in self.names else None
        clean = " ".join(plain_text(name).split()) if plain_text(name) else name.strip()
        slug = slug or slugify(clean)
        if self.fuzzy and slug not in self.names and (alias := self._same_as(slug)):
            if not quiet:
                self.report.add(
                    "guessed", where, f"room '{clean}' taken as '{self.names[alias]}' (same ending)"
                )
            return alias
        known = self.names.get(slug)
        if known is None:
            self.names[slug] = clean
        elif known != clean and not quiet:
            self.report.add("fixed", where, f"room '{clean}' is the same room as '{known}'")
        return slug

    def as_list(self) -> list[dict[str, str]]:
        return [{"slug": slug, "name": name} for slug, name in self.names.items()]


@dataclass(frozen=True)
class Known:
    """Slugs the conference's YAML already uses, so a re-import renames nothing the
    author may link: sessions by guid, speakers by normalised name."""

    sessions: Mapping[str, str] = field(default_factory=dict)
    speakers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportOptions:
    """How one import runs; the same for every source format."""

    conference: str  # slug of the conference folder to write
    zone: str | None  # IANA zone given by the user (--timezone), if any
    keep_wall_clock: bool  # times as printed are right; offsets are not
    prose: bool  # import abstracts and bios (off: the author writes their own)
    report: Report
    known: Known = field(default_factory=Known)


@dataclass
class Imported:
    """A schedule in our content model, ready to merge into YAML."""

    conference: dict[str, Any]
    sessions: list[dict[str, Any]]
    speakers: list[dict[str, Any]]
    source_keys: set[str] = field(default_factory=set)


def unique_slugs(drafts: list[Draft], limit: int = 60) -> list[str]:
    """Slugs a previous import gave stay; any other shared base gets ``-2``, ``-3``...
    in schedule order, shortened by whole words to stay within ``limit`` characters."""
    taken = {d.base_slug for d in drafts if d.kept}
    slugs = []
    for draft in drafts:
        slug = draft.base_slug
        if not draft.kept:
            n = 1
            while slug in taken:
                n += 1
                words = draft.base_slug.split("-")
                while len(words) > 1 and len("-".join(words)) + len(str(n)) + 1 > limit:
                    words.pop()
                slug = f"{'-'.join(words)}-{n}"
            taken.add(slug)
        slugs.append(slug)
    return slugs


def dated_slugs(drafts: list[Draft]) -> list[str]:
    """Base slug; if shared, add the date; if still shared, the time; then a counter.

    For sources whose slugs are file names (Jekyll): the committed demo keeps them.
    """
    by_base: dict[str, list[int]] = {}
    for index, draft in enumerate(drafts):
        by_base.setdefault(draft.base_slug, []).append(index)
    slugs = [d.base_slug for d in drafts]
    for indexes in by_base.values():
        if len(indexes) < 2:
            continue
        for i in indexes:
            slugs[i] = f"{drafts[i].base_slug}-{drafts[i].when:%Y-%m-%d}"
        dated: dict[str, list[int]] = {}
        for i in indexes:
            dated.setdefault(slugs[i], []).append(i)
        for same in dated.values():
            if len(same) < 2:
                continue
            for i in same:
                slugs[i] = f"{slugs[i]}-{drafts[i].when:%H-%M}"
    seen: dict[str, int] = {}
    for i, slug in enumerate(slugs):
        if slug in seen:
            seen[slug] += 1
            slugs[i] = f"{slug}-{seen[slug]}"
        else:
            seen[slug] = 1
    return slugs


def guess_ends(drafts: list[Draft], report: Report) -> None:
    """A missing end is the next start that day (any room), at most an hour later."""
    starts_by_day: dict[dt.date, list[dt.datetime]] = {}
    for draft in drafts:
        if draft.start is not None:
            starts_by_day.setdefault(draft.start.date(), []).append(draft.start)
    for draft in drafts:
        f = draft.fields
        if f.get("end") is not None or f.get("duration") or draft.start is None:
            continue
        later = [s for s in starts_by_day[draft.start.date()] if s > draft.start]
        if later:
            end = min(min(later), draft.start + LONGEST_GUESS)
            how = "the next session" if end == min(later) else "an hour at most"
        else:
            end = draft.start + dt.timedelta(minutes=FALLBACK_MINUTES)
            how = f"{FALLBACK_MINUTES} minutes, nothing follows"
        f["end"] = end
        report.add("guessed", draft.where, f"no end time: {end:%H:%M} ({how})")


def _minutes(session: dict[str, Any]) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.strptime(session["start"], "%Y-%m-%d %H:%M")
    if "end" in session:
        return start, dt.datetime.strptime(session["end"], "%Y-%m-%d %H:%M")
    return start, start + dt.timedelta(minutes=session.get("duration", 0))


def free_rooms(sessions: list[dict[str, Any]], where: dict[str, str], report: Report) -> None:
    """Two sessions cannot share a room at the same time (the site refuses it): the later
    one loses its room, and the report says so. No room is invented."""
    by_room: dict[str, list[dict[str, Any]]] = {}
    for session in sessions:
        if session.get("room") and session.get("start"):
            by_room.setdefault(session["room"], []).append(session)
    for room, items in sorted(by_room.items()):
        busy_until: tuple[dt.datetime, str] | None = None
        for session in sorted(items, key=lambda s: (*_minutes(s), s["slug"])):
            start, finish = _minutes(session)
            if busy_until is not None and start < busy_until[0]:
                session["room"] = None  # None: the merge removes a room kept from before
                report.add(
                    "skipped",
                    where.get(session["slug"], ""),
                    f"session '{session['slug']}' overlaps '{busy_until[1]}' in room "
                    f"'{room}': its room is left out",
                )
                continue
            if busy_until is None or finish > busy_until[0]:
                busy_until = (finish, session["slug"])


def _validated(model: type, data: dict[str, Any], where: str, what: str, report: Report):
    try:
        return model.model_validate(data)
    except Exception as exc:  # pydantic ValidationError; message via the shared wording
        errors = getattr(exc, "errors", None)
        text = (
            "; ".join(error_message(e) for e in errors(include_url=False)) if errors else str(exc)
        )
        report.add("skipped", where, f"{what}: {text}")
        return None


def _compact(model_obj: Any) -> dict[str, Any]:
    data = model_obj.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    for key, value in list(data.items()):
        if isinstance(value, dt.datetime):
            data[key] = f"{value:%Y-%m-%d %H:%M}"
        elif isinstance(value, SessionKind):
            data[key] = value.value
    if isinstance(model_obj, Session):
        data["kind"] = model_obj.kind.value  # always written: the default is not obvious
    order = list(type(model_obj).model_fields)
    return {key: data[key] for key in sorted(data, key=order.index)}


def finish(
    conference: dict[str, Any],
    drafts: list[Draft],
    speakers: dict[str, dict[str, Any]],
    speaker_where: dict[str, str],
    rooms: Rooms,
    report: Report,
    where: str = "",
    dated: bool = False,
) -> Imported:
    """Unique slugs, ends, validation; sessions sorted by start, room, slug.

    ``where`` locates the conference's own description in the source, for the report;
    ``dated`` tells shared slugs apart by date and time (:func:`dated_slugs`).
    """
    drafts = sorted(drafts, key=lambda d: d.order)
    guess_ends(drafts, report)
    sessions = []
    where_of: dict[str, str] = {}
    for draft, slug in zip(drafts, (dated_slugs if dated else unique_slugs)(drafts), strict=True):
        where_of[slug] = draft.where
        data = {"slug": slug, **draft.fields}
        if data.get("end") is not None and data["start"] and data["end"] <= data["start"]:
            report.add("fixed", draft.where, "end before start: end dropped, 30 minutes assumed")
            data["end"], data["duration"] = None, FALLBACK_MINUTES
        session = _validated(Session, data, draft.where, f"session '{slug}'", report)
        if session is not None:
            sessions.append(_compact(session))
    free_rooms(sessions, where_of, report)
    used = {s for session in sessions for s in session.get("speakers", [])}
    people = []
    for slug in sorted(speakers):
        if slug not in used:
            report.add("skipped", speaker_where.get(slug, ""), f"speaker '{slug}' has no session")
            continue
        person = _validated(Speaker, speakers[slug], speaker_where.get(slug, ""), "speaker", report)
        if person is not None:
            people.append(_compact(person))
    conference = dict(conference)
    conference["rooms"] = rooms.as_list() + [
        r for r in conference.get("rooms", []) if r["slug"] not in rooms.names
    ]
    if any(s.get("start") for s in sessions):
        # Conference days (after-midnight sessions count for the day they continue).
        change = dt.time.fromisoformat(conference.get("day_change") or "00:00")
        days = [
            conference_day(dt.datetime.fromisoformat(s["start"]), change)
            for s in sessions
            if s.get("start")
        ]
        if "start" in conference and (
            min(days) < conference["start"] or max(days) > conference["end"]
        ):
            report.add(
                "fixed",
                where,
                f"conference dates {conference['start']} to {conference['end']} widened "
                f"to {min(min(days), conference['start'])} to {max(max(days), conference['end'])}"
                " to cover every session",
            )
            conference["start"] = min(min(days), conference["start"])
            conference["end"] = max(max(days), conference["end"])
        elif "end" in conference and max(days) < conference["end"]:
            report.add(
                "fixed",
                where,
                f"end {conference['end']} has no sessions: the last session is on "
                f"{max(days)}, which is the end now",
            )
            conference["end"] = max(days)
        conference.setdefault("start", min(days))
        # a copy: one date object for both would be written as a YAML anchor and alias
        conference.setdefault("end", dt.date.fromordinal(max(days).toordinal()))
    order = list(Conference.model_fields)
    conference = {k: conference[k] for k in sorted(conference, key=order.index)}
    _validated(Conference, conference, where, "conference", report)
    return Imported(conference, sessions, people)
