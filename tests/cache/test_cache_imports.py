"""The launch path imports only what the first screens show (each check in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from quizapp.cli import _app_only

REPO_ROOT = Path(__file__).resolve().parents[2]
NOT_AT_LAUNCH = (
    "yaml",
    "genanki",
    "xlsxwriter",
    "textual_plotext",
    "jsonschema",
    "hashlib",  # OpenSSL's start-up: only a changed deck file's digest needs it
    "quizapp.core.exports",
    "quizapp.core.deck_loader",
    "quizapp.cli.export",
    "quizapp.cli.lint",
)


def run(code: str, data_dir: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
        timeout=120,  # an app that never reaches the patched exit must not hang the suite
    )
    return done.stdout.strip()


def test_cache_plain_quizapp_parses_its_options_without_the_command_modules(
    tmp_path: Path,
) -> None:
    code = (
        "import sys\n"
        "import quizapp.cli.study as study\n"
        "study.run_tui = lambda args: print(args.profile, args.data_dir, args.decks) or 0\n"
        "from quizapp.cli import main\n"
        "main(['--profile', 'ana', '--data-dir', sys.argv[1]])\n"
        "print(sorted(m for m in sys.modules if m.startswith('quizapp.cli.')))\n"
    )
    shown, modules = run(code, tmp_path).splitlines()
    assert shown == f"ana {tmp_path} None"
    assert modules == "['quizapp.cli.study']"


def test_cache_only_plain_option_lists_take_the_short_way() -> None:
    assert _app_only([]) is not None
    assert _app_only(["--decks", "a.yaml", "--decks", "b"]).decks == ["a.yaml", "b"]  # type: ignore[union-attr]
    for argv in (["stats"], ["--help"], ["--version"], ["--profile"], ["--bogus"], ["x.yaml"]):
        assert _app_only(argv) is None, argv


def test_cache_help_still_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "quizapp", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("study", "lint", "schema", "stats", "export", "report", "gradebook"):
        assert command in done.stdout


def test_cache_launch_to_the_first_card_imports_no_loader_and_no_exporter(
    tmp_path: Path,
) -> None:
    code = (
        "import sys\n"
        "from quizapp.context import open_services\n"
        "from quizapp.core.session_plan import SessionPlan\n"
        "import quizapp.tui.factory, quizapp.tui.screens.home, quizapp.tui.screens.loading\n"
        "import quizapp.tui.screens.study\n"
        "with open_services(sys.argv[1]) as services:\n"
        "    first = services.library.summaries[0].id\n"
        "    session = services.start_session(SessionPlan(deck_ids=(first,)))\n"
        "    assert session.current is not None\n"
        f"print(' '.join(m for m in {NOT_AT_LAUNCH!r} if m in sys.modules))\n"
    )
    run(code, tmp_path)  # the first start parses the bundled decks and fills the cache
    assert run(code, tmp_path) == ""


AFTER_THE_FIRST_CARD = (
    "quizapp.core.grading",
    "rapidfuzz",
    "fsrs",
    "quizapp.core.stats",
    "quizapp.tui.screens.home",
    "quizapp.cli.export",
)
"""`quizapp study` opens on a card: the grader, fsrs, the stats and the home screen load later."""


def test_cache_quizapp_study_shows_its_first_card_before_the_grader_and_home_load(
    tmp_path: Path,
) -> None:
    code = (
        "import sys\n"
        "import quizapp.tui.app as app, quizapp.tui.screens.study as study\n"
        "run = app.QuizApp.run\n"
        "app.QuizApp.run = lambda self, **options: run(self, headless=True)\n"
        "shown = study.StudyScreen.show_current\n"
        "seen = []\n"
        "async def show_then_quit(self):\n"
        "    await shown(self)\n"
        "    seen.append(f'card={self.session.current is not None}')\n"
        "    seen.append(str([m for m in MODULES if m in sys.modules]))\n"
        "    self.app.exit()\n"
        "study.StudyScreen.show_current = show_then_quit\n"
        "from quizapp.cli import main\n"
        "main(['study', '--data-dir', sys.argv[1]])\n"
        "print(' '.join(seen))\n"
    ).replace("MODULES", repr(AFTER_THE_FIRST_CARD + NOT_AT_LAUNCH))
    run(code, tmp_path)  # the first start parses the bundled decks and fills the cache
    assert run(code, tmp_path) == "card=True []"


def test_cache_plain_quizapp_with_no_arguments_builds_no_parser(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import quizapp.tui.factory as factory\n"
        "factory.run_app = lambda args: print(args.profile, args.data_dir, args.decks) or 0\n"
        "from quizapp.cli import main\n"
        "main([])\n"
        "print('argparse' in sys.modules)\n"
    )
    assert run(code, tmp_path).splitlines() == ["default None None", "False"]
