"""Recordings: which player to load on click, and the plain link for everyone else."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


@dataclass(frozen=True)
class Video:
    """``embed_url`` is None for hosts we have no privacy-friendly player for."""

    url: str
    provider: str
    embed_url: str | None = None


def _youtube_id(url: str) -> str | None:
    parts = urlparse(url)
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    candidate = None
    if host == "youtu.be":
        candidate = parts.path.strip("/").split("/")[0]
    elif host in {"youtube.com", "youtube-nocookie.com"}:
        if parts.path == "/watch":
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif parts.path.startswith(("/embed/", "/live/", "/shorts/", "/v/")):
            candidate = parts.path.split("/")[2]
    return candidate if candidate and _YOUTUBE_ID.match(candidate) else None


def _vimeo_id(url: str) -> str | None:
    parts = urlparse(url)
    host = parts.netloc.lower().removeprefix("www.")
    if host not in {"vimeo.com", "player.vimeo.com"}:
        return None
    digits = [p for p in parts.path.split("/") if p.isdigit()]
    return digits[-1] if digits else None


def video_for(url: str | None) -> Video | None:
    """YouTube via youtube-nocookie.com and Vimeo with do-not-track; others: a link."""
    if not url:
        return None
    if video_id := _youtube_id(url):
        return Video(
            url=f"https://www.youtube.com/watch?v={video_id}",
            provider="YouTube",
            embed_url=f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1",
        )
    if video_id := _vimeo_id(url):
        return Video(
            url=f"https://vimeo.com/{video_id}",
            provider="Vimeo",
            embed_url=f"https://player.vimeo.com/video/{video_id}?autoplay=1&dnt=1",
        )
    host = urlparse(url).netloc.removeprefix("www.") or "the web"
    return Video(url=url, provider=host)
