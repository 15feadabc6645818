"""One reader per published schedule format; each turns a source into :class:`Imported`.

Every reader has the same shape, ``import_x(source, name, options) -> Imported``, and
raises :class:`~recapkit.importers.errors.SourceError` when the source cannot be read
at all. Readers never import ``recapkit.importers.sources``: that module picks the
reader, not the other way round.
"""
