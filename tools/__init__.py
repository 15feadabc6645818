"""Scripts that draw the demo's artwork and default images: not part of the plugins,
not in the wheel. Run them from the project folder (``python tools/<name>.py``)."""
