"""Session kinds from the words exports use (frab types, Jekyll categories, titles)."""

from __future__ import annotations

import re

from recapkit.conference.models import SessionKind

K = SessionKind
_KIND_NAMES = frozenset(kind.value for kind in SessionKind)

# A title says more than a category: DjangoCon files its lunch breaks under "talk".
_TITLE_RULES: list[tuple[re.Pattern[str], SessionKind]] = [
    (re.compile(r"^\s*keynote\b", re.I), K.KEYNOTE),
    (re.compile(r"\blightning talks?\b", re.I), K.LIGHTNING),
    (
        re.compile(r"\b(quiet|lactation|meeting) room\b|\bregistration\b|\bbag stuffing\b", re.I),
        K.OTHER,
    ),
    (
        re.compile(
            r"^\s*(morning |afternoon |coffee |early )?(break|lunch|breakfast|dinner)\b|"
            r"\bcontinental breakfast\b|^\s*early lunch\b",
            re.I,
        ),
        K.BREAK,
    ),
    (re.compile(r"^\s*sprints?\b", re.I), K.SPRINT),
    (re.compile(r"\b(opening|closing) (comments|remarks)\b|^\s*orientation\b", re.I), K.OTHER),
    (re.compile(r"\b(reception|game night|party)\b", re.I), K.SOCIAL),
]

_WORDS: dict[str, SessionKind] = {
    "talk": K.TALK,
    "talks": K.TALK,
    "lecture": K.TALK,
    "devroom": K.TALK,
    "maintrack": K.TALK,
    "main track": K.TALK,
    "lecture hall": K.TALK,
    "presentation": K.TALK,
    "session": K.TALK,
    "keynote": K.KEYNOTE,
    "tutorial": K.TUTORIAL,
    "tutorials": K.TUTORIAL,
    "workshop": K.WORKSHOP,
    "workshops": K.WORKSHOP,
    "lightning": K.LIGHTNING,
    "lightning talk": K.LIGHTNING,
    "lightning talks": K.LIGHTNING,
    "lightning_talk": K.LIGHTNING,
    "panel": K.PANEL,
    "podium": K.PANEL,
    "discussion": K.PANEL,
    "sprint": K.SPRINT,
    "sprints": K.SPRINT,
    "break": K.BREAK,
    "pause": K.BREAK,
    "social": K.SOCIAL,
    "social event": K.SOCIAL,
    "lightningtalk": K.LIGHTNING,
    "plenary": K.KEYNOTE,
    "lunch": K.BREAK,
    "general assembly": K.OTHER,
    "meeting": K.OTHER,
    "other": K.OTHER,
}


def kind_from_title(title: str) -> SessionKind | None:
    for pattern, kind in _TITLE_RULES:
        if pattern.search(title):
            return kind
    return None


def kind_from_word(word: object) -> SessionKind | None:
    if not isinstance(word, str):
        return None
    key = " ".join(word.strip().lower().replace("-", " ").split())
    if key in _WORDS:
        return _WORDS[key]
    if key.replace(" ", "_") in _WORDS:
        return _WORDS[key.replace(" ", "_")]
    words = key.split()
    # "Talk 30 min + 10min Q&A" is a talk, and so is a "Short talk"
    return (_WORDS.get(words[0]) or _WORDS.get(words[-1])) if words else None


def guess_kind(title: str, word: object, trust_word: bool = False) -> tuple[SessionKind, bool]:
    """The kind, and whether it was a guess (neither title nor word known).

    With ``trust_word`` (frab ``<type>``), a word that is exactly one of our kinds wins
    over the title, so the site's own exports read back unchanged.
    """
    if trust_word and isinstance(word, str) and word in _KIND_NAMES:
        return SessionKind(word), False
    kind = kind_from_title(title) or kind_from_word(word)
    if kind is not None:
        return kind, False
    return K.TALK if not word else K.OTHER, True
