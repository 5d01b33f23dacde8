"""Key sequences that answer fixture cards, shared by the flow and snapshot tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.pilot import Pilot

from quizapp.core.model import (
    BasicCard,
    ChoiceCard,
    ClozeCard,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from quizapp.core.session import StudyItem
from quizapp.tui.screens.study import StudyScreen


def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Keys as a fast typist sends them: all queued before the app handles the first
    (`pilot.press` waits for the app to go idle after each key)."""
    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))


async def settle(pilot: Pilot[Any]) -> None:
    """Let screen switches, mounts and workers finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def order_keys(shown: tuple[int, ...], wanted: list[int]) -> list[str]:
    """Keys that move the shown items into the `wanted` sequence (selection sort with ⇧↑)."""
    sequence = list(shown)
    keys: list[str] = []
    cursor = 0
    for position, item in enumerate(wanted):
        where = sequence.index(item)
        step = "down" if where > cursor else "up"
        keys += [step] * abs(where - cursor)
        keys += ["shift+up"] * (where - position)
        sequence.insert(position, sequence.pop(where))
        cursor = position
    assert sequence == wanted
    return keys


def answer_keys(item: StudyItem, right: bool) -> list[str]:
    """The key presses that answer `item` right (or wrong), up to and including the check."""
    card = item.card
    if isinstance(card, BasicCard):
        return ["space"]
    if isinstance(card, TypedCard):
        return [*("Andreessen" if right else "Zuckerberg"), "enter"]
    if isinstance(card, NumericCard):
        return [*("600" if right else "12"), "enter"]
    if isinstance(card, TrueFalseCard):
        return ["t" if card.answer == right else "f"]
    if isinstance(card, ChoiceCard):
        positions = [item.option_order.index(i) + 1 for i in sorted(card.correct)]
        if not right:
            wrong = next(p for p in range(1, len(card.options) + 1) if p not in positions)
            positions = [wrong]
        picks = [str(p) for p in positions]
        return [*picks, "enter"] if card.multiple else picks
    if isinstance(card, ClozeCard):
        first, second = ("R1", "January") if right else ("V9", "March")
        return [*first, "enter", *second, "enter"]
    if isinstance(card, OrderCard):
        wanted = list(range(len(card.items)))
        return [*order_keys(item.item_order, wanted if right else wanted[::-1]), "enter"]
    raise AssertionError(card)


async def answer_current(pilot: Pilot[Any], right: bool) -> StudyItem:
    """Answer the study screen's current card and accept the rating (Again for a wrong basic)."""
    screen = pilot.app.screen
    assert isinstance(screen, StudyScreen) and screen.session is not None
    item = screen.session.current
    assert item is not None
    await pilot.press(*answer_keys(item, right))
    await pilot.pause()
    if isinstance(item.card, BasicCard):
        await pilot.press("3" if right else "1")
    else:
        await pilot.press("enter")
    await settle(pilot)
    return item


async def answer_until(pilot: Pilot[Any], kind: str) -> StudyItem:
    """Answer cards right until the current one is of `kind`; return it (not answered)."""
    screen = pilot.app.screen
    assert isinstance(screen, StudyScreen) and screen.session is not None
    for _ in range(20):
        item = screen.session.current
        assert item is not None
        if item.card.kind.value == kind:
            return item
        await answer_current(pilot, right=True)
    raise AssertionError(f"no {kind} card came up")


Steps = Callable[[Pilot[Any]], Awaitable[None]]
"""What a snapshot test runs before its picture (`run_before`)."""


def steps(*keys: str, kind: str | None = None, after: tuple[str, ...] = ()) -> Steps:
    """Press `keys` on the home screen, answer up to a card of `kind`, then press `after`."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if kind is not None:
            await answer_until(pilot, kind)
        for key in after:
            await pilot.press(key)
        await settle(pilot)

    return run
