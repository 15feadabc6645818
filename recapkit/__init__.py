"""Pelican plugins for conference recap sites: ``PLUGINS = ["recapkit"]``.

:func:`register` connects every plugin in the order the build depends on: ``content``
(front matter, link checks), ``conference`` (its generator fills the site model
first), ``photos`` (reads the conferences from the site model), ``seo`` (reads what
the others wrote). Each sub-package is also a plugin of its own
(``PLUGINS = ["recapkit.content", "recapkit.conference"]``). ``recapkit.core`` is what
they share: see DESIGN in the README. The pages they write have default templates in
``recapkit/templates/``, behind the theme's own (:mod:`recapkit.core.templating`).
"""

from __future__ import annotations


def register() -> None:
    from recapkit import conference, content, photos, seo

    for plugin in (content, conference, photos, seo):
        plugin.register()
