"""One reader per published schedule format; each turns a source into :class:`Imported`.

Readers of bytes share one shape, ``import_x(data, name, options) -> Imported``
(``name`` is what the report calls the source); the Jekyll reader takes a folder,
``import_jekyll(root, options)``. A reader raises
:class:`~recapkit.importers.errors.SourceError` when the source cannot be read at all.
Readers never import ``recapkit.importers.sources``: that module picks the reader,
not the other way round.
"""
