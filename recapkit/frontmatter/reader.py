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

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import get_date

from ..problems import ContentError, Problem, display_path
from ..yamlsource import line_for, load_yaml_text, suggest

FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(?P<yaml>.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*$\r?\n?", re.S | re.M
)

#: Pelican's metadata names, plus ours. Values are the expected shape.
KNOWN_FIELDS: dict[str, str] = {
    "title": "text",
    "date": "date",
    "modified": "date",
    "tags": "list",
    "category": "text",
    "summary": "markdown",
    "status": "status",
    "slug": "text",
    "author": "text",
    "authors": "list",
    "lang": "text",
    "translation": "text",
    "template": "text",
    "save_as": "text",
    "url": "text",
    "conference": "text",
    "image": "text",
    "image_alt": "text",
    "description": "text",
    "toc": "bool",
}
REQUIRED_ARTICLE_FIELDS = ("title", "date")
#: Shown as text in pages, feeds and meta tags, so stored HTML-escaped (Pelican's
#: templates print metadata as HTML).
ESCAPED_FIELDS = {"title", "description", "image_alt", "author", "authors", "tags"}
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
        if problems:
            raise ContentError(problems)
        self._md = Markdown(**self.settings["MARKDOWN"])
        content = self._md.convert(body)
        return content, metadata

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
            items = [str(v).strip() for v in items if str(v).strip()]
            if name in ESCAPED_FIELDS:
                items = [html.escape(v) for v in items]
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
            rendered = Markdown(**self.settings["MARKDOWN"]).convert(str(value))
            return self.process_metadata(name, rendered)
        if isinstance(value, dict | list):
            raise ValueError(
                f"expected text, got a {'mapping' if isinstance(value, dict) else 'list'}"
            )
        if name in ESCAPED_FIELDS:
            # Front matter is plain text: "<Django> & Co" is a title, not markup.
            return self.process_metadata(name, html.escape(str(value)))
        return self.process_metadata(name, str(value))


def parse_date(value: str) -> dt.datetime:
    """Pelican's own date parser, exposed for tasks that write front matter."""
    return get_date(value)
