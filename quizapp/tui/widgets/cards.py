"""Picks the card view for a card's kind."""

from __future__ import annotations

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
from quizapp.tui.widgets.card_base import BasicCardView, CardView


def card_view_for(
    card: Card,
    *,
    language: str = "en",
    option_order: tuple[int, ...] = (),
    item_order: tuple[int, ...] = (),
) -> CardView:
    """Build the view for `card`, with the presentation order the session chose.

    A kind's view module is imported with the first card of that kind, so that a launch
    pays for one (~1 ms each); the app imports the others once the first screen is up.
    """
    kind_class = f"-kind-{card.kind.value}"
    common = {"language": language, "id": "card-view", "classes": kind_class}
    if isinstance(card, BasicCard):
        return BasicCardView(card, **common)
    if isinstance(card, TypedCard | NumericCard | ClozeCard):
        from quizapp.tui.widgets import card_input

        if isinstance(card, TypedCard):
            return card_input.TypedCardView(card, **common)
        if isinstance(card, NumericCard):
            return card_input.NumericCardView(card, **common)
        return card_input.ClozeCardView(card, **common)
    if isinstance(card, ChoiceCard | TrueFalseCard):
        from quizapp.tui.widgets import card_pick

        if isinstance(card, ChoiceCard):
            return card_pick.ChoiceCardView(card, option_order, **common)
        return card_pick.TrueFalseCardView(card, **common)
    if isinstance(card, OrderCard):
        from quizapp.tui.widgets.card_order import OrderCardView

        return OrderCardView(card, item_order, **common)
    raise TypeError(f"no view for {type(card).__name__}")
