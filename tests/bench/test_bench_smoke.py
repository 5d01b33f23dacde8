"""The benchmark harness works: generated decks follow the deck format, and run.py --quick ends."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench import gen

REPO_ROOT = Path(__file__).resolve().parents[2]

TINY = gen.Sizes(
    big_deck=21,
    huge_deck=35,
    user_files=2,
    user_cards_per_file=14,
    store_cards=28,
    store_reviews=280,
    store_due=9,
)
ID = re.compile(r"[a-z0-9][a-z0-9-]*")
CARD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
TEXT_KEYS = {
    "basic": ("front", "back"),
    "typed": ("question", "answer"),
    "choice": ("question",),
    "truefalse": ("statement",),
    "cloze": ("text",),
    "order": ("question",),
    "numeric": ("question",),
}
ALLOWED = {
    "basic": {"front", "back"},
    "typed": {"question", "answer", "accept"},
    "choice": {"question", "options", "answer", "answers", "shuffle"},
    "truefalse": {"statement", "answer"},
    "cloze": {"text"},
    "order": {"question", "items"},
    "numeric": {"question", "answer", "tolerance", "unit"},
}
COMMON = {"id", "kind", "tags", "explain", "strict", "source"}


def check_card(card: dict[str, Any], sources: set[str]) -> None:
    """Assert one card follows the agreed deck format (docs: briefs/deck-format.md)."""
    kind = card["kind"]
    assert CARD_ID.fullmatch(card["id"]) and len(card["id"]) <= 64
    assert set(card) <= COMMON | ALLOWED[kind], set(card) - COMMON - ALLOWED[kind]
    for key in TEXT_KEYS[kind]:
        assert isinstance(card[key], str) and card[key].strip(), (card["id"], key)
    if "source" in card:
        assert card["source"]["ref"] in sources
    if kind == "choice":
        options = card["options"]
        assert len(options) >= 2 and len(set(options)) == len(options)
        assert ("answer" in card) != ("answers" in card)
        picked = card.get("answers") or [card["answer"]]
        assert picked and all(answer in options for answer in picked)
    elif kind == "truefalse":
        assert isinstance(card["answer"], bool)
    elif kind == "cloze":
        gaps = re.findall(r"\{\{(.*?)\}\}", card["text"])
        assert gaps and all(gap.split("|")[0].strip() for gap in gaps)
    elif kind == "order":
        assert len(card["items"]) >= 2 and len(set(card["items"])) == len(card["items"])
    elif kind == "numeric":
        assert isinstance(card["answer"], int | float) and not isinstance(card["answer"], bool)
        tolerance = card.get("tolerance", 0)
        assert isinstance(tolerance, int | float) or re.fullmatch(r"\d+(\.\d+)?%", tolerance)


def check_deck(path: Path, cards: int) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=deck.schema.json\n")
    assert "\t" not in text
    data: dict[str, Any] = yaml.safe_load(text)
    assert ID.fullmatch(data["deck"]) and data["title"]
    sources = {source["id"] for source in data["sources"]}
    assert len(data["cards"]) == cards
    assert len({card["id"] for card in data["cards"]}) == cards
    for card in data["cards"]:
        check_card(card, sources)
    return data


def test_bench_generated_decks_follow_the_format_with_every_kind(tmp_path: Path) -> None:
    inputs = gen.generate(TINY, tmp_path)
    big = check_deck(inputs.big_deck, TINY.big_deck)
    check_deck(inputs.huge_deck, TINY.huge_deck)
    user_decks = sorted(inputs.user_decks.glob("*.yaml"))
    assert len(user_decks) == TINY.user_files
    for path in user_decks:
        check_deck(path, TINY.user_cards_per_file)
    assert set(Counter(card["kind"] for card in big["cards"])) == set(gen.KINDS)


def test_bench_generator_is_deterministic(tmp_path: Path) -> None:
    first = gen.generate(TINY, tmp_path / "a")
    second = gen.generate(TINY, tmp_path / "b")
    assert first.huge_deck.read_bytes() == second.huge_deck.read_bytes()
    assert gen.deck_text("x", 50, seed=1) != gen.deck_text("x", 50, seed=2)


def test_bench_prompt_scan_matches_the_yaml(tmp_path: Path) -> None:
    inputs = gen.generate(TINY, tmp_path)
    data = yaml.safe_load(inputs.big_deck.read_text(encoding="utf-8"))
    keys = ("front", "question", "statement", "text")
    expected = [next(card[k] for k in keys if k in card) for card in data["cards"]]
    scanned = gen.generated_prompts(inputs.big_deck)
    assert len(scanned) == len(expected)
    for prompt, text in zip(scanned, expected, strict=True):
        assert prompt.split()[:3] == gen._GAP.sub("[_]", text).split()[:3]


def test_bench_loader_accepts_generated_decks_when_it_exists(tmp_path: Path) -> None:
    deck_loader = pytest.importorskip("quizapp.core.deck_loader")
    inputs = gen.generate(TINY, tmp_path)
    deck = deck_loader.load_deck(inputs.big_deck)
    assert len(deck.cards) == TINY.big_deck
    assert {card.kind.value for card in deck.cards} == set(gen.KINDS)


@pytest.mark.slow
def test_bench_quick_run_prints_one_table() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO_ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    table = [line for line in done.stdout.splitlines() if line.startswith("|")]
    assert table[0].startswith("| figure")
    figures = [line.split("|")[1].strip() for line in table[2:]]
    assert any(f.startswith("launch") for f in figures)
    assert any(f.startswith("first load") for f in figures)
    assert any("queue" in f for f in figures)
    assert "Traceback" not in done.stdout
