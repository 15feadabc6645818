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

from tests.conftest import ROOT, run_build

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
    shutil.copy2(ROOT / "pelicanconf.py", project / "pelicanconf.py")
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


def _foreign_markup(output: Path) -> list[str]:
    found = []
    for page in sorted(output.rglob("*.html")):
        rel = page.relative_to(output).as_posix()
        doc = lxml_html.fromstring(page.read_bytes())
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            if el.tag in {"x-injected", "iframe", "object", "embed"}:
                found.append(f"{rel}: <{el.tag}>")
            for name, value in el.attrib.items():
                if name.startswith("on") or "injected" in name:
                    found.append(f"{rel}: {name}= on <{el.tag}>")
                if name in {"href", "src"} and value.strip().lower().startswith("javascript:"):
                    found.append(f"{rel}: {name}={value!r}")
            if el.tag == "script":
                if el.get("type") == "application/ld+json":
                    try:
                        json.loads(el.text or "")
                    except ValueError:
                        found.append(f"{rel}: JSON-LD broken by content")
                elif not el.get("src"):
                    found.append(f"{rel}: inline <script>")
    return found


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
        assert _foreign_markup(Path(tmp) / "output") == []
        talk = Path(tmp) / "output/conferences/fuzzcon-2024/talks/the-talk/index.html"
        text = " ".join(lxml_html.fromstring(talk.read_bytes()).text_content().split())
        assert " ".join(values["speaker_name"].split()) in text
