"""Published files get the mode the umask gives a new file (0644 under umask 022).

Caches are written through ``mkstemp`` (0600) and published as hard links, which share
the cached file's mode: without this, a web server running as another user could not
read a single photo. The output folders themselves are made with ``mkdir``, which
applies the umask (see ``recapkit.cli``).
"""

from __future__ import annotations

import functools
import os
import stat


@functools.cache
def file_mode() -> int:
    """The mode a new file gets from this process's umask."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no /proc: read the umask by setting it (and back)
    os.umask(mask)
    return 0o666 & ~mask


def make_published(path: str | os.PathLike[str]) -> None:
    """Give a file just put into the output folder the umask's mode."""
    if stat.S_IMODE(os.stat(path).st_mode) != file_mode():
        os.chmod(path, file_mode())
