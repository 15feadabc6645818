"""The build process itself: signals, the output folder, leftovers, modes, collisions
with generated files in production, folded follow-on problems, empty imports.

Content mistakes that fit the shape of ``test_errors.CASES`` (one located message per
mistake) are cases there; these need their own set-up. Process checks use /proc (no
psutil): every build runs in a session of its own, and a test looks for any process
left in that session.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import ROOT, run_build
from tests.test_errors import (
    ABOUT,
    CONF,
    CONFERENCE_YAML,
    GOOD_POST,
    RECAP,
    SESSIONS_YAML,
    SPEAKERS_YAML,
    _saved_at,
    _tree_digest,
)

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

ALBUM_PHOTOS = 8


def _session_members(sid: int) -> list[int]:
    """Live (non-zombie) processes in session ``sid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # state ppid pgrp session ...
        if fields[0] != "Z" and int(fields[3]) == sid:
            found.append(int(entry.name))
    return found


def _kill_session(sid: int) -> None:
    for pid in _session_members(sid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _busy_album(project: Path, count: int = ALBUM_PHOTOS) -> None:
    """An album of noisy photos big enough to keep two workers busy for a while."""
    from PIL import Image

    folder = project / "content" / "busy"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "title: Busy",
        "credit: {name: Sam Snapper, url: https://example.org/sam}",
        "licence: CC-BY-4.0",
        "photos:",
    ]
    for i in range(count):
        Image.effect_noise((1600, 1200), 64).convert("RGB").save(folder / f"p{i:02d}.jpg")
        lines += [f"  - file: p{i:02d}.jpg", f"    alt: Photo {i}"]
    (folder / "photos.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _start_build(project: Path, output: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "recapkit", "build", "-o", str(output)],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for_workers(build: subprocess.Popen, workers: int = 2, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(_session_members(build.pid)) >= workers + 1:
            time.sleep(0.5)  # let them get into a photo
            return
        if build.poll() is not None:
            pytest.fail(f"build ended before the pool started:\n{build.stderr.read()}")
        time.sleep(0.05)
    pytest.fail("the photo pool never started")


@pytest.fixture
def photo_site(sample_site, tmp_path):
    """A small site built once cleanly, then given an album that needs a busy pool."""
    project = sample_site(
        {"posts/good.md": GOOD_POST, "pages/about.md": ABOUT}, settings="PHOTOS_WORKERS = 2\n"
    )
    output = tmp_path / "output"
    first = run_build(project, output)
    assert first.returncode == 0, first.stderr
    _busy_album(project)
    return project, output


@pytest.mark.parametrize(
    ("signum", "to_group", "status", "line"),
    [
        (signal.SIGTERM, False, 143, "stopped by SIGTERM; output/ left as it was."),
        # Ctrl-C in a terminal signals the whole foreground process group.
        (signal.SIGINT, True, 130, "interrupted; output/ left as it was."),
    ],
    ids=["sigterm", "ctrl-c"],
)
def test_a_signal_ends_the_build_and_its_photo_workers(photo_site, signum, to_group, status, line):
    project, output = photo_site
    before = _tree_digest(output)
    build = _start_build(project, output)
    try:
        _wait_for_workers(build)
        sent = time.monotonic()
        if to_group:
            os.killpg(build.pid, signum)
        else:
            os.kill(build.pid, signum)
        # Orphaned workers would keep the pipes open (that is how ``invoke`` hangs).
        _out, err = build.communicate(timeout=20)
        elapsed = time.monotonic() - sent
        deadline = time.monotonic() + 2
        while _session_members(build.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = _session_members(build.pid)
    finally:
        _kill_session(build.pid)
        if build.poll() is None:
            build.kill()
            build.communicate()
    assert left == [], f"processes left behind: {left}"
    # Alone it stops in well under a second. Under the full suite on a loaded 2-core
    # machine a worker was seen to outlive SIGTERM (killed 1 s later), and process exit
    # itself took seconds; a hang, the failure that matters, still fails this.
    assert elapsed < 10, f"took {elapsed:.1f} s to stop"
    assert build.returncode == status, err
    assert "Traceback" not in err
    assert err.strip().splitlines() == [line]
    assert _tree_digest(output) == before
    assert not [p.name for p in output.parent.iterdir() if p.name.startswith(".output.")]


def _dead_pid() -> int:
    """A pid no process has now (a build that was killed long ago)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    pid = child.pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return pid
    pytest.skip("the pid of a finished process was reused at once")


def test_next_build_removes_folders_that_killed_builds_left(sample_site, tmp_path):
    project = sample_site({"posts/good.md": GOOD_POST, "pages/about.md": ABOUT})
    output = tmp_path / "output"
    dead = _dead_pid()
    stale = [
        f".output.tmp-{dead}-0badc0de",  # a build killed while writing
        f".output.old-{dead}",  # a build killed between the two renames
        ".output.tmp-k2x9_q1z",  # mkdtemp's name, from before builds named their pid
    ]
    live = f".output.tmp-{os.getpid()}-1ive"  # a build running now (this process)
    for name in [*stale, live]:
        (tmp_path / name / "2024").mkdir(parents=True)
        (tmp_path / name / "2024" / "index.html").write_text("old", encoding="utf-8")
    (tmp_path / ".outputs-of-something-else").mkdir()

    result = run_build(project, output)

    assert result.returncode == 0, result.stderr
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".output"))
    assert left == sorted([live, ".outputs-of-something-else"])


def test_output_gets_the_umask_mode(photo_site):
    """Folders 0755 and files readable by others under umask 022: album derivatives,
    speaker photos and {static} images come out of caches written with mkstemp (0600)."""
    from PIL import Image

    project, output = photo_site
    content = project / "content"
    conf = content / CONF
    (conf / "speakers").mkdir(parents=True)
    Image.new("RGB", (300, 300), (200, 120, 30)).save(conf / "speakers" / "ada.png")
    (conf / "conference.yaml").write_text(CONFERENCE_YAML, encoding="utf-8")
    (conf / "sessions.yaml").write_text(SESSIONS_YAML, encoding="utf-8")
    (conf / "speakers.yaml").write_text(
        SPEAKERS_YAML + "    photo: speakers/ada.png\n", encoding="utf-8"
    )
    (content / "images").mkdir()
    Image.new("RGB", (400, 300), (30, 120, 200)).save(content / "images" / "map.png")
    (content / "posts" / "map.md").write_text(
        # The lead image relative to the post's folder: a published file, no error.
        "---\ntitle: Map\ndate: 2024-05-02\nimage: '{static}../images/map.png'\n---\n"
        "![The venue]({static}/images/map.png)\n",
        encoding="utf-8",
    )
    old = os.umask(0o022)
    try:
        result = run_build(project, output)
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert (output.stat().st_mode & 0o777) == 0o755
    unreadable = [
        p.relative_to(output).as_posix()
        for p in [output, *output.rglob("*")]
        if p.stat().st_mode & (0o005 if p.is_dir() else 0o004) != (0o005 if p.is_dir() else 0o004)
    ]
    assert unreadable == [], f"not readable by other users: {unreadable[:10]}"
    written = [p.relative_to(output).as_posix() for p in output.rglob("*")]
    assert any(p.endswith(".avif") for p in written), "no photo derivatives built"
    assert any("/speakers/ada/" in p and p.endswith(".jpg") for p in written), written
    assert "images/map.png" in written


def test_output_parent_that_is_a_file_is_one_line(sample_site, tmp_path):
    project = sample_site({"posts/good.md": GOOD_POST, "pages/about.md": ABOUT})
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file", encoding="utf-8")

    result = run_build(project, blocker / "site" / "output")

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(blocker) in lines[0] and "not a folder" in lines[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_unwritable_output_parent_is_one_line(sample_site, tmp_path):
    project = sample_site({"posts/good.md": GOOD_POST, "pages/about.md": ABOUT})
    parent = tmp_path / "read-only"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        result = run_build(project, parent / "output")
    finally:
        parent.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(parent) in lines[0] and "Permission denied" in lines[0]


def test_posts_written_over_sitemap_and_feed_name_both(sample_site, tmp_path):
    project = sample_site(
        {
            "posts/good.md": GOOD_POST,
            "pages/about.md": ABOUT,
            "posts/map.md": _saved_at("sitemap.xml"),
            "posts/feed.md": _saved_at("feeds/all.atom.xml"),
        }
    )
    output = tmp_path / "output"
    result = run_build(
        project, output, settings="publishconf.py", env={"SITEURL": "https://example.org/r"}
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(
        line.startswith("content/posts/map.md:4:") and "sitemap.xml" in line for line in lines
    ), result.stderr
    assert any(
        line.startswith("content/posts/feed.md:4:") and "feeds/all.atom.xml" in line
        for line in lines
    ), result.stderr
    assert not output.exists()


def test_links_into_a_broken_conference_are_folded(sample_site, tmp_path):
    links = "".join(f"[Speaker {i}]({{speaker}}speaker-{i})\n\n" for i in range(7))
    recap = RECAP.split("![The stage]")[0] + links
    project = sample_site(
        {
            "posts/recap.md": recap,
            f"{CONF}/conference.yaml": CONFERENCE_YAML,
            f"{CONF}/sessions.yaml": SESSIONS_YAML.replace("duration: 45", "duration: [45"),
            f"{CONF}/speakers.yaml": SPEAKERS_YAML,
        }
    )
    result = run_build(project, tmp_path / "output")

    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    follow_ons = [line for line in lines if "has errors in its data" in line]
    assert len(follow_ons) == 1, result.stderr
    assert follow_ons[0].startswith("content/posts/recap.md:6: broken link")
    more = lines[lines.index(follow_ons[0]) + 1]
    assert more.strip() == "... and 8 more links that use it, in content/posts/recap.md"
    assert lines[-1] == "2 problem(s) found; output/ left as it was.", result.stderr
    assert lines[0].startswith(f"content/{CONF}/sessions.yaml:")


def test_a_template_that_does_not_parse_names_its_line(sample_site, tmp_path):
    project = sample_site({"posts/good.md": GOOD_POST, "pages/about.md": ABOUT})
    template = project / "themes" / "recap" / "templates" / "article.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text + "\n{% if %}\n", encoding="utf-8")
    line = text.count("\n") + 2

    result = run_build(project, tmp_path / "output")

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"error: themes/recap/templates/article.html:{line}: "), first


EMPTY_FRAB = """\
<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <version>1.0</version>
  <conference>
    <acronym>emptycon</acronym>
    <title>Empty Con</title>
    <start>2024-04-10</start>
    <end>2024-04-11</end>
    <days>2</days>
    <time_zone_name>Europe/Amsterdam</time_zone_name>
  </conference>
</schedule>
"""


@pytest.mark.parametrize("existing", [False, True], ids=["new-folder", "existing-folder"])
def test_an_import_without_events_fails_and_writes_nothing(tmp_path, existing):
    source = tmp_path / "empty.xml"
    source.write_text(EMPTY_FRAB, encoding="utf-8")
    content = tmp_path / "content"
    folder = content / "conferences" / "emptycon"
    if existing:
        folder.mkdir(parents=True)
        (folder / "conference.yaml").write_text(
            CONFERENCE_YAML.replace("minicon-2024", "emptycon"), encoding="utf-8"
        )
    before = _tree_digest(content) if existing else None

    result = subprocess.run(
        [sys.executable, "-m", "recapkit.importers", "empty.xml", "--conference", "emptycon"]
        + ["--content", str(content)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "error: empty.xml: no sessions to import" in result.stderr
    if existing:
        assert _tree_digest(content) == before
    else:
        assert not content.exists()


def test_permission_denied_on_the_output_parent_names_it(tmp_path, monkeypatch):
    """The same message when the OS refuses (as root the real thing cannot be staged)."""
    from recapkit import cli

    parent = tmp_path / "read-only"
    parent.mkdir()

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(cli.OutputFolderError) as caught:
        cli.make_workdir(parent / "output")
    message = str(caught.value)
    assert message.startswith(str(parent)) and "(Permission denied)" in message
    assert not [p for p in parent.iterdir()]
