"""What a person tells ``invoke start`` and ``recapkit new`` about their site.

Every value is checked before anything is written, and every mistake is listed at
once: a bad time zone and a missing ``--conference`` are two lines, not two runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from recapkit.content.fields import language_tag
from recapkit.core.slugs import is_slug
from recapkit.importers.times import iana_zone

DEFAULT_SUBTITLE = "Notes from the conferences I went to: talks, people and photos."


@dataclass(frozen=True)
class SiteOptions:
    """The personal settings of a site, and the conference to import into it."""

    name: str
    author: str
    siteurl: str
    timezone: str = "UTC"
    lang: str = "en"
    subtitle: str = DEFAULT_SUBTITLE
    source: str | None = None
    conference: str | None = None

    def problems(self) -> list[str]:
        """One line per value that cannot be used; empty when all are fine."""
        found = []
        for option, what in (("--name", "the site's name"), ("--author", "who writes it")):
            if not getattr(self, option[2:]).strip():
                found.append(f"{option} is missing: {what}")
        if not self.siteurl.strip():
            found.append("--siteurl is missing: where the site is published")
        else:
            found.extend(_siteurl_problems(self.siteurl))
        if iana_zone(self.timezone) is None:
            found.append(
                f"--timezone '{self.timezone}' is not an IANA time zone (e.g. Europe/Berlin)"
            )
        try:
            language_tag(self.lang)
        except ValueError as exc:
            found.append(f"--lang: {exc}")
        if bool(self.source) != bool(self.conference):
            found.append("--import and --conference go together: give both, or neither")
        if self.conference and not is_slug(self.conference):
            found.append(
                f"--conference '{self.conference}' is not a slug (lower-case letters, "
                "digits and hyphens, e.g. pycon-us-2024)"
            )
        return found

    @property
    def published_url(self) -> str:
        return self.siteurl.rstrip("/")

    @property
    def zone(self) -> str:
        """The IANA name, as written or found from a city (``berlin`` -> Europe/Berlin)."""
        return iana_zone(self.timezone) or self.timezone


def _siteurl_problems(url: str) -> list[str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [
            f"--siteurl '{url}' is not an http(s) address "
            "(e.g. https://sam.github.io/recaps or https://recaps.example.org)"
        ]
    if parts.query or parts.fragment:
        return [f"--siteurl '{url}' has a query or a fragment: give the site's address only"]
    return []
