"""Bounded YAML: alias bombs, deep nesting and big files give one located message, fast;
and the new loader gives every file the values (and lines) that ruamel's gave.

The builds run in a subprocess with a 30 s timeout as the guard against a hang (on the
old loader a nine-level alias bomb never finished); there is no timing assertion.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.comments import TaggedScalar
from ruamel.yaml.constructor import RoundTripConstructor

from recapkit.conference.loader import load_conference
from recapkit.core import yamlread
from recapkit.core.problems import ContentError
from recapkit.core.yamlsource import line_for, load_yaml, load_yaml_roundtrip, load_yaml_text
from tests.support import ROOT, Build
from tests.test_errors import ABOUT, CONF, CONFERENCE_YAML, GOOD_POST, SESSIONS_YAML, SPEAKERS_YAML

SESSIONS = f"content/{CONF}/sessions.yaml"


def _build(project: Path, output: Path) -> Build:
    """``recapkit build``; a hang (or a run away memory) fails the test after 30 s."""
    cmd = [sys.executable, "-m", "recapkit", "build", "-s", "pelicanconf.py", "-o", str(output)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        result = subprocess.run(
            cmd, cwd=project, env=env, capture_output=True, text=True, timeout=30, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the build did not finish within 30 s")
    return Build(result.returncode, result.stdout, result.stderr, output)


def _site(sample_site, **files: str) -> Path:
    base = {
        "posts/good.md": GOOD_POST,
        "pages/about.md": ABOUT,
        f"{CONF}/conference.yaml": CONFERENCE_YAML,
        f"{CONF}/sessions.yaml": SESSIONS_YAML,
        f"{CONF}/speakers.yaml": SPEAKERS_YAML,
    }
    return sample_site({**base, **{k.replace("__", "/"): v for k, v in files.items()}})


def _one_problem(build: Build, where: str, line: int, words: str) -> None:
    """Exit 1, no traceback, and exactly one line about ``where``: at ``line``, saying ``words``."""
    assert build.returncode == 1, build.stderr
    assert "Traceback" not in build.stderr
    lines = [ln for ln in build.stderr.splitlines() if ln.startswith(where + ":")]
    assert len(lines) == 1, build.stderr
    assert lines[0].startswith(f"{where}:{line}: "), build.stderr
    assert words in lines[0], build.stderr


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _bomb(levels: int) -> list[str]:
    """Anchored lists of nine aliases each to the one before: 9**levels values expanded."""
    rows = [f"&l0 [{', '.join(['lol'] * 9)}]"]
    rows += [f"&l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels + 1)]
    return rows


def _bomb_list(levels: int, indent: str = "  ") -> str:
    return "".join(f"{indent}- {row}\n" for row in _bomb(levels))


# -- builds ------------------------------------------------------------------------


def test_an_alias_bomb_in_sessions_yaml_fails_at_its_line(sample_site, tmp_path):
    sessions = "lol:\n" + _bomb_list(9) + SESSIONS_YAML + "    notes: *l9\n"
    project = _site(sample_site, **{f"{CONF}/sessions.yaml": sessions})
    build = _build(project, tmp_path / "output")
    # Level 5 is the first whose aliases would add more than 100,000 values.
    _one_problem(build, SESSIONS, _line_of(sessions, "&l5"), "aliases expand to more than")


def test_yaml_nested_200_deep_fails_at_the_first_level_too_deep(sample_site, tmp_path):
    deep = "".join(f"{'  ' * (3 + i)}a:\n" for i in range(200)) + f"{'  ' * 203}a: 1\n"
    sessions = SESSIONS_YAML + "    notes:\n" + deep
    project = _site(sample_site, **{f"{CONF}/sessions.yaml": sessions})
    build = _build(project, tmp_path / "output")
    # Levels: the file (1), the list (2), the session (3), 'notes' (4) on the next line...
    notes = _line_of(sessions, "notes:")
    expected = notes + (yamlread.MAX_DEPTH + 1 - 4) + 1
    _one_problem(build, SESSIONS, expected, "YAML nested more than 64 levels deep")


def test_an_alias_bomb_in_front_matter_fails_at_its_line(sample_site, tmp_path):
    fields = "".join(f"x{i}: {row}\n" for i, row in enumerate(_bomb(9)))
    post = f"---\ntitle: Bomb\ndate: 2024-05-01\n{fields}tags: *l9\n---\nBoom.\n"
    project = _site(sample_site, **{"posts/x.md": post})
    build = _build(project, tmp_path / "output")
    _one_problem(build, "content/posts/x.md", _line_of(post, "&l5"), "aliases expand to more than")


def test_an_oversized_sessions_yaml_is_refused_without_reading_it(sample_site, tmp_path):
    project = _site(sample_site)
    path = project / "content" / CONF / "sessions.yaml"
    padding = "# " + "x" * 1021 + "\n"
    with path.open("a", encoding="utf-8") as out:
        for _ in range(yamlread.MAX_YAML_BYTES // len(padding) + 1):
            out.write(padding)
    build = _build(project, tmp_path / "output")
    _one_problem(build, SESSIONS, 1, "more than the 32 MiB limit")


# -- the limits, in process --------------------------------------------------------


def _problem(text: str, first_line: int = 1) -> str:
    with pytest.raises(ContentError) as caught:
        load_yaml_text(text, "x.yaml", first_line=first_line)
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_the_101st_alias_is_refused_with_its_line():
    text = "a: &x 1\nb:\n" + "  - *x\n" * 101
    assert _problem(text) == (
        "x.yaml:103: more than 100 alias expansions (*x): "
        "write the values out instead of repeating them by alias"
    )
    assert len(load_yaml_text("a: &x 1\nb: [" + ", ".join(["*x"] * 100) + "]\n", "x")["b"]) == 100


def test_limits_in_front_matter_count_lines_from_the_first_line():
    assert _problem("a:\n" + _bomb_list(9), first_line=2).startswith("x.yaml:8: aliases expand")
    assert _problem("[" * 100 + "]" * 100, first_line=2) == (
        "x.yaml:2: YAML nested more than 64 levels deep"
    )


def test_nesting_by_alias_counts_towards_the_depth_limit():
    deep = "[" * 40 + "]" * 40
    assert _problem(f"a: &d {deep}\nb: {'[' * 30}*d{']' * 30}\n").startswith(
        "x.yaml:2: YAML nested more than 64 levels deep (with *d)"
    )
    load_yaml_text(f"a: &d {deep}\nb: {'[' * 20}*d{']' * 20}\n", "x.yaml")


def test_no_recursion_error_from_any_depth_or_self_reference():
    assert "nested more than 64" in _problem("[" * 200_000)
    assert "nested more than 64" in _problem(
        "a:\n" + "".join("  " * i + "- \n" for i in range(1, 300))
    )
    assert _problem("a: &a [1, *a]\n") == "x.yaml:1: alias *a is inside the value it names"


def test_a_deep_conference_file_is_a_problem_not_a_crash(tmp_path):
    folder = tmp_path / "minicon-2024"
    folder.mkdir()
    (folder / "conference.yaml").write_text(CONFERENCE_YAML, encoding="utf-8")
    (folder / "speakers.yaml").write_text(SPEAKERS_YAML, encoding="utf-8")
    deep = "[" * 5000 + "]" * 5000
    (folder / "sessions.yaml").write_text(SESSIONS_YAML + f"    notes: {deep}\n", "utf-8")
    loaded, problems = load_conference(folder)
    assert loaded is None
    assert [p.message for p in problems] == ["YAML nested more than 64 levels deep"]


def test_size_limit_for_files_and_texts(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlread, "MAX_YAML_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "é" * 60 + "\n", encoding="utf-8")  # 60 characters, 124 bytes
    with pytest.raises(ContentError) as caught:
        load_yaml(path)
    assert caught.value.problems[0].line == 1
    assert "124 bytes of YAML, more than the" in caught.value.problems[0].message
    assert _problem("a: " + "é" * 60 + "\n", first_line=2).startswith("x.yaml:2: 124 bytes")
    assert load_yaml_text("a: " + "x" * 90, "x.yaml") == {"a": "x" * 90}


def test_the_roundtrip_loader_of_the_importer_is_bounded_too(tmp_path):
    path = tmp_path / "sessions.yaml"
    path.write_text("lol:\n" + _bomb_list(9) + "sessions: []\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_yaml_roundtrip(path)
    assert "aliases expand to more than" in str(caught.value)
    path.write_text("# kept\nsessions: []  # and this\n", encoding="utf-8")
    assert load_yaml_roundtrip(path).ca.comment is not None  # a ruamel tree, comments kept


def test_errors_keep_their_lines():
    assert _problem("a: 1\nb: 2\na: 3\n") == (
        'x.yaml:3: YAML syntax error: found duplicate key "a" (first on line 1)'
    )
    assert _problem("a: 1\nb: @x\n") == (
        "x.yaml:2: YAML syntax error: found character '@' that cannot start any token"
    )
    assert "x.yaml:2: YAML syntax error: found a tab" in _problem("a: 1\n\tb: 2\n")
    assert _problem("title: x\ndate: [2024-05-01", first_line=2).startswith("x.yaml:3: YAML syntax")
    assert _problem("a: 1\n---\nb: 2\n").startswith(
        "x.yaml:2: YAML syntax error: expected a single"
    )
    assert _problem("a: !foo x\n") == "x.yaml:1: unsupported YAML tag '!foo'"
    assert _problem("a:\n  b: !!set {x}\n") == "x.yaml:2: unsupported YAML tag '!!set'"
    assert _problem("a: !!bool maybe\n") == "x.yaml:1: 'maybe' is not a valid !!bool"


# -- the same values and lines as the ruamel round-trip loader ---------------------


class _Lenient(RoundTripConstructor):
    """Today's (main's) loader: ruamel round-trip, impossible dates kept as text."""

    def construct_yaml_timestamp(self, node, values=None):  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Lenient.add_constructor("tag:yaml.org,2002:timestamp", _Lenient.construct_yaml_timestamp)


def _ruamel(text: str):
    yaml = YAML(typ="rt")
    yaml.Constructor = _Lenient
    yaml.preserve_quotes = True
    return yaml.load(io.StringIO(text))


def _plain(value):
    """ruamel's subclasses (CommentedMap, ScalarString, ScalarInt, TimeStamp...) as plain."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, TaggedScalar):
        return value.value
    for kind in (str, bool, int, float, bytes):
        if isinstance(value, kind):
            return kind(value)
    if isinstance(value, dt.datetime):
        return dt.datetime(*value.timetuple()[:6], value.microsecond, value.tzinfo)
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    assert value is None, repr(value)
    return value


