"""Everyday commands: ``invoke --list`` shows them.

Every build goes through ``python -m recapkit`` (a fresh process), which collects all
content problems, fails with one line per problem and only then replaces ``output/``.
"""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
PY = shlex.quote(sys.executable)
SETTINGS = {
    "dev": ROOT / "pelicanconf.py",
    "prod": ROOT / "publishconf.py",
}
OUTPUT = ROOT / "output"
CACHE = ROOT / ".cache"


def _build(c, settings: Path, output: Path = OUTPUT, debug: bool = False, env=None, lenient=False):
    flags = (" --debug" if debug else "") + (" --allow-warnings" if lenient else "")
    cmd = f"{PY} -m recapkit build -s {shlex.quote(str(settings))} -o {shlex.quote(str(output))}"
    c.run(f"{cmd}{flags}", env=env or {})


@task(
    help={
        "debug": "show tracebacks",
        "prod": "use publishconf.py",
        "allow_warnings": "publish despite warnings (errors still fail)",
    }
)
def build(c, prod=False, debug=False, allow_warnings=False):
    """Build the site into output/ (development settings unless --prod)."""
    _build(c, SETTINGS["prod" if prod else "dev"], debug=debug, lenient=allow_warnings)


@task
def clean(c):
    """Remove output/ and Pelican's reader cache (photo derivatives are kept)."""
    shutil.rmtree(OUTPUT, ignore_errors=True)
    shutil.rmtree(CACHE / "pelican", ignore_errors=True)


@task(pre=[clean])
def rebuild(c, debug=False):
    """Clean, then build."""
    _build(c, SETTINGS["dev"], debug=debug)


@task(help={"debug": "show tracebacks"})
def check(c, debug=False):
    """Read and validate all content without writing the site."""
    flags = " --debug" if debug else ""
    c.run(f"{PY} -m recapkit check -s {shlex.quote(str(SETTINGS['dev']))}{flags}")


@task(help={"port": "port on 127.0.0.1", "prefix": "serve under a sub-path, e.g. /recaps/"})
def serve(c, port=8000, prefix="/"):
    """Serve output/ on http://127.0.0.1:PORT (optionally under a GitHub Pages prefix)."""
    from recapkit.devserver import serve_static

    serve_static(OUTPUT, int(port), prefix)


@task(help={"port": "port on 127.0.0.1"})
def livereload(c, port=8000):
    """Serve with live reload: rebuilds when posts, data, theme or plugins change."""
    from recapkit.devserver import live

    live(ROOT, SETTINGS["dev"], OUTPUT, int(port))


@task
def preview(c, debug=False):
    """Build with production settings (feeds on, drafts never written)."""
    _build(c, SETTINGS["prod"], debug=debug)


@task(
    help={
        "siteurl": "absolute site URL, e.g. https://user.github.io/repo",
        "push": "push the gh-pages branch to origin",
    }
)
def gh_pages(c, siteurl="", push=False):
    """Production build, then commit output/ to the gh-pages branch with ghp-import."""
    _build(c, SETTINGS["prod"], env={"SITEURL": siteurl} if siteurl else None)
    flags = " --push" if push else ""
    c.run(f"{PY} -m ghp_import --no-jekyll -b gh-pages -m 'Publish site'{flags} output")


@task(
    help={
        "title": "the post's title (the first argument)",
        "conference": "conference slug, e.g. djangocon-us-2019",
        "date": "YYYY-MM-DD (default: the conference's last day, else today)",
        "attended": "talks you saw: 'slug; title words; ...' or a file with one per line "
        "(needs --conference): writes a first draft, one section per day",
    }
)
def new_post(c, title, conference="", date="", attended=""):
    """Write a dated Markdown draft with front matter into content/posts/."""
    from recapkit.newpost import NewPostError, attended_body, default_date, load, write_post

    if title.startswith("-"):
        # invoke hands a required positional argument the next word even when it is a
        # flag, so `invoke new-post --help` arrives here as the title: print the help
        # invoke would have printed, and never write a post called "--help".
        if title in {"-h", "--help"}:
            c.run(f"{PY} -m invoke --search-root {shlex.quote(str(ROOT))} --help new-post")
            return
        raise SystemExit(f"new-post: unknown option {title!r} (see: invoke new-post --help)")
    if attended and not conference:
        raise SystemExit("new-post: --attended needs --conference SLUG")
    content = ROOT / "content"
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
    print(f"Wrote {path.relative_to(ROOT)}")


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

    try:
        when = dt.date.fromisoformat(date) if date else None
        path = add_link(
            ROOT / "content",
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
    print(f"Added {url} to {path.relative_to(ROOT)}")


@task(
    name="import",
    help={
        "source": "file, folder or http(s) URL of a schedule export",
        "conference": "slug of the conference folder to write",
        "timezone": "IANA time zone of the venue (fixes wrong offsets)",
        "no_prose": "leave out the export's abstracts and bios (write your own)",
        "dry_run": "report what would change, write nothing",
        "take_source": "FIELD whose source value replaces your edit (repeatable)",
    },
    iterable=["take_source"],
)
def import_schedule(
    c, source, conference, timezone="", no_prose=False, dry_run=False, take_source=None
):
    """Import a pretalx / frab / Jekyll schedule into content/conferences/SLUG/."""
    tz = f" --timezone {shlex.quote(timezone)}" if timezone else ""
    tz += " --no-prose" if no_prose else ""
    tz += " --dry-run" if dry_run else ""
    tz += "".join(f" --take-source {shlex.quote(f)}" for f in take_source or [])
    c.run(
        f"{PY} -m recapkit.importers {shlex.quote(source)}"
        f" --conference {shlex.quote(conference)}{tz}"
        f" --content {shlex.quote(str(ROOT / 'content'))}"
    )


@task
def test(c, args="", workers="2"):
    """Run the test suite (on WORKERS processes; --workers 0 runs it in this one)."""
    spread = f"-n {workers} " if str(workers) != "0" else ""
    c.run(f"{PY} -m pytest {spread}{args}", pty=False)


@task
def lint(c):
    """ruff check and format check."""
    c.run(f"{PY} -m ruff check .")
    c.run(f"{PY} -m ruff format --check .")


@task(
    positional=["conference", "words"],
    help={
        "conference": "conference slug",
        "words": 'a slug or title words, quoted: "rust kernel" ("" lists every talk)',
        "content": "the content folder (default: content/ beside tasks.py)",
    },
)
def talks(c, conference, words, content=""):
    """List a conference's talks matching WORDS: slug, day, time, room, title."""
    from recapkit.findslugs import talks as print_talks

    sys.exit(print_talks(Path(content) if content else ROOT / "content", conference, words))


@task(
    positional=["conference", "words"],
    help={
        "conference": "conference slug",
        "words": 'a slug or name words ("" lists everyone)',
        "content": "the content folder (default: content/ beside tasks.py)",
    },
)
def speakers(c, conference, words, content=""):
    """List a conference's speakers matching WORDS: slug, name, their talks."""
    from recapkit.findslugs import speakers as print_speakers

    sys.exit(print_speakers(Path(content) if content else ROOT / "content", conference, words))
