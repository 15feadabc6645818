"""``{talk}`` and ``{speaker}`` links in posts, and which posts mention what.

A post with ``conference: slug`` in its front matter may write ``{talk}just-add-await``;
any post may write ``{talk}djangocon-us-2019/just-add-await``. The resolver runs in
the shared link pass (recapkit.links) after every generator has read its content,
so recording a mention here is enough for "Mentioned in" on the talk page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from recapkit.conference.lookup import did_you_mean, find_sessions, find_speakers
from recapkit.conference.views import ConferenceView
from recapkit.core.links import LinkError
from recapkit.core.site import site_of
from recapkit.core.yamlsource import suggest

CONTEXT_KEY = "conference_by_slug"


def conference_of(content: Any) -> str | None:
    """The ``conference:`` front-matter value of a post or page, if any."""
    value = getattr(content, "metadata", {}).get("conference")
    return str(value).strip() if value else None


def _split(content: Any, target: str, kind: str) -> tuple[str, str, str]:
    path, hash_, fragment = target.partition("#")
    conf_slug, _, slug = path.strip("/").rpartition("/")
    if not conf_slug:
        conf_slug = conference_of(content) or ""
        if not conf_slug:
            raise LinkError(
                f"which conference? write {{{kind}}}<conference>/{slug} "
                "or add 'conference: <slug>' to the front matter"
            )
    return conf_slug, slug, hash_ + fragment


def _conference(context: Mapping[str, Any], conf_slug: str) -> ConferenceView:
    known = context.get(CONTEXT_KEY) or {}
    view = known.get(conf_slug)
    if view is None:
        if conf_slug in site_of(context).failed_conferences:
            raise LinkError(
                f"conference '{conf_slug}' has errors in its data (listed above)",
                follow_on=f"conference '{conf_slug}'",
            )
        raise LinkError(f"no conference '{conf_slug}'{suggest(conf_slug, known)}")
    return view


def _published(content: Any) -> bool:
    return getattr(content, "status", "published") in {"published", "hidden"}


def _remember(view: ConferenceView, key: str, content: Any) -> None:
    if not _published(content):
        return
    seen = view.mentions.setdefault(key, [])
    if all(item is not content for item in seen):
        seen.append(content)


def resolve_talk(content: Any, target: str, context: Mapping[str, Any]) -> str:
    conf_slug, slug, fragment = _split(content, target, "talk")
    view = _conference(context, conf_slug)
    sessions = view.session_by_slug
    session = sessions.get(slug)
    waiting = view.unscheduled_by_slug.get(slug)
    if session is None and waiting is not None:  # no page yet: its line in the schedule
        return f"{{filename}}/{view.key}/schedule#{waiting.anchor}"
    if session is None:
        # The matching of ``invoke talks``: close spellings, or talks with these words.
        pages = [m for m in find_sessions(view.loaded, slug) if sessions[m.slug].url]
        raise LinkError(f"no talk '{slug}' in {conf_slug}{did_you_mean(pages)}")
    if not session.url:
        raise LinkError(f"'{slug}' is a {session.kind_label.lower()} and has no page of its own")
    _remember(view, session.key, content)
    if _published(content) and conference_of(content) == conf_slug:
        # A recap of this conference that links the talk: its author was there, which
        # is how the photos plugin places a photo taken during parallel sessions.
        site_of(context).link_from_recap(conf_slug, slug, str(content.source_path))
    return f"{{filename}}/{session.key}{fragment}"


def resolve_speaker(content: Any, target: str, context: Mapping[str, Any]) -> str:
    conf_slug, slug, fragment = _split(content, target, "speaker")
    view = _conference(context, conf_slug)
    speakers = view.speaker_by_slug
    speaker = speakers.get(slug)
    if speaker is None:
        matches = find_speakers(view.loaded, slug)
        raise LinkError(f"no speaker '{slug}' in {conf_slug}{did_you_mean(matches)}")
    _remember(view, speaker.key, content)
    return f"{{filename}}/{speaker.key}{fragment}"


def mentions_sorted(items: list[Any]) -> list[Any]:
    """Newest first, then by title: stable output whatever order links were seen in."""
    return sorted(
        items,
        key=lambda c: (-_timestamp(c), str(getattr(c, "title", "")), getattr(c, "url", "")),
    )


def _timestamp(content: Any) -> float:
    date = getattr(content, "date", None)
    try:
        return date.timestamp() if date else 0.0
    except (OSError, ValueError, OverflowError):
        return 0.0
