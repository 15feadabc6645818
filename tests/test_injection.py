"""Property: whatever text authors or exporters put in titles, abstracts, names, captions
and link titles, no page gets markup that the templates did not write."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from tests.sitecheck import foreign_markup
from tests.support import ROOT, SITE_SETTINGS, SITE_URL, run_build

SNIPPETS = [
    "<x-injected>",
    "</x-injected>",
    '" data-injected="1',
    "' data-injected='1",
    "<script>alert(1)</script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "<!--",
    "-->",
    "&amp;",
    "&",
    "<",
    ">",
    "{talk}",
    "]]>",
    "*",
    "_",
    "`",
    "[a](javascript:alert(1))",
    "\\",
    "#",
]
# Printable text only: YAML itself forbids control characters and non-characters.
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Cn", "Co", "Zl", "Zp"))
plain = st.text(alphabet=PRINTABLE, max_size=6)
hostile = st.lists(st.sampled_from(SNIPPETS) | plain, min_size=1, max_size=6).map(
    lambda parts: "A " + "".join(parts).strip()
)
FIELDS = (
    "post_title",
    "post_tag",
    "conf_name",
    "room",
    "session_title",
    "abstract",
    "speaker_name",
    "bio",
    "link_title",
    "caption",
    "album_title",
)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML; YAML's \\u escapes
    cannot spell astral characters as surrogate pairs, so write them as they are)."""
    return json.dumps(text, ensure_ascii=False)


def _write_site(project: Path, v: dict[str, str]) -> None:
    shutil.copytree(ROOT / "themes", project / "themes")
    shutil.copy2(SITE_SETTINGS / "pelicanconf.py", project / "pelicanconf.py")
    conf = project / "content" / "conferences" / "fuzzcon-2024"
    (conf / "photos").mkdir(parents=True)
    (project / "content" / "pages").mkdir(parents=True)
    (project / "content" / "posts").mkdir(parents=True)
    (conf / "conference.yaml").write_text(
        f"slug: fuzzcon-2024\nname: {_q(v['conf_name'])}\ntimezone: Europe/Paris\n"
        f"start: 2024-03-01\nend: 2024-03-01\nrooms:\n  - slug: hall\n    name: {_q(v['room'])}\n"
    )
    (conf / "sessions.yaml").write_text(
        "sessions:\n"
        f"  - slug: the-talk\n    title: {_q(v['session_title'])}\n    speakers: [sam]\n"
        f"    start: 2024-03-01 10:00\n    duration: 30\n    room: hall\n"
        f"    abstract: {_q(v['abstract'])}\n"
        f"    links:\n      - title: {_q(v['link_title'])}\n        url: https://example.org/x\n"
    )
    (conf / "speakers.yaml").write_text(
        "speakers:\n"
        f"  - slug: sam\n    name: {_q(v['speaker_name'])}\n    bio: {_q(v['bio'])}\n"
        f"    links:\n      - title: {_q(v['link_title'])}\n        url: https://example.org/sam\n"
    )
    from PIL import Image

    Image.new("RGB", (64, 48), (200, 80, 40)).save(conf / "photos" / "stage.jpg")
    (conf / "photos" / "photos.yaml").write_text(
        f"title: {_q(v['album_title'])}\ncredit: {{name: {_q(v['speaker_name'])}}}\n"
        f"licence: CC-BY-4.0\nphotos:\n  - file: stage.jpg\n    caption: {_q(v['caption'])}\n"
        f"    alt: {_q(v['caption'])}\n    sessions: [the-talk]\n"
    )
    (project / "content" / "posts" / "recap.md").write_text(
        f"---\ntitle: {_q(v['post_title'])}\ndate: 2024-03-02\ntags: [{_q(v['post_tag'])}]\n"
        "conference: fuzzcon-2024\n---\n"
        "We saw [the talk]({talk}the-talk) by [Sam]({speaker}sam).\n\n"
        "![x]({photo}fuzzcon-2024/stage.jpg)\n"
    )


@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    # Each example is a whole build: report the failing example as found, unshrunk.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.fixed_dictionaries({name: hostile for name in FIELDS}))
def test_no_page_carries_markup_from_content(values):
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "site"
        _write_site(project, values)
        result = run_build(project, Path(tmp) / "output")
        assert result.returncode == 0, result.stderr
        assert foreign_markup(Path(tmp) / "output") == []
        talk = Path(tmp) / "output/conferences/fuzzcon-2024/talks/the-talk/index.html"
        text = " ".join(lxml_html.fromstring(talk.read_bytes()).text_content().split())
        assert " ".join(values["speaker_name"].split()) in text


# Front matter and Markdown -------------------------------------------------------

