"""Deterministic generator of the benchmark inputs: big decks with every card kind, and a store.

Everything is written under `bench/out/` in a folder named after `GEN_VERSION` and the sizes, so a
second run reuses what the first one made; bump `GEN_VERSION` whenever the output would change.

    python bench/gen.py            # the full-size inputs
    python bench/gen.py --quick    # the small ones the smoke test and `run.py --quick` use
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

GEN_VERSION = 1
"""Part of every output folder's name: a new version never reuses stale inputs."""

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"

KINDS = ("basic", "typed", "choice", "truefalse", "cloze", "order", "numeric")

_VOCABULARY = (
    "marché puce modèle coût entraînement serveur réseau données calcul mémoire "
    "laboratoire fondateur startup exportation contrôle semi-conducteur capital bourse "
    "investissement chercheur université efficacité énergie logiciel ouvert fermé licence "
    "poids paramètre inférence raisonnement mathématique code benchmark classement "
    "market chip model cost training server network data compute memory lab founder "
    "export control capital exchange investor researcher university efficiency energy "
    "software open license weight parameter inference reasoning benchmark ranking"
)
_WORDS = tuple(_VOCABULARY.split())
_NAMES = (
    "Liang Wenfeng",
    "Jensen Huang",
    "Sam Altman",
    "Dario Amodei",
    "Lisa Su",
    "Marie Curie",
    "Ada Lovelace",
    "Alan Turing",
    "Grace Hopper",
    "Hedy Lamarr",
)
_UNITS = ("Md$", "%", "km", "GPU", "jours", "tokens", None)
_PLAIN = re.compile(r"[A-Za-zÀ-ÿ][^:#\"'\n\t]*[^\s:]")
_YAML11_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def scalar(text: str) -> str:
    """YAML for `text`: plain when that reads back as the same string, double-quoted otherwise."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML11_WORDS and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow_list(texts: list[str]) -> str:
    """A flow sequence of strings; items are always quoted because `,` and `]` end plain ones."""
    return "[" + ", ".join(json.dumps(t, ensure_ascii=False) for t in texts) + "]"


class _Text:
    """Seeded source of sentences, so a given seed always writes byte-identical decks."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choices(_WORDS, k=self.rng.randint(low, high)))

    def sentence(self, low: int = 6, high: int = 14) -> str:
        text = self.words(low, high)
        return text[0].upper() + text[1:]

    def question(self) -> str:
        return self.sentence(5, 12) + " ?"

    def distinct(self, count: int, low: int = 1, high: int = 4) -> list[str]:
        found: list[str] = []
        while len(found) < count:
            candidate = self.words(low, high)
            if candidate not in found:
                found.append(candidate)
        return found


def _common(rng: random.Random, text: _Text, card_id: str, kind: str, index: int) -> list[str]:
    lines = [f"  - id: {card_id}", f"    kind: {kind}"]
    if rng.random() < 0.6:
        lines.append(f"    tags: {flow_list(rng.sample(['ia', 'chips', 'finance', 'people'], 2))}")
    if rng.random() < 0.3:
        lines.append(f"    explain: {scalar(text.sentence(8, 20))}")
    if index % 50 == 7:
        lines.append("    strict: true")
    if index % 20 == 3:
        lines += [
            "    source:",
            f"      ref: src-{index % 3}",
            f"      quote: {scalar(text.sentence(4, 10))}",
        ]
    return lines


def _basic(rng: random.Random, text: _Text) -> list[str]:
    return [f"    front: {scalar(text.question())}", f"    back: {scalar(text.sentence(4, 12))}"]


def _typed(rng: random.Random, text: _Text) -> list[str]:
    name = rng.choice(_NAMES)
    first, last = name.split(" ", 1)
    return [
        f"    question: {scalar(text.question())}",
        f"    answer: {scalar(name)}",
        f"    accept: {flow_list([last, f'{last} {first}'])}",
    ]


