"""Downloading a schedule over http(s): bounded in time and size, one line when it fails.

The standard library's urllib does the HTTP; what it lacks is a size limit that holds
while the body streams (a server may send no Content-Length, or lie in it) and a
deadline for the whole transfer (its ``timeout`` is per socket operation), so the
loop below reads in chunks and stops at either. Every failure is one
:class:`SourceError` line naming the URL, never a traceback.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from recapkit.importers.errors import SourceError

#: Seconds to wait for a connection or for the next bytes, and for the whole body.
TIMEOUT = 30
DEADLINE = 120
#: The largest schedule read (FOSDEM's full XML is under 3 MiB).
MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, socket.gaierror):
        return "host not found (offline, or a typo in the URL?)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (nothing listens there)"
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"no answer within {TIMEOUT} s"
    text = getattr(reason, "strerror", None) or str(reason)
    return text or type(reason).__name__


def download(url: str, max_bytes: int = MAX_BYTES) -> Fetched:
    """The body of ``url``; :class:`SourceError` if it cannot be had within the limits."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise SourceError(f"{url}: only http(s) URLs are downloaded")
    limit = f"{max_bytes / 2**20:g} MiB"
    request = urllib.request.Request(
        url, headers={"User-Agent": "recapkit-import", "Accept": "application/json, */*"}
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (http(s) only, checked above)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                size = f"{int(declared) / 2**20:.1f} MiB"
                raise SourceError(f"{url}: {size} is over the {limit} limit, not downloaded")
            chunks, size = [], 0
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise SourceError(f"{url}: more than {limit}, download stopped")
                if time.monotonic() - started > DEADLINE:
                    raise SourceError(f"{url}: not downloaded within {DEADLINE} s, stopped")
                chunks.append(chunk)
            return Fetched(response.geturl(), b"".join(chunks), response.headers.get_content_type())
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise SourceError(f"{url}: cannot download: {_reason(exc)}") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:  # reset, timeout, cut body
        raise SourceError(f"{url}: cannot download: {_reason(exc)}") from None
