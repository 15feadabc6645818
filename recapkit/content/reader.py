"""A Markdown reader whose metadata is a YAML block checked field by field.

Pelican's own Markdown reader takes ``Key: value`` lines and silently accepts any key,
so a misspelt ``staus: draft`` publishes a draft. Here the block is YAML (lists and
dates typed as authors expect), every field is known, and every mistake is reported
with its line before the file is skipped.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

from pelican.readers import MarkdownReader

from recapkit.content import fields as shapes
from recapkit.content.rawhtml import DEFAULT_MODE, MODES, RawHtml, clean, markdown_for, unsafe_urls
from recapkit.core.problems import ContentError, Problem, display_path, line_of
from recapkit.core.yamlsource import line_for, load_yaml_text, suggest

FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(?P<yaml>.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*$\r?\n?", re.S | re.M
)

#: Pelican's metadata names, plus ours. Values are the expected shape: "text" is shown
#: as text (stored HTML-escaped, since Pelican's templates print metadata as HTML);
#: the others are checked by ``fields`` so they cannot leave an attribute or the site.
KNOWN_FIELDS: dict[str, str] = {
    "title": "text",
    "date": "date",
    "modified": "date",
    "tags": "list",
    "category": "text",
    "summary": "markdown",
    "status": "status",
    "slug": "slug",
    "author": "text",
    "authors": "list",
    "lang": "lang",
    "translation": "bool",
    "template": "template",
    "save_as": "save_as",
    "url": "url",
    "conference": "slug",
    "image": "image",
    "image_alt": "text",
    "description": "text",
    "toc": "bool",
}
SHAPES = {
    "slug": shapes.slug,
    "lang": shapes.language_tag,
    "template": shapes.template_name,
    "image": shapes.image_path,
    "url": lambda v: shapes.site_path(v, directory_ok=True),
    "save_as": lambda v: shapes.site_path(v, directory_ok=False),
}
REQUIRED_ARTICLE_FIELDS = ("title", "date")
STATUSES = ("published", "draft", "hidden", "skip")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(yaml text or None, body, 1-based line where the body starts)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    body_line = 1 + text.count("\n", 0, match.end())
    return match.group("yaml"), text[match.end() :], body_line


class FrontMatterMarkdownReader(MarkdownReader):
    """Reads ``.md`` files with a YAML front matter block."""

    enabled = True
    file_extensions = ["md", "markdown", "mdown", "mkd"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        path = display_path(source_path)
        raw = Path(source_path).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise ContentError(
                [Problem(path, line, "not UTF-8 text: save the file as UTF-8")]
            ) from exc
        # Windows editors and git's autocrlf write CRLF and a BOM: read them as LF.
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        raw_yaml, body, _ = split_front_matter(text)
        problems: list[Problem] = []
        fields: Any = {}
        if raw_yaml is None:
            problems.append(
                Problem(path, 1, "no YAML front matter: start the file with a '---' block")
            )
        else:
            fields = load_yaml_text(raw_yaml, source_path, first_line=2) or {}
            if not isinstance(fields, dict):
                problems.append(
                    Problem(path, 2, "front matter must be a mapping of 'field: value'")
                )
                fields = {}
        metadata = self._metadata(fields, path, problems)
        self._md = markdown_for(self.settings["MARKDOWN"], self.raw_html)
        content = self._md.convert(body)
        for url in unsafe_urls(content):
            problems.append(Problem(path, _line_of_url(text, url), _unsafe(url)))
        if problems:
            raise ContentError(problems)
        return clean(content, self.raw_html), metadata

    @property
    def raw_html(self) -> RawHtml:
        mode = self.settings.get("MARKDOWN_RAW_HTML", DEFAULT_MODE)
        return mode if mode in MODES else DEFAULT_MODE

    def _metadata(self, fields: dict[str, Any], path: str, problems: list[Problem]) -> dict:
        metadata: dict[str, Any] = {}
        is_article = "pages" not in Path(path).parts
        for key, value in fields.items():
            line = line_for(fields, [key], first_line=2)
            name = str(key).lower()
            kind = KNOWN_FIELDS.get(name)
            if kind is None:
                hint = suggest(name, KNOWN_FIELDS)
                problems.append(Problem(path, line, f"unknown front matter field '{key}'{hint}"))
                continue
            try:
                metadata[name] = self._convert(name, kind, value)
            except ValueError as exc:
                problems.append(Problem(path, line, f"field '{key}': {exc}"))
        given = [k for k in ("url", "save_as") if k in fields]
        if given and all(k in metadata for k in given):  # each one well-formed
            mismatch = shapes.url_and_save_as(metadata.get("url"), metadata.get("save_as"))
            if mismatch:
                problems.append(Problem(path, line_for(fields, [given[0]], first_line=2), mismatch))
        if is_article:
            # Pelican only assigns a default category when category pages are written;
            # drafts crash without one, so every article gets it here.
            metadata.setdefault(
                "category", self.process_metadata("category", self.settings["DEFAULT_CATEGORY"])
            )
            for name in REQUIRED_ARTICLE_FIELDS:
                if name not in fields:
                    problems.append(Problem(path, 1, f"missing required field '{name}'"))
        elif "title" not in fields:
            problems.append(Problem(path, 1, "missing required field 'title'"))
        return metadata

    def _convert(self, name: str, kind: str, value: Any) -> Any:
        if value is None:
            raise ValueError("has no value")
        if kind == "date":
            if isinstance(value, dt.datetime | dt.date):
                value = value.isoformat()
            try:
                return self.process_metadata(name, str(value))
            except (ValueError, OverflowError) as exc:
                raise ValueError(f"'{value}' is not a date (use YYYY-MM-DD [HH:MM])") from exc
        if kind == "list":
            items = value if isinstance(value, list) else str(value).split(",")
            items = [html.escape(str(v).strip()) for v in items if str(v).strip()]
            # A list keeps its boundaries: a tag may contain ',' or ';'.
            return self.process_metadata(name, items)
        if kind == "status":
            if str(value) not in STATUSES:
                raise ValueError(f"'{value}' is not one of {', '.join(STATUSES)}")
            return self.process_metadata(name, str(value))
        if kind == "bool":
            if not isinstance(value, bool):
                raise ValueError(f"expected true or false, got {value!r}")
            return value
        if kind == "markdown":
            rendered = markdown_for(self.settings["MARKDOWN"], self.raw_html).convert(str(value))
            unsafe = unsafe_urls(rendered)
            if unsafe:
                raise ValueError(_unsafe(unsafe[0]))
            return self.process_metadata(name, clean(rendered, self.raw_html))
        if isinstance(value, dict | list):
            raise ValueError(
                f"expected text, got a {'mapping' if isinstance(value, dict) else 'list'}"
            )
        if kind in SHAPES:
            return self.process_metadata(name, SHAPES[kind](str(value)))
        # Front matter is plain text: "<Django> & Co" is a title, not markup.
        return self.process_metadata(name, html.escape(str(value)))


def _line_of_url(text: str, url: str) -> int | None:
    """Where a URL (as decoded from HTML) was written; entities may hide it."""
    scheme, _, rest = url.partition(":")
    return (
        line_of(text, url)
        or (line_of(text, rest) if len(rest) >= 4 else None)
        or line_of(text.lower(), scheme.lower())
    )


def _unsafe(url: str) -> str:
    shown = url if len(url) <= 60 else url[:57] + "..."
    return f"unsafe link '{shown}': only http(s), mailto and relative links are allowed"
