"""Rendered pages kept between builds of one long-lived process (the live server).

A generator that knows everything a page shows (its model data, what links to it, the
templates and the settings) hashes that into a fingerprint. When the previous build
of this process rendered the same path with the same fingerprint, its text is written
again instead of rendering the template; otherwise the page is rendered and its text
remembered. Either way the page still goes through Pelican's writer, so the writer's
ledger and ``content_written`` see it as before and the bytes are the same.

It is off unless :func:`enable` is called (``recapkit.warmbuild`` does): a build in a
fresh process (``python -m recapkit build``, CI) never reuses anything.

Jinja2 and Pelican have no cache of rendered output (Pelican's ``CACHE_CONTENT`` keeps
what readers read, not what templates wrote), hence this small module.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Settings that name this build's temporary folders, not what it writes.
_NOT_OUTPUT = frozenset({"OUTPUT_PATH", "CACHE_PATH", "PHOTOS_CACHE_PATH"})


def digest(*parts: object) -> str:
    """A stable hash of ``parts`` by their ``repr`` (frozen models and plain data)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def file_digest(path: str | os.PathLike[str]) -> str:
    """A hash of a file's bytes ("" when it cannot be read)."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return ""


def content_digest(content: Any) -> str:
    """What a post or page shows elsewhere (in a "Mentioned in" list, a recap list)
    follows from its source file, its URL and its status."""
    source = getattr(content, "source_path", None)
    return digest(
        source,
        file_digest(source) if source else "",
        getattr(content, "url", None),
        getattr(content, "status", None),
    )


def settings_digest(settings: Mapping[str, Any]) -> str:
    """The settings, less the build's own temporary output folder (which plugins' own
    settings objects also quote)."""
    output = str(settings.get("OUTPUT_PATH") or "\0")
    return digest(
        sorted(
            (k, repr(v).replace(output, "<output>"))
            for k, v in settings.items()
            if k not in _NOT_OUTPUT
        )
    )


def templates_digest(env: Any) -> str:
    """Every template the environment can load, by name and source."""
    loader = env.loader
    parts = []
    for name in sorted(loader.list_templates()):
        try:
            source, _filename, _uptodate = loader.get_source(env, name)
        except Exception:  # a name listed by one loader but shadowed oddly: not cacheable
            source = None
        parts.append((name, source))
    return digest(parts)


def referenced_names(env: Any, name: str) -> frozenset[str]:
    """The context names a template and everything it extends, includes or imports may
    read (Jinja2's own analysis, :mod:`jinja2.meta`)."""
    from jinja2 import meta

    names: set[str] = set()
    todo, seen = [name], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source = env.loader.get_source(env, current)[0]
        except Exception:
            continue
        tree = env.parse(source)
        names |= meta.find_undeclared_variables(tree)
        todo += [ref for ref in meta.find_referenced_templates(tree) if ref]
    return frozenset(names)


_NAMES: dict[tuple[str, str], frozenset[str]] = {}


def cacheable(
    env: Any, name: str, context: Mapping[str, Any], known: frozenset[str], templates: str
) -> bool:
    """Whether a page of template ``name`` shows only what its fingerprint covers: the
    settings (upper-case names), the names in ``known`` and names not in the context.
    A theme whose talk page lists, say, every article is rendered every time.
    ``templates`` is :func:`templates_digest`: the analysis is kept while it holds."""
    names = _NAMES.get((templates, name))
    if names is None:
        names = _NAMES[(templates, name)] = referenced_names(env, name)
    return all(n.isupper() or n in known or n not in context for n in names)


class _Recording:
    """Renders like the template it wraps and remembers the text under its key."""

    def __init__(self, template: Any, store: Callable[[str], None]):
        self._template = template
        self._store = store
        self.name = template.name

    def render(self, *args: Any, **kwargs: Any) -> str:
        text = self._template.render(*args, **kwargs)
        self._store(text)
        return text


class _Replay:
    """Stands for a template whose text for this page is already known."""

    def __init__(self, name: str, text: str):
        self.name = name
        self._text = text

    def render(self, *_args: Any, **_kwargs: Any) -> str:
        return self._text


def replaying(template: Any) -> bool:
    """Whether :meth:`RenderMemo.template` answered with known text (so what only the
    template would read need not be computed)."""
    return isinstance(template, _Replay)


@dataclass
class RenderMemo:
    """Output path -> (fingerprint, text) of the pages rendered by earlier builds."""

    enabled: bool = False
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0
    #: Paths of this build left as the previous build wrote them (see :meth:`keep`).
    kept: set[str] = field(default_factory=set)
    #: Whether the output folder may be left as it is (the live server's staging
    #: folder, kept between builds); a fresh folder of a new build may not.
    reuse_files: bool = False

    def keep(self, output_path: str, save_as: str, fingerprint: str, *, page: bool = True) -> bool:
        """Whether ``save_as`` need not be written at all: the previous build of this
        process wrote it into this same folder with this fingerprint, and it is there.
        The caller then skips the write (no writer call, so no ``content_written``:
        the live builder checks that nothing else wrote the path)."""
        if not (self.enabled and self.reuse_files and fingerprint):
            return False
        known = (self.pages if page else self.files).get(save_as)
        if known is None or known[0] != fingerprint:
            return False
        if not os.path.isfile(os.path.join(output_path, save_as)):
            return False
        self.kept.add(save_as)
        self.reused += 1
        return True

    def template(self, template: Any, save_as: str, fingerprint: str) -> Any:
        """What to pass to ``writer.write_file`` for ``save_as``: a replay of the known
        text, or ``template`` itself, recording what it renders."""
        if not self.enabled or not fingerprint:
            return template
        known = self.pages.get(save_as)
        if known is not None and known[0] == fingerprint:
            self.reused += 1
            return _Replay(template.name, known[1])
        self.rendered += 1

        def store(text: str) -> None:
            self.pages[save_as] = (fingerprint, text)

        return _Recording(template, store)

    def file(self, name: str, fingerprint: str, make: Callable[[], bytes]) -> bytes:
        """The bytes of a generated file (a calendar), made again only when its
        fingerprint changed."""
        if not self.enabled or not fingerprint:
            return make()
        known = self.files.get(name)
        if known is not None and known[0] == fingerprint:
            return known[1]
        data = make()
        self.files[name] = (fingerprint, data)
        return data

    def start_build(self, reuse_files: bool = False) -> None:
        self.rendered = self.reused = 0
        self.kept = set()
        self.reuse_files = reuse_files

    def forget(self) -> None:
        """Render everything again next time."""
        self.pages.clear()
        self.files.clear()


MEMO = RenderMemo()


def enable() -> RenderMemo:
    """Keep rendered pages in this process from now on (the live server's builds)."""
    MEMO.enabled = True
    return MEMO
