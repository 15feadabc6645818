"""Photo albums with credits and responsive images."""


def register() -> None:
    """Filled in by the photo pipeline work."""
