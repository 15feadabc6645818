"""``invoke links-add``: append one entry to a conference's links.yaml, comments kept.

The entry is checked as a build checks it (an http(s) URL, a title, known session and
speaker slugs) before the file is touched; the file is rewritten through ruamel's
round trip so the author's comments and layout survive. Nothing is fetched: the title
is the one given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from recapkit.conference.elsewhere import FILE, WebLink
from recapkit.conference.loader import load_conference
from recapkit.core.problems import ContentError, display_path
from recapkit.core.urls import UrlScheme
from recapkit.core.yamlsource import dump_yaml, error_message, load_yaml_roundtrip, suggest


class LinkAddError(Exception):
    """Nothing was written; ``lines`` say why."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


def _entry(link: WebLink) -> CommentedMap:
    """The fields the author gave, in the order the README lists them."""
    entry = CommentedMap()
    entry["url"] = link.url
    entry["title"] = link.title
    if link.author:
        entry["author"] = link.author
    entry["kind"] = link.kind.value
    if link.date:
        entry["date"] = link.date
    for key in ("sessions", "speakers"):
        slugs = getattr(link, key)
        if slugs:
            seq = CommentedSeq(slugs)
            seq.fa.set_flow_style()
            entry[key] = seq
    return entry


def add_link(
    content: Path,
    conference: str,
    url: str,
    title: str,
    author: str = "",
    kind: str = "recap",
    date: dt.date | None = None,
    sessions: Sequence[str] = (),
    speakers: Sequence[str] = (),
    urls: UrlScheme | None = None,
) -> Path:
    """Append the entry to ``links.yaml`` (created if missing); returns the file."""
    folder = (urls or UrlScheme()).conference_folder(content, conference)
    if not (folder / "conference.yaml").is_file():
        raise LinkAddError([f"{display_path(folder)}: no conference '{conference}'"])
    loaded, problems = load_conference(folder)
    if loaded is None:
        raise LinkAddError([str(p) for p in problems if p.severity == "error"])
    fields = {"url": url, "title": title, "kind": kind or "recap"}
    fields |= {"author": author or None, "date": date}
    fields |= {"sessions": list(sessions), "speakers": list(speakers)}
    try:
        link = WebLink.model_validate(fields)
    except ValidationError as exc:
        raise LinkAddError([f"links-add: {error_message(e)}" for e in exc.errors()]) from None
    errors = []
    for key, known in (
        ("sessions", {s.slug for s in loaded.sessions}),
        ("speakers", {s.slug for s in loaded.speakers}),
    ):
        for slug in getattr(link, key):
            if slug not in known:
                errors.append(f"links-add: unknown {key[:-1]} '{slug}'{suggest(slug, known)}")
    taken = [other for other in loaded.links if other.url == link.url]
    if taken:
        errors.append(f"links-add: {link.url} is listed already ('{taken[0].title}')")
    if errors:
        raise LinkAddError(errors)

    path = folder / FILE
    try:
        data = load_yaml_roundtrip(path) if path.is_file() else None
    except ContentError as exc:
        raise LinkAddError([str(p) for p in exc.problems]) from None
    if data is None:
        data = CommentedMap({"links": CommentedSeq()})
    items = data if isinstance(data, list) else data.setdefault("links", CommentedSeq())
    if items is None:  # "links:" with nothing under it
        items = data["links"] = CommentedSeq()
    items.append(_entry(link))
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path
