"""Text from an export may carry markup; what we write must carry none.

nh3 (ammonia) does the real HTML parsing and strips every tag, dropping the content of
script/style; what is left is decoded and checked again, so markup that was escaped
twice in the source cannot come back to life. Markdown still turns ``[x](javascript:..)``
into a live link, and no library limits link schemes in plain Markdown text, so the few
lines that neutralise such links are written here.
"""

from __future__ import annotations

import html
import re

import nh3

_BLOCK_END = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/li|/h[1-6]|/tr|/blockquote)\s*>")
_TAG_LIKE = re.compile(r"<\s*[a-zA-Z/!?]")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)>?(?:\s+\"[^\"]*\")?\s*\)")
_MD_REF = re.compile(r"(?m)^( {0,3}\[[^\]]+\]:\s*)(\S+)(.*)$")
_SAFE_URL = re.compile(r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s]+)$", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_url(value: object) -> str | None:
    """An http(s) or mailto URL, or None (javascript:, data:, relative paths...)."""
    if not isinstance(value, str):
        return None
    url = _CONTROL.sub("", html.unescape(value)).strip()
    return url if _SAFE_URL.match(url) else None


def _strip_markup(text: str) -> str:
    for _ in range(3):
        text = _BLOCK_END.sub("\n\n", text)
        text = html.unescape(nh3.clean(text, tags=set(), strip_comments=True))
        if not _TAG_LIKE.search(text):
            break
    return _CONTROL.sub("", text)


def plain_text(value: object) -> str | None:
    """A one-line title or name: no markup, whitespace collapsed."""
    if value is None:
        return None
    text = " ".join(_strip_markup(str(value)).split())
    return text.replace("<", "\u2039").replace(">", "\u203a") or None


def _unlink(match: re.Match[str]) -> str:
    label, url = match.group(1), match.group(2)
    return match.group(0) if safe_url(url) else label


def _unref(match: re.Match[str]) -> str:
    return match.group(0) if safe_url(match.group(2)) else ""


def markdown_text(value: object) -> str | None:
    """Abstracts and bios: paragraphs kept, tags gone, unsafe link targets dropped."""
    if value is None:
        return None
    text = _strip_markup(str(value).replace("\r\n", "\n"))
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_LINK.sub(_unlink, text)
    text = _MD_REF.sub(_unref, text)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    joined = "\n\n".join(p for p in paragraphs if p)
    return joined or None


def changed(raw: object, clean: str | None) -> bool:
    """Whether sanitising removed more than whitespace (worth a report line)."""
    if raw is None:
        return False
    return "".join(str(raw).split()) != "".join((clean or "").split())
