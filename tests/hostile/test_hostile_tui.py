"""The app on hostile decks: every broken deck listed with its first error while a good deck
still studies, and card text that looks like markup shown as the characters written.

"Shown as written" is checked twice: the widget's text holds the brackets literally (markup
that was parsed would have lost them), and no rendered segment carries a link or a click
action (what `[link="…"]` or `[@click=…]` would have made).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select, Static

from quizapp.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from quizapp.core.store import ProgressStore
from quizapp.tui.screens.browse import BrowseScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.screens.summary import SummaryScreen
from tests.hostile import corpus_gen
from tests.hostile.expected import COMMITTED, CORPUS, GENERATED, GOOD, MARKUP_DECK
from tests.tui.tui_helpers import MakeApp
from tests.tui.tui_keys import settle, steps

pytestmark = pytest.mark.usefixtures("no_cursor_blink")


# -- inspecting what is on screen ------------------------------------------------------------


def shown_text(root: Widget) -> str:
    """The text of every Static, input and table cell under `root`, as given to the widgets."""
    parts = [str(static.visual) for static in root.query(Static)]
    parts += [field.value for field in root.query(Input)]
    for table in root.query(DataTable):
        for row in range(table.row_count):
            parts += [getattr(value, "plain", str(value)) for value in table.get_row_at(row)]
    return "\n".join(parts)


def active_segments(root: Widget) -> list[tuple[str, str | None, object]]:
    """Rendered segments under `root` that carry a link or a click action."""
    found = []
    for widget in [root, *root.query("*")]:
        if not widget.display or widget.size.height == 0:
            continue
        for y in range(widget.size.height):
            for segment in widget.render_line(y):
                style = segment.style
                if style is None:
                    continue
                meta = style.meta or {}
                if style.link or "@click" in meta:
                    found.append((segment.text, style.link, meta.get("@click")))
    return found


def card_texts(card: Card) -> list[str]:
    """The deck texts a card shows before it is answered."""
    if isinstance(card, BasicCard):
        return [card.front]
    if isinstance(card, TypedCard):
        return [card.question]
    if isinstance(card, ChoiceCard):
        return [card.question, *card.options]
    if isinstance(card, TrueFalseCard):
        return [card.statement]
    if isinstance(card, ClozeCard):  # laid out word by word around the gaps
        return [word for part in card.parts if isinstance(part, str) for word in part.split()]
    if isinstance(card, OrderCard):
        return [card.question, *card.items]
    assert isinstance(card, NumericCard) and card.unit is not None
    return [card.question, card.unit]


def answer_keys(card: Card) -> list[str]:
    """Keys that answer the markup deck's card, wrongly where a wrong answer shows more."""
    if isinstance(card, BasicCard):
        return ["space"]
    if isinstance(card, TypedCard):
        return [*"[nope]", "enter"]  # wrong: the feedback shows the expected "[i]nothing[/i]"
    if isinstance(card, ChoiceCard):
        return ["1"]  # "[bold]A[/bold]": wrong
    if isinstance(card, TrueFalseCard):
        return ["t"]
    if isinstance(card, ClozeCard):
        return [*"capital", "enter"]
    if isinstance(card, OrderCard):
        return ["enter"]
    return ["3", "enter"]


def assert_inert(root: Widget, *literals: str) -> None:
    text = shown_text(root)
    for literal in literals:
        assert literal in text, f"{literal!r} is not shown as written in:\n{text}"
    assert active_segments(root) == []


# -- broken decks ----------------------------------------------------------------------------


