"""The printable worksheet: inert HTML, versions with their own keys, and a real PDF print."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from quizapp.core.exports import ExportError, ExportOptions, export_deck
from quizapp.core.exports.common import clean
from quizapp.core.exports.pdf import write_pdf
from quizapp.core.model import ClozeCard, Deck
from tests.conftest import require_tool


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: bytes) -> _Tags:
    parser = _Tags()
    parser.feed(html.decode("utf-8"))
    return parser


def test_exports_worksheet_is_inert(deck: Deck) -> None:
    html = export_deck(deck, "html").files[0].data
    parsed = parse(html)
    names = {tag for tag, _ in parsed.tags}
    assert "script" not in names and "iframe" not in names and "link" not in names
    for _, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs)
        assert "href" not in attrs and "src" not in attrs
    csp = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv")]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")
    text = "".join(parsed.text)
    assert "<script>alert(1)</script>" in text  # shown as text, intact
    assert "Name:" in text and "Date:" in text


def test_exports_worksheet_versions_each_have_a_key(deck: Deck) -> None:
    html = export_deck(deck, "html", ExportOptions(variants=3, seed="s")).files[0].data.decode()
    assert html.count('<section class="sheet">') == 3
    assert html.count('<section class="answer-key">') == 3
    for version in "ABC":
        assert f"version {version}</h1>" in html and f"Answer key · version {version}" in html
    orders = [re.findall(rf'id="{v}-([^"]+)"', html) for v in "ABC"]
    assert all(sorted(o) == sorted(c.id for c in deck.cards) for o in orders)
    assert len({tuple(o) for o in orders}) > 1
    again = export_deck(deck, "html", ExportOptions(variants=3, seed="s")).files[0].data.decode()
    other = export_deck(deck, "html", ExportOptions(variants=3, seed="t")).files[0].data.decode()
    assert again == html and other != html


def test_exports_worksheet_key_separate_and_none(deck: Deck) -> None:
    separate = export_deck(deck, "html", ExportOptions(key="separate")).files
    assert [f.suffix for f in separate] == ["", "-key"]
    assert b"answer-key" not in separate[0].data.split(b"<body>")[1]
    assert b"Answer key" in separate[1].data
    none = export_deck(deck, "html", ExportOptions(key="none")).files
    assert len(none) == 1 and b"Answer key" not in none[0].data.split(b"<body>")[1]


@pytest.mark.parametrize(
    "options",
    [ExportOptions(paper="A3"), ExportOptions(key="maybe"), ExportOptions(variants=0)],
)
def test_exports_worksheet_rejects_bad_options(deck: Deck, options: ExportOptions) -> None:
    with pytest.raises(ExportError):
        export_deck(deck, "html", options)


def test_exports_worksheet_paper_size(deck: Deck) -> None:
    letter = export_deck(deck, "html", ExportOptions(paper="Letter")).files[0].data
    a4 = export_deck(deck, "html").files[0].data
    assert b"size: letter" in letter and b"size: A4" in a4


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_pages(pdf: Path) -> list[str]:
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        out = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, check=True)
        return out.stdout.decode("utf-8").split("\f")[:-1]
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(pdf)).pages]


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_exports_worksheet_prints_to_pdf_in_chromium(
    deck: Deck, tmp_path: Path, paper: str
) -> None:
    require_tool("chromium")
    from pypdf import PdfReader

    html = export_deck(deck, "html", ExportOptions(paper=paper)).files[0].data
    pdf = tmp_path / "sheet.pdf"
    assert write_pdf(html, pdf, "chromium") == "chromium"
    reader = PdfReader(str(pdf))
    pages = _pdf_pages(pdf)
    assert len(reader.pages) == len(pages) >= 2
    width = float(reader.pages[0].mediabox.width)
    assert abs(width - (595 if paper == "A4" else 612)) < 2  # points: A4 210 mm, Letter 8.5 in
    key_pages = [i for i, text in enumerate(pages) if "Answer key" in text]
    assert key_pages, "no answer key in the PDF"
    first_key = key_pages[0]
    assert first_key > 0
    assert pages[first_key].lstrip().startswith("Answer key")  # the key starts its own page
    questions = _squash("".join(pages[:first_key]))
    for card in deck.cards:
        if isinstance(card, ClozeCard):
            continue
        # Emoji and right-to-left runs depend on fonts and extraction order: check the rest.
        visible = re.sub(r"[^\x20-\x7e]", "", clean(card.prompt))
        for word in visible.split():
            assert _squash(word) in questions, (card.id, word)
    assert "Name:" in pages[0] and "Date:" in pages[0]


@pytest.mark.slow
def test_exports_worksheet_pdf_variants_page_count(deck: Deck, tmp_path: Path) -> None:
    require_tool("chromium")
    from pypdf import PdfReader

    one = tmp_path / "one.pdf"
    three = tmp_path / "three.pdf"
    write_pdf(export_deck(deck, "html").files[0].data, one, "chromium")
    options = ExportOptions(variants=3, seed="x")
    write_pdf(export_deck(deck, "html", options).files[0].data, three, "chromium")
    single = len(PdfReader(str(one)).pages)
    assert len(PdfReader(str(three)).pages) == 3 * single
    pages = _pdf_pages(three)
    starts = [i for i, text in enumerate(pages) if "Answer key · version" in text]
    assert len(starts) == 3


def test_exports_pdf_without_renderer_is_a_clear_error(
    deck: Deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quizapp.core.exports.pdf as pdf

    monkeypatch.setattr(pdf, "chromium_path", lambda: None)
    monkeypatch.setattr(pdf, "weasyprint_available", lambda: False)
    with pytest.raises(ExportError, match="no PDF renderer"):
        pdf.write_pdf(b"<html></html>", tmp_path / "x.pdf")


def test_exports_worksheet_speaks_the_deck_language(deck: Deck) -> None:
    page = export_deck(deck, "html", ExportOptions(lang="fr-CA")).files[0].data.decode()
    assert '<html lang="fr-CA">' in page
    assert "Nom: " in page and "Corrigé</h2>" in page and 'content: "Corrigé"' in page
    assert "Vrai" in page and "Name:" not in page
    other = export_deck(deck, "html", ExportOptions(lang="xx")).files[0].data.decode()
    assert "Name: " in other and '<html lang="xx">' in other


def test_exports_pdf_retries_without_sandbox_only_when_chromium_asks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import quizapp.core.exports.pdf as pdf

    fake = tmp_path / "chromium"
    calls = tmp_path / "calls.txt"
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> "{calls}"\n'
        'case "$*" in *--no-sandbox*) ;; *) echo "No usable sandbox!" >&2; exit 1;; esac\n'
        'for a in "$@"; do case "$a" in\n'
        '  --print-to-pdf=*) printf "%%PDF-1.4" > "${a#*=}";;\n'
        "esac; done\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.setattr(pdf, "chromium_path", lambda: str(fake))
    out = tmp_path / "x.pdf"
    assert pdf.write_pdf(b"<html></html>", out) == "chromium"
    assert out.read_bytes() == b"%PDF-1.4"
    first, second = calls.read_text(encoding="utf-8").splitlines()
    assert "--no-sandbox" not in first and "--no-sandbox" in second
    assert "--disable-background-networking" in first and "--no-pdf-header-footer" in first
