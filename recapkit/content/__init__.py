"""YAML front matter for Markdown posts and pages (the ``---`` block Jekyll and Hugo use)."""

from pelican import signals

from recapkit.content import outputs, templates, written
from recapkit.content.guard import drop_outside_statics, guard_readers, report_links_out
from recapkit.content.rawhtml import MODES
from recapkit.content.reader import FrontMatterMarkdownReader
from recapkit.content.unique import check_unique_urls
from recapkit.core import links, staticimages
from recapkit.core.enrich import add_step
from recapkit.core.settings import declare as declare_settings
from recapkit.core.settings import register as register_settings
from recapkit.core.settings import report_setting


def _add_reader(readers) -> None:
    for ext in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[ext] = FrontMatterMarkdownReader
    guard_readers(readers)


def _check_settings(pelican) -> None:
    mode = pelican.settings.get("MARKDOWN_RAW_HTML", MODES[0])
    if mode not in MODES:
        report_setting("MARKDOWN_RAW_HTML", f"use one of {', '.join(MODES)} (got {mode!r})")


def register() -> None:
    declare_settings("content", ("MARKDOWN_RAW",), ["MARKDOWN_RAW_HTML"])
    register_settings()
    signals.initialized.connect(_check_settings)
    signals.initialized.connect(report_links_out)
    signals.readers_init.connect(_add_reader)
    signals.static_generator_finalized.connect(drop_outside_statics)
    links.register()
    written.register()
    staticimages.register()  # {static} images go through the image pipeline
    outputs.register()
    templates.register()
    add_step("checks", check_unique_urls)


__all__ = ["FrontMatterMarkdownReader", "register"]
