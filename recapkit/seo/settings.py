"""The plugin's settings, read once per build into a frozen object.

Defaults live here so ``pelicanconf.py`` only names what it changes. The object is
made once, at ``initialized`` (:func:`seo_settings` over Pelican's settings), and kept
in the build's settings store (:mod:`recapkit.core.settings`), which Pelican copies
into every generator's and template's context: every later reader, the ``seo_card``
Jinja global included, gets that same object.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from recapkit.core.settings import built

#: Setting name -> default. ``SITE_ABSOLUTE_URL`` is shared with the project settings.
DEFAULTS: dict[str, Any] = {
    "SITE_ABSOLUTE_URL": "",
    "SEARCH_INDEX": False,
    "SEARCH_SAVE_AS": "search/index.html",
    "SEARCH_URL": "search/",
    "SEO_DEFAULT_IMAGE": "theme/images/og-default.png",
    "SEO_DEFAULT_IMAGE_SIZE": (1200, 630),
    "SEO_TWITTER_SITE": "",
    "CONFERENCE_FEED_ATOM": None,
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    "READING_WORDS_PER_MINUTE": 220,
    "READING_TOC_MIN_HEADINGS": 3,
    "READING_RELATED_COUNT": 3,
}
#: Pelican's own settings seo reads as well.
PELICAN_KEYS = (
    "OUTPUT_PATH",
    "SITEURL",
    "RELATIVE_URLS",
    "SITENAME",
    "SITESUBTITLE",
    "FEED_ALL_ATOM",
    "TAG_FEED_ATOM",
    "DEFAULT_LANG",
)
#: Every key seo reads, for ``recapkit.core.settings.declare``.
KEYS = (*DEFAULTS, *PELICAN_KEYS)
#: Settings names that are seo's alone: a name under them that no plugin declares is a
#: mistake (``SEO_DEFAULT_IMAGES``, ``READING_WORDS_A_MINUTE``), reported with a suggestion.
PREFIXES = ("SEO_", "SEARCH_", "READING_")


def _flag(value: Any) -> bool:
    """A boolean setting; ``-e SEARCH_INDEX=false`` on the command line gives a string."""
    if isinstance(value, str):
        return value.strip().lower() not in {"", "0", "false", "no", "off", "none"}
    return bool(value)


@dataclass(frozen=True)
class SeoSettings:
    absolute_url: str
    search_index: bool
    search_save_as: str
    search_url: str
    default_image: str
    default_image_size: tuple[int, int]
    twitter_site: str
    conference_feed_atom: str | None
    sitemap_save_as: str
    robots_save_as: str
    words_per_minute: int
    toc_min_headings: int
    related_count: int
    output_path: str
    site_name: str
    site_subtitle: str
    feed_all_atom: str | None
    tag_feed_atom: str | None
    lang: str

    @classmethod
    def from_pelican(cls, settings: Any) -> SeoSettings:
        value = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
        return cls(
            absolute_url=str(value["SITE_ABSOLUTE_URL"] or "").rstrip("/"),
            search_index=_flag(value["SEARCH_INDEX"]),
            search_save_as=value["SEARCH_SAVE_AS"],
            search_url=value["SEARCH_URL"],
            default_image=value["SEO_DEFAULT_IMAGE"],
            default_image_size=tuple(value["SEO_DEFAULT_IMAGE_SIZE"]),
            twitter_site=value["SEO_TWITTER_SITE"],
            conference_feed_atom=value["CONFERENCE_FEED_ATOM"],
            sitemap_save_as=value["SITEMAP_SAVE_AS"],
            robots_save_as=value["ROBOTS_SAVE_AS"],
            words_per_minute=int(value["READING_WORDS_PER_MINUTE"]),
            toc_min_headings=int(value["READING_TOC_MIN_HEADINGS"]),
            related_count=int(value["READING_RELATED_COUNT"]),
            output_path=str(settings.get("OUTPUT_PATH", "output")),
            site_name=str(settings.get("SITENAME", "")),
            site_subtitle=str(settings.get("SITESUBTITLE", "") or ""),
            feed_all_atom=settings.get("FEED_ALL_ATOM"),
            tag_feed_atom=settings.get("TAG_FEED_ATOM"),
            lang=str(settings.get("DEFAULT_LANG", "en")),
        )


def seo_settings(settings: Mapping[str, Any]) -> SeoSettings:
    """The build's one :class:`SeoSettings`, from its settings or any context copied
    from them (made on the first call, at ``initialized``)."""
    return built(settings, SeoSettings, SeoSettings.from_pelican)
