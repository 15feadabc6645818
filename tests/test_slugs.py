"""The one slugifier (``recapkit.core.slugs``): transliteration, ASCII unchanged, validators."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recapkit.core.slugs import MAX_LENGTH, SLUG_RE, check_slug, is_slug, slugify


def ascii_rule(text: str, max_length: int = 80) -> str:
    """The rule before transliteration (drop what NFKD does not make ASCII), as a reference."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Bjørstad", "bjorstad"),
        ("Kari Bjørstad", "kari-bjorstad"),
        ("Łukasz Langa", "lukasz-langa"),
        ("Jürgen", "jurgen"),
        ("Michał Żygowski", "michal-zygowski"),
        ("Æva Black", "aeva-black"),
        ("Constantin Ganß", "constantin-ganss"),
        ("Salon A–E", "salon-a-e"),  # an en dash separates, as a hyphen does
        ("naïve café", "naive-cafe"),
        ("Don’t panic", "dont-panic"),  # a typographic apostrophe joins, as before
    ],
)
def test_letters_outside_ascii_are_transliterated(text, slug):
    assert slugify(text) == slug


def test_other_scripts_give_a_stable_non_empty_slug():
    tokyo = slugify("東京")
    assert tokyo == "dong-jing"
    assert is_slug(tokyo)
    assert slugify("Привет, мир") == "privet-mir"
    assert slugify("胡玮文") != slugify("東京")  # not one shared fallback for every CJK name


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Salon A-E", "salon-a-e"),
        ("  Rio Vista  Ballroom ", "rio-vista-ballroom"),
        ("Don't stop", "don-t-stop"),
        ("1,000 talks", "1-000-talks"),
        ("Q&amp;A", "q-amp-a"),
        ("AT&T", "at-t"),
        ("snake_case_name", "snake-case-name"),
        ("--already-a-slug--", "already-a-slug"),
        ("2019-09-23-11-30-t0-awesome-apis", "2019-09-23-11-30-t0-awesome-apis"),
    ],
)
def test_plain_ascii_keeps_its_old_slug(text, slug):
    assert slugify(text) == slug == ascii_rule(text)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=200))
def test_any_ascii_text_keeps_its_old_slug(text):
    assert slugify(text) == ascii_rule(text)


@given(st.text(max_size=120))
def test_every_made_slug_is_a_slug(text):
    assert is_slug(slugify(text))
    assert len(slugify(text)) <= MAX_LENGTH


@pytest.mark.parametrize("text", ["", "   ", "!!!", "—", "🎉", "&", "'"])
def test_nothing_left_gives_the_fallback(text):
    assert slugify(text) == "item"
    assert slugify(text, fallback="photo") == "photo"


def test_long_text_is_cut_at_the_cap_mid_word_without_a_trailing_hyphen():
    title = "word " * 30
    assert slugify(title) == ("word-" * 16)[:79]  # 80 characters end in "-": dropped
    assert slugify("x" * 100) == "x" * 80
    assert slugify("Bjørstad " * 20, max_length=12) == "bjorstad-bjo"
    assert slugify("x" * 100, max_length=0) == "x" * 100  # 0: no cap


@pytest.mark.parametrize("value", ["a", "salon-a-e", "rc3_2020", "38c3", "a-b_c"])
def test_slugs_are_accepted(value):
    assert is_slug(value)
    assert check_slug(value) == value
    assert SLUG_RE.match(value)


@pytest.mark.parametrize(
    "value", ["", "Salon", "a--b", "-a", "a-", "a b", "bjørstad", "a\n", "a.b", None, 3]
)
def test_other_values_are_not_slugs(value):
    assert not is_slug(value)


def test_check_slug_says_why():
    with pytest.raises(ValueError, match=r"'Salon A' is not a slug \(lower-case letters"):
        check_slug("Salon A")
