"""Starting a site of one's own: ``invoke start`` over the demo in a clone of the
repository, or ``recapkit new DIR`` from the installed package. Both check every option
first, import the conference with :mod:`recapkit.importers`, write the settings, an
About page and a first post (:mod:`recapkit.newpost`), and print what to do next.
"""
