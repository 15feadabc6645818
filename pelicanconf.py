"""Development settings: relative URLs (work under any sub-path), drafts visible, no feeds."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

AUTHOR = "Recap Writers"
SITENAME = "Conference Recaps"
SITESUBTITLE = "Write-ups of the conferences we went to: talks, people and photos."
SITEURL = ""
# Absolute base URL for canonical links, og:url, feeds and the sitemap ("" in development).
SITE_ABSOLUTE_URL = ""
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
EXTRA_PATH_METADATA = {"extra/robots.txt": {"path": "robots.txt"}}
IGNORE_FILES = [".#*", "*~", "__pycache__"]

THEME = "themes/recap"
TIMEZONE = "America/Los_Angeles"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
TYPOGRIFY = True
TYPOGRIFY_DASHES = "oldschool"
SUMMARY_MAX_LENGTH = 40

PLUGINS = [
    "recapkit.frontmatter",
    "recapkit.conference",
    "recapkit.photos",
    "recapkit.seo",
]

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.toc": {"permalink": False, "toc_depth": "2-3"},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# Clean, collision-free URLs: /<year>/<slug>/, /tags/<tag>/, /<page>/, .../page/2/.
ARTICLE_URL = "{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{slug}/index.html"
ARTICLE_LANG_URL = "{date:%Y}/{slug}/{lang}/"
ARTICLE_LANG_SAVE_AS = "{date:%Y}/{slug}/{lang}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_LANG_URL = "drafts/{slug}/{lang}/"
DRAFT_LANG_SAVE_AS = "drafts/{slug}/{lang}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{slug}/{lang}/"
PAGE_LANG_SAVE_AS = "{slug}/{lang}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
# Recaps are not filed in categories or by author: one author or many, the archive
# and tags are the ways in.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "archives", "404"]
PAGINATED_TEMPLATES = {"index": 10, "tag": 10, "archives": None, "tags": None}
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
INDEX_SAVE_AS = "index.html"

# No feeds in development: they need absolute URLs (see publishconf.py).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# The reader cache is safe; the generator cache keeps stale links (see PELICAN-NOTES).
CACHE_CONTENT = False
CACHE_PATH = ".cache/pelican"
CHECK_MODIFIED_METHOD = "md5"

DEFAULT_CATEGORY = "recaps"
SHOW_DRAFTS = True
DEFAULT_METADATA = {}
MENUITEMS = ()
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False
