"""The DeepSeek decks load, mirror each other, quote their seeds and cover the articles."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from quizapp.core.deck_loader import load_deck
from quizapp.core.model import (
    BasicCard,
    Card,
    CardKind,
    ChoiceCard,
    ClozeCard,
    Deck,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)

ROOT = Path(__file__).resolve().parents[2]
DECKS = {"fr": ROOT / "decks" / "deepseek-fr.yaml", "en": ROOT / "decks" / "deepseek-en.yaml"}
SEEDS = {
    "scmp-vietnamnet": ROOT / "seeds" / "000_0a697c8906e802f4.txt",
    "cryptopolitan": ROOT / "seeds" / "004_3588fa340c92ff7d.txt",
}
TAG_GROUPS = ("people", "organisations", "dates", "figures", "sputnik", "geopolitics", "technology")

PEOPLE = (
    "Liang Wenfeng",
    "Marc Andreessen",
    "Peter Milliken",
    "Rao Yi",
    "Huang Kunming",
    "Sam Altman",
    "Tilly Zhang",
    "Li Qiang",
    "Elon Musk",
    "Donald Trump",
)
ORGANISATIONS = (
    "DeepSeek",
    "High-Flyer",
    "Nvidia",
    "OpenAI",
    "SoftBank",
    "Stargate",
    "xAI",
    "Google",
    "Meta",
    "Anthropic",
    "ByteDance",
    "TikTok",
    "Xinhua",
    "Science and Technology Daily",
    "36Kr",
    "Financial Times",
    "Gavekal",
    "Deutsche Bank",
    "SCMP",
    "Cryptopolitan",
)
NUMERIC_FIGURES = (19e6, 1e12, 600e9, 100e9, 10_000, 1_000_000, 50, 3)
"""Donation, market value wiped out, Nvidia's loss, Stargate, cluster, xAI GPUs, 50x, years."""
DATES = {
    "fr": ("2021", "2022", "28 janvier 2022", "2023", "2024", "mai 2024", "27 janvier", "1957"),
    "en": ("2021", "2022", "28 January 2022", "2023", "2024", "May 2024", "27 January", "1957"),
}


@cache
def deck(language: str) -> Deck:
    return load_deck(DECKS[language])


