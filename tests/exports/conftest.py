"""Fixtures of the export tests."""

from __future__ import annotations

import pytest

from quizapp.core.model import Deck
from tests.exports.exports_helpers import nasty_deck


@pytest.fixture
def deck() -> Deck:
    return nasty_deck()
