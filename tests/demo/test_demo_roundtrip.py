"""The demo conference's own schedule.xml and schedule.json import back to the same
sessions (about a hundred of them, every kind the importers know)."""

from __future__ import annotations

import pytest

from tests.demo.conftest import DEMO_CONFERENCE
from tests.test_import_roundtrip import assert_imports_back, export


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return export(tmp_path_factory.mktemp("roundtrip") / "site", DEMO_CONFERENCE)


@pytest.mark.parametrize("which", [0, 1], ids=["schedule.xml", "schedule.json"])
def test_demo_exports_import_back_to_identical_sessions(tmp_path, exported, which):
    assert_imports_back(exported[which], DEMO_CONFERENCE, tmp_path)
