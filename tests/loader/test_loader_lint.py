"""`quizapp lint` and `quizapp schema`: output, JSON, exit codes, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.schema import schema_json
from quizapp.paths import bundled_decks_dir

DATA = Path(__file__).parent / "data"
TYPO = DATA / "broken" / "typo.yaml"


def test_lint_clean_folder_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(DATA / "clean")]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "quizapp lint: 2 deck files checked, no problems\n"


def test_lint_problems_exit_1_with_one_line_each(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(DATA / "clean"), str(TYPO)]) == 1
    out, err = capsys.readouterr()
    # One slip, one line: the misspelt key, not also "missing required key 'answer'".
    assert out.splitlines() == [
        f"{TYPO}:7:5: unknown key 'anwser' for a typed card (did you mean 'answer'?)",
    ]
    assert err == "quizapp lint: 1 problem in 1 of 3 deck files\n"


def test_lint_a_capped_list_is_counted_as_more_than_it_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """80 cards with one slip each: 49 listed, then "more problems follow", which the closing
    line counted as a 50th problem."""
    deck = tmp_path / "many.yaml"
    cards = "".join(f"  - {{id: c{n}, kind: typed, question: Q, anwser: A}}\n" for n in range(80))
    deck.write_text(f"deck: t\ntitle: T\ncards:\n{cards}", encoding="utf-8")
    assert main(["lint", str(deck)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 50 and lines[-1].endswith(": more problems follow (not listed)")
    assert err == "quizapp lint: more than 49 problems in 1 of 1 deck file\n"


def test_lint_json_lists_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--format", "json", str(TYPO)]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "path": str(TYPO),
            "line": 7,
            "column": 5,
            "message": "unknown key 'anwser' for a typed card (did you mean 'answer'?)",
        },
    ]


def test_lint_json_clean_is_an_empty_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--format=json", str(DATA / "clean")]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_lint_missing_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_lint_bad_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["lint", "--format", "xml"])
    assert caught.value.code == 2


def test_lint_hostile_file_gives_messages_not_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.yaml").write_bytes(b"deck: !!python/object:os.system x\n")
    (tmp_path / "b.yaml").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "c.yaml").write_text("[" * 5000)
    assert main(["lint", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 3
    assert "Traceback" not in out + err


def test_lint_defaults_to_the_decks_the_app_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The home screen says "run quizapp lint" for a broken deck of the learner's own: lint
    with no path checked the bundled decks only, and said "no problems"."""
    count = len(list(bundled_decks_dir().glob("*.yaml")))
    assert main(["lint", "--data-dir", str(tmp_path)]) == 0
    assert f"{count} deck files checked, no problems" in capsys.readouterr().err
    own = tmp_path / "decks"
    own.mkdir()
    (own / "typo.yaml").write_bytes(TYPO.read_bytes())
    copy = own / "copy.yaml"  # a teacher's version of a bundled deck, its id left as it was
    copy.write_text(
        "deck: deepseek-en\ntitle: My copy\ncards:\n  - {id: a, kind: basic, front: F, back: B}\n",
        encoding="utf-8",
    )
    assert main(["lint", "--data-dir", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert f"{own / 'typo.yaml'}:" in out
    assert f"{copy}:" in out and "duplicate deck id" in out
    assert f"of {count + 2} deck files" in err


def test_lint_runs_as_a_module_in_a_subprocess() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "lint", str(TYPO)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout.startswith(f"{TYPO}:7:5: unknown key 'anwser'")
    assert result.stderr == "quizapp lint: 1 problem in 1 of 1 deck file\n"


def test_schema_command_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert printed == schema_json()
    shipped = bundled_decks_dir() / "deck.schema.json"
    assert shipped.read_text(encoding="utf-8") == printed, (
        "regenerate: quizapp schema > decks/deck.schema.json"
    )
