"""Launch time in a real terminal: spawn in a private tmux server, poll until the text shows."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 100, 30
RETYPE_S = 2.0
_BOX = re.compile(r"[\u2500-\u259f\u2800-\u28ff▁-▏▔▕]+")
"""Box-drawing, block and braille characters: borders between words, not words."""


def tmux_path() -> str | None:
    return shutil.which("tmux")


@dataclass(frozen=True, slots=True)
class Launch:
    """One launch: seconds from spawn to the text, or why it never showed."""

    seconds: float | None
    matched: str = ""
    step_seconds: float | None = None
    """When the `step` screen (say the home screen) showed and its keys were sent."""
    screen: str = ""
    """The last pane capture when the text never showed (for the report)."""


class PromptMatcher:
    """Finds any known card prompt in a pane capture, cheaply enough to poll in a tight loop.

    Prompts are indexed by their first three words; a capture is split into words once and
    every run of three consecutive words is looked up, so the cost does not grow with the
    number of cards (100,000 here).
    """

    def __init__(self, prompts: Iterable[str], words: int = 3) -> None:
        self.words = words
        self.keys: set[tuple[str, ...]] = set()
        for prompt in prompts:
            key = tuple(prompt.split()[:words])
            if len(key) == words:
                self.keys.add(key)

    def __call__(self, screen: str) -> str:
        tokens = _BOX.sub(" ", screen).split()
        width = self.words
        for start in range(len(tokens) - width + 1):
            key = tuple(tokens[start : start + width])
            if key in self.keys:
                return " ".join(key)
        return ""


def substring_matcher(text: str) -> Callable[[str], str]:
    return lambda screen: text if text in screen else ""


class TmuxServer:
    """A private tmux server (own socket, no user config) that panes are spawned in."""

    def __init__(self, name: str) -> None:
        found = tmux_path()
        if found is None:
            raise FileNotFoundError("tmux is not installed")
        self.base = [found, "-L", name, "-f", "/dev/null"]
        # A holder session keeps the server alive between launches, so no launch pays for
        # starting the server.
        self._tmux("new-session", "-d", "-s", "holder", "-x", str(WIDTH), "-y", str(HEIGHT))
        self._tmux("set-option", "-g", "remain-on-exit", "on")
        self.count = 0

    def _tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.base, *args], capture_output=True, text=True, check=False)

    def launch(
        self,
        command: list[str],
        found: Callable[[str], str],
        *,
        env: Mapping[str, str],
        cwd: Path,
        timeout: float,
        step: tuple[Callable[[str], str], str] | None = None,
    ) -> Launch:
        """Spawn `command` in a fresh 100×30 pane and time it until `found(capture)` is truthy.

        With `step` = (matcher, keys): when `matcher` finds its text, `keys` are typed into
        the pane (e.g. `r` on the home screen to open the review), as a user would; again every
        `RETYPE_S` while that screen stays (an app still loading may drop the first key).
        """
        self.count += 1
        name = f"run{self.count}"
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        shell_command = f"cd {shlex.quote(str(cwd))} && exec {shlex.join(command)}"
        capture = [*self.base, "capture-pane", "-p", "-t", name]
        started = time.perf_counter()
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT)]
            + env_args
            + [shell_command],
            check=True,
        )
        screen = ""
        polls = 0
        step_seconds: float | None = None
        typed_at = 0.0
        try:
            while time.perf_counter() - started < timeout:
                screen = subprocess.run(capture, capture_output=True, text=True).stdout
                matched = found(screen)
                if matched:
                    return Launch(time.perf_counter() - started, matched, step_seconds)
                now = time.perf_counter()
                if step is not None and now - typed_at >= RETYPE_S and step[0](screen):
                    if step_seconds is None:
                        step_seconds = now - started
                    self._tmux("send-keys", "-t", name, step[1])
                    typed_at = now
                polls += 1
                if polls % 50 == 0 and self._dead(name):
                    break
            return Launch(None, step_seconds=step_seconds, screen=self._capture(name) or screen)
        finally:
            self._tmux("kill-session", "-t", name)

    def _dead(self, name: str) -> bool:
        result = self._tmux("display-message", "-p", "-t", name, "#{pane_dead}")
        return result.stdout.strip() == "1"

    def _capture(self, name: str) -> str:
        return self._tmux("capture-pane", "-p", "-t", name).stdout

    def close(self) -> None:
        self._tmux("kill-server")

    def __enter__(self) -> TmuxServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
