"""Find a talk or a speaker from what a person remembers of it.

A slug typed exactly is found; otherwise every word of the query must begin a word
of the title, the slug or a speaker's name (``rust kern`` finds "Rust in the Linux
kernel"), ignoring case and accents (``bjorstad`` finds "Bjørstad"). When no talk has
all the words, close spellings are offered (rapidfuzz), so a mistyped ``{talk}`` slug
still gets a "did you mean". ``invoke talks`` / ``invoke speakers`` and the broken-link
message use this one matching, so what the command finds is what the error suggests.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from rapidfuzz import fuzz, process
from unidecode import unidecode

from recapkit.conference.loader import LoadedConference
from recapkit.conference.models import Session, Speaker

#: Close spellings below this rapidfuzz score (0-100) are not worth suggesting.
CLOSE_CUTOFF = 75.0
#: How many close spellings a "did you mean" lists.
SUGGESTIONS = 3


class Strength(IntEnum):
    """How a match was found: higher is better, and only the top two count as found."""

    CLOSE = 1  # a close spelling: a suggestion, never a match by itself
    WORDS = 2  # every query word begins a word of the title, slug or names
    TITLE = 3  # every query word is a whole word of the title (or the name)
    SLUG = 4  # the slug itself


@dataclass(frozen=True)
class SessionMatch:
    slug: str
    title: str
    day: dt.date  # the conference day (day_change applied), not always start's date
    start: dt.datetime  # wall-clock, in the conference's zone
    end: dt.datetime
    room: str | None  # the room's name
    speakers: tuple[str, ...]  # names
    strength: Strength
    score: float  # order within one strength, higher first


@dataclass(frozen=True)
class SpeakerMatch:
    slug: str
    name: str
    affiliation: str | None
    talks: tuple[str, ...]  # slugs of the speaker's sessions, in schedule order
    strength: Strength
    score: float


@dataclass(frozen=True)
class Ambiguous:
    """Several talks (or people) fit the query equally well: the caller lists them."""

    query: str
    candidates: tuple[SessionMatch, ...] | tuple[SpeakerMatch, ...]


@dataclass(frozen=True)
class NotFound:
    query: str
    suggestions: tuple[SessionMatch, ...] | tuple[SpeakerMatch, ...] = ()


def words(text: str) -> tuple[str, ...]:
    """Lower-case ASCII words: ``Łukasz's "Café"`` -> ``('lukasz', 's', 'cafe')``."""
    return tuple(re.findall(r"[a-z0-9]+", unidecode(text).casefold()))


@dataclass(frozen=True)
class _Entry:
    slug: str
    title_words: tuple[str, ...]  # the title, or the person's name
    other_words: tuple[str, ...]  # slug words, speaker names, affiliation
    texts: tuple[str, ...]  # title, slug and names apart, for close spellings


def _strength(entry: _Entry, query: str, asked: tuple[str, ...]) -> Strength | None:
    if query.strip().casefold() == entry.slug:
        return Strength.SLUG
    if not asked:
        return None
    if all(w in entry.title_words for w in asked):
        return Strength.TITLE
    every = entry.title_words + entry.other_words
    if all(any(word.startswith(w) for word in every) for w in asked):
        return Strength.WORDS
    return None


def _rank(entries: Sequence[_Entry], query: str) -> list[tuple[int, Strength, float]]:
    """(index, strength, score) of every entry that matches, best first."""
    asked = words(query)
    found: list[tuple[int, Strength, float]] = []
    for i, entry in enumerate(entries):
        strength = _strength(entry, query, asked)
        if strength is not None:
            # Among equals, the entry whose words are mostly the query's comes first.
            score = fuzz.token_set_ratio(" ".join(asked), " ".join(entry.title_words))
            found.append((i, strength, score))
    if not found and asked:
        wanted = " ".join(asked)
        for i, entry in enumerate(entries):
            best = process.extractOne(
                wanted, entry.texts, scorer=fuzz.WRatio, score_cutoff=CLOSE_CUTOFF
            )
            if best is not None:
                found.append((i, Strength.CLOSE, best[1]))
        found = sorted(found, key=lambda item: (-item[2], item[0]))[:SUGGESTIONS]
    # Stable for equal scores: the schedule order of ``entries`` decides.
    return sorted(found, key=lambda item: (-item[1], -item[2], item[0]))


