"""Printable worksheet (HTML, no script): questions, then each version's key on a new page."""

from __future__ import annotations

import html
import string
from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.core.exports.common import (
    ExportError,
    ExportFile,
    ExportOptions,
    ExportResult,
    ReportBuilder,
    clean,
    html_text,
    labels,
    letters,
    numeric_answer,
    rng_for,
    shuffled_order,
)
from quizapp.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    Deck,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)

PAPERS = {"a4": "A4", "letter": "letter"}
KEY_MODES = ("appended", "separate", "none")
MAX_VARIANTS = 26
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"

CSS = """@page { size: %(paper)s; margin: 16mm 15mm 18mm;
  @bottom-center { content: "Page " counter(page) " / " counter(pages); font-size: 9pt; } }
@page key { @top-center { content: "%(key)s"; } }
html { font: 11pt/1.4 "DejaVu Sans", sans-serif; print-color-adjust: exact;
  -webkit-print-color-adjust: exact; }
body { margin: 0; }
.sheet + .sheet, .answer-key + .sheet { break-before: page; page-break-before: always; }
.student { display: flex; gap: 8mm; margin: 0 0 6mm; }
.student span.fill { display: inline-block; min-width: 55mm; border-bottom: 0.6pt solid #000; }
ol.questions { padding-left: 7mm; }
.q { break-inside: avoid; page-break-inside: avoid; margin: 0 0 5mm; }
h1, h2, .q-stem { break-after: avoid; page-break-after: avoid; }
.q-stem { margin: 0 0 2mm; overflow-wrap: anywhere; unicode-bidi: plaintext; }
p, li { orphans: 3; widows: 3; overflow-wrap: anywhere; unicode-bidi: plaintext; }
.answer-key { page: key; break-before: page; page-break-before: always; }
.gap { display: inline-block; min-width: 28mm; border-bottom: 0.6pt solid #000; }
.gap-n { font-size: 8pt; vertical-align: super; }
.line { border-bottom: 0.6pt solid #000; height: 8mm; }
.box { display: inline-block; width: 3.2mm; height: 3.2mm; border: 0.6pt solid #000;
  margin-right: 2mm; vertical-align: middle; }
.box.wide { width: 8mm; }
.circle { border-radius: 50%%; }
ul.opts { list-style: none; padding-left: 2mm; margin: 0; }
.unit { margin-left: 2mm; }
.alias { font-size: 8.5pt; color: #333; }
@media screen { body { max-width: 190mm; margin: auto; } }
@media print { .no-print { display: none; } }
"""


@dataclass(frozen=True, slots=True)
class _Rendered:
    question: str
    """The `<li>` body on the student page."""
    key: str
    """The answer as HTML, for the key."""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _lines(count: int) -> str:
    return '<div class="line"></div>' * count


def _render(deck: Deck, card: Card, version: str, seed: str, words: dict[str, str]) -> _Rendered:
    stem = f'<p class="q-stem">{html_text(card.prompt)}</p>'
    match card:
        case BasicCard():
            count = 2 if len(clean(card.back)) <= 80 else 4
            return _Rendered(stem + _lines(count), html_text(card.back))
        case TypedCard():
            alias = ", ".join(html_text(a) for a in card.accept)
            extra = f' <span class="alias">({words["also"]}: {alias})</span>' if alias else ""
            return _Rendered(stem + _lines(1), html_text(card.answer) + extra)
        case ChoiceCard():
            order = list(range(len(card.options)))
            if card.shuffle:
                order = shuffled_order(len(order), rng_for(seed, deck.id, card.id, version))
            box = "box" if card.multiple else "box circle"
            note = f" <em>({words['tick']})</em>" if card.multiple else ""
            opts = "".join(
                f'<li><span class="{box}"></span>{letters([n])}. {html_text(card.options[i])}</li>'
                for n, i in enumerate(order)
            )
            right = [n for n, i in enumerate(order) if i in card.correct]
            stem = stem.replace("</p>", f"{note}</p>")
            return _Rendered(f'{stem}<ul class="opts">{opts}</ul>', letters(right))
        case TrueFalseCard():
            opts = "".join(
                f'<li><span class="box circle"></span>{word}</li>'
                for word in (words["true"], words["false"])
            )
            answer = words["true"] if card.answer else words["false"]
            return _Rendered(f'{stem}<ul class="opts">{opts}</ul>', answer)
        case ClozeCard():
            pieces: list[str] = []
            answers: list[str] = []
            for part in card.parts:
                if isinstance(part, str):
                    pieces.append(html_text(part, strip=False))
                else:
                    answers.append(html_text(part.answer))
                    pieces.append(
                        f'<span class="gap-n">{len(answers)}</span><span class="gap"></span>'
                    )
            key = "; ".join(f"({n}) {a}" for n, a in enumerate(answers, 1))
            return _Rendered(f'<p class="q-stem">{"".join(pieces).strip()}</p>', key)
        case OrderCard():
            order = shuffled_order(
                len(card.items), rng_for(seed, deck.id, card.id, version), avoid_identity=True
            )
            items = "".join(
                f'<li><span class="box wide"></span>{html_text(card.items[i])}</li>' for i in order
            )
            key = " → ".join(html_text(item) for item in card.items)
            hint = f" <em>({html_text(words['order'])})</em>"
            return _Rendered(
                stem.replace("</p>", f"{hint}</p>") + f'<ul class="opts">{items}</ul>', key
            )
        case NumericCard():
            unit = f'<span class="unit">{html_text(card.unit)}</span>' if card.unit else ""
            line = f'<p><span class="gap"></span>{unit}</p>'
            return _Rendered(stem + line, html_text(numeric_answer(card)))
    raise AssertionError(f"unknown card kind {card!r}")  # pragma: no cover