def _same(old, new, where=()) -> None:
    assert type(old) is type(new), (where, old, new)
    if isinstance(old, dict):
        assert list(old) == list(new), where
        for key in old:
            _same(old[key], new[key], (*where, key))
    elif isinstance(old, list):
        assert len(old) == len(new), where
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            _same(a, b, (*where, i))
    elif isinstance(old, float) and math.isnan(old):
        assert math.isnan(new), where
    else:
        assert old == new, where
        if isinstance(old, dt.datetime):
            assert (old.tzinfo, old.tzname()) == (new.tzinfo, new.tzname()), where


def _locs(tree, where=()):
    yield where
    if isinstance(tree, dict | list):
        for key, value in tree.items() if isinstance(tree, dict) else enumerate(tree):
            yield from _locs(value, (*where, key))


def assert_equivalent(text: str, name: str, first_line: int = 1) -> None:
    old = _ruamel(text)
    new = load_yaml_text(text, name, first_line)
    if isinstance(new, dict | list):  # read by the bounded loader, not by ruamel
        assert isinstance(new, yamlread.LineMap | yamlread.LineList), type(new)
    _same(_plain(old), _plain(new), (name,))
    for loc in _locs(new):
        assert line_for(old, loc, first_line) == line_for(new, loc, first_line), (name, loc)


