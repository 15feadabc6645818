"""Pelican plugins for conference recap sites.

Each sub-package is one Pelican plugin with its own ``register()``; ``pelicanconf.py``
lists them in ``PLUGINS``. Shared plumbing (problem reporting, YAML with line numbers,
link kinds) lives in the top-level modules.
"""
