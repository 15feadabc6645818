"""The Pelican generator: load every conference, publish it, render its pages and files.

``generate_context`` loads and checks all conferences (all problems reported at once)
and registers each page in ``generated_content`` so ``{talk}`` links become ordinary
``{filename}`` links. Speaker photos are re-encoded there too (``recapkit.imagesafe``:
resized JPEGs without any metadata, cached by content hash). ``generate_output`` only
renders: pages through Pelican's writer (relative URLs, ``content_written``), calendars
and schedules straight to files, photos linked from the cache.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from recapkit.conference import jsonld
from recapkit.conference.exports import frab, ical
from recapkit.conference.linking import CONTEXT_KEY, FAILED_KEY, conference_of, mentions_sorted
from recapkit.conference.loader import LoadedConference, conference_folders, load_conference
from recapkit.conference.views import ConferenceView, build_view
from recapkit.core import imagesafe
from recapkit.core.problems import display_path, report
from recapkit.core.yamlsource import suggest

logger = logging.getLogger(__name__)

#: Settings of this plugin, with their defaults (pelicanconf.py may override them).
DEFAULTS = {
    "CONFERENCE_PATH": "conferences",
    "CONFERENCE_STRICT": False,
    # Long sides of the speaker photo JPEGs (shown 8rem wide: 1x to 3x screens).
    "CONFERENCE_PHOTO_SIZES": (256, 512),
}
#: Speaker photos are encoded like album JPEGs (recapkit.photos.settings).
PHOTO_ENCODER = {"quality": 82, "optimize": True, "progressive": True}
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
                photos = self._speaker_photos(loaded)
                views.append(build_view(loaded, display_path(folder / "conference.yaml"), photos))
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

    def _photo_sizes(self) -> tuple[int, ...]:
        value = setting(self.settings, "CONFERENCE_PHOTO_SIZES")
        if (
            isinstance(value, list | tuple)
            and value
            and all(isinstance(v, int) and not isinstance(v, bool) and v >= 16 for v in value)
        ):
            return tuple(sorted(set(value)))
        where = self.settings.get("RECAPKIT_SETTINGS_FILE", "pelicanconf.py")
        report(where, None, "CONFERENCE_PHOTO_SIZES must be a list of sizes of at least 16 px")
        return DEFAULTS["CONFERENCE_PHOTO_SIZES"]

    def _speaker_photos(self, loaded: LoadedConference) -> dict[str, imagesafe.Cleaned]:
        """Every speaker photo re-encoded (sizes, sRGB, no metadata), decoded only when
        its bytes or the sizes changed; a photo that cannot be is reported on its line."""
        recipe = imagesafe.Recipe(
            "JPEG",
            self._photo_sizes(),
            PHOTO_ENCODER,
            formats=imagesafe.PHOTO_FORMATS,
        )
        jobs = {(loaded.folder / s.photo): s.slug for s in loaded.speakers if s.photo is not None}
        cache = imagesafe.SafeCache(imagesafe.cache_root(self.settings))
        workers = imagesafe.worker_count(self.settings)
        results = imagesafe.clean_all(((p, recipe) for p in jobs), cache, workers)
        photos: dict[str, imagesafe.Cleaned] = {}
        speakers_yaml = loaded.folder / "speakers.yaml"
        for path, result in results.items():
            slug = jobs[path]
            if isinstance(result, imagesafe.ImageRefused):
                photo = next(s.photo for s in loaded.speakers if s.slug == slug)
                report(
                    speakers_yaml,
                    loaded.photo_lines.get(slug),
                    f"speaker '{slug}': photo '{photo}': {result}",
                )
            else:
                photos[slug] = result
        return photos

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
            for file in speaker.photo.files if speaker.photo is not None else ():
                imagesafe.publish(file.cached, out / file.save_as)
