"""One build's seo state: made when every post is read, used when the build is written.

The sitemap needs each post's and page's content date, known once the content is read
(``all_generators_finalized``), but it is written over the finished output folder at
``finalized``, which Pelican sends with the Pelican object only: the build's context is
out of reach by then. So the state lives in that context (:data:`BUILD_KEY`), like the
site model, and ``finalized`` finds it again through a weak map keyed by the build's
settings dict, the one object both ends share. The entry lives exactly as long as the
context that holds the :class:`SeoBuild`: nothing outlives a build, and nothing of a
build is written into its settings.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from recapkit.seo.settings import SeoSettings

BUILD_KEY = "recapkit_seo_build"


@dataclass(eq=False)
class SeoBuild:
    settings: SeoSettings
    #: Output file -> last content change, for the sitemap's ``lastmod``.
    content_dates: dict[str, dt.date] = field(default_factory=dict)
    #: The build's settings dict (whose identity names the build at ``finalized``).
    pelican_settings: Mapping[str, Any] = field(default_factory=dict, repr=False)


_RUNNING: weakref.WeakValueDictionary[int, SeoBuild] = weakref.WeakValueDictionary()


def start(
    context: MutableMapping[str, Any], pelican_settings: Mapping[str, Any], build: SeoBuild
) -> SeoBuild:
    """Keep ``build`` in the build's context, findable by :func:`take`."""
    build.pelican_settings = pelican_settings
    context[BUILD_KEY] = build
    _RUNNING[id(pelican_settings)] = build
    return build


def take(pelican_settings: Mapping[str, Any]) -> SeoBuild | None:
    """The build in progress with these settings (if its context is still alive),
    handed over once: a second call for the same build finds nothing."""
    build = _RUNNING.pop(id(pelican_settings), None)
    if build is None or build.pelican_settings is not pelican_settings:
        return None
    return build
