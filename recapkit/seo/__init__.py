"""Sharing and finding: canonical links, Open Graph, sitemap, search index."""


def register() -> None:
    """Filled in by the search and sharing work."""
