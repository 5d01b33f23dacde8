"""Launch time in a real terminal: spawn in a private tmux server, poll until the text shows."""

from __future__ import annotations

import os
import re
import selectors
import shlex
import shutil
import subprocess
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 100, 30
RETYPE_S = 2.0
IDLE_S = 0.25
"""A pane this long without output is looked at anyway (and checked for a dead program)."""
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

        The pane is created by a control-mode client (`tmux -C`), which hears each burst of
        the program's output and asks for a capture over the same connection: the pane is
        looked at when it changes, without a `capture-pane` process per look competing with
        the program for the two cores (a tight loop of them kept one core busy).

        With `step` = (matcher, keys): when `matcher` finds its text, `keys` are typed into
        the pane (e.g. `r` on the home screen to open the review), as a user would; again every
        `RETYPE_S` while that screen stays (an app still loading may drop the first key).
        """
        self.count += 1
        name = f"run{self.count}"
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        shell_command = f"cd {shlex.quote(str(cwd))} && exec {shlex.join(command)}"
        size = ["-x", str(WIDTH), "-y", str(HEIGHT)]
        started = time.perf_counter()
        client = _ControlClient(
            [*self.base, "-C", "new-session", "-s", name, *size, *env_args, shell_command]
        )
        screen = ""
        step_seconds: float | None = None
        typed_at = 0.0
        look = True  # a capture is due: the pane changed, or it has been quiet for a while
        try:
            while (now := time.perf_counter()) - started < timeout:
                if look and not client.waiting_for("capture"):
                    client.send("capture", f"capture-pane -p -t {name}")
                    look = False
                event = client.next_event(min(IDLE_S, timeout - (now - started)))
                if event is None:  # quiet: look again (a static screen may need its key again)
                    look = True
                    client.send("dead", f"display-message -p -t {name} '#{{pane_dead}}'")
                    continue
                kind, text = event
                if kind == "exit" or (kind == "dead" and text.strip() == "1"):
                    break
                if kind == "output":
                    look = True
                if kind != "capture":
                    continue
                screen = text
                matched = found(screen)
                if matched:
                    return Launch(time.perf_counter() - started, matched, step_seconds)
                now = time.perf_counter()
                if step is not None and now - typed_at >= RETYPE_S and step[0](screen):
                    if step_seconds is None:
                        step_seconds = now - started
                    client.send("keys", f"send-keys -t {name} {shlex.quote(step[1])}")
                    typed_at = now
            return Launch(None, step_seconds=step_seconds, screen=self._capture(name) or screen)
        finally:
            pid = self._tmux("display-message", "-p", "-t", name, "#{pane_pid}").stdout.strip()
            self._tmux("kill-session", "-t", name)
            client.close()
            if pid.isdigit():
                _wait_gone(int(pid))

    def _capture(self, name: str) -> str:
        """The screen and the lines above it: a dying program's last words may have scrolled."""
        return self._tmux("capture-pane", "-p", "-S", f"-{HEIGHT}", "-t", name).stdout

    def close(self) -> None:
        self._tmux("kill-server")

    def __enter__(self) -> TmuxServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _wait_gone(pid: int, timeout: float = 5.0) -> None:
    """Wait for a killed program to be gone, so that its shutdown (quizapp ends as on `q`
    when its terminal closes) does not share the cores with the next launch timed."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        except PermissionError:
            return  # the number was reused by another user's process: ours is gone
        time.sleep(0.01)


class _ControlClient:
    """A tmux control-mode client: pane output and command replies as events, read as they come.

    Replies arrive in the order commands were sent, each between `%begin` and `%end` (or
    `%error`) lines; the first answers the command line that started the client.
    """

    def __init__(self, argv: list[str]) -> None:
        self._sent: deque[str] = deque(["start"])
        self._buffer = b""
        self._reply: list[bytes] | None = None
        self._events: deque[tuple[str, str]] = deque()
        self._process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        self._selector = selectors.DefaultSelector()
        assert self._process.stdout is not None
        self._selector.register(self._process.stdout, selectors.EVENT_READ)

    def send(self, kind: str, command: str) -> None:
        """Send a tmux command; its reply comes back as an event of this kind."""
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(command.encode() + b"\n")
        except BrokenPipeError:
            return  # the client has exited; next_event reports it
        self._sent.append(kind)

    def waiting_for(self, kind: str) -> bool:
        return kind in self._sent

    def next_event(self, timeout: float) -> tuple[str, str] | None:
        """("output", ""), (kind, reply text) or ("exit", ""); None after `timeout` of quiet."""
        assert self._process.stdout is not None
        deadline = time.perf_counter() + timeout
        while not self._events:
            left = deadline - time.perf_counter()
            if left <= 0 or not self._selector.select(left):
                return None
            chunk = os.read(self._process.stdout.fileno(), 1 << 16)
            if not chunk:
                self._events.append(("exit", ""))
                break
            *lines, self._buffer = (self._buffer + chunk).split(b"\n")
            for line in lines:
                self._read_line(line)
        return self._events.popleft()

    def _read_line(self, line: bytes) -> None:
        if self._reply is not None:
            if line.startswith((b"%end ", b"%error ")):
                kind = self._sent.popleft() if self._sent else "?"
                self._events.append((kind, b"\n".join(self._reply).decode("utf-8", "replace")))
                self._reply = None
            else:
                self._reply.append(line)
        elif line.startswith(b"%begin "):
            self._reply = []
        elif line.startswith(b"%output "):
            if not self._events or self._events[-1][0] != "output":
                self._events.append(("output", ""))
        elif line.startswith(b"%exit"):
            self._events.append(("exit", ""))

    def close(self) -> None:
        self._process.kill()
        self._process.wait()
        self._selector.close()