def _session_entries(loaded: LoadedConference) -> list[_Entry]:
    names = {s.slug: s.name for s in loaded.speakers}
    entries = []
    for s in loaded.sessions:
        people = [names.get(slug, slug) for slug in s.speakers]
        other = words(s.slug) + tuple(w for p in people for w in words(p))
        texts = (" ".join(words(s.title)), " ".join(words(s.slug)))
        entries.append(
            _Entry(s.slug, words(s.title), other, texts + tuple(" ".join(words(p)) for p in people))
        )
    return entries


def _speaker_entries(loaded: LoadedConference) -> list[_Entry]:
    entries = []
    for p in loaded.speakers:
        other = words(p.slug) + words(p.affiliation or "")
        texts = (" ".join(words(p.name)), " ".join(words(p.slug)))
        entries.append(_Entry(p.slug, words(p.name), other, texts))
    return entries


def _session_match(
    loaded: LoadedConference, session: Session, strength: Strength, score: float
) -> SessionMatch:
    names = {s.slug: s.name for s in loaded.speakers}
    room = loaded.room_of(session)
    return SessionMatch(
        slug=session.slug,
        title=session.title,
        day=loaded.conference.day_of(session.start),
        start=session.start,
        end=session.finish,
        room=room.name if room else session.room,
        speakers=tuple(names.get(slug, slug) for slug in session.speakers),
        strength=strength,
        score=score,
    )


def _speaker_match(
    loaded: LoadedConference, speaker: Speaker, strength: Strength, score: float
) -> SpeakerMatch:
    talks = tuple(s.slug for s in loaded.sessions if speaker.slug in s.speakers)
    return SpeakerMatch(speaker.slug, speaker.name, speaker.affiliation, talks, strength, score)


def find_sessions(loaded: LoadedConference, query: str) -> tuple[SessionMatch, ...]:
    """Sessions matching ``query``, best first; only close spellings when none matches."""
    ranked = _rank(_session_entries(loaded), query)
    return tuple(_session_match(loaded, loaded.sessions[i], st, sc) for i, st, sc in ranked)


def find_speakers(loaded: LoadedConference, query: str) -> tuple[SpeakerMatch, ...]:
    """Speakers matching ``query`` (name, slug or affiliation words), best first."""
    ranked = _rank(_speaker_entries(loaded), query)
    return tuple(_speaker_match(loaded, loaded.speakers[i], st, sc) for i, st, sc in ranked)


def _resolve(
    query: str, matches: Sequence[SessionMatch] | Sequence[SpeakerMatch]
) -> SessionMatch | SpeakerMatch | Ambiguous | NotFound:
    found = [m for m in matches if m.strength > Strength.CLOSE]
    if not found:
        return NotFound(query, tuple(matches))  # type: ignore[arg-type]
    best = found[0].strength
    top = [m for m in found if m.strength == best]
    if len(top) == 1:
        return top[0]
    return Ambiguous(query, tuple(top))  # type: ignore[arg-type]


def resolve_session(loaded: LoadedConference, query: str) -> SessionMatch | Ambiguous | NotFound:
    """The one session ``query`` means: an exact slug, else the only session at the best
    strength; several at that strength are Ambiguous, none NotFound (with suggestions)."""
    return _resolve(query, find_sessions(loaded, query))  # type: ignore[return-value]


def resolve_speaker(loaded: LoadedConference, query: str) -> SpeakerMatch | Ambiguous | NotFound:
    """As :func:`resolve_session`, for people."""
    return _resolve(query, find_speakers(loaded, query))  # type: ignore[return-value]


def every_session(loaded: LoadedConference) -> tuple[SessionMatch, ...]:
    """All sessions in schedule order (what an empty query lists)."""
    return tuple(_session_match(loaded, s, Strength.WORDS, 0.0) for s in loaded.sessions)


def every_speaker(loaded: LoadedConference) -> tuple[SpeakerMatch, ...]:
    """All speakers in name order."""
    return tuple(_speaker_match(loaded, p, Strength.WORDS, 0.0) for p in loaded.speakers)


def did_you_mean(matches: Iterable[SessionMatch] | Iterable[SpeakerMatch]) -> str:
    """``" (did you mean 'a' or 'b'?)"`` for a broken link's message, or ``""``."""
    slugs = [f"'{m.slug}'" for m in list(matches)[:SUGGESTIONS]]
    if not slugs:
        return ""
    listed = slugs[0] if len(slugs) == 1 else ", ".join(slugs[:-1]) + " or " + slugs[-1]
    return f" (did you mean {listed}?)"
