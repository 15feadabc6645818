"""Front-matter values that reach attributes or URLs are checked, raw HTML in posts is
sanitised (or escaped, or allowed on request), script URLs are refused however they are
spelt, and Windows line endings read like Unix ones."""

from __future__ import annotations

import pytest
from lxml import etree
from lxml import html as lxml_html

from tests.support import SITE_URL, run_build

HEAD = "---\ntitle: A recap\ndate: 2024-03-02\n"


def _build(sample_site, tmp_path, files, settings="", prod=False):
    project = sample_site(files, settings)
    if prod:
        (project / "publish.py").write_text(
            "from publishconf import *  # noqa\nSEARCH_INDEX = False\n", encoding="utf-8"
        )
    output = tmp_path / "output"
    result = run_build(
        project,
        output,
        settings="publish.py" if prod else "pelicanconf.py",
        env={"SITEURL": SITE_URL} if prod else None,
    )
    assert "Traceback" not in result.stderr
    return result


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("lang", 'en"><script>alert(1)</script><x y="', "is not a language tag"),
        ("slug", 'x" onmouseover="alert(1)', "is not a slug"),
        ("slug", "../../escape", "is not a slug"),
        ("url", '"><meta http-equiv=refresh content=0>', "must be a plain path inside the site"),
        ("url", "/root/", "must be a path relative to the site root"),
        ("save_as", "../../outside.html", "must be a plain path inside the site"),
        ("image", 'x.jpg" onerror="alert(1)', "must be a photo or image file of the site"),
        ("image", "javascript:alert(1)", "must be a photo or image file of the site"),
        ("template", "../../../etc/passwd", "is not a template name"),
        ("conference", "x'><script>", "is not a slug"),
        ("translation", "yes please", "expected true or false"),
    ],
)
def test_a_value_that_could_leave_its_attribute_is_refused_with_its_line(
    sample_site, tmp_path, field, value, message
):
    post = HEAD + f"{field}: '{value.replace(chr(39), chr(39) * 2)}'\n---\nBody.\n"
    result = _build(sample_site, tmp_path, {"posts/x.md": post})
    assert result.returncode == 1
    assert f"content/posts/x.md:4: field '{field}': " in result.stderr, result.stderr
    assert message in result.stderr


def test_url_without_matching_save_as_is_refused(sample_site, tmp_path):
    post = HEAD + "url: recap/\nsave_as: elsewhere/index.html\n---\nBody.\n"
    result = _build(sample_site, tmp_path, {"posts/x.md": post})
    assert result.returncode == 1
    assert "content/posts/x.md:4: 'url: recap/' and 'save_as: elsewhere/index.html'" in (
        result.stderr
    )


def test_a_matching_url_and_save_as_publish_the_post_there(sample_site, tmp_path):
    post = HEAD + "url: recap/\nsave_as: recap/index.html\nlang: de-CH\n---\nBody.\n"
    result = _build(sample_site, tmp_path, {"posts/x.md": post})
    assert result.returncode == 0, result.stderr
    page = lxml_html.fromstring((result.output / "recap/index.html").read_bytes())
    assert page.get("lang") == "de-CH"
    assert 'href="./recap/"' in (result.output / "index.html").read_text(encoding="utf-8")


RAW = """\
Before.

<script>alert(1)</script>

<div onclick="alert(1)">clicked <kbd>Ctrl</kbd></div>

<iframe src="https://evil.example/"></iframe>

<details><summary>More</summary>Hidden
<img src="https://example.org/x.png" onerror="alert(1)" alt="x"></details>

After.
"""


def _entry_html(output):
    feed = etree.parse(str(output / "feeds" / "all.atom.xml"))
    contents = feed.findall(".//{http://www.w3.org/2005/Atom}content")
    return "".join(c.text or "" for c in contents)


