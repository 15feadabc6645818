"""What makes a site someone's own: its settings, About page, first post and conference.

``invoke start`` (over the demo) and ``recapkit new`` (in an empty folder) both end
here, so the two ways to start give the same site.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass, field
from pathlib import Path

from recapkit.importers import import_schedule
from recapkit.newpost import write_skeleton
from recapkit.starter.options import SiteOptions
from recapkit.starter.settingsfile import set_values


class StartError(Exception):
    """Nothing could be done as asked; each line says why (printed, exit status 1)."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class Written:
    """What a start wrote, for the report printed afterwards."""

    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    post: str | None = None
    conference: str | None = None


ABOUT = """\
---
title: About
summary: {summary}
---
**{name}** is where {author} writes up the conferences they go to: what happened on
each day, the talks worth watching and the people who gave them.

Say here who you are, how readers can reach you, and on what terms they may reuse
your words and photos.
"""


def _yaml_text(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are YAML strings)."""
    return json.dumps(value, ensure_ascii=False)


def write_settings(root: Path, options: SiteOptions) -> list[str]:
    """Personal values into pelicanconf.py and the published address into publishconf.py."""
    dev, prod = root / "pelicanconf.py", root / "publishconf.py"
    dev.write_text(
        set_values(
            dev.read_text(encoding="utf-8"),
            {
                "SITENAME": options.name.strip(),
                "AUTHOR": options.author.strip(),
                "SITESUBTITLE": options.subtitle.strip(),
                "TIMEZONE": options.zone,
                "DEFAULT_LANG": options.lang,
            },
        ),
        encoding="utf-8",
    )
    prod.write_text(
        set_values(prod.read_text(encoding="utf-8"), {"PUBLISHED_URL": options.published_url}),
        encoding="utf-8",
    )
    return ["pelicanconf.py", "publishconf.py"]


def write_about(root: Path, options: SiteOptions) -> str | None:
    """A short About page of the site's own, unless one is there (it is kept)."""
    path = root / "content" / "pages" / "about.md"
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    summary = f"Who writes {options.name.strip()}, and how to get in touch."
    path.write_text(
        ABOUT.format(
            summary=_yaml_text(summary),
            name=_markdown_text(options.name.strip()),
            author=_markdown_text(options.author.strip()),
        ),
        encoding="utf-8",
    )
    return path.relative_to(root).as_posix()


def _markdown_text(value: str) -> str:
    """Literal text in Markdown: the marks Python-Markdown reads as markup are escaped
    with a backslash, and ``<`` and ``&`` become entities (no raw HTML from a name)."""
    marked = "".join("\\" + c if c in "\\`*_{}[]()#+-.!" else c for c in value)
    return html.escape(marked, quote=False)


def import_conference(root: Path, options: SiteOptions) -> tuple[str | None, list[str]]:
    """Import the conference (recapkit.importers); its name, and the report's lines."""
    if not (options.source and options.conference):
        return None, []
    outcome = import_schedule(options.source, options.conference, content=root / "content")
    lines = outcome.report.lines()
    if not outcome.ok:
        raise StartError([*lines, *(f"--import: {p}" for p in outcome.problems)])
    name = outcome.imported.conference.get("name") if outcome.imported else None
    return str(name or options.conference), lines


def write_first_post(
    root: Path, options: SiteOptions, conference_name: str | None, today: dt.date
) -> str | None:
    """A dated draft to start the first recap from (recapkit.newpost)."""
    title = f"{conference_name}: my recap" if conference_name else "My first conference recap"
    try:
        path = write_skeleton(root / "content" / "posts", title, options.conference, today)
    except SystemExit:  # write_skeleton refuses to overwrite: there is one already
        return None
    return path.relative_to(root).as_posix()


def personalise(
    root: Path, options: SiteOptions, conference_name: str | None, today: dt.date | None = None
) -> Written:
    """Settings, About page and first post (the conference is imported before)."""
    written = Written(files=write_settings(root, options))
    if conference_name is not None:
        written.conference = f"content/conferences/{options.conference}/"
    about = write_about(root, options)
    if about:
        written.files.append(about)
    else:
        written.notes.append("content/pages/about.md: kept (it is yours: edit it as you like)")
    written.post = write_first_post(root, options, conference_name, today or dt.date.today())
    return written


def next_steps(written: Written, command: str = "invoke") -> list[str]:
    """What to do after a start, in the order a person does it."""
    steps = []
    if written.post:
        steps.append(f"Write your recap in {written.post} (it is a draft until you")
        steps.append("   remove its 'status: draft' line).")
    steps += [
        f"{command} livereload   # preview on http://127.0.0.1:8000/ while you write",
        f"{command} check        # every link, photo and field checked, nothing written",
        f"{command} publish      # the production build, as the GitHub workflow runs it",
        "git add -A && git commit -m 'My recap site' && git push",
        "On GitHub: Settings > Pages > Source: GitHub Actions.",
    ]
    return steps
