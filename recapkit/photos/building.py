"""From album folders to published Photo models: credits, order, derivative plans.

Everything here runs in the main process on header facts (cached per source hash),
so the pool only ever gets photos with something left to compute.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from recapkit.core.problems import Problem, display_path, report
from recapkit.core.site import ConferenceFacts, Site
from recapkit.core.urls import ALBUM_FOLDER
from recapkit.core.yamlsource import suggest
from recapkit.photos.album import AlbumSource, Order, PhotoEntry, entry_licence
from recapkit.photos.cache import PhotoCache
from recapkit.photos.metadata import FileInfo, PhotoFileError, inspect
from recapkit.photos.models import Album, Credit, Derivative, Photo, Subject, slugify
from recapkit.photos.pipeline import Embedded, Job, Result, Runner, plan
from recapkit.photos.settings import PhotoSettings


@dataclass
class Pending:
    """A photo whose derivatives are planned; the placeholder may still be unknown."""

    photo: Photo
    sha: str
    job: Job | None


@dataclass
class AlbumBuild:
    source: AlbumSource
    pending: list[Pending] = field(default_factory=list)
    conference_name: str | None = None
    url: str = ""  # the gallery's URL (the site's URL scheme places it)
    conference_url: str | None = None


def _credit(
    entry: PhotoEntry | None, info: FileInfo, source: AlbumSource
) -> tuple[Credit | None, str]:
    licence = (entry_licence(entry) if entry else None) or source.licence
    if entry and entry.credit:
        return Credit(entry.credit.name, entry.credit.url, licence), "photos.yaml"
    if info.credit.name:
        return (
            Credit(info.credit.name, info.credit.url, licence, info.credit.copyright),
            "file metadata",
        )
    if source.spec.credit:
        return Credit(source.spec.credit.name, source.spec.credit.url, licence), "album default"
    return None, ""


def _subjects(
    source: AlbumSource,
    entry: PhotoEntry,
    index: int,
    known: dict[str, dict[str, str] | None],
    site: Site,
) -> tuple[tuple[Subject, ...], tuple[Subject, ...], list[Problem]]:
    problems: list[Problem] = []
    where = display_path(source.yaml_path) if source.yaml_path else display_path(source.folder)
    conf = source.conference
    if (entry.sessions or entry.speakers) and not conf:
        line = source.entry_line(index, "sessions" if entry.sessions else "speakers")
        problems.append(
            Problem(
                where,
                line,
                f"photo '{entry.file}': sessions and speakers need a "
                f"conference album ({site.urls.conference_path}/<slug>/{ALBUM_FOLDER}/)",
            )
        )
        return (), (), problems
    result: dict[str, list[Subject]] = {"sessions": [], "speakers": []}
    for field_name, kind, folder in (
        ("sessions", "session", "talks"),
        ("speakers", "speaker", "speakers"),
    ):
        slugs = known.get(field_name)
        for slug in getattr(entry, field_name):
            if slugs is not None and slug not in slugs:
                problems.append(
                    Problem(
                        where,
                        source.entry_line(index, field_name),
                        f"photo '{entry.file}': unknown {kind} '{slug}' in conference "
                        f"'{conf}'{suggest(slug, slugs)}",
                    )
                )
                continue
            title = (slugs or {}).get(slug) or slug.replace("-", " ").capitalize()
            url = site.urls.conference(conf, folder, slug).url
            result[field_name].append(Subject(kind, slug, url, title))
    return tuple(result["sessions"]), tuple(result["speakers"]), problems


def known_subjects(site: Site, conference: str | None) -> dict[str, dict[str, str] | None]:
    """Slug -> title (or name) of the conference's sessions and speakers, and its name
    under "name", from the site model (None: nothing to check against, e.g. the
    conference plugin is not enabled; its own errors are reported by it)."""
    known: dict[str, dict[str, str] | None] = {"sessions": None, "speakers": None, "name": None}
    facts = site.conferences.get(conference) if conference else None
    if facts is None:
        return known
    known["sessions"] = {slug: entry.title for slug, entry in facts.sessions.items()}
    known["speakers"] = {slug: entry.title for slug, entry in facts.speakers.items()}
    known["name"] = {"": facts.name}
    return known


def _hash_all(cache: PhotoCache, paths: list[Path], workers: int) -> dict[Path, str | OSError]:
    """Source hashes, several files at a time (hashlib releases the GIL on big reads)."""

    def one(path: Path) -> str | OSError:
        try:
            return cache.source_hash(path)
        except OSError as exc:
            return exc

    if workers <= 1 or len(paths) < 4:
        return {p: one(p) for p in paths}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(paths, pool.map(one, paths), strict=True))


def taken_at(
    info: FileInfo,
    source: AlbumSource,
    credit: Credit | None,
    facts: ConferenceFacts | None,
) -> dt.datetime | None:
    """When the photo was really taken, in the conference's zone: the file's
    DateTimeOriginal (with its OffsetTimeOriginal when it has one, else read as local
    time at the conference), plus the clock offset photos.yaml gives its camera,
    photographer or album. None without a time, or without a zone to read it in."""
    moment = info.taken
    if moment is None:
        return None
    zone = ZoneInfo(facts.timezone) if facts else None
    if moment.tzinfo is None:
        if zone is None:
            return None
        moment = moment.replace(tzinfo=zone)
    moment += source.clock_offset(info.camera, credit.name if credit else None)
    return moment.astimezone(zone) if zone else moment


def _order_key(info: FileInfo, name: str) -> tuple:
    return (info.captured is None, info.captured or "", name)


def build_album(
    source: AlbumSource,
    settings: PhotoSettings,
    cache: PhotoCache,
    site: Site,
    runner: Runner | None = None,
) -> AlbumBuild:
    """Inspect (or recall) every photo, resolve credits and plan derivatives."""
    build = AlbumBuild(source)
    yaml_where = display_path(source.yaml_path) if source.yaml_path else None
    entries = {e.file: (i, e) for i, e in enumerate(source.spec.photos)}
    files = {p.name: p for p in source.photo_files()}
    for name, (index, _entry) in entries.items():
        if name not in files:
            report(
                yaml_where,
                source.entry_line(index, "file"),
                f"photo '{name}' not found in {display_path(source.folder)}{suggest(name, files)}",
            )
    infos: dict[str, tuple[FileInfo, str, dict]] = {}
    hashes = _hash_all(cache, list(files.values()), settings.worker_count)
    for name, path in files.items():
        sha = hashes[path]
        if isinstance(sha, OSError):
            report(path, None, f"cannot read the file: {sha.strerror}")
            continue
        meta = cache.read_meta(sha)
        if meta is None:
            try:
                info = inspect(path, settings.source_formats, settings.max_pixels)
            except PhotoFileError as exc:
                report(path, None, str(exc))
                continue
            meta = {"info": info.to_json(), "placeholder": None}
            cache.write_meta(sha, meta)
        infos[name] = (FileInfo.from_json(meta["info"]), sha, meta)

    listed = [n for n in entries if n in infos]
    unlisted = sorted(
        (n for n in infos if n not in entries), key=lambda n: _order_key(infos[n][0], n)
    )
    if source.spec.order is Order.CAPTURED:
        names = sorted(infos, key=lambda n: _order_key(infos[n][0], n))
    elif source.spec.order is Order.FILENAME:
        names = sorted(infos)
    else:
        names = listed + unlisted

    known = known_subjects(site, source.conference)
    facts = site.conferences.get(source.conference) if source.conference else None
    build.url = album_url = site.urls.album(source.rel_dir).url
    if source.conference:
        build.conference_url = site.urls.conference(source.conference).url
    build.conference_name = (known.get("name") or {}).get("")
    slugs: dict[str, str] = {}
    for position, name in enumerate(names):
        info, sha, meta = infos[name]
        index, entry = entries.get(name, (None, None))
        path = files[name]
        where, line = (yaml_where, source.entry_line(index)) if entry else (path, None)
        slug = slugify(Path(name).stem)
        if slug in slugs:
            report(
                path,
                None,
                f"'{name}' and '{slugs[slug]}' would publish under the same "
                f"name '{slug}': rename one",
            )
            continue
        slugs[slug] = name
        credit, _origin = _credit(entry, info, source)
        if credit is None and settings.require_credit:
            report(
                where,
                line,
                f"photo '{name}' has no credit: give it a credit in "
                f"{source.yaml_path.name if source.yaml_path else 'photos.yaml'}, "
                "set the album's default credit, or set PHOTOS_REQUIRE_CREDIT = False",
            )
            continue
        caption = (entry.caption if entry else None) or info.description
        alt = (entry.alt if entry else None) or caption
        if not alt:
            report(
                where,
                line,
                f"photo '{name}' has neither alt text nor a caption",
                severity="warning",
            )
        sessions, speakers = (), ()
        if entry:
            sessions, speakers, problems = _subjects(source, entry, index, known, site)
            for problem in problems:
                report(problem.path, problem.line, problem.message)
        embedded = Embedded(
            artist=credit.name if credit else "",
            copyright=credit.notice if credit else "",
        )
        specs = plan(
            info,
            sha,
            settings.sizes,
            settings.formats,
            settings.encoder_options,
            embedded,
            settings.share_width,
        )
        targets = {s.key: str(cache.derivative(s.key, s.ext)) for s in specs}
        missing = frozenset(s.key for s in specs if not Path(targets[s.key]).exists())
        job = None
        if missing or not meta.get("placeholder"):
            job = Job(
                source=str(path),
                info=info,
                specs=specs,
                missing=missing,
                targets=targets,
                encoder_options={f: settings.encoder_options(f) for f in settings.formats},
                embedded=embedded,
                needs_placeholder=not meta.get("placeholder"),
            )
        derivatives = tuple(
            Derivative(
                f"{album_url}{slug}-{s.width}.{s.ext}", s.width, s.height, s.format, s.mime, s
            )
            for s in specs
        )
        photo = Photo(
            album_key=source.key,
            file=name,
            slug=slug,
            source=display_path(path),
            caption=caption,
            alt=alt or "",
            credit=credit,
            width=info.width,
            height=info.height,
            captured=dt.datetime.fromisoformat(info.captured) if info.captured else None,
            placeholder=meta.get("placeholder") or "#8a8a8a",
            derivatives=derivatives,
            url=f"{album_url}{slug}/",
            save_as=f"{album_url}{slug}/index.html",
            sessions=sessions,
            speakers=speakers,
            index=position,
            taken=taken_at(info, source, credit, facts),
            sessions_given=entry is not None and "sessions" in entry.model_fields_set,
            camera=info.camera,
        )
        build.pending.append(Pending(photo, sha, job))
        if job is not None and runner is not None:
            runner.submit(job)
    return build


def finish_album(build: AlbumBuild, results: dict[str, Result], cache: PhotoCache) -> Album:
    """Drop photos whose processing failed (already reported) and fill placeholders."""
    source = build.source
    photos = []
    for pending in build.pending:
        photo = pending.photo
        if pending.job is not None:
            result = results.get(pending.job.source)
            if result is None or result.error:
                continue
            meta = cache.read_meta(pending.sha) or {}
            if result.placeholder and meta.get("placeholder") != result.placeholder:
                cache.write_meta(pending.sha, {**meta, "placeholder": result.placeholder})
            photo = replace(photo, placeholder=result.placeholder or photo.placeholder)
        photos.append(replace(photo, index=len(photos)))
    title = source.spec.title or (
        f"Photos: {build.conference_name or source.conference}"
        if source.conference
        else Path(source.rel_dir).name
    )
    default = source.spec.credit
    return Album(
        key=source.key,
        title=title,
        description=source.spec.description,
        conference=source.conference,
        conference_name=build.conference_name or source.conference,
        conference_url=build.conference_url,
        url=build.url,
        save_as=build.url + "index.html",
        source_dir=source.rel_dir,
        photos=tuple(photos),
        credit=Credit(default.name, default.url, source.licence) if default else None,
        licence=source.licence,
    )
