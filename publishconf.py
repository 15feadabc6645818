"""Production settings (``invoke publish``): feeds, search, no drafts, absolute URLs.

The site's address is ``PUBLISHED_URL`` below (``invoke start`` writes yours), unless
the ``SITEURL`` environment variable says otherwise: the GitHub workflow passes the
address GitHub Pages gives it. A project site (``https://user.github.io/repo``) and a
custom domain both work: pages link to each other relatively, while canonical links,
feeds and the sitemap use the absolute URL.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403, E402

PUBLISHED_URL = "https://example.github.io/recaps"
SITE_ABSOLUTE_URL = (os.environ.get("SITEURL") or PUBLISHED_URL).rstrip("/")
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

# --- recapkit.seo ---
# Pagefind runs on the output folder at the end of every build with these settings.
SEARCH_INDEX = True
CONFERENCE_FEED_ATOM = "feeds/conferences/{slug}.atom.xml"
# --- end recapkit.seo ---
