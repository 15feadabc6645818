"""The enrichment of posts and pages: one pass, named steps, one stated order.

Once every generator has read its content (``all_generators_finalized``), posts are
checked and enriched by several plugins. Blinker does not promise an order among the
receivers of one signal, and these steps depend on each other: a ``{talk}`` link must be
resolved (and its mention recorded) before the conference card is attached, and photos
must be placed in the text before reading aids measure it. So there is one receiver,
:func:`run`, and plugins add their step under a name from :data:`ORDER`:

1. ``checks``: duplicate URLs, ``template:`` names (content plugin);
2. ``links``: ``{filename}``, ``{static}``, ``{talk}``, ``{speaker}``, ``{photo}``,
   ``{gallery}`` resolved or reported (content plugin, with the kinds plugins register);
3. ``conference``: a post's ``conference:`` checked, its conference attached, and each
   conference told whether an album of it was published (conference plugin);
4. ``photos``: lead photos and figures, galleries in posts (photos plugin);
5. ``reading``: reading time, contents and neighbours (seo plugin).

A step gets Pelican's list of generators (the shared context is ``generators[0].context``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pelican import signals

Step = Callable[[list[Any]], None]
ORDER = ("checks", "links", "conference", "photos", "reading")
_STEPS: dict[str, list[Step]] = {}


def add_step(name: str, step: Step) -> None:
    """Run ``step`` in the pass, at ``name``'s place in :data:`ORDER`."""
    if name not in ORDER:
        raise ValueError(f"unknown enrichment step {name!r}: one of {', '.join(ORDER)}")
    steps = _STEPS.setdefault(name, [])
    if step not in steps:
        steps.append(step)
    signals.all_generators_finalized.connect(run)


def run(generators: list[Any]) -> None:
    """The pass itself: every step, in order."""
    if not generators:
        return
    for name in ORDER:
        for step in _STEPS.get(name, ()):
            step(generators)
