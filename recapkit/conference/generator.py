"""The Pelican generator: load every conference, publish it, render its pages and files.

``generate_context`` loads and checks all conferences (all problems reported at once)
and registers each page in ``generated_content`` so ``{talk}`` links become ordinary
``{filename}`` links. Speaker photos are re-encoded there too (``recapkit.imagesafe``:
square AVIF, WebP and JPEG sizes without metadata but the credit, cached by content
hash). Each session's times, room and whether it filled the venue go into the site
model, for the photos plugin to place photos by their capture time. ``generate_output`` only
renders: pages through Pelican's writer (relative URLs, ``content_written``), calendars
and schedules straight to files, photos linked from the cache.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican.contents import Content
from pelican.generators import Generator
from PIL import features

from recapkit.conference import cache, jsonld
from recapkit.conference.exports import frab, ical
from recapkit.conference.linking import CONTEXT_KEY, conference_of, mentions_sorted
from recapkit.conference.loader import LoadedConference, conference_folders, load_conference
from recapkit.conference.series import SeriesView, build_series
from recapkit.conference.settings import ConferenceSettings, conference_settings
from recapkit.conference.views import ConferenceView, SessionView, SpeakerView, build_view
from recapkit.core import imagesafe, rendercache
from recapkit.core.problems import display_path, report
from recapkit.core.site import (
    SUBJECT_KEY,
    ConferenceFacts,
    Entry,
    PageKind,
    PageSubject,
    ShareImage,
    Site,
    Venue,
    WebLinkFacts,
    site_of,
)

logger = logging.getLogger(__name__)

#: Context names a talk or speaker page may read that its fingerprint covers (besides
#: the settings and what the generator passes): the photos index (by what it shows of
#: the page's subject) and seo's card function (by the page's subject).
_COVERED_CONTEXT = frozenset({"PHOTOS", "seo_card", "localsiteurl", "output_file"})

#: Speaker photos are encoded like album photos (recapkit.photos.settings): square
#: crops in AVIF and WebP for the browsers that take them, JPEG for every other.
PHOTO_ENCODERS: dict[str, dict[str, Any]] = {
    "AVIF": {"quality": 55, "speed": 9, "max_threads": 1},
    "WEBP": {"quality": 78, "method": 2},
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
}


def _facts(view: ConferenceView) -> ConferenceFacts:
    """What other plugins may know of a conference (the site model's record)."""
    conf = view.conference
    venue = conf.venue
    return ConferenceFacts(
        slug=view.slug,
        name=view.name,
        url=view.url,
        start=conf.start,
        end=conf.end,
        timezone=conf.timezone,
        venue=Venue(venue.name, venue.city, venue.country) if venue else None,
        source_path=view.source_path,
        sessions={
            s.slug: Entry(
                s.slug,
                s.title,
                s.url,
                start=s.start,
                end=s.end,
                room=s.room.slug if s.room else None,
                fills_venue=s.fills_venue,
                speakers=s.speaker_slugs,
            )
            for s in view.sessions
        }
        # Unscheduled sessions have no time: no photo is ever placed on them by time.
        | {u.slug: Entry(u.slug, u.title, u.url) for u in view.unscheduled},
        speakers={s.slug: Entry(s.slug, s.name, s.url) for s in view.speakers},
        elsewhere=tuple(
            WebLinkFacts(
                i.url, i.title, i.author, i.kind_label, i.date, tuple(c.title for c in i.covers)
            )
            for i in view.elsewhere.items
        ),
    )


class ConferenceGenerator(Generator):
    """Conference overviews, schedules, talk and speaker pages, and exports."""

    def generate_context(self) -> None:
        site = site_of(self.context)
        settings = conference_settings(self.settings)
        views: list[ConferenceView] = []
        #: Conference slug -> a fingerprint of its data, for the pages it renders.
        self.inputs: dict[str, str] = {}
        models_cache = cache.cache_dir(self.settings)
        for folder in conference_folders(site.urls.conferences_folder(self.path)):
            (loaded, problems), key = cache.load_cached(
                folder, settings.strict, models_cache, load_conference
            )
            for problem in problems:
                report(problem.path, problem.line, problem.message, problem.severity)
            if loaded is not None:
                photos = self._speaker_photos(loaded, settings)
                source = display_path(folder / "conference.yaml")
                views.append(build_view(loaded, source, photos, site.urls))
                self.inputs[views[-1].slug] = rendercache.digest(key, sorted(photos.items()))
            else:
                site.failed_conferences.add(folder.name)
        views.sort(key=lambda v: (v.conference.start, v.slug), reverse=True)
        self.series: list[SeriesView] = build_series(views, site.urls)
        # A mapping (newest first): templates look a post's conference up by slug.
        self.context["conferences"] = {v.slug: v for v in views}
        self.context[CONTEXT_KEY] = self.context["conferences"]
        generated = self.context.setdefault("generated_content", {})
        for view in views:
            site.conferences[view.slug] = _facts(view)
            for page in view.pages():
                generated[page.key] = page

    def _speaker_photos(
        self, loaded: LoadedConference, settings: ConferenceSettings
    ) -> dict[str, dict[str, imagesafe.Cleaned]]:
        """Every speaker photo re-encoded (square sizes, sRGB, no metadata but the
        credit), in each format, decoded only when its bytes or the recipe changed; a
        photo that cannot be is reported on its line (once)."""
        recipes = [
            imagesafe.Recipe(
                fmt,
                settings.photo_sizes,
                options,
                formats=imagesafe.PHOTO_FORMATS,
                square=True,
            )
            for fmt, options in PHOTO_ENCODERS.items()
            if fmt == "JPEG" or features.check(fmt.lower())
        ]
        jobs = {(loaded.folder / s.photo): s.slug for s in loaded.speakers if s.photo is not None}
        cache = imagesafe.SafeCache(imagesafe.cache_root(self.settings))
        workers = imagesafe.worker_count(self.settings)
        photos: dict[str, dict[str, imagesafe.Cleaned]] = {}
        refused: set[str] = set()
        speakers_yaml = loaded.folder / "speakers.yaml"
        for recipe in recipes:
            results = imagesafe.clean_all(((p, recipe) for p in jobs), cache, workers)
            for path, result in results.items():
                slug = jobs[path]
                if isinstance(result, imagesafe.ImageRefused):
                    if slug not in refused:
                        refused.add(slug)
                        photo = next(s.photo for s in loaded.speakers if s.slug == slug)
                        report(
                            speakers_yaml,
                            loaded.photo_lines.get(slug),
                            f"speaker '{slug}': photo '{photo}': {result}",
                        )
                elif slug not in refused:
                    photos.setdefault(slug, {})[recipe.format] = result
        return {slug: formats for slug, formats in photos.items() if slug not in refused}

    def generate_output(self, writer: Any) -> None:
        site = site_of(self.context)
        views: list[ConferenceView] = list(self.context.get(CONTEXT_KEY, {}).values())
        base = str(self.settings.get("SITE_ABSOLUTE_URL") or "")
        relative = self.settings["RELATIVE_URLS"]
        articles = self.context.get("articles", [])
        for view in views:
            view.recaps = [a for a in articles if conference_of(a) == view.slug]
            self._write_conference(writer, view, site, base, relative)
        for series in getattr(self, "series", ()):
            self._write_series(writer, series, relative)
        index = site.urls.conferences()
        writer.write_file(
            index.save_as,
            self.get_template("conference/index"),
            self.context,
            relative_urls=relative,
            url=index.url,
            conference_list=views,
            **{SUBJECT_KEY: self._subject(PageKind.LISTING, None, None, None)},
        )

    def _write_series(self, writer: Any, series: SeriesView, relative: bool) -> None:
        """Every edition of a series, oldest first, each with its recaps."""
        subject = PageSubject(
            kind=PageKind.LISTING,
            title=series.name,
            description=f"Every edition of {series.name} on this site, with its recaps.",
            source_path=series.source_path,
            generated_by="recapkit.conference",
        )
        writer.write_file(
            series.save_as,
            self.get_template("conference/series"),
            self.context,
            relative_urls=relative,
            url=series.url,
            series=series,
            **{SUBJECT_KEY: subject},
        )

    def _subject(
        self,
        kind: PageKind,
        title: str | None,
        description: str | None,
        image: ShareImage | None,
        view: ConferenceView | None = None,
    ) -> PageSubject:
        return PageSubject(
            kind=kind,
            title=title,
            description=description or None,
            image=image,
            conference=view.slug if view else None,
            source_path=view.source_path if view else None,
            generated_by="recapkit.conference",
        )

    @staticmethod
    def _album_cover(site: Site, view: ConferenceView) -> ShareImage | None:
        album = site.album_of_conference(view.slug)
        return album.photos[0].share if album and album.photos else None

    def _talk_image(self, site: Site, view: ConferenceView, s: SessionView) -> ShareImage | None:
        shown = site.showing("session", view.slug, s.slug)
        return shown[0].share if shown else self._album_cover(site, view)

    def _speaker_image(
        self, site: Site, view: ConferenceView, speaker: SpeakerView
    ) -> ShareImage | None:
        if speaker.photo is not None:
            return ShareImage(speaker.photo.url, speaker.photo.width, speaker.photo.height)
        shown = site.showing("speaker", view.slug, speaker.slug)
        return shown[0].share if shown else self._album_cover(site, view)

    def _page_inputs(self, view: ConferenceView, site: Site) -> tuple[str, str]:
        """What the pages of ``view`` show besides their own entry, as two fingerprints
        ("" when pages are not cached):

        - every page of the conference: the templates, the settings, the conference's
          own fields (conference.yaml), its name, URLs and album;
        - the overview and schedule also show every session and speaker and the recaps.

        A talk or speaker page adds its own view (which names its speakers, sessions
        and neighbours by title and URL), so editing one talk re-renders that talk,
        its neighbours and its speakers, not the whole conference."""
        memo = rendercache.MEMO
        if not memo.enabled:
            return "", ""
        build = getattr(self, "_build_inputs", None)
        if build is None:
            self._templates_key = rendercache.templates_digest(self.env)
            build = rendercache.digest(
                self._templates_key, rendercache.settings_digest(self.settings)
            )
            self._build_inputs = build
        own = rendercache.digest(
            build,
            view.conference,
            view.name,
            view.url,
            view.schedule_url,
            view.source_path,
            view.has_photos,
            view.photos_url,
            site.album_of_conference(view.slug),
        )
        whole = rendercache.digest(
            own,
            self.inputs.get(view.slug),
            [rendercache.content_digest(a) for a in view.recaps],
        )
        return own, whole

    def _page_key(self, shared: str, template: Any, *parts: Any) -> str:
        if not shared:
            return ""
        known = self.__dict__.setdefault("_cacheable", {})
        if template.name not in known:
            known[template.name] = rendercache.cacheable(
                self.env, template.name, self.context, _COVERED_CONTEXT, self._templates_key
            )
        if not known[template.name]:
            return ""
        # Posts in the parts ("Mentioned in") count by their source, URL and status.
        shown = (rendercache.content_digest(p) if isinstance(p, Content) else p for p in parts)
        return rendercache.digest(shared, *shown)

    def _write_conference(
        self, writer: Any, view: ConferenceView, site: Site, base: str, relative: bool
    ) -> None:
        common = {"conference": view, "conference_slug": view.slug}
        memo = rendercache.MEMO
        shared, whole = self._page_inputs(view, site)
        photos = self.context.get("PHOTOS")
        cover = self._album_cover(site, view)
        overview = self.get_template("conference/overview")
        subject = self._subject(PageKind.CONFERENCE, view.name, view.description_text, cover, view)
        data = jsonld.conference_jsonld(view, base)
        # The overview also names the other editions of its series (other conferences).
        series = getattr(view, "series", None)
        key = self._page_key(whole, overview, subject, data, view.elsewhere.items, series)
        if not memo.keep(self.output_path, view.save_as, key):
            writer.write_file(
                view.save_as,
                memo.template(overview, view.save_as, key),
                self.context,
                relative_urls=relative,
                url=view.url,
                jsonld=data,
                elsewhere=view.elsewhere.items,
                **{SUBJECT_KEY: subject},
                **common,
            )
        schedule = self.get_template("conference/schedule")
        subject = self._subject(PageKind.SCHEDULE, None, None, cover, view)
        key = self._page_key(whole, schedule, subject)
        if not memo.keep(self.output_path, view.schedule_save_as, key):
            writer.write_file(
                view.schedule_save_as,
                memo.template(schedule, view.schedule_save_as, key),
                self.context,
                relative_urls=relative,
                url=view.schedule_url,
                **{SUBJECT_KEY: subject},
                **common,
            )
        talk_template = self.get_template("conference/talk")
        for session in view.sessions:
            if not session.save_as:
                continue
            subject = self._subject(
                PageKind.TALK,
                session.title,
                session.abstract_text,
                self._talk_image(site, view, session),
                view,
            )
            mentioned = mentions_sorted(view.mentioned_in(session.key))
            elsewhere = view.elsewhere.about_session(session.slug)
            # JSON-LD follows from the session, the conference's own fields and the
            # settings, all in the key.
            key = self._page_key(
                shared,
                talk_template,
                session,
                subject,
                elsewhere,
                *mentioned,
                photos.showing("session", view.slug, session.slug) if photos else None,
            )
            if memo.keep(self.output_path, session.save_as, key):
                continue
            template = memo.template(talk_template, session.save_as, key)
            data = (
                ""
                if rendercache.replaying(template)
                else jsonld.session_jsonld(view, session, base)
            )
            writer.write_file(
                session.save_as,
                template,
                self.context,
                relative_urls=relative,
                url=session.url,
                session=session,
                mentioned_in=mentioned,
                elsewhere=elsewhere,
                jsonld=data,
                photos_subject_kind="session",
                photos_subject=session.slug,
                **{SUBJECT_KEY: subject},
                **common,
            )
        speaker_template = self.get_template("conference/speaker")
        for speaker in view.speakers:
            subject = self._subject(
                PageKind.SPEAKER,
                speaker.name,
                speaker.bio_text,
                self._speaker_image(site, view, speaker),
                view,
            )
            mentioned = mentions_sorted(view.mentioned_in(speaker.key))
            elsewhere = view.elsewhere.about_speaker(speaker.slug)
            key = self._page_key(
                shared,
                speaker_template,
                speaker,
                subject,
                elsewhere,
                *mentioned,
                photos.showing("speaker", view.slug, speaker.slug) if photos else None,
            )
            if memo.keep(self.output_path, speaker.save_as, key):
                continue
            writer.write_file(
                speaker.save_as,
                memo.template(speaker_template, speaker.save_as, key),
                self.context,
                relative_urls=relative,
                url=speaker.url,
                speaker=speaker,
                mentioned_in=mentioned,
                elsewhere=elsewhere,
                photos_subject_kind="speaker",
                photos_subject=speaker.slug,
                **{SUBJECT_KEY: subject},
                **common,
            )
        self._write_files(view, base)

    def _write_files(self, view: ConferenceView, base: str) -> None:
        """Calendars, frab schedules, the grid stylesheet and speaker photos."""
        out = Path(self.output_path)
        memo = rendercache.MEMO
        # The whole-conference files follow from its data (and the site's URL) alone.
        data = self.inputs.get(view.slug) if memo.enabled else None
        makers = {
            view.ics_url: lambda: ical.schedule_ics(view, base),
            view.xml_url: lambda: frab.schedule_xml(view, base),
            view.json_url: lambda: frab.schedule_json(view, base),
            view.grid_css_url: lambda: view.grid_css.encode(),
        }
        keys = {name: rendercache.digest(data, base, name) if data else "" for name in makers}
        # A session's calendar: that session and the conference's own fields.
        own = rendercache.digest(view.conference, view.name, base) if data else ""
        for session in view.sessions:
            if session.ics_save_as:
                makers[session.ics_save_as] = lambda s=session: ical.session_ics(view, s, base)
                keys[session.ics_save_as] = rendercache.digest(own, session) if own else ""
        files = {}
        for name, make in makers.items():
            key = keys[name]
            if not memo.keep(self.output_path, name, key, page=False):
                files[name] = memo.file(name, key, make)
        for name in sorted(files):
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
        for speaker in view.speakers:
            for file in speaker.photo.every_file if speaker.photo is not None else ():
                imagesafe.publish(file.cached, out / file.save_as)
