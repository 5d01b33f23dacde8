"""What a learner asked to study, before anything is opened: the command line makes one
without importing the session, the store or the decks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """What to study: today's review, or a quiz; `quizapp study` and the screens make one."""

    mode: Literal["review", "quiz"] = "review"
    deck_ids: tuple[str, ...] = ()
    """These decks only; all of them when empty."""
    tag: str | None = None
    count: int = 10
    """Cards in a quiz."""
    schedule: bool = True
    """Quiz answers also update the review schedule."""
    time_limit: float | None = None
    """Seconds for a quiz; None for no limit."""
    only: tuple[tuple[str, str], ...] = ()
    """Exactly these (deck id, card id) pairs, as a quiz ("again with the missed")."""

    @property
    def is_quiz(self) -> bool:
        return self.mode == "quiz" or bool(self.only)
