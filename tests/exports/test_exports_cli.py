"""`quizapp export`: from a deck file or a deck id, to every format, with its report file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.exports import FORMATS, export_deck
from quizapp.core.exports.common import clean
from tests.exports.exports_helpers import nasty_cards

DATA = Path(__file__).resolve().parent / "data"
NASTY_YAML = DATA / "nasty.yaml"


def test_exports_yaml_fixture_loads_as_the_fixture_deck() -> None:
    from quizapp.core.deck_loader import load_deck

    loaded = {c.id: c for c in load_deck(NASTY_YAML).cards}
    for card in nasty_cards():
        if card.id in loaded and card.id != "typed-formula":
            assert loaded[card.id] == card
    typed = loaded["typed-formula"]
    assert clean(typed.prompt) == "Type the formula { } : \\ bell"


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_cli_writes_file_and_report(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"out-{fmt}.bin"
    assert main(["export", str(NASTY_YAML), "--to", fmt, "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    report = tmp_path / f"out-{fmt}.export-report.txt"
    text = report.read_text(encoding="utf-8")
    printed = capsys.readouterr().out
    summary = text.strip().splitlines()[-1]
    assert summary.startswith(f"{fmt}: ") and "cards exported" in summary
    assert summary in printed and f"wrote {out}" in printed


def test_exports_cli_finds_deck_by_id_and_filters_tags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    shutil.copy(NASTY_YAML, decks / "nasty.yaml")
    monkeypatch.chdir(tmp_path)
    code = main(["export", "nasty-deck", "--decks", str(decks), "--to", "csv", "--tag", "formulas"])
    assert code == 0
    text = (tmp_path / "nasty-deck.csv").read_bytes().decode("utf-8-sig")
    assert text.count("\r\n") == 3  # header + the two cards tagged formulas
    assert "csv: 2 of 2 cards exported" in capsys.readouterr().out
    for fmt in FORMATS:  # each with its default name, into one folder
        assert main(["export", "nasty-deck", "--decks", str(decks), "--to", fmt]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert {"nasty-deck-gift.txt", "nasty-deck-quizlet.txt", "nasty-deck-anki.apkg"} <= names
    reports = sorted(tmp_path.glob("*.export-report.txt"))
    assert len(reports) == len(FORMATS)  # none overwrote another (the Anki and CSV ones did)
    firsts = {r.read_text(encoding="utf-8").splitlines()[-1].split(":")[0] for r in reports}
    assert firsts == set(FORMATS)


def test_exports_cli_reads_an_unchanged_deck_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizapp.core import deck_loader

    decks = tmp_path / "decks"
    decks.mkdir()
    shutil.copy(NASTY_YAML, decks / "nasty.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["export", "nasty-deck", "--decks", str(decks), "--to", "csv"]) == 0
    first = (tmp_path / "nasty-deck.csv").read_bytes()

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged deck was parsed again")

    monkeypatch.setattr(deck_loader, "parse_deck", no_parsing)
    monkeypatch.setattr(deck_loader, "load_deck", no_parsing)
    (tmp_path / "nasty-deck.csv").unlink()
    assert main(["export", "nasty-deck", "--decks", str(decks), "--to", "csv"]) == 0
    assert (tmp_path / "nasty-deck.csv").read_bytes() == first


def test_exports_cli_errors_are_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "no-such-deck", "--decks", str(tmp_path), "--to", "gift"]) == 1
    assert "no deck with id 'no-such-deck'" in capsys.readouterr().err
    broken = tmp_path / "broken.yaml"
    broken.write_text("deck: x\ncards: [\n", encoding="utf-8")
    assert main(["export", str(broken), "--to", "gift"]) == 1
    assert "broken.yaml" in capsys.readouterr().err
    args = ["export", str(NASTY_YAML), "--to", "csv", "--tag", "nothing-has-this"]
    assert main(args) == 1
    assert "no card tagged" in capsys.readouterr().err
    assert main(["export", str(NASTY_YAML), "--to", "gift", "--pdf"]) == 2


def test_exports_cli_worksheet_pdf_and_separate_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import require_tool

    require_tool("chromium")
    out = tmp_path / "sheet.html"
    args = ["export", str(NASTY_YAML), "--to", "html", "-o", str(out), "--key", "separate"]
    assert main([*args, "--pdf", "--variants", "2", "--seed", "3"]) == 0
    for name in ("sheet.html", "sheet-key.html", "sheet.pdf", "sheet-key.pdf"):
        assert (tmp_path / name).stat().st_size > 0, name
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")


def test_exports_registry_rejects_unknown_format() -> None:
    from quizapp.core.deck_loader import load_deck
    from quizapp.core.exports import ExportError

    with pytest.raises(ExportError, match="unknown export format"):
        export_deck(load_deck(NASTY_YAML), "pdf")
