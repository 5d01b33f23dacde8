"""Answer normalisation: what is ignored, what is kept, and that it is idempotent."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.normalize import display_form, normalize, primary_language


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("  Liang   Wenfeng ", "fr", "liang wenfeng"),
        ("LIANG WENFENG!", "fr", "liang wenfeng"),
        ("« moment Spoutnik »", "fr", "moment spoutnik"),
        ("“moment Sputnik”", "en", "moment sputnik"),
        ("L’Union soviétique", "fr", "union sovietique"),
        ("lʼUnion soviétique", "fr", "union sovietique"),
        ("les États-Unis", "fr", "etats unis"),
        ("Etats Unis", "fr", "etats unis"),
        ("de la Chine", "fr", "chine"),
        ("de l'IA", "fr", "ia"),
        ("du silicium", "fr", "silicium"),
        ("une startup", "fr", "startup"),
        ("des puces", "fr", "puces"),
        ("The Financial Times", "en", "financial times"),
        ("an interview", "en", "interview"),
        ("a satellite", "en", "satellite"),
        ("œuvres caritatives", "fr", "oeuvres caritatives"),
        ("Straße", "en", "strasse"),
        ("10\u202f000\u00a0puces", "fr", "10 000 puces"),
        ("High–Flyer", "en", "high flyer"),
        ("(Selon SCMP).", "fr", "selon scmp"),
        ("Spout\u00adnik\u200b", "fr", "spoutnik"),
        ("\u202aHangzhou\u202c", "en", "hangzhou"),
    ],
)
def test_normalize_ignores_documented_differences(text: str, language: str, expected: str) -> None:
    assert normalize(text, language=language) == expected


def test_normalize_articles_depend_on_the_language() -> None:
    assert normalize("la Chine", language="en") == "la chine"
    assert normalize("la Chine", language="fr-CA") == "chine"
    assert normalize("a satellite", language="fr") == "a satellite"
    assert normalize("Die Zeit", language="de") == "die zeit"


def test_normalize_drops_english_the_in_every_language() -> None:
    assert normalize("The Financial Times", language="fr") == "financial times"
    assert normalize("The Guardian", language="de") == "guardian"


def test_normalize_keeps_a_lone_article_and_repeated_articles_shrink_to_one() -> None:
    assert normalize("The", language="en") == "the"
    assert normalize("Les", language="fr") == "les"
    assert normalize("the the", language="en") == "the"


def test_normalize_keeps_inner_punctuation_digits_and_symbols() -> None:
    assert normalize("C++", language="en") == "c++"
    assert normalize("R1", language="en") != normalize("R2", language="en")
    assert normalize("50 %", language="fr") == "50 %"
    assert normalize("Liang, Wenfeng") != normalize("Liang Wenfeng")


def test_normalize_strict_keeps_accents_but_not_case() -> None:
    assert normalize("États-Unis", language="fr", strict=True) == "états unis"
    assert normalize("ÉTATS-UNIS", language="fr", strict=True) == "états unis"
    assert normalize("Etats-Unis", language="fr", strict=True) == "etats unis"


def test_display_form_trims_like_normalize_but_keeps_case_and_accents() -> None:
    assert display_form("  les États-Unis ! ", language="fr") == "États-Unis"
    assert display_form("The Financial Times", language="en") == "Financial Times"
    assert display_form("\ufeffLiang\u200b Wen\u00adfeng", language="en") == "Liang Wenfeng"


def test_primary_language_reads_bcp47_codes() -> None:
    assert primary_language("fr-CA") == "fr"
    assert primary_language("en_GB") == "en"
    assert primary_language("FR") == "fr"


languages = st.sampled_from(["en", "fr", "fr-CA", "de"])


@given(st.text(), languages, st.booleans())
def test_normalize_is_idempotent(text: str, language: str, strict: bool) -> None:
    once = normalize(text, language=language, strict=strict)
    assert normalize(once, language=language, strict=strict) == once


@given(st.text(), languages)
def test_normalize_never_leaves_surrounding_spaces_or_runs(text: str, language: str) -> None:
    result = normalize(text, language=language)
    assert result == result.strip()
    assert "  " not in result
