"""Every YAML file and front matter of the demo loads through the bounded reader to the
same values and lines as through ruamel.yaml."""

from __future__ import annotations

from tests.demo.conftest import DEMO_CONTENT
from tests.test_yaml_limits import assert_equivalent, corpus


def test_every_demo_yaml_file_loads_to_the_same_values_and_lines():
    found = corpus([DEMO_CONTENT])
    assert len(found) >= 6  # conference, sessions, speakers, photos, the posts, the page
    for text, name, first_line in found:
        assert_equivalent(text, name, first_line)