async def test_home_lists_every_broken_deck_and_the_good_one_still_studies(
    make_test_app: MakeApp, tmp_path: Path, data_dir: Path
) -> None:
    generated = tmp_path / "generated"
    corpus_gen.generate(generated, corpus_gen.CHEAP)
    app = make_test_app(CORPUS, generated, GOOD / "bom.yaml")
    expected = {CORPUS / f"{name}.yaml": COMMITTED[name] for name in COMMITTED}
    expected |= {generated / f"{name}.yaml": GENERATED[name] for name in corpus_gen.CHEAP}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#home-decks", DataTable)
        assert table.row_count == len(expected) + 1
        seen: dict[Path, str] = {}
        for row in range(table.row_count):
            # Highlight each row as a click would; a key press waits for the CPU to go idle,
            # 0.1 s a row here.
            table.move_cursor(row=row)
            await pilot.pause(0)
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            assert key is not None
            cells = [getattr(cell, "plain", str(cell)) for cell in table.get_row_at(row)]
            detail = str(home.query_one("#home-detail", Static).visual)
            if not key.startswith("broken:"):
                assert key == "h-bom" and cells[0] == "BOM deck"
                continue
            path = Path(key.removeprefix("broken:"))
            assert cells[0].startswith("⚠ " + path.name[:30]) and cells[-1] == "broken"
            seen[path] = detail
        assert set(seen) == set(expected)
        for path, detail in seen.items():
            expect = expected[path]
            assert f"{path}:{expect.line}:{expect.column}: " in detail, detail
            assert expect.fragment in detail, detail
        assert active_segments(home) == []

        await pilot.press("ctrl+home", "r")
        await settle(pilot)
        study = app.screen
        assert isinstance(study, StudyScreen) and study.session is not None
        await pilot.press(*"Paris", "enter")
        await pilot.pause()
        await pilot.press("enter")  # accept the suggested rating
        await settle(pilot)
    with ProgressStore(data_dir / "default.sqlite3") as store:
        [review] = store.reviews()
        assert (review.deck_id, review.card_id, review.verdict) == ("h-bom", "capital", "correct")


# -- markup-like text ------------------------------------------------------------------------


async def test_markup_deck_is_shown_as_text_on_every_screen(make_test_app: MakeApp) -> None:
    app = make_test_app(MARKUP_DECK)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        deck = app.services.library.decks[0]
        assert_inert(app.screen, deck.title[:39], deck.description)  # titles are cut at 40

        await pilot.press("t")  # a quiz asks each card once, even when answered wrong
        await settle(pilot)
        assert_inert(app.screen, deck.title[:20])  # the quiz dialog names the deck
        await pilot.press("enter")
        await settle(pilot)
        study = app.screen
        assert isinstance(study, StudyScreen) and study.session is not None
        studied = []
        while study.session.current is not None:
            card = study.session.current.card
            studied.append(card.id)
            assert_inert(study, *card_texts(card), *card.tags)
            await pilot.press(*answer_keys(card))
            await pilot.pause()
            after = [card.explain] if card.explain else []
            if isinstance(card, BasicCard):
                after.append(card.back)
            if isinstance(card, TypedCard):
                after += ["[nope]", card.answer]  # what was typed, and the expected answer
            assert_inert(study, *after)
            await pilot.press("3" if isinstance(card, BasicCard) else "enter")
            await settle(pilot)
        assert len(studied) == len(deck.cards)

        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.summary.missed  # the wrong typed and choice cards are listed
        missed = [c for c in deck.cards if (deck.id, c.id) in set(summary.summary.missed)]
        assert_inert(summary, *(c.prompt[:59] for c in missed), "[red]tag[/red]")  # cut at 60

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        assert_inert(browse, *(c.prompt for c in deck.cards))
        # Picking the deck and a tag shows their text as the filter (a str option was read as
        # markup: '[link=https://…]' made the app crash).
        browse.query_one("#browse-deck", Select).value = deck.id
        browse.query_one("#browse-tag", Select).value = "[red]tag[/red]"
        await settle(pilot)
        assert_inert(browse, deck.title[:29], "[red]tag[/red]")
        browse.query_one("#browse-deck", Select).focus()
        await pilot.press("enter")  # open the list of decks
        await settle(pilot)
        assert_inert(browse, deck.title[:29])
        assert isinstance(app.screen, BrowseScreen)


def test_markup_card_snapshot(snap_compare: Any, make_test_app: MakeApp) -> None:
    """The basic card of the markup deck, answer and explanation revealed."""

    shown = steps("r", "space")
    assert snap_compare(make_test_app(MARKUP_DECK), run_before=shown, terminal_size=(80, 24))
