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


@task(
    help={
        "title": "the post's title (the first argument)",
        "conference": "conference slug, e.g. pycon-us-2024",
        "date": "YYYY-MM-DD (default: the conference's last day, else today)",
        "attended": "talks you saw: 'slug; title words; ...' or a file with one per line "
        "(needs --conference): writes a first draft, one section per day",
    }
)
def new_post(c, title, conference="", date="", attended=""):
    """Write a dated Markdown draft with front matter into content/posts/."""
    from recapkit.newpost import NewPostError, attended_body, default_date, load, write_post

    root = _root(c)
    if title.startswith("-"):
        # invoke hands a required positional argument the next word even when it is a
        # flag, so `invoke new-post --help` arrives here as the title: print the help
        # invoke would have printed, and never write a post called "--help".
        if title in {"-h", "--help"}:
            c.run(f"{PY} -m invoke --search-root {shlex.quote(str(root))} --help new-post")
            return
        raise SystemExit(f"new-post: unknown option {title!r} (see: invoke new-post --help)")
    if attended and not conference:
        raise SystemExit("new-post: --attended needs --conference SLUG")
    content = root / "content"
    try:
        loaded = load(content, conference) if conference else None
        when = dt.date.fromisoformat(date) if date else default_date(loaded)
        body = attended_body(content, loaded, attended) if attended and loaded else None
        path = write_post(content / "posts", title, conference or None, when, body)
    except NewPostError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(1) from None
    except ValueError as exc:
        raise SystemExit(f"new-post: --date {date!r}: {exc}") from None
    print(f"Wrote {path.relative_to(root)}")


def _words(values: list[str] | None) -> list[str]:
    """``--sessions a --sessions b`` and ``--sessions "a, b"`` alike."""
    return [w for v in values or [] for w in v.replace(",", " ").split()]


@task(
    iterable=["sessions", "speakers"],
    help={
        "url": "the page's http(s) address",
        "conference": "conference slug",
        "title": "its title (nothing is fetched: give it)",
        "author": "who wrote or made it",
        "kind": "recap, video, slides, photos, podcast or other (default recap)",
        "date": "YYYY-MM-DD it was published",
        "sessions": "slug of a session it covers (repeat for more)",
        "speakers": "slug of a speaker it covers (repeat for more)",
    },
)
def links_add(
    c, url, conference, title="", author="", kind="recap", date="", sessions=None, speakers=None
):
    """Append a page elsewhere to content/conferences/SLUG/links.yaml (comments kept)."""
    from recapkit.linksadd import LinkAddError, add_link

    root = _root(c)
    try:
        when = dt.date.fromisoformat(date) if date else None
        path = add_link(
            root / "content",
            conference,
            url,
            title,
            author,
            kind,
            when,
            _words(sessions),
            _words(speakers),
        )
    except LinkAddError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(1) from None
    except ValueError as exc:
        raise SystemExit(f"links-add: --date {date!r}: {exc}") from None
    print(f"Added {url} to {path.relative_to(root)}")


@task(
    name="import",
    help={
        "source": "file, folder or http(s) URL of a schedule export (pretalx event pages too)",
        "conference": "slug of the conference folder to write",
        "timezone": "IANA time zone of the venue (fixes wrong offsets; Sessionize needs it)",
        "no_prose": "leave out the export's abstracts and bios (write your own)",
        "dry_run": "report what would change, write nothing",
        "content": "content folder (default: content/ of this site)",
        "max_size": "largest download, in MiB (default 64)",
        "fetch_photos": "download the speaker photos the source links to",
        "take_source": "FIELD whose source value replaces your edit (repeatable)",
    },
    iterable=["take_source"],
)
def import_schedule(
    c,
    source,
    conference,
    timezone="",
    no_prose=False,
    dry_run=False,
    content="",
    max_size="",
    fetch_photos=False,
    take_source=None,
):
    """Import a pretalx / frab / Sessionize / Jekyll schedule into content/conferences/SLUG/."""
    tz = f" --timezone {shlex.quote(timezone)}" if timezone else ""
    tz += " --no-prose" if no_prose else ""
    tz += " --dry-run" if dry_run else ""
    tz += f" --max-size {shlex.quote(str(max_size))}" if max_size else ""
    tz += " --fetch-photos" if fetch_photos else ""
    tz += "".join(f" --take-source {shlex.quote(f)}" for f in take_source or [])
    folder = content or str(_root(c) / "content")
    c.run(
        f"{PY} -m recapkit.importers {shlex.quote(source)}"
        f" --conference {shlex.quote(conference)}{tz}"
        f" --content {shlex.quote(folder)}"
    )


@task(
    positional=["conference", "words"],
    help={
        "conference": "conference slug",
        "words": 'a slug or title words, quoted: "rust kernel" ("" lists every talk)',
        "content": "the content folder (default: the site's content/)",
    },
)
def talks(c, conference, words, content=""):
    """List a conference's talks matching WORDS: slug, day, time, room, title."""
    from recapkit.findslugs import talks as print_talks

    folder = Path(content) if content else _root(c) / "content"
    sys.exit(print_talks(folder, conference, words))


@task(
    positional=["conference", "words"],
    help={
        "conference": "conference slug",
        "words": 'a slug or name words ("" lists everyone)',
        "content": "the content folder (default: the site's content/)",
    },
)
def speakers(c, conference, words, content=""):
    """List a conference's speakers matching WORDS: slug, name, their talks."""
    from recapkit.findslugs import speakers as print_speakers

    folder = Path(content) if content else _root(c) / "content"
    sys.exit(print_speakers(folder, conference, words))


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


@task(help={"conference": "conference slug", "write": "add the clear matches to photos.yaml"})
def photos(c, conference, write=False):
    """Each album photo's capture time and the session it matched (or its candidates)."""
    settings = shlex.quote(str(_settings(c, "dev")))
    flag = " --write" if write else ""
    with c.cd(str(_root(c))):
        c.run(f"{PY} -m recapkit.photos.matchreport {shlex.quote(conference)} -s {settings}{flag}")


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
    links_add,
    import_schedule,
    talks,
    speakers,
    start_site,
    photos,
)


def site_tasks(root: Path) -> Collection:
    """The tasks of the site in ``root`` (what its ``tasks.py`` exposes)."""
    collection = Collection(*SITE_TASKS)
    if (root / "tests").is_dir() and (root / "pyproject.toml").is_file():
        collection.add_task(test)
        collection.add_task(lint)
    collection.configure({"recapkit": {"root": str(root)}})
    return collection
