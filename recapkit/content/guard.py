"""Pelican's readers and static copier, kept inside the content folder.

Pelican follows symbolic links wherever it walks (``os.walk(followlinks=True)``) and
has no setting against it, so the guard sits at the three public seams it does have:
``initialized`` (every link out of content/ and the theme is reported before anything
is read), ``readers_init`` (every reader refuses a source that leads out) and
``static_generator_finalized`` (such static files are dropped before they are copied).
"""

from __future__ import annotations

from typing import Any

from recapkit.core.contained import is_inside, report_escaping_links, require_inside

_GUARDED: dict[type, type] = {}


def contained_reader(cls: type) -> type:
    """``cls`` with a ``read`` that refuses a source outside ``PATH`` unread."""
    if getattr(cls, "_recapkit_contained", False):
        return cls
    if cls not in _GUARDED:

        def read(self: Any, source_path: str) -> Any:
            require_inside(source_path, self.settings["PATH"])
            return super(guarded, self).read(source_path)

        # Pelican names the metadata "reader" after the class: keep the name.
        guarded = type(cls.__name__, (cls,), {"read": read, "_recapkit_contained": True})
        guarded.__qualname__ = cls.__qualname__
        guarded.__module__ = cls.__module__
        _GUARDED[cls] = guarded
    return _GUARDED[cls]


def guard_readers(readers: Any) -> None:
    """Wrap every reader but the static one (static sources are never opened here:
    see :func:`drop_outside_statics`)."""
    for ext, cls in list(readers.reader_classes.items()):
        if cls is not None and ext != "static":
            readers.reader_classes[ext] = contained_reader(cls)


def report_links_out(pelican: Any) -> None:
    """Name every link out of content/ and out of the theme, once per build."""
    report_escaping_links(pelican.settings["PATH"])
    if report_escaping_links(pelican.settings["THEME"]):
        # Pelican copies theme assets with shutil, following links: copy none.
        pelican.settings["THEME_STATIC_PATHS"] = []


def drop_outside_statics(generator: Any) -> None:
    """Static files whose source leads out of content/ are not published."""
    root = generator.path
    kept = []
    for static in generator.staticfiles:
        if is_inside(static.source_path, root):
            kept.append(static)
        else:
            # Already reported by report_links_out, which walks all of content/.
            generator.context["static_content"].pop(static.get_relative_source_path(), None)
    generator.staticfiles[:] = kept
