"""A hostile export imports, builds, and none of its markup reaches any output file."""

from __future__ import annotations

import re
import shutil

from tests.support import SITE_SETTINGS, run_build
from tests.test_import_helpers import FIXTURES, ROOT, run

# Every payload in hostile.xml carries one of these; none may survive anywhere.
PAYLOADS = re.compile(
    r"alert\(|steal\(|javascript:|onmouseover|onerror|onload|onclick|<iframe|<object|"
    r"data:text/html|evil\.example|evil\.swf|display:none",
    re.I,
)


def test_hostile_export_is_neutralised_in_yaml(tmp_path):
    outcome = run(FIXTURES / "hostile.xml", tmp_path, "evilcon")
    folder = tmp_path / "conferences" / "evilcon"
    for path in folder.glob("*.yaml"):
        text = path.read_text()
        assert not PAYLOADS.search(text), (path.name, PAYLOADS.search(text).group(0))
        assert "<script" not in text.lower() and "<img" not in text.lower()
    lines = outcome.report.lines()
    assert any("markup removed from the title" in line for line in lines)
    assert sum("is not an http(s) URL" in line for line in lines) == 3


def test_hostile_export_builds_with_nothing_reaching_a_page(tmp_path):
    project = tmp_path / "site"
    for name in ("posts", "pages", "conferences"):
        (project / "content" / name).mkdir(parents=True)
    shutil.copytree(ROOT / "themes", project / "themes")
    shutil.copy2(SITE_SETTINGS / "pelicanconf.py", project / "pelicanconf.py")
    run(FIXTURES / "hostile.xml", project / "content", "evilcon")
    build = run_build(project, project / "output")
    assert build.returncode == 0, build.stdout + build.stderr
    pages = [p for p in (project / "output").rglob("*") if p.is_file()]
    conference_pages = [p for p in pages if "evilcon" in str(p)]
    assert any(p.name == "index.html" for p in conference_pages)
    texts = "\n".join(p.read_text(errors="replace") for p in conference_pages)
    assert "Evil Talk" in texts  # the talk itself is there, only its markup is not
    for path in pages:
        if path.suffix in {".html", ".xml", ".json", ".ics", ".txt"}:
            found = PAYLOADS.search(path.read_text(errors="replace"))
            assert found is None, (str(path.relative_to(project)), found.group(0))
