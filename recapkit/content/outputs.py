"""Who writes each file of the site: a post or page whose output path is also a page,
feed or file the site generates is a content mistake that names both, not a crash or
a silently lost page.

Pelican's writer raises ``FileOverwriteFailedError`` (naming only the temporary output
path) when a second page is written to a path, and silently keeps the first when that
one had a ``save_as``. Files that plugins write directly (robots.txt, sitemap.xml,
calendars, photo derivatives, static files) simply replace a post written there before.

:class:`CheckedWriter` (Pelican's writer, installed through ``get_writer``) records every
page and feed with what it came from and keeps the first of two writes to one path; it
remembers a fingerprint of every post and page it wrote: a digest of the page's text,
which passes that add tags or attributes afterwards (``recapkit.seo`` does) leave alone,
but which any other file written over the page changes. The build command calls
:func:`check` once Pelican has finished (after every ``finalized`` receiver), which
reports both kinds of collision. Two posts with one URL are reported before writing,
by ``content/unique.py``.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
from jinja2 import TemplateError, TemplateSyntaxError
from lxml import etree
from pelican import signals
from pelican.writers import Writer

from recapkit.core.problems import field_line, report

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Owner:
    """What one output file was written for: a post or page, or a generated page."""

    content: Any | None
    what: str


@dataclass
class Ledger:
    """Every path the writer wrote in this build (output-relative, POSIX)."""

    owners: dict[str, Owner] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)
    clashes: list[tuple[str, Owner, Owner]] = field(default_factory=list)

    def reset(self, _pelican: Any = None) -> None:
        self.owners.clear()
        self.fingerprints.clear()
        self.clashes.clear()


LEDGER = Ledger()


def fingerprint(path: str | os.PathLike[str]) -> str:
    """A digest of the text of an HTML page (markup and whitespace aside); of the bytes
    for anything that is not HTML."""
    data = Path(path).read_bytes()
    try:
        text = lxml.html.document_fromstring(data).text_content()
    except (etree.ParserError, ValueError):
        return "bytes:" + hashlib.sha256(data).hexdigest()
    return "text:" + hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def _content_of(kwargs: dict[str, Any]) -> Any | None:
    for key in ("article", "page"):
        value = kwargs.get(key)
        if value is not None and getattr(value, "source_path", None):
            return value
    return None


class CheckedWriter(Writer):
    """Pelican's writer, keeping a ledger of who wrote which file (see the module doc)."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None):
        super().__init__(output_path, settings=settings)
        self._owner: Owner | None = None
        self._opened: list[str] = []

    def write_file(self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any):
        content = _content_of(kwargs)
        what = f"its own page (template {getattr(template, 'name', None) or template})"
        try:
            return self._as(
                Owner(content, what), super().write_file, name, template, context, *args, **kwargs
            )
        except TemplateSyntaxError:
            raise  # the theme's mistake: the build command names the template's line
        except TemplateError as exc:
            if content is None:
                raise
            _report_render_error(content, template, exc)
            return None

    def write_feed(self, elements: Any, context: Any, *args: Any, **kwargs: Any):
        path = kwargs.get("path") or (args[0] if args else None)
        return self._as(
            Owner(None, f"the feed {path}"), super().write_feed, elements, context, *args, **kwargs
        )

    def _as(self, owner: Owner, write: Any, *args: Any, **kwargs: Any) -> Any:
        previous, self._owner = self._owner, owner
        opened, self._opened = self._opened, []
        try:
            return write(*args, **kwargs)
        finally:
            if owner.content is not None:
                for path in self._opened:
                    if os.path.isfile(path):
                        LEDGER.fingerprints[self._relative(path)] = fingerprint(path)
            self._owner, self._opened = previous, opened

    def _relative(self, filename: str) -> str:
        return Path(os.path.relpath(filename, self.output_path)).as_posix()

    def _open_w(self, filename: str, encoding: str, override: bool = False):  # noqa: ARG002
        """The first write to a path wins; a second is a clash, reported by :func:`check`
        (``override`` is ignored: no page may replace another)."""
        rel = self._relative(filename)
        owner = self._owner or Owner(None, "a page")
        first = LEDGER.owners.get(rel)
        if first is not None:
            LEDGER.clashes.append((rel, first, owner))
            return open(os.devnull, "w", encoding=encoding)  # noqa: SIM115
        LEDGER.owners[rel] = owner
        self._opened.append(filename)
        return open(filename, "w", encoding=encoding)  # noqa: SIM115


def _line(content: Any) -> int | None:
    try:
        text = Path(content.source_path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return field_line(text, "save_as", "slug", "title") or 1


def _report_render_error(content: Any, template: Any, exc: TemplateError) -> None:
    """A post or page whose template cannot render it (e.g. ``template: conference/talk``
    on a post, which has no session): one located problem, and the build goes on."""
    try:
        text = Path(content.source_path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    name = getattr(template, "name", None) or str(template)
    chosen = "template" in getattr(content, "metadata", {})
    report(
        content.source_path,
        (field_line(text, "template") if chosen else None) or field_line(text, "title") or 1,
        f"template '{name}' cannot show this {_kind(content)}: "
        f"{exc.message or type(exc).__name__}"
        + (" (choose a template made for posts or pages)" if chosen else ""),
    )


def _kind(content: Any) -> str:
    return "page" if type(content).__name__ == "Page" else "post"


def _fix(content: Any) -> str:
    return "save_as" if "save_as" in getattr(content, "metadata", {}) else "slug"


def check(output: str | os.PathLike[str]) -> None:
    """Report every collision of this build; call once the whole site is written."""
    out = Path(output)
    for rel, first, second in LEDGER.clashes:
        contents = [o.content for o in (first, second) if o.content is not None]
        if len(contents) == 2:
            continue  # two posts with one URL: reported before writing (unique.py)
        if not contents:
            logger.error(
                "%s is written twice by the site (%s; %s): check the *_SAVE_AS settings",
                rel,
                first.what,
                second.what,
            )
            continue
        generated = second if first.content is not None else first
        content = contents[0]
        report(
            content.source_path,
            _line(content),
            f"would be written to {rel}, where the site writes {generated.what}: "
            f"give it another {_fix(content)}",
        )
    for rel, expected in sorted(LEDGER.fingerprints.items()):
        path = out / rel
        if path.is_file() and not path.is_symlink() and fingerprint(path) == expected:
            continue
        content = LEDGER.owners[rel].content
        report(
            content.source_path,
            _line(content),
            f"would be written to {rel}, a file the site writes itself (which replaced "
            f"this one): give it another {_fix(content)}",
        )
    LEDGER.reset()


def _writer(_pelican: Any) -> type[Writer]:
    # Pelican asks for a writer once per run, and ``pelican --autoreload`` runs again
    # without a new ``initialized``: without this reset, every page of the second run
    # was a "second write" of its path, and kept the first run's bytes.
    LEDGER.reset()
    return CheckedWriter


def register() -> None:
    signals.initialized.connect(LEDGER.reset)
    signals.get_writer.connect(_writer)
