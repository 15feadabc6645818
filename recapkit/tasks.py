"""Everyday commands of a recap site: ``invoke --list`` shows them.

A site's ``tasks.py`` is two lines that call :func:`site_tasks` with its own folder, so
the repository and every site made by ``recapkit new`` share these tasks (and get
their fixes with the package). Every build goes through ``python -m recapkit`` (a fresh
process), which collects all content problems, fails with one line per problem and
only then replaces ``output/``.
"""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
import sys
from pathlib import Path

from invoke import Collection, task

PY = shlex.quote(sys.executable)


def _root(c) -> Path:
    return Path(c.config.recapkit.root)


def _settings(c, kind: str) -> Path:
    return _root(c) / ("publishconf.py" if kind == "prod" else "pelicanconf.py")


def _build(c, kind: str, debug: bool = False, env=None, lenient: bool = False) -> None:
    flags = (" --debug" if debug else "") + (" --allow-warnings" if lenient else "")
    settings, output = _settings(c, kind), _root(c) / "output"
    cmd = f"{PY} -m recapkit build -s {shlex.quote(str(settings))} -o {shlex.quote(str(output))}"
    c.run(f"{cmd}{flags}", env=env or {})


@task(
    help={
        "debug": "show tracebacks",
        "allow_warnings": "write the site despite warnings (errors still fail)",
    }
)
def build(c, debug=False, allow_warnings=False):
    """Build the site into output/ with the development settings (drafts visible)."""
    _build(c, "dev", debug=debug, lenient=allow_warnings)


@task
def clean(c):
    """Remove output/ and Pelican's reader cache (photo derivatives are kept)."""
    shutil.rmtree(_root(c) / "output", ignore_errors=True)
    shutil.rmtree(_root(c) / ".cache" / "pelican", ignore_errors=True)


@task(pre=[clean])
def rebuild(c, debug=False):
    """Clean, then build."""
    _build(c, "dev", debug=debug)


@task(help={"debug": "show tracebacks"})
def check(c, debug=False):
    """Read and validate all content without writing the site."""
    flags = " --debug" if debug else ""
    c.run(f"{PY} -m recapkit check -s {shlex.quote(str(_settings(c, 'dev')))}{flags}")


@task(help={"port": "port on 127.0.0.1", "prefix": "serve under a sub-path, e.g. /recaps/"})
def serve(c, port=8000, prefix="/"):
    """Serve output/ on http://127.0.0.1:PORT (optionally under a GitHub Pages prefix)."""
    from recapkit.devserver import serve_static

    serve_static(_root(c) / "output", int(port), prefix)


@task(help={"port": "port on 127.0.0.1"})
def livereload(c, port=8000):
    """Serve with live reload: rebuilds when posts, data, theme or plugins change."""
    from recapkit.devserver import live

    live(_root(c), _settings(c, "dev"), _root(c) / "output", int(port))


@task(
    help={
        "siteurl": "the address it is published at (default: SITEURL, else publishconf.py)",
        "debug": "show tracebacks",
    }
)
def publish(c, siteurl="", debug=False):
    """The production build into output/: feeds, search, no drafts, any warning fatal."""
    _build(c, "prod", debug=debug, env={"SITEURL": siteurl} if siteurl else None)


@task(help={"siteurl": "the address output/ is published at (default: as publish)"})
def linkcheck(c, siteurl=""):
    """Check that every link in output/ reaches a file of the site (offline)."""
    flags = f" --siteurl {shlex.quote(siteurl)}" if siteurl else ""
    settings = shlex.quote(str(_settings(c, "prod")))
    output = shlex.quote(str(_root(c) / "output"))
    c.run(f"{PY} -m recapkit linkcheck -s {settings} -o {output}{flags}")


@task(
    help={
        "siteurl": "absolute site URL, e.g. https://user.github.io/repo",
        "push": "push the gh-pages branch to origin",
    }
)
def gh_pages(c, siteurl="", push=False):
    """publish and linkcheck, then commit output/ to the gh-pages branch (ghp-import)."""
    publish(c, siteurl=siteurl)
    linkcheck(c, siteurl=siteurl)
    flags = " --push" if push else ""
    output = shlex.quote(str(_root(c) / "output"))
    c.run(f"{PY} -m ghp_import --no-jekyll -b gh-pages -m 'Publish site'{flags} {output}")


