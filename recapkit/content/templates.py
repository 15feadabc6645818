"""``template:`` in front matter must name a template of the theme.

Pelican looks templates up only when writing, and a miss stops the build with
``PelicanTemplateNotFound`` and no post named. Here each post and page that picks its
own template is checked once everything is read; a miss (or a partial, which is no
page) is reported at the ``template:`` line with the nearest name, and the post falls
back to its default template so the rest of the build still runs (and reports
everything else). A template that exists but cannot render a post (one made for talk
pages, say) is reported by the writer (``recapkit.outputs``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.generators import PelicanTemplateNotFound

from recapkit.core.enrich import add_step
from recapkit.core.links import all_content
from recapkit.core.problems import field_line, report
from recapkit.core.yamlsource import suggest

#: Folders of template fragments (macros, includes) that render no page of their own.
PARTIALS = ("partials/",)


def _names(generator: Any) -> list[str]:
    extensions = tuple(generator.settings.get("TEMPLATE_EXTENSIONS", [".html"]))
    names = []
    for name in generator.env.list_templates():
        for ext in extensions:
            if name.endswith(ext) and not name.startswith(("!", "_", *PARTIALS)):
                names.append(name[: -len(ext)])
    return sorted(set(names))


def check_templates(generators: list[Any]) -> None:
    generator = next((g for g in generators if hasattr(g, "get_template")), None)
    if generator is None:
        return
    known: list[str] | None = None
    for content in all_content(generator.context):
        name = getattr(content, "metadata", {}).get("template")
        if not name:
            continue
        if known is None:
            known = _names(generator)
        if str(name).startswith(PARTIALS):
            message = f"template '{name}' is a part of pages, not a page template"
        else:
            try:
                generator.get_template(str(name))
                continue
            except PelicanTemplateNotFound:
                pass
            hint = suggest(str(name), known)
            message = f"unknown template '{name}'{hint}" + (
                "" if hint else f" (the theme has: {', '.join(known)})"
            )
        try:
            text = Path(content.source_path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        report(content.source_path, field_line(text, "template") or 1, message)
        content.template = getattr(content, "default_template", None) or content.template


def register() -> None:
    add_step("checks", check_templates)
