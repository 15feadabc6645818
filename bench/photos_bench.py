#!/usr/bin/env python3
"""Photo pipeline benchmark: sigal 2.6.1, the plain-Pillow floor and recapkit, side by side.

usage: python bench/photos_bench.py [--src DIR] [--count N] [--jobs N] [--skip-sigal]
       [--repeat N] [--only RUNS] [--site-photos N] [--skip-site]

On the same 60 synthetic 24 MP JPEGs (made once by ../shared/bench/gen_photos.py into
a cache folder outside git), runs in one session:
  sigal        sigal build, 2048 + 480 px JPEG (../shared/bench/sigal.conf.py)
  floor_a      pillow_floor.py a_thumb   (sigal's output set, one draft decode)
  floor_c      pillow_floor.py c         (4 long sides x JPEG + WebP)
  ours_sigal   recapkit, sizes (480, 2048), JPEG q85 optimize+progressive only
  ours_full    recapkit, default responsive set (480/960/1440/2048 x AVIF/WebP/JPEG)
  ours_warm    ours_full again with its cache warm (a no-change rebuild)
and prints wall time, images/s, peak RSS of the largest process, and the ratios the
issue sets as targets. Needs `pip install sigal==2.6.1 numpy` (not project deps).

Then the privacy check: every album derivative our runs wrote, plus a small recap site
built with ``recapkit build`` whose speaker photos and ``{static}`` images (and lead
image) are some of the same photos (GPS, make, model) and samples carrying serials, a
maker note, XMP, IPTC, a JPEG comment, PNG text chunks and a GIF comment. It counts
the published files that still carry any of it: the figure must be 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = (
    (REPO.parent / "shared" / "bench")
    if (REPO.parent / "shared").exists()
    else Path("/work/shared/bench")
)
DEFAULT_SRC = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "recapkit-bench"

#: Runs one command and prints the peak RSS of its largest descendant (Linux rusage).
MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
if code.returncode:
    sys.stderr.write(code.stderr.decode()[-2000:])
    sys.exit(code.returncode)
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

#: Our pipeline on one folder, through the same code the site build uses.
OURS = """
import logging, sys
from pathlib import Path
logging.basicConfig(level=logging.CRITICAL)  # no alt text on the synthetic photos
sys.path.insert(0, {repo!r})
from recapkit.core.site import Site
from recapkit.core.urls import UrlScheme
from recapkit.photos.album import load_album
from recapkit.photos.building import build_album, finish_album
from recapkit.photos.cache import PhotoCache
from recapkit.photos.pipeline import Runner
from recapkit.photos.settings import from_pelican
settings = from_pelican({settings!r})
cache = PhotoCache(settings.cache_path)
src = Path({src!r})
source, problems = load_album(src, "bench", UrlScheme())
assert not problems, problems
runner = Runner(settings.worker_count, False)
build = build_album(source, settings, cache, Site(urls=UrlScheme()), runner)
results = {{r.source: r for r in runner.results()}}
errors = [r for r in results.values() if r.error]
assert not errors, errors
album = finish_album(build, results, cache)
cache.save_index()
assert len(album.photos) == {count}, len(album.photos)
"""


def measure(command: list[str]) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
    )
    wall, rss_kib = out.stdout.split()
    return float(wall), int(rss_kib) / 1024


#: EXIF tags a published file may hold: the credit (Artist, Copyright). TIFF files also
#: hold their structural tags (size, strips, compression), which name nothing.
CREDIT_TAGS = {0x013B, 0x8298}
TIFF_STRUCTURE = {256, 257, 258, 259, 262, 273, 277, 278, 279, 284, 317, 320, 338, 339}
#: Every private string the privacy samples carry contains this.
MARK = b"LEAK"


def leaks(path: Path, exact_credit: bool = False) -> list[str]:
    """What of a place, a device or a note one published image still carries."""
    from PIL import Image, IptcImagePlugin

    found = []
    if MARK in path.read_bytes():
        found.append("a private string")
    with Image.open(path) as im:
        exif = im.getexif()
        allowed = CREDIT_TAGS | (TIFF_STRUCTURE if im.format == "TIFF" else set())
        if exif.get_ifd(0x8825) or 0x8825 in exif:
            found.append("GPS")
        if exif.get_ifd(0x8769) or 0x8769 in exif:
            found.append("camera IFD (serials, maker note, lens)")
        if set(exif) - allowed:
            found.append(f"EXIF {sorted(set(exif) - allowed)} (make, model, serials...)")
        if exact_credit and set(exif) != CREDIT_TAGS:
            found.append("credit missing")
        if "comment" in im.info:
            found.append("comment")
        # One XMP packet is allowed: the credit (dc:creator, dc:rights), nothing else.
        xmp = im.getxmp() if ("xmp" in im.info or "XML:com.adobe.xmp" in im.info) else {}
        about = (xmp.get("xmpmeta") or {}).get("RDF", {}).get("Description", {}) if xmp else {}
        other = set(about) - {"about", "creator", "rights"} if about else bool(xmp)
        if "XML:com.adobe.xmp" in im.info or other:
            found.append("XMP")
        if "photoshop" in im.info or (
            im.format in ("JPEG", "TIFF") and IptcImagePlugin.getiptcinfo(im)
        ):
            found.append("IPTC")
        if getattr(im, "text", None):
            found.append("PNG text")
    return found


def check_privacy(work: Path, site: Path | None) -> tuple[str, int]:
    """Every image our runs published: album derivatives (credit kept), and the privacy
    site's speaker photos and static images; none may name a place or a device."""
    groups: dict[str, list[Path]] = {
        "album derivatives": sorted(work.glob("cache-*/derivatives/*/*")),
        "speaker photos": [],
        "static images": [],
        "site album photos": [],
    }
    if site is not None:
        for path in sorted(p for p in site.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES):
            rel = path.relative_to(site).as_posix()
            if rel.startswith("theme/"):
                continue  # the theme's own artwork
            kind = (
                "speaker photos"
                if "/speakers/" in rel
                else "site album photos"
                if "/photos/" in rel
                else "static images"
            )
            groups[kind].append(path)
    checked, leaking = 0, []
    for kind, paths in groups.items():
        for path in paths:
            found = leaks(path, exact_credit=kind == "album derivatives")
            if found:
                leaking.append(f"{path.name}: {', '.join(found)}")
            checked += 1
    counts = ", ".join(f"{len(paths)} {kind}" for kind, paths in groups.items())
    summary = (
        f"{checked} published files checked ({counts}): {len(leaking)} with GPS, camera, "
        "serial, XMP, IPTC, comment or text-chunk data"
    )
    return "\n".join([summary, *(f"  leak: {line}" for line in leaking)]), len(leaking)


IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".tif", ".tiff"}
PRIVATE_XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="LEAK-CITY"/>'
    "</rdf:RDF></x:xmpmeta>"
)


def private_samples(folder: Path) -> dict[str, Path]:
    """Small images carrying every kind of private data: GPS, serials, maker note,
    make/model, XMP, IPTC, a JPEG comment, PNG text chunks, a GIF comment."""
    from PIL import Image, PngImagePlugin

    folder.mkdir(parents=True, exist_ok=True)
    picture = Image.radial_gradient("L").resize((640, 480)).convert("RGB")
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "LEAK-MAKE", "LEAK-MODEL"
    exif[0x013B], exif[0x8298] = "Bench Photographer", "(c) Bench Photographer"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (52.0, 13.0, 30.0), "E", (21.0, 0.0, 45.5)
    camera = exif.get_ifd(0x8769)
    camera[0xA431], camera[0xA435], camera[0x927C] = "LEAK-BODY", "LEAK-LENS", b"LEAK-NOTE"
    iim = b"\x1c\x02\x5a" + len(b"LEAK-IPTC-CITY").to_bytes(2, "big") + b"LEAK-IPTC-CITY"
    irb = b"8BIM\x04\x04\x00\x00" + len(iim).to_bytes(4, "big") + iim + b"\x00" * (len(iim) % 2)
    app13 = b"Photoshop 3.0\x00" + irb
    jpeg = folder / "private.jpg"
    picture.save(
        jpeg,
        quality=85,
        exif=exif,
        xmp=PRIVATE_XMP.encode(),
        comment=b"LEAK comment",
        extra=b"\xff\xed" + (len(app13) + 2).to_bytes(2, "big") + app13,
    )
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "LEAK comment")
    text.add_text("Location", "LEAK location", zip=True)
    text.add_itxt("XML:com.adobe.xmp", PRIVATE_XMP)
    png = folder / "private.png"
    picture.convert("RGBA").save(png, pnginfo=text, exif=exif)
    gif = folder / "private.gif"
    frames = [picture.rotate(angle).convert("P") for angle in (0, 90)]
    frames[0].save(gif, save_all=True, append_images=frames[1:], comment=b"LEAK comment")
    return {"jpg": jpeg, "png": png, "gif": gif}


