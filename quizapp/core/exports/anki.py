"""Anki `.apkg` through genanki, with fixed ids so a newer export updates the notes (spec 3)."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from typing import Any

from quizapp.core.exports.common import (
    ExportFile,
    ExportOptions,
    ExportResult,
    ReportBuilder,
    clean,
    html_text,
    labels,
    letters,
    numeric_answer,
    option_order,
    rng_for,
    shuffled_order,
)
from quizapp.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    Deck,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)

# Generated once and fixed forever: Anki knows a note type by its id (spec 3.2). A change to
# a model's field list needs a new constant.
QA_BASIC_ID = 2083501746
QA_TYPED_ID = 1369052603
QA_CHOICE_ID = 1091472047
QA_CLOZE_ID = 1300042101

CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: left; }\n"

CLOZE_REFS = {"{": "&#123;", "}": "&#125;", ":": "&#58;"}


def deck_id_for(deck_id: str) -> int:
    """The Anki deck id of a quizapp deck: the same number on every export."""
    digest = hashlib.sha256(b"deck:" + deck_id.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(deck_id: str, card_id: str) -> str:
    """The note GUID: from the deck and card ids only, so edits to the text keep it."""
    import genanki  # type: ignore[import-untyped]

    return str(genanki.guid_for("quizapp", deck_id, card_id))


def _models() -> dict[str, Any]:
    import genanki

    def model(model_id: int, name: str, fields: list[str], qfmt: str, afmt: str) -> Any:
        return genanki.Model(
            model_id,
            name,
            fields=[{"name": f} for f in fields],
            templates=[{"name": "Card 1", "qfmt": qfmt, "afmt": afmt}],
            css=CSS,
        )

    return {
        "basic": model(
            QA_BASIC_ID,
            "quizapp basic",
            ["Front", "Back", "Extra"],
            "{{Front}}",
            "{{FrontSide}}<hr id=answer>{{Back}}<br>{{Extra}}",
        ),
        "typed": model(
            QA_TYPED_ID,
            "quizapp typed",
            ["Front", "Back", "Aliases", "Extra"],
            "{{Front}}<br>{{type:Back}}",
            "{{Front}}<hr id=answer>{{type:Back}}"
            "{{#Aliases}}<br>Also accepted: {{Aliases}}{{/Aliases}}<br>{{Extra}}",
        ),
        "choice": model(
            QA_CHOICE_ID,
            "quizapp choice",
            ["Question", "Options", "Answer", "Extra"],
            "{{Question}}{{Options}}",
            "{{FrontSide}}<hr id=answer>{{Answer}}<br>{{Extra}}",
        ),
        "cloze": genanki.Model(
            QA_CLOZE_ID,
            "quizapp cloze",
            fields=[{"name": "Text"}, {"name": "Back Extra"}],
            templates=[
                {
                    "name": "Cloze",
                    "qfmt": "{{cloze:Text}}",
                    "afmt": "{{cloze:Text}}<br>{{Back Extra}}",
                }
            ],
            css=CSS,
            model_type=genanki.Model.CLOZE,
        ),
    }


def _cloze_escape(text: str, *, strip: bool = True) -> str:
    """Cloze text: HTML, then `{ } :` as references so no deck text forms `{{c1::`."""
    return "".join(CLOZE_REFS.get(ch, ch) for ch in html_text(text, strip=strip))


def _list(tag: str, items: Sequence[str]) -> str:
    return f"<{tag}>" + "".join(f"<li>{html_text(i)}</li>" for i in items) + f"</{tag}>"


def note_fields(deck: Deck, card: Card) -> tuple[str, list[str]]:
    """The model name and the HTML field values of one card's note."""
    extra = html_text(card.explain) if card.explain else ""
    words = labels(deck.language)
    match card:
        case BasicCard():
            return "basic", [html_text(card.front), html_text(card.back), extra]
        case TypedCard():
            aliases = ", ".join(html_text(a) for a in card.accept)
            return "typed", [html_text(card.question), html_text(card.answer), aliases, extra]
        case ChoiceCard():
            stem = html_text(card.question)
            if card.multiple:
                stem += f" ({words['all_that_apply']})"
            order = option_order(deck, card, "anki")
            options = '<ol type="A">' + "".join(
                f"<li>{html_text(card.options[i])}</li>" for i in order
            )
            answer = "<br>".join(
                f"{letters([position])}. {html_text(card.options[i])}"
                for position, i in enumerate(order)
                if i in card.correct
            )
            return "choice", [stem, options + "</ol>", answer, extra]
        case TrueFalseCard():
            stem = html_text(card.statement) + f"<br>({words['true_or_false']})"
            return "basic", [stem, words["true"] if card.answer else words["false"], extra]
        case ClozeCard():
            pieces: list[str] = []
            gap_notes: list[str] = []
            number = 0
            for part in card.parts:
                if isinstance(part, str):
                    pieces.append(_cloze_escape(part, strip=False))
                    continue
                number += 1
                pieces.append(f"{{{{c{number}::{_cloze_escape(part.answer)}}}}}")
                if part.accept:
                    alts = ", ".join(html_text(a) for a in part.accept)
                    gap_notes.append(f"{number}: {words['also']} {alts}")
            back = "<br>".join([*gap_notes, *([extra] if extra else [])])
            return "cloze", ["".join(pieces).strip(), back]
        case OrderCard():
            order = shuffled_order(
                len(card.items), rng_for(deck.id, card.id, "anki"), avoid_identity=True
            )
            front = html_text(card.question) + _list("ul", [card.items[i] for i in order])
            return "basic", [front, _list("ol", card.items), extra]
        case NumericCard():
            return "basic", [html_text(card.question), html_text(numeric_answer(card)), extra]
    raise AssertionError(f"unknown card kind {card!r}")  # pragma: no cover


def _tags(deck: Deck, card: Card, report: ReportBuilder) -> list[str]:
    tags = [f"quizapp::{deck.id}"]
    for tag in card.tags:
        safe = "_".join(clean(tag).split())
        if safe != tag:
            report.change(card, f"tag {tag!r} written as {safe!r} (Anki tags have no spaces)")
        if safe:
            tags.append(safe)
    return tags


def deck_name(deck: Deck) -> str:
    """The Anki deck's name: the title on one line, without `::` (Anki's sub-deck separator;
    any run of colons becomes one, or `:::` would leave a `::` behind)."""
    return " ".join(re.sub(r":{2,}", ":", clean(deck.title)).split()) or deck.id


def export_anki(deck: Deck, cards: Sequence[Card], options: ExportOptions) -> ExportResult:
    """Write an .apkg holding one note per card, in an Anki deck named after the deck title."""
    import genanki

    report = ReportBuilder("anki", deck.id, len(cards))
    models = _models()
    name = deck_name(deck)
    anki_deck = genanki.Deck(deck_id_for(deck.id), name, description=html_text(deck.description))
    for card in cards:
        kind, fields = note_fields(deck, card)
        if isinstance(card, TypedCard) and card.accept:
            report.change(card, "Anki compares the typed answer with the main answer only")
        anki_deck.add_note(
            genanki.Note(
                model=models[kind],
                fields=fields,
                tags=_tags(deck, card, report),
                guid=note_guid(deck.id, card.id),
            )
        )
    buffer = io.BytesIO()
    genanki.Package(anki_deck).write_to_file(buffer, timestamp=options.timestamp)
    return ExportResult((ExportFile(".apkg", buffer.getvalue()),), report.build())
