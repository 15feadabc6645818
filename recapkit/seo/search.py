"""The search page, and the Pagefind index built over the finished output."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from pelican.generators import Generator

from recapkit.core.site import SUBJECT_KEY, PageKind, PageSubject
from recapkit.seo.settings import seo_settings

logger = logging.getLogger(__name__)


class SearchPageGenerator(Generator):
    """Writes ``/search/``: a form that works without JavaScript, results with it."""

    def generate_context(self) -> None:
        self.context["SEARCH_PAGE_URL"] = seo_settings(self.settings).search_url

    def generate_output(self, writer) -> None:
        settings = seo_settings(self.settings)
        if not settings.search_save_as:
            return
        # The description is the template's own (its meta description).
        subject = PageSubject(kind=PageKind.LISTING, title="Search", generated_by=__name__)
        writer.write_file(
            settings.search_save_as,
            self.get_template("recapkit/search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=settings.search_url,
            search_indexed=settings.search_index,
            **{SUBJECT_KEY: subject},
        )


#: Left out of every indexed page: navigation repeats other pages' titles ("next talk",
#: section links), noise that would make every page match every title. Told to the
#: indexer, so no template (ours or another theme's) has to mark it.
EXCLUDED_SELECTORS = ("nav",)
#: Pagefind's ready-made UIs; ``search.js`` talks to the search API directly, so these
#: are never requested and only add weight to the deployed site.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def build_index(output: Path) -> None:
    """Run Pagefind's indexer on ``output`` (the folder Pelican wrote this build into).

    Result URLs are root-relative ("/2019/x/"); ``search.js`` resolves them against the
    site root it is given, so the index works under any sub-path.
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(output), "--silent"]
    for selector in EXCLUDED_SELECTORS:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        logger.error("search index failed (pagefind exit %s): %s", result.returncode, detail)
        return
    for name in UNUSED_BUNDLE_FILES:
        (output / "pagefind" / name).unlink(missing_ok=True)