def normalise(text: str) -> str:
    """Whitespace and quote marks folded, as the loader compares quotes."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[’‘`']", "'", text)
    text = re.sub(r"[«»“”\"]", '"', text)
    return re.sub(r"\s+", " ", text).strip()


def visible_text(card: Card) -> str:
    """Everything a learner can read on a card, answers included."""
    parts: list[str] = [card.explain or ""]
    if isinstance(card, BasicCard):
        parts += [card.front, card.back]
    elif isinstance(card, TypedCard):
        parts += [card.question, card.answer, *card.accept]
    elif isinstance(card, ChoiceCard):
        parts += [card.question, *card.options]
    elif isinstance(card, TrueFalseCard):
        parts.append(card.statement)
    elif isinstance(card, ClozeCard):
        parts.append(card.full_text)
    elif isinstance(card, OrderCard):
        parts += [card.question, *card.items]
    elif isinstance(card, NumericCard):
        parts.append(card.question)
    return " ".join(parts)


def deck_text(language: str) -> str:
    return " ".join(visible_text(card) for card in deck(language).cards).casefold()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_deck_loads_with_its_language_and_enough_cards(language: str) -> None:
    loaded = deck(language)
    assert loaded.id == f"deepseek-{language}"
    assert loaded.language == language
    assert len(loaded.cards) >= 60


@pytest.mark.parametrize("language", ["fr", "en"])
def test_first_line_points_at_the_schema(language: str) -> None:
    first = DECKS[language].read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=deck.schema.json"


def test_both_decks_have_the_same_ids_and_kinds_in_the_same_order() -> None:
    fr = [(card.id, card.kind) for card in deck("fr").cards]
    en = [(card.id, card.kind) for card in deck("en").cards]
    assert fr == en


def test_ids_are_kebab_case() -> None:
    for card in deck("fr").cards:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", card.id), card.id


def test_translations_keep_each_card_shape_and_answer() -> None:
    """A translation may reword a card but never change what is right."""
    for fr, en in zip(deck("fr").cards, deck("en").cards, strict=True):
        assert fr.source == en.source, fr.id
        assert fr.tags == en.tags, fr.id
        if isinstance(fr, ChoiceCard) and isinstance(en, ChoiceCard):
            assert len(fr.options) == len(en.options), fr.id
            assert (fr.correct, fr.multiple) == (en.correct, en.multiple), fr.id
        elif isinstance(fr, OrderCard) and isinstance(en, OrderCard):
            assert len(fr.items) == len(en.items), fr.id
        elif isinstance(fr, TrueFalseCard) and isinstance(en, TrueFalseCard):
            assert fr.answer == en.answer, fr.id
        elif isinstance(fr, NumericCard) and isinstance(en, NumericCard):
            assert (fr.answer, fr.tolerance, fr.relative) == (en.answer, en.tolerance, en.relative)
        elif isinstance(fr, ClozeCard) and isinstance(en, ClozeCard):
            assert len(fr.gaps) == len(en.gaps), fr.id


@pytest.mark.parametrize("language", ["fr", "en"])
def test_sources_name_both_seed_files(language: str) -> None:
    sources = {source.id: source for source in deck(language).sources}
    assert set(sources) == set(SEEDS)
    for source_id, seed in SEEDS.items():
        assert sources[source_id].file == seed.resolve()
    assert sources["scmp-vietnamnet"].url is not None
    assert sources["scmp-vietnamnet"].url.startswith("https://vietnamnet.vn/")
    assert sources["cryptopolitan"].url is None  # the article gives none: do not invent one


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_quote_is_verbatim_in_its_seed(language: str) -> None:
    seeds = {ref: normalise(path.read_text(encoding="utf-8")) for ref, path in SEEDS.items()}
    for card in deck(language).cards:
        assert card.source is not None, card.id
        assert len(card.source.quote) >= 10, card.id
        assert normalise(card.source.quote) in seeds[card.source.ref], card.id


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_card_is_tagged_and_explained(language: str) -> None:
    for card in deck(language).cards:
        assert set(card.tags) & set(TAG_GROUPS), card.id
        assert card.explain and len(card.explain) > 20, card.id


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("tag", TAG_GROUPS)
def test_each_tag_group_has_cards(language: str, tag: str) -> None:
    assert sum(tag in card.tags for card in deck(language).cards) >= 5


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_card_kind_is_used(language: str) -> None:
    assert {card.kind for card in deck(language).cards} == set(CardKind)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", PEOPLE + ORGANISATIONS)
def test_every_person_and_organisation_appears(language: str, name: str) -> None:
    assert name.casefold() in deck_text(language)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_date_appears(language: str) -> None:
    text = deck_text(language)
    for date in DATES[language]:
        assert date.casefold() in text, date


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_articles_figures_are_asked(language: str) -> None:
    answers = {card.answer for card in deck(language).cards if isinstance(card, NumericCard)}
    assert set(NUMERIC_FIGURES) <= answers
    typed = " ".join(c.answer for c in deck(language).cards if isinstance(c, TypedCard))
    assert "138" in typed


@pytest.mark.parametrize("language", ["fr", "en"])
def test_corrections_are_explained(language: str) -> None:
    """Where an article is wrong, the explanation gives the facts."""
    loaded = deck(language)
    assert "1839" in (loaded.card("opium-wars-dates").explain or "")
    assert "589" in (loaded.card("nvidia-loss").explain or "")
    assert "2025" in (loaded.card("r1-2024-claim").explain or "")
    assert "500" in (loaded.card("stargate-amount").explain or "")
    assert "1957" in (loaded.card("sputnik-date").explain or "")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_deck_validates_against_the_shipped_schema(language: str) -> None:
    """Editors check decks with decks/deck.schema.json: the bundled decks must pass it."""
    jsonschema = pytest.importorskip("jsonschema")
    yaml = pytest.importorskip("yaml")
    schema = json.loads((ROOT / "decks" / "deck.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load(DECKS[language].read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(data)]
    assert problems == []
