"""The files every site is made of, shipped inside the package.

Each lives once. In the repository, ``recapkit/starter/site/`` holds symbolic links to
the repository's own ``pelicanconf.py``, ``publishconf.py``, ``tasks.py``,
``.gitignore``, workflow and ``themes/recap``; a wheel stores the files themselves. So
the demo site and a site made by ``recapkit new`` cannot drift apart. Only the site's
README and ``requirements.txt`` are the new site's own (the repository's README is
the tool's manual).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path


@dataclass(frozen=True)
class KitFile:
    """A shipped file (or folder) and where it goes in a new site."""

    shipped: str
    target: str


KIT = (
    KitFile("pelicanconf.py", "pelicanconf.py"),
    KitFile("publishconf.py", "publishconf.py"),
    KitFile("tasks.py", "tasks.py"),
    KitFile("gitignore", ".gitignore"),
    KitFile("pages.yml", ".github/workflows/pages.yml"),
    KitFile("README.md", "README.md"),
    KitFile("themes/recap", "themes/recap"),
)


def shipped(name: str) -> Path:
    """Where the package keeps ``name`` (a real path: wheels install as files)."""
    return Path(str(resources.files("recapkit.starter") / "site" / name))


def version() -> str:
    return metadata.version("recapkit")


def requirements() -> str:
    """A new site installs the release it was made with; its workflow reads this."""
    return f"# The site's build tool, the version this site was made with.\nrecapkit=={version()}\n"


def copy_kit(dest: Path) -> list[str]:
    """Copy every kit file into ``dest``; return the site paths written."""
    written = []
    for item in KIT:
        source, target = shipped(item.shipped), dest / item.target
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, target)
        written.append(item.target)
    (dest / "requirements.txt").write_text(requirements(), encoding="utf-8")
    written.append("requirements.txt")
    return written
