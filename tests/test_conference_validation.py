"""Conference data mistakes: every one reported as ``path:line: message``, the build
fails and the previous output/ stays as it was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.support import run_build

FIXTURES = Path(__file__).parent / "fixtures" / "conference"
MISTAKE = re.compile(r"#\s*mistake:\s*(?P<what>.+?)\s*$")


def _site(tmp_path: Path, broken: bool = True, settings: str = "") -> Path:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", site)
    if broken:
        shutil.copytree(FIXTURES / "broken", site / "content" / "conferences" / "broken-con-2020")
    if settings:
        with (site / "pelicanconf.py").open("a", encoding="utf-8") as conf:
            conf.write("\n" + settings + "\n")
    return site


def _expected(folder: Path) -> list[tuple[str, int, str]]:
    """(file, line, words) for each line the fixture marks as a mistake."""
    marks = []
    for path in sorted(folder.glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if match := MISTAKE.search(line):
                marks.append((path.name, number, match["what"]))
    return marks


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_every_mistake_is_reported_with_file_and_line(tmp_path):
    site = _site(tmp_path)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous build", encoding="utf-8")
    before = _snapshot(output)

    build = run_build(site, output)

    assert build.returncode == 1
    assert "Traceback" not in build.stderr
    expected = _expected(FIXTURES / "broken")
    files = {name for name, _, _ in expected}
    assert len(expected) >= 8 and files == {"conference.yaml", "sessions.yaml", "speakers.yaml"}
    lines = build.stderr.splitlines()
    for name, number, words in expected:
        prefix = f"content/conferences/broken-con-2020/{name}:{number}: "
        hits = [line for line in lines if line.startswith(prefix) and words in line]
        assert len(hits) == 1, f"{prefix}... {words!r} not reported once in:\n{build.stderr}"
    reported = [line for line in lines if "broken-con-2020/" in line]
    assert len(reported) == len(expected), build.stderr
    assert _snapshot(output) == before


def test_unknown_field_is_a_warning_unless_strict(tmp_path):
    relaxed = run_build(_site(tmp_path / "a"), tmp_path / "a" / "out")
    strict = run_build(
        _site(tmp_path / "b", settings="CONFERENCE_STRICT = True"), tmp_path / "b" / "out"
    )
    line = "content/conferences/broken-con-2020/conference.yaml:6: "
    assert f"{line}warning: unknown field 'venu' (did you mean 'venue'?)" in relaxed.stderr
    assert f"{line}unknown field 'venu' (did you mean 'venue'?)" in strict.stderr


def test_unknown_talk_or_speaker_link_names_the_post(tmp_path):
    site = _site(tmp_path, broken=False)
    post = site / "content" / "posts" / "typo.md"
    post.write_text(
        "---\ntitle: Typo\ndate: 2019-10-05\nconference: pycoast-2019\n---\n"
        "Intro.\n\nSee [it]({talk}fast-templats) and [her]({speaker}nobody).\n\n"
        "And [that]({talk}no-such-con/opening-keynote).\n",
        encoding="utf-8",
    )
    build = run_build(site, tmp_path / "out")
    assert build.returncode == 1
    assert not (tmp_path / "out").exists()
    path = "content/posts/typo.md"
    assert re.search(
        rf"^{path}:8: .*fast-templats.*did you mean 'fast-templates'", build.stderr, re.M
    )
    assert re.search(rf"^{path}:8: .*no speaker 'nobody'", build.stderr, re.M)
    assert re.search(rf"^{path}:10: .*no conference 'no-such-con'", build.stderr, re.M)


def test_post_naming_an_unknown_conference_fails(tmp_path):
    site = _site(tmp_path, broken=False)
    (site / "content" / "posts" / "elsewhere.md").write_text(
        "---\ntitle: Elsewhere\ndate: 2019-10-05\nconference: pycoast-2091\n---\nText.\n",
        encoding="utf-8",
    )
    build = run_build(site, tmp_path / "out")
    assert build.returncode == 1
    assert re.search(
        r"^content/posts/elsewhere.md:4: unknown conference 'pycoast-2091'", build.stderr, re.M
    )


def test_links_into_a_broken_conference_point_at_its_errors(tmp_path):
    site = _site(tmp_path)
    (site / "content" / "posts" / "broken.md").write_text(
        "---\ntitle: About the broken one\ndate: 2020-05-10\nconference: broken-con-2020\n---\n"
        "See [the opening]({talk}opening).\n",
        encoding="utf-8",
    )
    build = run_build(site, tmp_path / "out")
    assert build.returncode == 1
    assert re.search(
        r"^content/posts/broken.md:6: .*conference 'broken-con-2020' has errors", build.stderr, re.M
    )
    assert "unknown conference 'broken-con-2020'" not in build.stderr


def test_a_mistyped_setting_is_reported(tmp_path):
    build = run_build(
        _site(tmp_path, broken=False, settings="CONFERENCE_STICT = True"), tmp_path / "out"
    )
    assert build.returncode == 1
    assert re.search(
        r"^pelicanconf.py:\d+: warning: CONFERENCE_STICT: unknown setting "
        r"\(did you mean 'CONFERENCE_STRICT'\?\)$",
        build.stderr,
        re.M,
    ), build.stderr
