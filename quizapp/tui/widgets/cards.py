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
from quizapp.tui.widgets.card_input import ClozeCardView, NumericCardView, TypedCardView
from quizapp.tui.widgets.card_order import OrderCardView
from quizapp.tui.widgets.card_pick import ChoiceCardView, TrueFalseCardView


def card_view_for(
    card: Card,
    *,
    language: str = "en",
    option_order: tuple[int, ...] = (),
    item_order: tuple[int, ...] = (),
) -> CardView:
    """Build the view for `card`, with the presentation order the session chose."""
    kind_class = f"-kind-{card.kind.value}"
    common = {"language": language, "id": "card-view", "classes": kind_class}
    if isinstance(card, BasicCard):
        return BasicCardView(card, **common)
    if isinstance(card, TypedCard):
        return TypedCardView(card, **common)
    if isinstance(card, NumericCard):
        return NumericCardView(card, **common)
    if isinstance(card, ChoiceCard):
        return ChoiceCardView(card, option_order, **common)
    if isinstance(card, TrueFalseCard):
        return TrueFalseCardView(card, **common)
    if isinstance(card, ClozeCard):
        return ClozeCardView(card, **common)
    if isinstance(card, OrderCard):
        return OrderCardView(card, item_order, **common)
    raise TypeError(f"no view for {type(card).__name__}")
