"""Conference data: YAML schedules, talk and speaker pages, calendars and exports."""


def register() -> None:
    """Filled in by the conference data work."""
