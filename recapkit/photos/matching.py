"""Which session a photo was taken in, from its capture time and the schedule.

The file knows when it was taken; the conference's schedule (in the site model) knows
what was on then. That alone is enough when one session filled the venue (a keynote,
a plenary, a session across all rooms). When sessions ran in parallel, a recap that
links one of them says where its author was. Otherwise nothing is guessed: the
photo stays in the album, and ``invoke photos`` lists the candidates for the author
to choose. A photo whose photos.yaml entry names its ``sessions:`` (``[]`` included)
keeps exactly those.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from recapkit.core.site import ConferenceFacts, Entry, PhotoFacts, Site
from recapkit.photos.models import Album, Match, Photo, PhotoIndex, Reason, Subject


def running_at(facts: ConferenceFacts, moment: dt.datetime) -> list[Entry]:
    """Sessions with a page that were on at ``moment`` (start inclusive, end exclusive)."""
    return sorted(
        (
            s
            for s in facts.sessions.values()
            if s.url and s.start and s.end and s.start <= moment < s.end
        ),
        key=lambda s: (s.start, s.room or "", s.slug),
    )


def match_photo(
    photo: Photo, facts: ConferenceFacts, recap_links: Mapping[tuple[str, str], tuple[str, ...]]
) -> Match:
    """The rules, in order: photos.yaml, then the venue-filling session, then the one
    session a recap links; anything else is left to the author."""
    if photo.sessions_given:
        given = tuple(s.slug for s in photo.sessions)
        return Match(Reason.YAML, given) if given else Match(Reason.OPTED_OUT)
    if photo.taken is None:
        return Match(Reason.NO_TIME)
    on = running_at(facts, photo.taken)
    if not on:
        return Match(Reason.BETWEEN)
    filling = [s for s in on if s.fills_venue]
    if len(filling) == 1:
        return Match(Reason.PLENARY, (filling[0].slug,))
    linked = [s for s in on if (facts.slug, s.slug) in recap_links]
    if len(linked) == 1:
        return Match(Reason.RECAP, (linked[0].slug,))
    return Match(Reason.AMBIGUOUS, candidates=tuple(s.slug for s in on))


def _subject(facts: ConferenceFacts, slug: str) -> Subject:
    entry = facts.sessions[slug]
    return Subject("session", slug, entry.url or "", entry.title)


def match_album(album: Album, site: Site) -> Album:
    """The album with each photo's match recorded and matched sessions added."""
    facts = site.conferences.get(album.conference or "")
    if facts is None:
        return album
    photos = []
    for photo in album.photos:
        found = match_photo(photo, facts, site.recap_links)
        if found.unambiguous:
            photo = replace(photo, sessions=tuple(_subject(facts, s) for s in found.sessions))
        photos.append(replace(photo, match=found))
    return replace(album, photos=tuple(photos))


def match_index(index: PhotoIndex, site: Site) -> None:
    """Match every conference album of the build, in place, and tell the site model
    which photos now show which session and speaker."""
    for album in list(index.albums.values()):
        index.add(match_album(album, site))
        facts = site.conferences.get(album.conference or "")
        for slug, entry in facts.sessions.items() if facts else ():
            index.session_speakers[(facts.slug, slug)] = entry.speakers
    publish_subjects(site, index)


def publish_subjects(site: Site, index: PhotoIndex) -> None:
    """``site.photos_of`` from the index: what each session and speaker page shows."""
    site.photos_of.clear()
    for album in index.albums.values():
        facts = site.albums.get(album.key)
        if album.conference is None or facts is None:
            continue
        by_key: dict[str, PhotoFacts] = {f.key: f for f in facts.photos}
        for photo in album.photos:
            published = by_key.get(photo.key)
            if published is None:
                continue
            speakers = {s.slug for s in photo.speakers}
            for session in photo.sessions:
                speakers.update(index.session_speakers.get((album.conference, session.slug), ()))
            keys = [("session", album.conference, s.slug) for s in photo.sessions]
            keys += [("speaker", album.conference, slug) for slug in sorted(speakers)]
            for subject_key in keys:
                site.photos_of[subject_key] = (*site.photos_of.get(subject_key, ()), published)