def build_privacy_site(src: Path, work: Path, photos: int) -> Path:
    """A recap site whose speaker photos and static images are the synthetic 24 MP
    photos (GPS, make, model) and the private samples; built with ``recapkit build``."""
    site = work / "privacy-site"
    content = site / "content"
    conference = content / "conferences" / "bench-conf"
    samples = private_samples(work / "samples")
    sources = sorted(src.glob("*.jpg"))[:photos]
    (conference / "speakers").mkdir(parents=True)
    (content / "images").mkdir(parents=True)
    (content / "posts").mkdir(parents=True)
    (conference / "photos").mkdir(parents=True)
    speakers = []
    for n, photo in enumerate([*sources, samples["jpg"], samples["png"]]):
        name = f"speaker-{n}{photo.suffix}"
        shutil.copyfile(photo, conference / "speakers" / name)
        speakers.append(f"  - slug: s{n}\n    name: Speaker {n}\n    photo: speakers/{name}\n")
    (conference / "conference.yaml").write_text(
        "name: Bench Conf\ntimezone: UTC\nstart: 2024-05-01\nend: 2024-05-01\n"
    )
    (conference / "sessions.yaml").write_text("sessions: []\n")
    (conference / "speakers.yaml").write_text("speakers:\n" + "".join(speakers))
    shutil.copyfile(samples["jpg"], conference / "photos" / "private.jpg")
    (conference / "photos" / "photos.yaml").write_text(
        "credit: {name: Bench Photographer}\nlicence: CC-BY-4.0\n"
        "photos:\n  - {file: private.jpg, alt: A gradient}\n"
    )
    links = []
    for n, photo in enumerate([*sources, *samples.values()]):
        name = f"static-{n}{photo.suffix}"
        shutil.copyfile(photo, content / "images" / name)
        links.append(f"![Static {n}]({{static}}/images/{name})\n")
    (content / "posts" / "privacy.md").write_text(
        "---\ntitle: Privacy\ndate: 2024-05-02\n"
        f'image: "{{static}}/images/static-0{sources[0].suffix if sources else ".jpg"}"\n'
        "---\n" + "\n".join(links)
    )
    (site / "benchconf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom pelicanconf import *  # noqa\n"
        f"THEME = {str(REPO / 'themes' / 'recap')!r}\n"
        f"PHOTOS_CACHE_PATH = {str(work / 'site-cache')!r}\n"
        "PHOTOS_SIZES = [480]\nPHOTOS_SHARE_WIDTH = None\n"
    )
    output = work / "privacy-output"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "recapkit", "build", "-s", "benchconf.py", "-o", str(output)],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"the privacy site did not build:\n{done.stderr}")
    return output