@task(help={"title": "the post's title", "conference": "conference slug, e.g. pycon-us-2024"})
def new_post(c, title, conference="", date=""):
    """Write a dated Markdown skeleton with front matter into content/posts/."""
    from recapkit.newpost import write_skeleton

    when = dt.date.fromisoformat(date) if date else dt.date.today()
    root = _root(c)
    path = write_skeleton(root / "content" / "posts", title, conference or None, when)
    print(f"Wrote {path.relative_to(root)}")


@task(
    name="import",
    help={
        "source": "file, folder or http(s) URL of a schedule export",
        "conference": "slug of the conference folder to write",
        "timezone": "IANA time zone of the venue (fixes wrong offsets)",
        "no_prose": "leave out the export's abstracts and bios (write your own)",
        "dry_run": "report what would change, write nothing",
    },
)
def import_schedule(c, source, conference, timezone="", no_prose=False, dry_run=False):
    """Import a pretalx / frab / Jekyll schedule into content/conferences/SLUG/."""
    tz = f" --timezone {shlex.quote(timezone)}" if timezone else ""
    tz += " --no-prose" if no_prose else ""
    tz += " --dry-run" if dry_run else ""
    c.run(
        f"{PY} -m recapkit.importers {shlex.quote(source)}"
        f" --conference {shlex.quote(conference)}{tz}"
        f" --content {shlex.quote(str(_root(c) / 'content'))}"
    )


@task(
    name="start",
    help={
        "name": "the site's name (SITENAME; required)",
        "author": "who writes it (AUTHOR; required)",
        "siteurl": "where it is published, e.g. https://sam.github.io/recaps (required)",
        "timezone": "IANA time zone of post dates, e.g. Europe/Berlin (default UTC)",
        "lang": "language of the site, e.g. en, de (default en)",
        "subtitle": "one line under the name (SITESUBTITLE)",
        "import_": "a schedule export to import (file, folder or http(s) URL)",
        "conference": "slug of the imported conference, e.g. rc3",
        "force": "start even though the site has posts or conferences of its own",
    },
)
def start_site(
    c,
    name="",
    author="",
    siteurl="",
    timezone="UTC",
    lang="en",
    subtitle="",
    import_="",
    conference="",
    force=False,
):
    """Turn the demo into your site: remove it, write your settings and a first post."""
    from recapkit.starter import report
    from recapkit.starter.options import DEFAULT_SUBTITLE, SiteOptions
    from recapkit.starter.personal import StartError
    from recapkit.starter.start import start

    options = SiteOptions(
        name=name,
        author=author,
        siteurl=siteurl,
        timezone=timezone,
        lang=lang,
        subtitle=subtitle or DEFAULT_SUBTITLE,
        source=import_ or None,
        conference=conference or None,
    )
    try:
        started = start(_root(c), options, force=force)
    except StartError as exc:
        for line in exc.lines:
            print(f"error: {line}", file=sys.stderr)
        sys.exit(1)
    for line in report.started(started):
        print(line)


@task(help={"args": "extra pytest arguments", "workers": "processes (0: this one)"})
def test(c, args="", workers="2"):
    """Run the tool's test suite (on WORKERS processes; --workers 0 runs it in this one)."""
    spread = f"-n {workers} " if str(workers) != "0" else ""
    with c.cd(str(_root(c))):
        c.run(f"{PY} -m pytest {spread}{args}", pty=False)


@task
def lint(c):
    """ruff check and format check."""
    with c.cd(str(_root(c))):
        c.run(f"{PY} -m ruff check .")
        c.run(f"{PY} -m ruff format --check .")


#: Tasks every site has; ``test`` and ``lint`` only where the tool's own tests are.
SITE_TASKS = (
    build,
    clean,
    rebuild,
    check,
    serve,
    livereload,
    publish,
    linkcheck,
    gh_pages,
    new_post,
    import_schedule,
    start_site,
)


def site_tasks(root: Path) -> Collection:
    """The tasks of the site in ``root`` (what its ``tasks.py`` exposes)."""
    collection = Collection(*SITE_TASKS)
    if (root / "tests").is_dir() and (root / "pyproject.toml").is_file():
        collection.add_task(test)
        collection.add_task(lint)
    collection.configure({"recapkit": {"root": str(root)}})
    return collection