def _version_cards(
    deck: Deck, cards: Sequence[Card], version: str, seed: str, n: int
) -> list[Card]:
    if n == 1:
        return list(cards)
    order = shuffled_order(len(cards), rng_for(seed, deck.id, "questions", version))
    return [cards[i] for i in order]


def _document(title: str, lang: str, paper: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{title}</title>\n<style>\n{CSS % {'paper': paper, 'key': labels(lang)['key']}}"
        "</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )


def export_worksheet(deck: Deck, cards: Sequence[Card], options: ExportOptions) -> ExportResult:
    """Write the worksheet (and, with `key=separate`, a second file holding only the keys)."""
    paper = PAPERS.get(options.paper.lower())
    if paper is None:
        raise ExportError(f"unknown paper size {options.paper!r}: use A4 or Letter")
    if options.key not in KEY_MODES:
        raise ExportError(f"unknown key mode {options.key!r}: use {', '.join(KEY_MODES)}")
    if not 1 <= options.variants <= MAX_VARIANTS:
        raise ExportError(f"--variants must be between 1 and {MAX_VARIANTS}")
    report = ReportBuilder("html", deck.id, len(cards))
    lang = options.lang or deck.language
    words = labels(lang)
    title = html_text(deck.title)
    sheets: list[str] = []
    keys: list[str] = []
    for version in string.ascii_uppercase[: options.variants]:
        label = f" · {words['version']} {version}" if options.variants > 1 else ""
        questions: list[str] = []
        answers: list[str] = []
        for card in _version_cards(deck, cards, version, options.seed, options.variants):
            rendered = _render(deck, card, version, options.seed, words)
            anchor = _esc(f"{version}-{card.id}")
            questions.append(f'<li class="q" id="{anchor}">{rendered.question}</li>\n')
            why = f' <span class="alias">{html_text(card.explain)}</span>' if card.explain else ""
            answers.append(f"<li>{rendered.key}{why}</li>\n")
        sheets.append(
            f'<section class="sheet">\n<h1>{title}{label}</h1>\n'
            f'<p class="student"><span>{words["name"]}: <span class="fill"></span></span>'
            f'<span>{words["date"]}: <span class="fill"></span></span></p>\n'
            f'<ol class="questions">\n{"".join(questions)}</ol>\n</section>\n'
        )
        keys.append(
            f'<section class="answer-key">\n<h2>{words["key"]}{label}</h2>\n'
            f'<ol class="key">\n{"".join(answers)}</ol>\n</section>\n'
        )
    if options.key == "appended":
        body = "".join(s + k for s, k in zip(sheets, keys, strict=True))
    else:
        body = "".join(sheets)
    files = [ExportFile(".html", _document(title, lang, paper, body).encode("utf-8"))]
    if options.key == "separate":
        key_doc = _document(f"{title} · {words['key']}", lang, paper, "".join(keys))
        files.append(ExportFile(".html", key_doc.encode("utf-8"), suffix="-key"))
    return ExportResult(tuple(files), report.build())
