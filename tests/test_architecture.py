"""The layers stay apart: the core never loads Textual or Rich."""

from __future__ import annotations

import subprocess
import sys


def test_core_import_loads_no_ui() -> None:
    code = (
        "import sys, pkgutil, importlib, quizapp.core as core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'quizapp.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in {'textual', 'rich'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_cli_commands_other_than_the_app_load_no_ui() -> None:
    code = (
        "import sys\n"
        "from quizapp.cli import build_parser\n"
        "build_parser()\n"
        "print(any(n.split('.')[0] == 'textual' for n in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
