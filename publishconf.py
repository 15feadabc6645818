"""Production settings: the absolute site URL comes from the environment.

``SITEURL=https://user.github.io/repo`` (GitHub Pages project site) and
``SITEURL=https://recaps.example.org`` (custom domain) both work with this one file:
pages link to each other relatively, while canonical links, feeds and the sitemap
use the absolute URL.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403, E402

SITE_ABSOLUTE_URL = os.environ.get("SITEURL", "https://example.github.io/recaps").rstrip("/")
SITEURL = SITE_ABSOLUTE_URL
FEED_DOMAIN = SITE_ABSOLUTE_URL
# Page-to-page links stay relative so the same build works under any prefix.
RELATIVE_URLS = True

FEED_ALL_ATOM = "feeds/all.atom.xml"
TAG_FEED_ATOM = "feeds/tags/{slug}.atom.xml"
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False

# Drafts are never written: an unlisted URL on a public site is still public.
SHOW_DRAFTS = False
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

DELETE_OUTPUT_DIRECTORY = True

# An audit tool that injects a script (axe-core in ../shared/tools) can be allowed
# exactly that script, by hash, for an audit build: CSP_SCRIPT_HASHES="sha256-..."
_extra_hashes = [f"'{h}'" for h in os.environ.get("CSP_SCRIPT_HASHES", "").split() if h]
if _extra_hashes:
    CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(  # noqa: F405
        "script-src 'self'", "script-src 'self' " + " ".join(_extra_hashes)
    )

# --- recapkit.seo ---
# Pagefind runs on the output folder at the end of every build with these settings.
SEARCH_INDEX = True
CONFERENCE_FEED_ATOM = "feeds/conferences/{slug}.atom.xml"
# --- end recapkit.seo ---
