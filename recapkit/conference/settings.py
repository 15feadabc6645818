"""The conference plugin's settings, read once per build.

``CONFERENCE_PATH`` (content folder), ``CONFERENCE_URL`` and ``CONFERENCES_URL`` belong
to the site's URL scheme (:mod:`recapkit.core.urls`); the rest is this plugin's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from recapkit.core.settings import built, report_setting

PREFIXES = ("CONFERENCE_", "CONFERENCES_")
#: Keys under our prefixes that another plugin reads (seo's per-conference feeds): not
#: unknown, even in a site that does not enable that plugin.
OTHERS = ("CONFERENCE_FEED_ATOM",)
DEFAULT_PHOTO_SIZES = (256, 512)  # speaker photos are shown 8rem wide: 1x to 3x screens
KEYS = (
    "CONFERENCE_PATH",
    "CONFERENCE_URL",
    "CONFERENCES_URL",
    "CONFERENCE_STRICT",
    "CONFERENCE_PHOTO_SIZES",
)


@dataclass(frozen=True)
class ConferenceSettings:
    strict: bool = False
    photo_sizes: tuple[int, ...] = DEFAULT_PHOTO_SIZES

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> ConferenceSettings:
        sizes = settings.get("CONFERENCE_PHOTO_SIZES", DEFAULT_PHOTO_SIZES)
        if not (
            isinstance(sizes, list | tuple)
            and sizes
            and all(isinstance(v, int) and not isinstance(v, bool) and v >= 16 for v in sizes)
        ):
            report_setting("CONFERENCE_PHOTO_SIZES", "must be a list of sizes of at least 16 px")
            sizes = DEFAULT_PHOTO_SIZES
        return cls(
            strict=bool(settings.get("CONFERENCE_STRICT", False)),
            photo_sizes=tuple(sorted(set(sizes))),
        )


def conference_settings(settings: Mapping[str, Any]) -> ConferenceSettings:
    return built(settings, ConferenceSettings, ConferenceSettings.from_settings)
