"""The screens' header: Textual's `Header`, safe when the app closes while it mounts."""

from __future__ import annotations

from contextlib import suppress

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class TitleBar(Header):
    """A `Header` whose title watcher tolerates a title that is already gone.

    `Header` looks its title up whenever the screen's or the app's title changes and expects
    only `NoScreen`; when the app quits between the header mounting and its title mounting
    (a few milliseconds, seen under load), the lookup raises `NoMatches` and the app would
    end with a traceback instead of quietly.
    """

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # replaces Header's own watchers, which would still fail
        Widget._on_mount(self, event)

        async def set_title() -> None:
            with suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