_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.S | re.M)


def corpus(roots: list[Path]) -> list[tuple[str, str, int]]:
    """(text, name, first line) of every YAML file and front matter under ``roots``."""
    found = []
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = str(path.relative_to(root.parent))
            if path.suffix in (".yaml", ".yml"):
                found.append((path.read_text(encoding="utf-8"), name, 1))
            elif path.suffix in (".md", ""):
                match = _FRONT.match(path.read_text(encoding="utf-8", errors="replace"))
                if match:
                    found.append((match.group(1), name, 2))
    return found


def test_every_yaml_file_loads_to_the_same_values_and_lines_as_before():
    roots = [ROOT / "tests" / "fixtures"]
    shared = ROOT.parent / "shared" / "data" / "schedules" / "djangocon-us-2019"
    roots += [shared] if shared.is_dir() else []
    found = corpus(roots)
    assert len(found) > 20
    for text, name, first_line in found:
        assert_equivalent(text, name, first_line)


#: YAML 1.1 resolvers (PyYAML's own) would change all of these.
TRAPS = """\
country: NO
country_list: [NO, SE, yes, No, on, OFF, y, n]
duration: 1:30
time: 12:30:00
code: 0777
octal: 0o17
hex: 0x1F
big: 1_000
on: x
off: y
1:30: sexagesimal key
float: 1.5e3
no_dot: 1e5
dot: 1.
half: .5
inf: -.inf
nan: .NaN
version: 1.2.3
bools: [true, True, TRUE, false, tRue]
nulls: [~, null, Null, NULL, nUll]
date: 2019-01-02
bad_date: 2019-13-45
short_date: 2019-1-2
datetime: 2019-01-02 10:00:00
t_datetime: 2019-01-02T10:00:00
utc: 2019-01-02T10:00:00Z
offset: 2001-12-14t21:59:43.10-05:00
short_offset: 2019-01-02 10:00:00 +2
fraction: 2019-01-02 10:00:00.1234567
no_seconds: 2019-01-02 10:00
quoted: ['yes', "1:30", '0777', "2019-01-02"]
literal: |
  NO
folded: >-
  one
  two
tagged: [!!str 12, !!int '12', !!float 1, !!bool yes, ! 12, !!binary aGVsbG8=]
anchored: &a {x: 1, y: [2, 3]}
again: *a
merged:
  <<: *a
  y: 4
merged_list:
  z: 0
  <<: [{q: 1}, *a]
weird: [_, '=', =, <<, -0, 00, +1, -0x10, 1__2, 09, ._5]
line_separator: one\u2028two
"""


