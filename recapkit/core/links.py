"""Checked intra-site links: Pelican's ``{filename}`` family plus kinds plugins add.

Pelican resolves ``{filename}``/``{static}``/``{attach}`` only when writing, and a miss is
a warning that does not name the post. Its link replacer knows no other kinds, so a
plugin's ``{talk}slug`` must be rewritten before writing. This pass runs once every
generator has read its content: it reports each broken link with the post's path and
line, and rewrites plugin kinds into ``{filename}`` links to registered objects, which
keeps Pelican's relative-URL handling.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from recapkit.core.enrich import add_step
from recapkit.core.problems import line_of, report


class LinkError(ValueError):
    """A link target that does not exist; the message says what was looked for.

    ``follow_on`` (see :class:`recapkit.problems.Problem`) marks a link that is broken
    only because of a mistake reported elsewhere; the build folds those into one line."""

    def __init__(self, message: str, follow_on: str | None = None):
        super().__init__(message)
        self.follow_on = follow_on


#: A resolver gets the content object, the target after ``{kind}`` and the shared
#: context, and returns the replacement URL value (usually ``{filename}/key``).
Resolver = Callable[[Any, str, Mapping[str, Any]], str]

_RESOLVERS: dict[str, Resolver] = {}
PELICAN_KINDS = {"filename", "static", "attach", "category", "tag", "index", "author"}
LINK = re.compile(
    r"""(?P<attr>\b(?:href|src|poster|data|cite|srcset)\s*=\s*)(?P<q>["'])\{(?P<kind>\w+)\}(?P<target>[^"']*)(?P=q)"""
)


def register_kind(kind: str, resolver: Resolver) -> None:
    """Make ``{kind}target`` a link kind; called from a plugin's ``register()``."""
    _RESOLVERS[kind] = resolver


def all_content(context: Mapping[str, Any]) -> Iterable[Any]:
    """Every article, page and draft of the build, translations included."""
    seen: set[int] = set()
    for key in ("articles", "drafts", "pages", "hidden_pages", "draft_pages"):
        for item in context.get(key, ()) or ():
            for obj in (item, *getattr(item, "translations", ())):
                if id(obj) not in seen:
                    seen.add(id(obj))
                    yield obj


def _source_text(content: Any) -> str:
    try:
        return Path(content.source_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, TypeError):
        return ""


def _check_pelican_link(content: Any, kind: str, target: str, context: Mapping[str, Any]) -> None:
    if kind not in {"filename", "static", "attach"}:
        return
    path = unquote(urlparse(target).path)
    if not path:
        raise LinkError("empty link target")
    if path.startswith("/"):
        key = path[1:]
    else:
        key = content.get_relative_source_path(os.path.join(content.relative_dir, path))
    key = os.path.normpath(key)
    if key.startswith("..") or os.path.isabs(key):
        raise LinkError(f"'{target}' points outside the content folder")
    if kind == "filename":
        if key in context.get("generated_content", {}):
            return
        if key in context.get("static_content", {}):
            raise LinkError(f"'{target}' is a static file: link it with {{static}}")
        raise LinkError(f"no post or page '{key}' in the content folder")
    # Pelican registers every {static} target, existing or not: ask the disk.
    if not (Path(context.get("PATH", ".")) / key).is_file():
        raise LinkError(f"static file '{key}' does not exist")
    if key not in context.get("static_content", {}):
        raise LinkError(f"static file '{key}' is not published (see STATIC_PATHS)")


def resolve_links(content: Any, context: Mapping[str, Any]) -> None:
    """Check every ``{kind}`` link of one content object and rewrite plugin kinds."""
    html = getattr(content, "_content", None)
    if not html:
        return
    source = None

    def replace(match: re.Match[str]) -> str:
        nonlocal source
        kind, target = match["kind"], match["target"]
        try:
            if kind in _RESOLVERS:
                new = _RESOLVERS[kind](content, target, context)
                return f"{match['attr']}{match['q']}{new}{match['q']}"
            if kind in PELICAN_KINDS:
                _check_pelican_link(content, kind, target, context)
            else:
                known = ", ".join(sorted({*PELICAN_KINDS, *_RESOLVERS}))
                raise LinkError(f"unknown link kind '{{{kind}}}' (known: {known})")
        except LinkError as exc:
            if source is None:
                source = _source_text(content)
            line = line_of(source, "{" + kind + "}" + target)
            report(
                content.source_path,
                line,
                f"broken link {{{kind}}}{target}: {exc}",
                follow_on=exc.follow_on,
            )
        return match.group(0)

    # Pelican's private fields: Content has no API to change the text it was read with,
    # and its own {filename} replacement runs later on exactly these two (content and
    # summary getters), so a rewritten {talk} link is resolved like any other.
    content._content = LINK.sub(replace, html)
    summary = getattr(content, "_summary", None)
    if summary:
        content._summary = LINK.sub(replace, summary)


def _on_finalized(generators: list[Any]) -> None:
    if not generators:
        return
    context = generators[0].context
    for content in all_content(context):
        resolve_links(content, context)


def register() -> None:
    add_step("links", _on_finalized)
