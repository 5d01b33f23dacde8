"""The .apkg goes into Anki's own backend: every note arrives, and a newer export updates it."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.core.exports import ExportOptions, export_deck
from quizapp.core.exports.anki import (
    QA_BASIC_ID,
    QA_CHOICE_ID,
    QA_CLOZE_ID,
    QA_TYPED_ID,
    deck_id_for,
    deck_name,
    note_guid,
)
from quizapp.core.model import BasicCard, Deck, TypedCard
from tests.exports.test_exports_golden import anki_notes

anki_collection = pytest.importorskip("anki.collection")
import_export = pytest.importorskip("anki.import_export_pb2")

MODEL_OF_KIND = {
    "basic": QA_BASIC_ID,
    "typed": QA_TYPED_ID,
    "choice": QA_CHOICE_ID,
    "truefalse": QA_BASIC_ID,
    "cloze": QA_CLOZE_ID,
    "order": QA_BASIC_ID,
    "numeric": QA_BASIC_ID,
}


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[object]:
    col = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()


def import_apkg(col: object, data: bytes, path: Path) -> object:
    path.write_bytes(data)
    options = anki_collection.ImportAnkiPackageOptions(
        update_notes=import_export.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        update_notetypes=import_export.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
    )
    request = anki_collection.ImportAnkiPackageRequest(package_path=str(path), options=options)
    return col.import_anki_package(request)  # type: ignore[attr-defined]


def notes_by_guid(col: object) -> dict[str, object]:
    found = col.find_notes("")  # type: ignore[attr-defined]
    notes = [col.get_note(nid) for nid in found]  # type: ignore[attr-defined]
    return {note.guid: note for note in notes}


def test_exports_anki_import_finds_every_note(
    deck: Deck, collection: object, tmp_path: Path
) -> None:
    result = export_deck(deck, "anki", ExportOptions(timestamp=1_700_000_000.0))
    response = import_apkg(collection, result.files[0].data, tmp_path / "a.apkg")
    assert len(response.log.new) == len(deck.cards)  # type: ignore[attr-defined]
    notes = notes_by_guid(collection)
    assert len(notes) == len(deck.cards)
    for card in deck.cards:
        note = notes[note_guid(deck.id, card.id)]
        assert note.mid == MODEL_OF_KIND[card.kind.value]  # type: ignore[attr-defined]
        assert f"quizapp::{deck.id}" in note.tags  # type: ignore[attr-defined]
        fields = note.fields  # type: ignore[attr-defined]
        # The prompt text arrives HTML-escaped, so markup in a deck never becomes live HTML.
        first = html.unescape(fields[0].replace("<br>", "\n"))
        if card.kind.value != "cloze":
            assert card.prompt.replace("\x07", "").split("\n")[0] in first
    basic = notes[note_guid(deck.id, "basic-short")]
    assert basic.fields[0] == "Who wrote &lt;script&gt;alert(1)&lt;/script&gt;?"  # type: ignore[attr-defined]
    typed = notes[note_guid(deck.id, "typed-formula")]
    assert typed.note_type()["name"] == "quizapp typed"  # type: ignore[attr-defined]
    assert typed.fields[1] == '=HYPERLINK("http://evil.example","click")'  # type: ignore[attr-defined]
    cloze = notes[note_guid(deck.id, "cloze-two")]
    assert cloze.fields[0].startswith("{{c1::Paris}} is the capital of {{c2::France}}")  # type: ignore[attr-defined]
    # The literal `{{c1::x}}` of the deck text cannot make a third deletion.
    assert len(cloze.cards()) == 2  # type: ignore[attr-defined]
    # `::` would make Anki sub-decks, so the title's `::` arrives as one `:`.
    names = {d.name for d in collection.decks.all_names_and_ids()}  # type: ignore[attr-defined]
    assert "Nasty : deck / {title}" in names


def edited(deck: Deck) -> Deck:
    cards = tuple(
        dataclasses.replace(c, back="Ada Lovelace")
        if isinstance(c, BasicCard) and c.id == "basic-short"
        else dataclasses.replace(c, answer="=SUM(2)")
        if isinstance(c, TypedCard)
        else c
        for c in deck.cards
    )
    return dataclasses.replace(deck, cards=cards)


def test_exports_anki_reimport_updates_instead_of_duplicating(
    deck: Deck, collection: object, tmp_path: Path
) -> None:
    first = export_deck(deck, "anki", ExportOptions(timestamp=1_700_000_000.0))
    second = export_deck(edited(deck), "anki", ExportOptions(timestamp=1_700_000_600.0))
    guids_first = [n["guid"] for n in anki_notes(first.files[0].data)]
    guids_second = [n["guid"] for n in anki_notes(second.files[0].data)]
    assert guids_first == guids_second
    assert len(set(guids_first)) == len(deck.cards)

    import_apkg(collection, first.files[0].data, tmp_path / "first.apkg")
    response = import_apkg(collection, second.files[0].data, tmp_path / "second.apkg")
    assert len(response.log.new) == 0  # type: ignore[attr-defined]
    assert len(response.log.updated) >= 2  # type: ignore[attr-defined]
    notes = notes_by_guid(collection)
    assert len(notes) == len(deck.cards)
    assert notes[note_guid(deck.id, "basic-short")].fields[1] == "Ada Lovelace"  # type: ignore[attr-defined]
    assert notes[note_guid(deck.id, "typed-formula")].fields[1] == "=SUM(2)"  # type: ignore[attr-defined]


def test_exports_anki_ids_are_stable_constants(deck: Deck) -> None:
    notes = anki_notes(export_deck(deck, "anki").files[0].data)
    assert {n["model"] for n in notes} == {QA_BASIC_ID, QA_TYPED_ID, QA_CHOICE_ID, QA_CLOZE_ID}
    assert deck_id_for("nasty-deck") == deck_id_for("nasty-deck")
    assert deck_id_for("nasty-deck") != deck_id_for("other-deck")
    assert 1 << 30 <= deck_id_for("nasty-deck") < 1 << 31
    assert note_guid("d", "c1") != note_guid("d", "c2")


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Chemistry ::: Reactions", "Chemistry : Reactions"),
        ("Math::Algebra", "Math:Algebra"),
        ("a::::b : c", "a:b : c"),
        ("  Two\nlines  ", "Two lines"),
        ("::", ":"),
    ],
)
def test_exports_anki_deck_name_never_makes_a_sub_deck(title: str, name: str) -> None:
    found = deck_name(Deck(id="d", title=title, cards=()))
    assert found == name and "::" not in found
