"""One frozen settings object per plugin, built once per build, and settings mistakes
named with the file and line that made them.

Pelican settings are one flat dict: a misspelt ``PHOTOS_SIZE`` is silently ignored, and
a plugin that reports a bad value cannot say whether ``pelicanconf.py`` or
``publishconf.py`` set it. Each plugin declares its keys (:func:`declare`) under its
prefixes; at ``initialized`` :func:`check_unknown` reports every key under a declared
prefix that nobody declared, with a suggestion, against the settings file that assigns
it (:func:`origin`). Pelican loads settings files as modules (``sys.modules``), so the
file that assigns a name is found by reading their top-level assignments.
"""

from __future__ import annotations

import ast
import os
import sys
import sysconfig
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from recapkit.core.problems import display_path, report
from recapkit.core.yamlsource import suggest

T = TypeVar("T")
#: Where the built objects live: a build's settings dict, which Pelican copies into
#: every generator's context, so nothing outlives the build.
STORE_KEY = "RECAPKIT_SETTINGS"


@dataclass(frozen=True)
class Declaration:
    plugin: str
    prefixes: tuple[str, ...]
    keys: frozenset[str]


_DECLARED: dict[str, Declaration] = {}


def declare(plugin: str, prefixes: Iterable[str], keys: Iterable[str]) -> None:
    """Say which settings a plugin reads (called from its ``register()``)."""
    _DECLARED[plugin] = Declaration(plugin, tuple(prefixes), frozenset(keys))


def known_keys() -> frozenset[str]:
    return frozenset().union(*(d.keys for d in _DECLARED.values()))


def _library_dirs() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    return tuple(os.path.realpath(paths[k]) for k in ("stdlib", "platstdlib", "purelib", "platlib"))


@lru_cache(maxsize=64)
def _assignments(filename: str, mtime: float) -> dict[str, int]:
    """Top-level names a settings file assigns, with their lines."""
    try:
        tree = ast.parse(Path(filename).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return {}
    found: dict[str, int] = {}
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    found.setdefault(name.id, node.lineno)
    return found


def origin(key: str) -> tuple[str, int | None]:
    """(settings file, line) that assigns ``key``; the outermost file wins, since
    ``publishconf.py`` star-imports ``pelicanconf.py`` and then overrides it."""
    libraries = _library_dirs()
    for module in list(sys.modules.values()):
        filename = getattr(module, "__file__", None)
        if not filename or not filename.endswith(".py") or key not in vars(module):
            continue
        real = os.path.realpath(filename)
        if real.startswith(libraries):
            continue
        lines = _assignments(real, os.path.getmtime(real))
        if key in lines:
            return display_path(filename), lines[key]
    return "settings", None


def report_setting(key: str, message: str, severity: str = "error") -> None:
    """A problem with a setting, at the file and line that set it."""
    path, line = origin(key)
    report(path, line, f"{key}: {message}", severity)  # type: ignore[arg-type]


def check_unknown(settings: Mapping[str, Any]) -> None:
    """Every key under a declared prefix that no plugin declared, with a suggestion."""
    known = known_keys()
    prefixes = tuple(p for d in _DECLARED.values() for p in d.prefixes)
    for key in sorted(settings):
        if key.startswith(prefixes) and key not in known:
            hint = suggest(key, known)
            report_setting(key, f"unknown setting{hint}", severity="warning")


def built(settings: Mapping[str, Any], cls: type[T], make: Callable[[Mapping[str, Any]], T]) -> T:
    """The build's one ``cls`` object: made from the settings the first time it is
    asked for (at ``initialized``), then the same object for every later reader."""
    store = settings.get(STORE_KEY)
    if isinstance(store, dict) and cls in store:
        return store[cls]
    value = make(settings)
    if isinstance(settings, dict):
        settings.setdefault(STORE_KEY, {})[cls] = value
    return value


def check_build_settings(pelican: Any) -> None:
    """At ``initialized``: unknown keys, and the URL scheme every plugin shares."""
    from recapkit.core.urls import DEFAULTS as URL_DEFAULTS
    from recapkit.core.urls import UrlScheme, UrlSettingError

    check_unknown(pelican.settings)
    try:
        UrlScheme.from_settings(pelican.settings)
    except UrlSettingError as exc:
        report_setting(exc.key, str(exc))
        # The build goes on with the default scheme, so every other problem is listed.
        for key in URL_DEFAULTS:
            pelican.settings.pop(key, None)
    # Templates link with these, like Pelican's own TAGS_URL: the values in force.
    for key, value in URL_DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def register() -> None:
    from pelican import signals

    signals.initialized.connect(check_build_settings)
