"""YAML front matter for Markdown posts and pages (the ``---`` block Jekyll and Hugo use)."""

from pelican import signals

from .. import links, written
from .reader import FrontMatterMarkdownReader
from .unique import check_unique_urls


def _add_reader(readers) -> None:
    for ext in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[ext] = FrontMatterMarkdownReader


def register() -> None:
    signals.readers_init.connect(_add_reader)
    links.register()
    written.register()
    signals.all_generators_finalized.connect(check_unique_urls)


__all__ = ["FrontMatterMarkdownReader", "register"]
