"""After writing: every relative link and image a post or page's author wrote must
reach a file.

``{filename}`` and ``{static}`` links are checked before writing (``links.py``), but a
plain ``![map](images/map.png)`` or ``[slides](slides.pdf)`` is only a relative URL, and
whether it resolves depends on where the page lands. Checking the written HTML against
the output folder catches those, and names the post and line they came from.
"""

from __future__ import annotations

import html as html_module
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pelican import signals

from recapkit.core.problems import line_of, report

#: URL attributes in a post's own HTML (template chrome is the theme's business).
_AUTHORED_URL = re.compile(r"""\b(?:href|src|poster)\s*=\s*(["'])(?P<url>[^"']*)\1""")


def _authored_urls(content: Any) -> list[str]:
    """Plain relative URLs the author wrote; ``{kind}`` links are checked before writing."""
    html = getattr(content, "_content", None) or ""
    urls = [html_module.unescape(m["url"]).strip() for m in _AUTHORED_URL.finditer(html)]
    return [u for u in dict.fromkeys(urls) if u and not u.startswith("{")]


def _missing(output: Path, page: Path, url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme or url.startswith(("//", "#", "data:")) or not parts.path:
        return False
    rel_dir = page.parent.relative_to(output).as_posix()
    target = posixpath.normpath(posixpath.join(rel_dir, unquote(parts.path)))
    if target.startswith(".."):
        return True
    path = output / target
    return not (path.is_file() or (path / "index.html").is_file())


class WrittenPages:
    """Remembers which content object each page came from, then checks them all."""

    def __init__(self) -> None:
        self.pages: dict[str, Any] = {}

    def reset(self, _pelican: Any = None) -> None:
        self.pages.clear()

    def written(self, path: str, context: dict[str, Any]) -> None:
        content = context.get("article") or context.get("page")
        if content is not None and path.endswith(".html"):
            self.pages[path] = content

    def check(self, pelican: Any) -> None:
        output = Path(pelican.output_path)
        for path, content in sorted(self.pages.items()):
            page = Path(path)
            if not page.is_file():
                continue
            source = None
            for url in _authored_urls(content):
                if url.startswith("/") and not url.startswith("//"):
                    why = "starts at the server root, so it breaks under a sub-path (GitHub Pages)"
                elif _missing(output, page, url):
                    why = "no such file in the built site"
                else:
                    continue
                if source is None:
                    source = Path(content.source_path).read_text(encoding="utf-8", errors="replace")
                report(
                    content.source_path,
                    line_of(source, url) or line_of(source, urlsplit(url).path),
                    f"broken link '{url}': {why} (link posts with {{filename}}, files with "
                    "{static}, photos by album)",
                )
        self.pages.clear()


_pages = WrittenPages()


def register() -> None:
    signals.initialized.connect(_pages.reset)
    signals.content_written.connect(_pages.written)
    signals.finalized.connect(_pages.check)
