"""The Pelican generator: load every conference, publish it, render its pages and files.

``generate_context`` loads and checks all conferences (all problems reported at once)
and registers each page in ``generated_content`` so ``{talk}`` links become ordinary
``{filename}`` links. ``generate_output`` only renders: pages through Pelican's writer
(relative URLs, ``content_written``), calendars and schedules straight to files.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from ..problems import display_path, report
from ..yamlsource import suggest
from . import jsonld
from .exports import frab, ical
from .linking import CONTEXT_KEY, FAILED_KEY, conference_of, mentions_sorted
from .loader import conference_folders, load_conference
from .views import ConferenceView, build_view

logger = logging.getLogger(__name__)

#: Settings of this plugin, with their defaults (pelicanconf.py may override them).
DEFAULTS = {
    "CONFERENCE_PATH": "conferences",
    "CONFERENCE_STRICT": False,
}
#: Where the list of conferences goes (fixed, like every conference URL: see views._Paths).
INDEX_URL = "conferences/"
INDEX_SAVE_AS = "conferences/index.html"


def setting(settings: dict[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS[name])


class ConferenceGenerator(Generator):
    """Conference overviews, schedules, talk and speaker pages, and exports."""

    def generate_context(self) -> None:
        for name in sorted(self.settings):
            # Other plugins own CONFERENCE_* names too (feeds): only near-misses of ours.
            hint = suggest(name, DEFAULTS) if name.startswith("CONFERENCE") else ""
            if hint and name not in DEFAULTS:
                logger.warning("unknown setting %s%s", name, hint)
        root = Path(self.path) / setting(self.settings, "CONFERENCE_PATH")
        strict = bool(setting(self.settings, "CONFERENCE_STRICT"))
        views: list[ConferenceView] = []
        failed: set[str] = set()
        for folder in conference_folders(root):
            loaded, problems = load_conference(folder, strict=strict)
            for problem in problems:
                report(problem.path, problem.line, problem.message, problem.severity)
            if loaded is not None:
                views.append(build_view(loaded, display_path(folder / "conference.yaml")))
            else:
                failed.add(folder.name)
        self.context[FAILED_KEY] = frozenset(failed)
        views.sort(key=lambda v: (v.conference.start, v.slug), reverse=True)
        # A mapping (newest first): templates look a post's conference up by slug.
        self.context["conferences"] = {v.slug: v for v in views}
        self.context[CONTEXT_KEY] = self.context["conferences"]
        generated = self.context.setdefault("generated_content", {})
        for view in views:
            for page in view.pages():
                generated[page.key] = page

    def generate_output(self, writer: Any) -> None:
        views: list[ConferenceView] = list(self.context.get(CONTEXT_KEY, {}).values())
        base = str(self.settings.get("SITE_ABSOLUTE_URL") or "")
        relative = self.settings["RELATIVE_URLS"]
        articles = self.context.get("articles", [])
        for view in views:
            view.recaps = [a for a in articles if conference_of(a) == view.slug]
            self._write_conference(writer, view, base, relative)
        writer.write_file(
            INDEX_SAVE_AS,
            self.get_template("conference/index"),
            self.context,
            relative_urls=relative,
            url=INDEX_URL,
            conference_list=views,
        )

    def _write_conference(
        self, writer: Any, view: ConferenceView, base: str, relative: bool
    ) -> None:
        common = {"conference": view, "conference_slug": view.slug}
        writer.write_file(
            view.save_as,
            self.get_template("conference/overview"),
            self.context,
            relative_urls=relative,
            url=view.url,
            jsonld=jsonld.conference_jsonld(view, base),
            **common,
        )
        writer.write_file(
            view.schedule_save_as,
            self.get_template("conference/schedule"),
            self.context,
            relative_urls=relative,
            url=view.schedule_url,
            **common,
        )
        talk_template = self.get_template("conference/talk")
        for session in view.sessions:
            if not session.save_as:
                continue
            writer.write_file(
                session.save_as,
                talk_template,
                self.context,
                relative_urls=relative,
                url=session.url,
                session=session,
                mentioned_in=mentions_sorted(view.mentioned_in(session.key)),
                jsonld=jsonld.session_jsonld(view, session, base),
                photos_subject_kind="session",
                photos_subject=session.slug,
                **common,
            )
        speaker_template = self.get_template("conference/speaker")
        for speaker in view.speakers:
            writer.write_file(
                speaker.save_as,
                speaker_template,
                self.context,
                relative_urls=relative,
                url=speaker.url,
                speaker=speaker,
                mentioned_in=mentions_sorted(view.mentioned_in(speaker.key)),
                photos_subject_kind="speaker",
                photos_subject=speaker.slug,
                **common,
            )
        self._write_files(view, base)

    def _write_files(self, view: ConferenceView, base: str) -> None:
        """Calendars, frab schedules, the grid stylesheet and speaker photos."""
        out = Path(self.output_path)
        files: dict[str, bytes] = {
            view.ics_url: ical.schedule_ics(view, base),
            view.xml_url: frab.schedule_xml(view, base),
            view.json_url: frab.schedule_json(view, base),
            view.grid_css_url: view.grid_css.encode(),
        }
        for session in view.sessions:
            if session.ics_save_as:
                files[session.ics_save_as] = ical.session_ics(view, session, base)
        for name in sorted(files):
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
        for speaker in view.speakers:
            if speaker.photo is not None:
                target = out / speaker.photo.save_as
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(speaker.photo.source, target)