def ensure_photos(src: Path, count: int) -> None:
    have = len(list(src.glob("*.jpg"))) if src.exists() else 0
    if have >= count:
        return
    print(f"generating {count} synthetic photos into {src} (a few minutes)...", file=sys.stderr)
    subprocess.run(
        [sys.executable, str(SHARED / "gen_photos.py"), str(src), str(count)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def ours_command(src: Path, cache: Path, jobs: int, settings: dict, count: int) -> list[str]:
    settings = {
        **settings,
        "PHOTOS_CACHE_PATH": str(cache),
        "PHOTOS_WORKERS": jobs,
        "PATH": str(src.parent),
    }
    code = OURS.format(repo=str(REPO), settings=settings, src=str(src), count=count)
    return [sys.executable, "-c", code]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC / "src")
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-sigal", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--only", default="", help="comma list of runs, e.g. floor_a,ours_sigal")
    parser.add_argument(
        "--site-photos",
        type=int,
        default=2,
        help="source photos used as speaker photos and static images in the privacy site",
    )
    parser.add_argument(
        "--skip-site", action="store_true", help="check album derivatives only (no site build)"
    )
    args = parser.parse_args()
    ensure_photos(args.src, args.count)
    count = len(list(args.src.glob("*.jpg")))
    work = Path(tempfile.mkdtemp(prefix="recapkit-bench-"))
    jobs = str(args.jobs)
    sigal_set = {
        "PHOTOS_SIZES": [480, 2048],
        "PHOTOS_FORMATS": ["jpeg"],
        "PHOTOS_SHARE_WIDTH": None,
        "PHOTOS_ENCODERS": {"jpeg": {"quality": 85, "optimize": True, "progressive": True}},
    }
    runs: list[tuple[str, list[str]]] = []
    if not args.skip_sigal:
        sigal = shutil.which("sigal") or str(Path(sys.executable).with_name("sigal"))
        runs.append(
            (
                "sigal",
                [
                    sigal,
                    "build",
                    "-f",
                    "-n",
                    jobs,
                    "-c",
                    str(SHARED / "sigal.conf.py"),
                    str(args.src),
                    str(work / "sigal"),
                ],
            )
        )
    floor = str(SHARED / "pillow_floor.py")
    runs += [
        ("floor_a", [sys.executable, floor, "a_thumb", str(args.src), str(work / "a"), jobs]),
        ("floor_c", [sys.executable, floor, "c", str(args.src), str(work / "c"), jobs]),
        ("ours_sigal", ours_command(args.src, work / "cache-a", args.jobs, sigal_set, count)),
        ("ours_full", ours_command(args.src, work / "cache-c", args.jobs, {}, count)),
        ("ours_warm", ours_command(args.src, work / "cache-c", args.jobs, {}, count)),
    ]
    if args.only:
        wanted = set(args.only.split(","))
        runs = [(name, command) for name, command in runs if name in wanted]
    load_before = os.getloadavg()
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in runs}
    try:
        # Rounds interleave the runs, so a neighbour's burst of load on this shared
        # machine hits every contender alike; each round starts from empty caches.
        for round_no in range(1, args.repeat + 1):
            for name, command in runs:
                if name.startswith("ours_") and name != "ours_warm":
                    shutil.rmtree(
                        work / f"cache-{'a' if name == 'ours_sigal' else 'c'}", ignore_errors=True
                    )
                samples[name].append(measure(command))
                print(f"round {round_no} {name:<11} {samples[name][-1][0]:7.2f} s", file=sys.stderr)
        site = None if args.skip_site else build_privacy_site(args.src, work, args.site_photos)
        privacy, leaking = check_privacy(work, site)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = {
        name: (statistics.median(w for w, _ in got), max(r for _, r in got))
        for name, got in samples.items()
    }
    load_after = os.getloadavg()
    print(
        f"\n{count} photos from {args.src}, {args.jobs} job(s), median of {args.repeat} rounds;"
        " load average before "
        f"{load_before[0]:.2f}, after {load_after[0]:.2f} (1 min)\n"
    )
    print("| run | wall s | images/s | peak RSS MiB (largest process) |")
    print("| --- | ---: | ---: | ---: |")
    for name, (wall, rss) in results.items():
        print(f"| {name} | {wall:.2f} | {count / wall:.2f} | {rss:.0f} |")

    def ratio(a: str, b: str) -> str:
        if a in results and b in results:
            return f"{results[a][0] / results[b][0]:.2f}"
        return "n/a"

    print()
    print(f"sigal / ours_sigal     = {ratio('sigal', 'ours_sigal')}  (target >= 1.8)")
    print(f"ours_sigal / floor_a   = {ratio('ours_sigal', 'floor_a')}  (target <= 1.2)")
    print(f"ours_full / floor_c    = {ratio('ours_full', 'floor_c')}  (target <= 1.25)")
    print(f"privacy: {privacy}")
    if "ours_warm" in results:
        print(f"ours_warm (no change)  = {results['ours_warm'][0]:.2f} s")
    return 1 if leaking else 0


if __name__ == "__main__":
    sys.exit(main())