def test_raw_html_is_sanitised_by_default_in_the_page_and_the_feed(sample_site, tmp_path):
    result = _build(sample_site, tmp_path, {"posts/x.md": HEAD + "---\n" + RAW}, prod=True)
    assert result.returncode == 0, result.stderr
    page = (result.output / "2024/a-recap/index.html").read_text(encoding="utf-8")
    for html in (page, _entry_html(result.output)):
        doc = lxml_html.fromstring(html)
        article = doc if doc.tag != "html" else doc.find(".//article")
        text = lxml_html.tostring(article, encoding="unicode")
        assert "<script>alert" not in text and "alert(1)</script>" not in text
        assert "onclick" not in text and "onerror" not in text
        assert "<iframe" not in text
        assert "<kbd>Ctrl</kbd>" in text and "<details>" in text
        assert "Before." in text and "After." in text


def test_raw_html_can_be_escaped_to_text(sample_site, tmp_path):
    result = _build(
        sample_site,
        tmp_path,
        {"posts/x.md": HEAD + "---\n" + RAW},
        settings='MARKDOWN_RAW_HTML = "escape"\n',
    )
    assert result.returncode == 0, result.stderr
    page = (result.output / "2024/a-recap/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<kbd>" not in page and "<iframe" not in page


def test_raw_html_is_published_as_written_only_when_allowed(sample_site, tmp_path):
    result = _build(
        sample_site,
        tmp_path,
        {"posts/x.md": HEAD + "---\n" + RAW},
        settings='MARKDOWN_RAW_HTML = "allow"\n',
    )
    assert result.returncode == 0, result.stderr
    page = (result.output / "2024/a-recap/index.html").read_text(encoding="utf-8")
    assert '<div onclick="alert(1)">' in page


def test_a_misspelt_raw_html_mode_is_reported(sample_site, tmp_path):
    result = _build(
        sample_site, tmp_path, {"posts/x.md": HEAD + "---\nx\n"}, 'MARKDOWN_RAW_HTML = "off"\n'
    )
    assert result.returncode == 1
    assert "pelicanconf.py:" in result.stderr
    assert "MARKDOWN_RAW_HTML: use one of sanitize, escape, allow (got 'off')" in result.stderr


@pytest.mark.parametrize(
    ("markdown", "line"),
    [
        ("[md](javascript&#58;alert(1))", 7),
        ("<a href=javascript:alert(1)>unquoted</a>", 7),
        ('<a href="&#106;avascript:alert(1)">entity</a>', 7),
        ('<a href="java&#9;script:alert(1)">tab</a>', 7),
        ("[ref][r]\n\n[r]: JavaScript:alert(1)", 9),
        ('<img srcset="ok.png 1x, javascript:alert(1) 2x" alt="">', 7),
        ('<video poster="javascript:alert(1)"></video>', 7),
    ],
)
def test_a_script_url_is_refused_however_it_is_spelt(sample_site, tmp_path, markdown, line):
    post = HEAD + "---\nIntro.\n\n" + markdown + "\n"
    result = _build(sample_site, tmp_path, {"posts/x.md": post})
    assert result.returncode == 1, result.stderr
    shown = result.stderr.replace("JavaScript", "javascript")
    assert f"content/posts/x.md:{line}: unsafe link 'javascript:alert(1)'" in shown, shown


def test_a_script_url_in_the_summary_is_refused(sample_site, tmp_path):
    post = HEAD + "summary: 'Read [this](javascript:alert(1))'\n---\nBody.\n"
    result = _build(sample_site, tmp_path, {"posts/x.md": post})
    assert result.returncode == 1
    assert "content/posts/x.md:4: field 'summary': unsafe link 'javascript:alert(1)'" in (
        result.stderr
    )


def test_crlf_and_bom_posts_build_exactly_like_lf_posts(sample_site, tmp_path):
    post = HEAD + "tags: [one, two]\nsummary: A *short* summary.\n---\n## Day one\n\nText.\n"
    builds = {}
    for name, text in {
        "lf": post,
        "crlf": post.replace("\n", "\r\n"),
        "bom": "\ufeff" + post.replace("\n", "\r\n"),
    }.items():
        project = sample_site({})
        (project / "content/posts/x.md").write_bytes(text.encode("utf-8"))
        output = tmp_path / f"out-{name}"
        result = run_build(project, output)
        assert result.returncode == 0, (name, result.stderr)
        builds[name] = {
            p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*.html"))
        }
    assert builds["crlf"] == builds["lf"]
    assert builds["bom"] == builds["lf"]
    assert b"<h2" in builds["lf"]["2024/a-recap/index.html"]