def _choice(rng: random.Random, text: _Text) -> list[str]:
    options = text.distinct(rng.randint(3, 5))
    lines = [f"    question: {scalar(text.question())}", "    options:"]
    lines += [f"      - {scalar(option)}" for option in options]
    if rng.random() < 0.25:
        lines.append(f"    answers: {flow_list(rng.sample(options, 2))}")
    else:
        lines.append(f"    answer: {scalar(rng.choice(options))}")
    if rng.random() < 0.2:
        lines.append("    shuffle: false")
    return lines


def _truefalse(rng: random.Random, text: _Text) -> list[str]:
    answer = "true" if rng.random() < 0.5 else "false"
    return [f"    statement: {scalar(text.sentence(6, 16) + '.')}", f"    answer: {answer}"]


def _cloze(rng: random.Random, text: _Text) -> list[str]:
    gaps = rng.randint(1, 3)
    pieces = [text.sentence(3, 8)]
    for _ in range(gaps):
        answer = rng.choice(_WORDS)
        gap = f"{{{{{answer}|{answer.upper()}}}}}" if rng.random() < 0.3 else f"{{{{{answer}}}}}"
        pieces += [gap, text.words(2, 6)]
    return [f"    text: {json.dumps(' '.join(pieces) + '.', ensure_ascii=False)}"]


def _order(rng: random.Random, text: _Text) -> list[str]:
    items = [
        f"{year} {words}"
        for year, words in zip(range(1990, 2030, 7), text.distinct(4), strict=False)
    ]
    lines = [f"    question: {scalar(text.question())}", "    items:"]
    return lines + [f"      - {json.dumps(item, ensure_ascii=False)}" for item in items]


def _numeric(rng: random.Random, text: _Text) -> list[str]:
    lines = [
        f"    question: {scalar(text.question())}",
        f"    answer: {rng.choice([rng.randint(1, 100000), round(rng.uniform(0, 1000), 2)])}",
    ]
    roll = rng.random()
    if roll < 0.4:
        lines.append(f'    tolerance: "{rng.randint(1, 10)}%"')
    elif roll < 0.7:
        lines.append(f"    tolerance: {rng.randint(1, 50)}")
    unit = rng.choice(_UNITS)
    if unit:
        lines.append(f"    unit: {scalar(unit) if unit != '%' else json.dumps(unit)}")
    return lines


_KIND_WRITERS: dict[str, Callable[[random.Random, _Text], list[str]]] = {
    "basic": _basic,
    "typed": _typed,
    "choice": _choice,
    "truefalse": _truefalse,
    "cloze": _cloze,
    "order": _order,
    "numeric": _numeric,
}


def card_ids(deck_id: str, count: int) -> list[str]:
    """The card ids `deck_text` writes, in order (the store generator keys progress on them)."""
    return [f"{deck_id}-c{index:06d}" for index in range(count)]


def deck_lines(deck_id: str, count: int, seed: int) -> Iterator[str]:
    """The lines of a deck of `count` cards; kinds cycle so every kind is present from 7 cards."""
    rng = random.Random(f"{seed}:{deck_id}")
    text = _Text(rng)
    yield "# yaml-language-server: $schema=deck.schema.json"
    yield f"deck: {deck_id}"
    yield f"title: Banc d'essai {deck_id} ({count} cartes)"
    yield "language: fr"
    yield f"description: {scalar(text.sentence())}"
    yield f"authors: {flow_list(['Générateur bench/gen.py'])}"
    yield "sources:"
    for number in range(3):
        yield f"  - id: src-{number}"
        yield f"    title: {scalar(text.sentence(3, 6))}"
        yield f"    url: https://example.org/bench/{number}"
    yield "cards:"
    for index, card_id in enumerate(card_ids(deck_id, count)):
        kind = KINDS[index % len(KINDS)]
        yield from _common(rng, text, card_id, kind, index)
        yield from _KIND_WRITERS[kind](rng, text)


