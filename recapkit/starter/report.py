"""What ``invoke start`` and ``recapkit new`` print: what changed, then what to do next."""

from __future__ import annotations

from recapkit.starter.new import Made
from recapkit.starter.personal import Written, next_steps
from recapkit.starter.start import Started


def _written(written: Written, import_lines: list[str]) -> list[str]:
    lines = [*import_lines]
    if written.conference:
        lines.append(f"Imported the conference into {written.conference}")
    lines += [f"Wrote {path}" for path in written.files]
    if written.post:
        lines.append(f"Wrote {written.post} (your first post, a draft)")
    lines += written.notes
    return lines


def started(result: Started) -> list[str]:
    lines = [f"Removed {len(result.removed)} demo files."]
    for rel in result.kept:
        lines.append(f"Kept {rel}: you edited it, so it is yours now (delete it if unwanted)")
    lines += _written(result.written, result.import_lines)
    lines += ["", "Next:"] + [f"  {step}" for step in next_steps(result.written)]
    return lines


def made(result: Made, folder: str) -> list[str]:
    lines = [f"Made a new site in {folder}/: " + ", ".join(result.kit)]
    lines += _written(result.written, result.import_lines)
    steps = [
        f"cd {folder}",
        "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt",
        "git init && git add -A && git commit -m 'A new recap site'",
        *next_steps(result.written, command=".venv/bin/invoke"),
    ]
    lines += ["", "Next:"] + [f"  {step}" for step in steps]
    return lines