@pytest.mark.filterwarnings("ignore::ruamel.yaml.error.MantissaNoDotYAML1_1Warning")
@pytest.mark.parametrize("directive", ["", "%YAML 1.1\n---\n"])
def test_yaml_1_1_traps_keep_their_values(directive):
    assert_equivalent(directive + TRAPS, "traps.yaml")
    data = load_yaml_text(TRAPS, "traps.yaml")
    assert data["country"] == "NO" and data["duration"] == "1:30" and data["code"] == 777
    assert "on" in data and data["bad_date"] == "2019-13-45"
    assert data["utc"].tzinfo == dt.UTC and data["datetime"].tzinfo is None


def test_the_loaded_tree_keeps_ruamel_line_interface():
    data = load_yaml_text("a: 1\nb:\n  - x\n  - {c: 2}\n", "x.yaml")
    assert data.lc.key("b") == (1, 0) and data["b"].lc.item(1) == (3, 4)
    assert (data["b"][1].lc.line, data["b"][1].lc.col) == (3, 4)
    assert line_for(data, ("b", 1, "c"), first_line=2) == 5
    assert line_for(data, ("b", 1, "missing")) == 4


def test_without_libyaml_the_python_parser_gives_the_same(monkeypatch):
    import yaml

    monkeypatch.setattr(yamlread, "LOADER", yaml.SafeLoader)
    assert_equivalent(TRAPS, "traps.yaml")
    assert _problem("a:\n" + _bomb_list(9)).startswith("x.yaml:7: aliases expand to more than")
    assert _problem("[" * 10_000) == "x.yaml:1: YAML nested more than 64 levels deep"
    assert _problem("a: 1\nb: \x07\n").startswith("x.yaml:2: YAML error: character #x0007")
