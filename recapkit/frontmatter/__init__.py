"""YAML front matter for Markdown posts and pages (the ``---`` block Jekyll and Hugo use)."""

from pelican import signals

from .. import links
from .reader import FrontMatterMarkdownReader


def _add_reader(readers) -> None:
    for ext in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[ext] = FrontMatterMarkdownReader


def register() -> None:
    signals.readers_init.connect(_add_reader)
    links.register()


__all__ = ["FrontMatterMarkdownReader", "register"]
