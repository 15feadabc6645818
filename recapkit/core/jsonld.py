"""JSON for ``<script type="application/ld+json">`` blocks, safe for any text inside.

Escaping only ``</`` is not enough: ``<!--`` followed by ``<script`` switches the HTML
parser into a state where ``</script>`` no longer ends the block. Writing ``<``, ``>``
and ``&`` as JSON escapes keeps the data identical and the markup inert.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup


def json_script(data: Mapping[str, Any], indent: int | None = None) -> Markup:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
