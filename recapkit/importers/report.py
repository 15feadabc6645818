"""What an import fixed, guessed, skipped or changed, one line each, with its source.

Real exports repeat the same flaw hundreds of times (one offset on every event); the
report keeps the first location of each message and counts the rest, so it stays short.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Action = Literal[
    "fixed", "guessed", "skipped", "warning", "added", "updated", "moved", "removed", "kept"
]


@dataclass(frozen=True)
class Note:
    action: Action
    where: str
    message: str

    def __str__(self) -> str:
        # "kept your end 2031-06-30; ..." reads as a sentence: no colon after "kept".
        said = f"kept {self.message}" if self.action == "kept" else f"{self.action}: {self.message}"
        return f"{self.where}: {said}" if self.where else said


@dataclass
class Report:
    notes: list[Note] = field(default_factory=list)
    _repeats: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, action: Action, where: str, message: str, *, group: str | None = None) -> None:
        """Record one note; notes sharing ``group`` are folded into the first one."""
        if group is not None:
            key = (action, group)
            if key in self._repeats:
                self._repeats[key] += 1
                return
            self._repeats[key] = 0
            message = f"{message}\x00{group}"
        self.notes.append(Note(action, where, message))

    def of(self, *actions: Action) -> list[Note]:
        return [n for n in self.notes if n.action in actions]

    def lines(self) -> list[str]:
        out = []
        for note in self.notes:
            message, _, group = note.message.partition("\x00")
            more = self._repeats.get((note.action, group), 0) if group else 0
            if more:
                message += f" (and {more} more like it)"
            out.append(str(Note(note.action, note.where, message)))
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())