#: Values for the fields that must have a shape: a few good ones, and attempts to
#: leave the attribute, the URL or the site. Bad ones must fail the build, cleanly.
SHAPED = {
    "lang": ["en", "de-CH", 'en"><script>alert(1)</script><x y="', "en onload=alert(1)"],
    "slug": ["a-recap", 'x" data-injected="1', "../../etc", "a b"],
    "url": [None, '"><meta http-equiv=refresh content="0;url=https://evil.example">', "/abs/"],
    "image": [None, 'x.jpg" onerror="alert(1)', "javascript:alert(1)"],
    "template": [None, "article", "../../etc/passwd", "article onload"],
}
#: Markdown constructs that carry markup or script URLs in every way we know of.
BODY = [
    "<script>alert(1)</script>",
    '<div onclick="alert(1)">div</div>',
    "<iframe src=https://evil.example></iframe>",
    "<img src=x onerror=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<base href=https://evil.example/>",
    "<object data=x></object><embed src=x>",
    "<x-injected>tag</x-injected>",
    "<style>body{display:none}</style>",
    "<svg><script>alert(1)</script></svg>",
    "<a href=javascript:alert(1)>unquoted</a>",
    '<a href="&#106;avascript:alert(1)">entity</a>',
    "[md](javascript&#58;alert(1))",
    "[ref][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="java\tscript:alert(1)">tab</a>',
    '![img](x.png" onerror="alert(1))',
    "<!-- <script>alert(1)</script> -->",
    "plain *text* with `code` & <angle>",
]
_body = st.lists(st.sampled_from(BODY) | plain, min_size=1, max_size=4).map(
    lambda parts: "\n\n".join(parts)
)


def _shaped(name):
    return st.sampled_from(SHAPED[name])


POST_FIELDS = st.fixed_dictionaries(
    {
        "title": hostile,
        "summary": hostile | st.sampled_from(BODY),
        "description": hostile,
        "tag": hostile,
        "category": hostile,
        "author": hostile,
        "image_alt": hostile,
        "body": _body,
        **{name: _shaped(name) for name in SHAPED},
    }
)


def _write_post_site(project: Path, v: dict) -> None:
    shutil.copytree(ROOT / "themes", project / "themes")
    shutil.copy2(SITE_SETTINGS / "pelicanconf.py", project / "pelicanconf.py")
    (project / "publish.py").write_text(
        (SITE_SETTINGS / "publishconf.py").read_text(encoding="utf-8") + "\nSEARCH_INDEX = False\n",
        encoding="utf-8",
    )
    (project / "content" / "pages").mkdir(parents=True)
    (project / "content" / "images").mkdir(parents=True)
    from PIL import Image

    Image.new("RGB", (64, 48), (20, 80, 140)).save(project / "content/images/x.jpg")
    lines = [
        "---",
        f"title: {_q(v['title'])}",
        "date: 2024-03-02",
        f"summary: {_q(v['summary'])}",
        f"description: {_q(v['description'])}",
        f"tags: [{_q(v['tag'])}, plain]",
        f"category: {_q(v['category'])}",
        f"author: {_q(v['author'])}",
        f"image_alt: {_q(v['image_alt'])}",
        f"lang: {_q(v['lang'])}",
        f"slug: {_q(v['slug'])}",
    ]
    if v["url"] is not None:
        lines += [f"url: {_q(v['url'])}", f"save_as: {_q(v['url'] + 'index.html')}"]
    if v["image"] is not None:
        lines.append(f"image: {_q(v['image'])}")
    if v["template"] is not None:
        lines.append(f"template: {_q(v['template'])}")
    post = "\n".join([*lines, "---", v["body"], "", "A [neighbour]({filename}other.md).", ""])
    (project / "content" / "posts").mkdir(parents=True)
    (project / "content" / "posts" / "recap.md").write_text(post, encoding="utf-8")
    (project / "content" / "posts" / "other.md").write_text(
        "---\ntitle: Other\ndate: 2024-03-01\n---\nThe other post.\n", encoding="utf-8"
    )


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(POST_FIELDS)
def test_front_matter_and_markdown_never_become_markup_in_pages_feeds_or_sitemap(values):
    """Every value is either refused with its line (exit 1, nothing written) or
    published as text: no page, feed entry or sitemap gains an element or attribute."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "site"
        _write_post_site(project, values)
        output = Path(tmp) / "output"
        result = run_build(project, output, settings="publish.py", env={"SITEURL": SITE_URL})
        assert "Traceback" not in result.stderr
        if result.returncode != 0:
            assert result.returncode == 1, result.stderr
            problems = result.stderr.strip().splitlines()[:-1]
            assert problems and all(
                line.startswith(("content/posts/recap.md:", "content/posts/recap.md: "))
                for line in problems
            ), result.stderr
            assert not output.exists()
            return
        assert foreign_markup(output) == []
        assert (output / "feeds" / "all.atom.xml").is_file()
        assert (output / "sitemap.xml").is_file()