def deck_text(deck_id: str, count: int, seed: int = 8) -> str:
    return "\n".join(deck_lines(deck_id, count, seed)) + "\n"


@dataclass(frozen=True, slots=True)
class Sizes:
    """How big each generated input is; `FULL` is what the issue asks for."""

    big_deck: int
    huge_deck: int
    user_files: int
    user_cards_per_file: int
    store_cards: int
    store_reviews: int
    store_due: int

    @property
    def label(self) -> str:
        users = f"{self.user_files}x{self.user_cards_per_file}"
        return f"v{GEN_VERSION}-{self.big_deck}-{self.huge_deck}-{users}"


FULL = Sizes(10_000, 100_000, 10, 10_000, 100_000, 1_000_000, 30_000)
QUICK = Sizes(700, 2_100, 2, 700, 2_000, 20_000, 600)


@dataclass(frozen=True, slots=True)
class Inputs:
    """Paths of the generated inputs."""

    root: Path
    big_deck: Path
    huge_deck: Path
    user_home: Path
    """A QUIZAPP_HOME whose `decks/` folder holds the user's decks."""
    sizes: Sizes

    @property
    def user_decks(self) -> Path:
        return self.user_home / "decks"


def _write_once(path: Path, make: Callable[[], str]) -> None:
    """Write atomically, and only if absent: an interrupted run never leaves half a deck."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_text(make(), encoding="utf-8")
    partial.replace(path)


def generate(sizes: Sizes = FULL, out_dir: Path = OUT_DIR, seed: int = 8) -> Inputs:
    """Write the decks for `sizes` (reusing earlier output) and return their paths."""
    root = out_dir / sizes.label
    inputs = Inputs(
        root=root,
        big_deck=root / "decks" / f"bench-{sizes.big_deck}.yaml",
        huge_deck=root / "decks" / f"bench-{sizes.huge_deck}.yaml",
        user_home=root / "home",
        sizes=sizes,
    )
    _write_once(inputs.big_deck, lambda: deck_text(f"bench-{sizes.big_deck}", sizes.big_deck, seed))
    _write_once(
        inputs.huge_deck, lambda: deck_text(f"bench-{sizes.huge_deck}", sizes.huge_deck, seed)
    )
    for number in range(sizes.user_files):
        deck_id = f"bench-user-{number:02d}"
        _write_once(
            inputs.user_decks / f"{deck_id}.yaml",
            partial(deck_text, deck_id, sizes.user_cards_per_file, seed),
        )
    return inputs


_PROMPT_LINE = re.compile(r"^    (?:front|question|statement|text): (.*)$", re.MULTILINE)
_GAP = re.compile(r"\{\{.*?\}\}")


def generated_prompts(path: Path) -> list[str]:
    """The prompts of a deck this module wrote, read by a line scan (no YAML parse needed).

    Cloze gaps become `[n]`, as the learner sees them.
    """
    prompts: list[str] = []
    for raw in _PROMPT_LINE.findall(path.read_text(encoding="utf-8")):
        value = json.loads(raw) if raw.startswith('"') else raw
        prompts.append(_GAP.sub("[_]", value))
    return prompts


def user_deck_ids(sizes: Sizes) -> list[str]:
    return [f"bench-user-{number:02d}" for number in range(sizes.user_files)]


def clean(out_dir: Path = OUT_DIR) -> None:
    """Remove every generated input (the next run regenerates them)."""
    shutil.rmtree(out_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs for a smoke run")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    parser.add_argument("--store", action="store_true", help="also build the progress store")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    inputs = generate(sizes, args.out)
    print(f"decks in {inputs.root}")
    if args.store:
        from bench.gen_store import build_store

        print(build_store(inputs) or "quizapp.core.store is not built yet: no store")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO_ROOT))
    raise SystemExit(main())
