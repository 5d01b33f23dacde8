"""The command palette: study any deck or tag, and open the main screens."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from quizapp.tui.text import one_line, plain


def highlight(matcher: Matcher, title: str) -> Content:
    """Like `Matcher.highlight`, but the title is never read as markup (deck titles are data)."""
    content = plain(title)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if offset < len(title) and not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class QuizCommands(Provider):
    """`Study: Review <deck>`, `Quiz: <deck>`, `Study: Review tag <tag>`, `Stats: Open`…"""

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        app: Any = self.app
        commands: list[tuple[str, Callable[[], Any], str]] = [
            ("Study: Review all due cards", partial(app.start_study, "review"), "Every deck"),
            ("Stats: Open", app.action_open_stats, "Calendar, forecast, retention, mastery"),
            ("Browse: Cards", app.action_open_browse, "Search, filter, suspend, history"),
            ("Home: Decks", app.action_go_home, "Back to the deck list"),
        ]
        library = app.services.library
        for deck in library.summaries:  # titles and counts: no deck's cards are read
            title = one_line(deck.title, 50)
            commands.append(
                (
                    f"Study: Review deck {title}",
                    partial(app.start_study, "review", (deck.id,)),
                    f"{deck.card_count} cards",
                )
            )
            commands.append(
                (
                    f"Quiz: Deck {title}",
                    partial(app.start_study, "quiz", (deck.id,)),
                    f"{app.quiz_length} random cards, scored",
                )
            )
        tags = sorted({tag for deck in library.summaries for tag in deck.tags})
        for tag in tags:
            name = one_line(tag, 40)
            commands.append(
                (f"Study: Review tag {name}", partial(app.start_study, "review", (), tag), "")
            )
            commands.append((f"Quiz: Tag {name}", partial(app.start_study, "quiz", (), tag), ""))
        return commands

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands()[:8]:
            yield DiscoveryHit(plain(title), callback, text=title, help=help_text or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, highlight(matcher, title), callback, text=title, help=help_text or None
                )
