"""Checks each card of a deck document by its kind and builds the card dataclasses."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from quizapp.core.deck_rules import (
    Map,
    Seq,
    article,
    closest,
    describe,
    did_you_mean,
    is_scalar,
    mark_of,
    parse_cloze,
    parse_number,
    separated_number,
    short,
)
from quizapp.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    NumericCard,
    OrderCard,
    SourceQuote,
    TrueFalseCard,
    TypedCard,
)
from quizapp.core.schema import (
    ALL_CARD_KEYS,
    CARD_ID_PATTERN,
    CARD_SOURCE_KEYS,
    COMMON_CARD_KEYS,
    KIND_KEYS,
    KIND_REQUIRED,
    TOLERANCE_PATTERN,
)

if TYPE_CHECKING:
    from quizapp.core.deck_check import Checker

_CARD_ID = re.compile(CARD_ID_PATTERN)
_TOLERANCE = re.compile(TOLERANCE_PATTERN)
_KINDS = tuple(KIND_KEYS)
_KIND_LIST = ", ".join(_KINDS)
_ALLOWED = {kind: COMMON_CARD_KEYS + keys for kind, keys in KIND_KEYS.items()}
_CLASSES: dict[str, type[Card]] = {
    "basic": BasicCard,
    "typed": TypedCard,
    "choice": ChoiceCard,
    "truefalse": TrueFalseCard,
    "cloze": ClozeCard,
    "order": OrderCard,
    "numeric": NumericCard,
}

Entries = dict[str, tuple[Any, Any]]


class CardRules:
    """Validates the `cards:` list; shares the checker's problem list and sources."""

    def __init__(self, checker: Checker) -> None:
        self.check = checker
        self.first_ids: dict[str, Any] = {}
        """Card id -> the node of its first use, for duplicate messages."""
        self.quotes: list[tuple[Any, str, str]] = []

    def cards(self, entry: tuple[Any, Any]) -> tuple[Card, ...] | None:
        _key, node = entry
        if not isinstance(node, Seq):
            self.check.fail(node, f"expected a list of cards for 'cards', got {describe(node)}")
            return None
        if not node.items:
            self.check.fail(node, "a deck needs at least one card")
            return None
        built = [card for card in map(self.card, node.items) if card is not None]
        if self.quotes:
            self.check.check_quotes(self.quotes)
        return tuple(built)

    def card(self, node: Any) -> Card | None:
        check = self.check
        if not isinstance(node, Map):
            check.fail(node, f"expected a card (a mapping with id, kind, …), got {describe(node)}")
            return None
        before = len(check.problems)
        entries = check.index(node)
        kind = self.kind(node, entries)
        allowed = _ALLOWED[kind] if kind else ALL_CARD_KEYS
        where = f" for a {kind} card" if kind else ""
        strangers: Entries = {}
        for name, entry in entries.items():
            if name in allowed:
                continue
            users = [other for other, keys in KIND_KEYS.items() if name in keys]  # rare path
            if kind and users:
                check.fail(
                    entry[0],
                    f"key '{short(name)}' does not belong on {article(kind)} {kind} card "
                    f"(used by: {', '.join(users)})",
                )
            else:
                strangers[name] = entry
        meant = check.unknown_keys(strangers, allowed, where)
        card_id = self.card_id(node, entries, where, meant)
        common: dict[str, Any] = {"id": card_id}
        if "tags" in entries:
            common["tags"] = check.text_list(entries["tags"])
        if "explain" in entries:
            common["explain"] = check.text(entries["explain"])
        if "strict" in entries:
            common["strict"] = check.boolean(entries["strict"])
        if "source" in entries:
            common["source"] = self.source(entries["source"])
        if kind is None:
            return None
        check.missing_keys(node, entries, KIND_REQUIRED[kind], where, meant)
        fields = getattr(self, f"_{kind}")(node, entries)
        if fields is None or len(check.problems) != before:
            return None
        return _CLASSES[kind](**common, **fields)

    def kind(self, node: Any, entries: Entries) -> str | None:
        if "kind" not in entries:
            if not any(closest(name, ALL_CARD_KEYS) == "kind" for name in entries):
                self.check.fail(node, f"missing required key 'kind' (one of: {_KIND_LIST})")
            return None  # else `knd:` is reported as an unknown key, "did you mean 'kind'?"
        value = entries["kind"][1]
        if not is_scalar(value):
            self.check.fail(value, f"expected a card kind ({_KIND_LIST}), got {describe(value)}")
            return None
        if value.value not in KIND_KEYS:
            self.check.fail(
                value,
                f"unknown kind '{short(value.value)}' (expected one of: {_KIND_LIST})"
                f"{did_you_mean(value.value, _KINDS)}",
            )
            return None
        return str(value.value)

    def card_id(self, node: Any, entries: Entries, where: str, meant: set[str]) -> str | None:
        if "id" not in entries:
            if "id" not in meant:
                self.check.fail(node, f"missing required key 'id'{where}")
            return None
        card_id = self.check.identifier(entries["id"], _CARD_ID, "card id")
        if card_id is None:
            return None
        id_node = entries["id"][1]
        first = self.first_ids.get(card_id)
        if first is not None:
            self.check.fail(
                id_node, f"duplicate card id '{card_id}' (first used at line {mark_of(first)[0]})"
            )
            return None
        self.first_ids[card_id] = id_node
        return card_id

    def source(self, entry: tuple[Any, Any]) -> SourceQuote | None:
        check = self.check
        _key, node = entry
        if not isinstance(node, Map):
            check.fail(node, f"expected a mapping with 'ref' and 'quote', got {describe(node)}")
            return None
        entries = check.index(node)
        check.unknown_keys(entries, CARD_SOURCE_KEYS, " in a card's source")
        check.missing_keys(node, entries, CARD_SOURCE_KEYS, " in a card's source")
        ref = check.text(entries["ref"]) if "ref" in entries else None
        quote = check.text(entries["quote"]) if "quote" in entries else None
        if ref is not None and ref not in check.sources:
            known = ", ".join(check.sources) if check.sources else "the deck lists no sources"
            check.fail(
                entries["ref"][1],
                f"unknown source '{short(ref)}' (known: {known})"
                f"{did_you_mean(ref, list(check.sources))}",
            )
            return None
        if ref is None or quote is None:
            return None
        self.quotes.append((entries["quote"][1], ref, quote))
        return SourceQuote(ref=ref, quote=quote)

    # -- one method per kind: the kind's own fields, or None -------------------------------

    def _texts(self, entries: Entries, *names: str) -> dict[str, Any] | None:
        values = {name: self.check.text(entries[name]) for name in names if name in entries}
        return values if len(values) == len(names) and None not in values.values() else None

    def _basic(self, node: Any, entries: Entries) -> dict[str, Any] | None:
        return self._texts(entries, "front", "back")

    def _typed(self, node: Any, entries: Entries) -> dict[str, Any] | None:
        fields = self._texts(entries, "question", "answer")
        if "accept" in entries:
            accept = self.check.text_list(entries["accept"])
            if fields is not None and accept is not None:
                fields["accept"] = accept
        return fields

    def _choice(self, node: Any, entries: Entries) -> dict[str, Any] | None:
        check = self.check
        fields = self._texts(entries, "question")
        options = None
        if "options" in entries:
            options = check.text_list(
                entries["options"], min_items=2, unique=True, too_few="a choice card needs"
            )
        shuffle = check.boolean(entries["shuffle"]) if "shuffle" in entries else True
        if "answer" in entries and "answers" in entries:
            check.fail(entries["answers"][0], "use either 'answer' or 'answers', not both")
            return None
        if "answer" not in entries and "answers" not in entries:
            check.fail(
                node,
                "missing required key 'answer' for a choice card "
                "(or 'answers' when several options are correct)",
            )
            return None
        multiple = "answers" in entries
        if multiple:
            answers = check.text_list(entries["answers"], min_items=1, unique=True)
            nodes = entries["answers"][1].items if answers is not None else []
        else:
            answer = check.text(entries["answer"])
            answers = None if answer is None else (answer,)
            nodes = [entries["answer"][1]]
        if fields is None or options is None or answers is None:
            return None
        correct: set[int] = set()
        for answer_node, answer in zip(nodes, answers, strict=True):
            if answer in options:
                correct.add(options.index(answer))
                continue
            hint = did_you_mean(answer, options)
            check.fail(answer_node, f"answer '{short(answer)}' is not one of the options{hint}")
        fields.update(
            options=options, correct=frozenset(correct), multiple=multiple, shuffle=shuffle
        )
        return fields

    def _truefalse(self, node: Any, entries: Entries) -> dict[str, Any] | None:
        fields = self._texts(entries, "statement")
        if "answer" not in entries:
            return None
        answer = self.check.boolean(entries["answer"])
        if fields is None or answer is None:
            return None
        fields["answer"] = answer
        return fields

    def _cloze(self, node: Any, entries: Entries) -> dict[str, Any] | None:
        fields = self._texts(entries, "text")
        if fields is None:
            return None
        parts, problem = parse_cloze(fields["text"])
        if problem is not None:
            node = entries["text"][1]
            self.check.fail(self.check.locate(node, problem.piece), problem.message)
            return None
        fields["parts"] = parts
        return fields

    def _order(self, node: Any, entries: Entries) -> dict[str, Any] | None:
        fields = self._texts(entries, "question")
        if "items" not in entries:
            return None
        items = self.check.text_list(
            entries["items"], min_items=2, unique=True, too_few="an order card needs"
        )
        if fields is None or items is None:
            return None
        fields["items"] = items
        return fields

    def _numeric(self, node: Any, entries: Entries) -> dict[str, Any] | None:
        check = self.check
        fields = self._texts(entries, "question")
        answer = check.number(entries["answer"], "numeric answer") if "answer" in entries else None
        unit = check.text(entries["unit"]) if "unit" in entries else None
        tolerance: tuple[float, bool] | None = (0.0, False)
        if "tolerance" in entries:
            tolerance = self.tolerance(entries["tolerance"][1])
        if fields is None or answer is None or tolerance is None:
            return None
        fields.update(answer=answer, tolerance=tolerance[0], relative=tolerance[1], unit=unit)
        return fields

    def tolerance(self, node: Any) -> tuple[float, bool] | None:
        """(tolerance, relative): a number is absolute, "5%" is relative (0.05)."""
        if is_scalar(node) and _TOLERANCE.match(node.value.strip()):
            return float(node.value.strip().rstrip("%").strip()) / 100, True
        written = node.value if is_scalar(node) and not node.style else ""
        if written and (parse_number(written) is not None or separated_number(written)):
            value = self.check.number((None, node), "tolerance")
            if value is None:
                return None
            if value < 0:
                self.check.fail(node, "tolerance must not be negative")
                return None
            return value, False
        self.check.fail(
            node,
            f'tolerance must be a number (absolute) or a percentage such as "5%", '
            f"got {describe(node)}",
        )
        return None
