"""The report file a student hands in: JSON (canonical) or CSV, written and read back."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from quizapp.core.exports.csv_deck import neutralise
from quizapp.core.results import (
    REPORT_FORMAT,
    REPORT_VERSION,
    CardResult,
    DeckInfo,
    QuizResult,
    Report,
    ReportError,
    Tally,
    report_to_dict,
)
from quizapp.core.schema import CARD_ID_PATTERN, DECK_ID_PATTERN

CSV_COLUMNS = (
    "record", "name", "deck_id", "card_id", "answered", "correct", "almost", "wrong",
    "accuracy", "attempts", "best", "last", "cards", "value",
)  # fmt: skip
"""`record` is meta, deck, quiz, tag, card or total; unused cells stay empty."""
META_FIELDS = ("format", "format_version", "student", "profile", "generated_at", "app_version")
TALLY = ("answered", "correct", "almost", "wrong", "accuracy")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""No text of a report holds these: reports come from students, and their text reaches the
teacher's terminal (the gradebook's messages) and files."""
_DECK = DECK_ID_PATTERN.strip("^$")
_IDS = {
    "deck": re.compile(DECK_ID_PATTERN),
    "card": re.compile(CARD_ID_PATTERN),
    "quiz": re.compile(rf"^(all|{_DECK}(\+{_DECK})*)(#.*)?$", re.DOTALL),
}
"""Ids as decks allow them; a quiz key is its decks joined by `+` (or `all`), then `#tag`."""


def report_json(report: Report) -> bytes:
    """Indented for reading; compact past 2,000 cards, where only the C encoder is fast enough."""
    indent = 1 if len(report.cards) <= 2000 else None
    return (json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent) + "\n").encode()


def _get(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = data.get(key) if isinstance(data, Mapping) else None
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _types(kind)):
        raise ReportError(f"{where}: '{key}' is missing or not {_name(kind)}")
    if isinstance(value, str) and CONTROL.search(value):
        raise ReportError(f"{where}: '{key}' holds a control character")
    return value


def _id(data: Mapping[str, Any], key: str, kind: str, where: str) -> str:
    """A deck or card id, or a quiz key (they name files and table columns)."""
    value: str = _get(data, key, str, where)
    if not _IDS[kind].match(value):
        raise ReportError(f"{where}: '{key}' is not a {kind} id: {value!r}")
    return value


def _types(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _name(kind: type | tuple[type, ...]) -> str:
    return " or ".join(t.__name__ for t in _types(kind))


def _tally(data: Mapping[str, Any], where: str) -> Tally:
    answered, correct, almost, wrong = (
        _get(data, k, int, where) for k in ("answered", "correct", "almost", "wrong")
    )
    accuracy = float(_get(data, "accuracy", (int, float), where))
    if min(answered, correct, almost, wrong) < 0 or not 0 <= accuracy <= 1:
        raise ReportError(f"{where}: counts must be positive and accuracy in 0…1")
    return Tally(answered, correct, almost, wrong, accuracy)


def report_from_dict(data: Any, where: str = "report") -> Report:
    """Read back a report's JSON shape, checking every field.

    Raises:
        ReportError: not a quizapp report, a newer format version, or a malformed field.
    """
    if not isinstance(data, Mapping) or data.get("format") != REPORT_FORMAT:
        raise ReportError(f"{where}: not a quizapp report")
    version = _get(data, "format_version", int, where)
    if version > REPORT_VERSION:
        raise ReportError(f"{where}: report format {version} is newer than this quizapp reads")
    try:
        generated = datetime.fromisoformat(_get(data, "generated_at", str, where))
    except ValueError as exc:
        raise ReportError(f"{where}: 'generated_at' is not an ISO date-time") from exc
    streak = _get(data, "streak", Mapping, where)
    decks = tuple(
        DeckInfo(
            _id(d, "id", "deck", where), _get(d, "title", str, where),
            _get(d, "version", str, where), _get(d, "cards", int, where),
        )
        for d in _get(data, "decks", list, where)
    )  # fmt: skip
    quizzes = tuple(
        QuizResult(
            _id(q, "key", "quiz", where), _get(q, "attempts", int, where),
            float(_get(q, "best", (int, float), where)),
            float(_get(q, "last", (int, float), where)), _get(q, "answered", int, where),
        )
        for q in _get(data, "quizzes", list, where)
    )  # fmt: skip
    cards = tuple(
        CardResult(
            _id(c, "deck_id", "deck", where), _id(c, "card_id", "card", where),
            _get(c, "prompt", str, where), _tally(c, where), _get(c, "last_verdict", str, where),
        )
        for c in _get(data, "cards", list, where)
    )  # fmt: skip
    return Report(
        student=_get(data, "student", str, where),
        profile=_get(data, "profile", str, where),
        generated_at=generated,
        app_version=str(data.get("app_version", "")),
        decks=decks,
        quizzes=quizzes,
        tags=tuple(
            (_get(t, "tag", str, where), _tally(t, where)) for t in _get(data, "tags", list, where)
        ),
        cards=cards,
        total=_tally(_get(data, "total", Mapping, where), where),
        study_seconds=_get(data, "study_seconds", int, where),
        streak_current=_get(streak, "current", int, where),
        streak_longest=_get(streak, "longest", int, where),
        format_version=version,
    )


def report_csv(report: Report) -> bytes:
    """The report as one CSV table (UTF-8 with BOM, every cell quoted and neutralised)."""
    data = report_to_dict(report)
    rows: list[dict[str, Any]] = [
        {"record": "meta", "name": k, "value": data[k]} for k in META_FIELDS
    ]
    rows += [
        {"record": "meta", "name": "study_seconds", "value": data["study_seconds"]},
        {"record": "meta", "name": "streak_current", "value": data["streak"]["current"]},
        {"record": "meta", "name": "streak_longest", "value": data["streak"]["longest"]},
    ]
    rows += [
        {"record": "deck", "name": d["title"], "deck_id": d["id"], "cards": d["cards"],
         "value": d["version"]}
        for d in data["decks"]
    ]  # fmt: skip
    rows += [{"record": "quiz", "name": q.pop("key"), **q} for q in data["quizzes"]]
    rows += [{"record": "tag", "name": t.pop("tag"), **t} for t in data["tags"]]
    rows += [
        {"record": "card", "name": c.pop("prompt"), "value": c.pop("last_verdict"), **c}
        for c in data["cards"]
    ]
    rows.append({"record": "total", **data["total"]})
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_protect(str(row.get(column, ""))) for column in CSV_COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def _protect(cell: str) -> str:
    """Spreadsheet-safe and reversible: a formula gets the `'` prefix, and so does a cell that
    already starts with `'`, so the reader removes exactly the prefixes written here."""
    return "'" + cell if cell.startswith("'") else neutralise(cell)


def _unprotect(cell: str) -> str:
    if cell.startswith("'") and (cell.startswith("''") or neutralise(cell[1:]) == cell):
        return cell[1:]
    return cell


def _number(text: str, where: str) -> int | float:
    try:
        value = float(text)
    except ValueError as exc:
        raise ReportError(f"{where}: {text!r} is not a number") from exc
    return int(value) if value.is_integer() and "." not in text else value


def _csv_to_dict(text: str, where: str) -> dict[str, Any]:
    """Rebuild the JSON shape from the CSV table, so one checker validates both."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
        raise ReportError(f"{where}: not a quizapp report (unexpected CSV columns)")
    data: dict[str, Any] = {"decks": [], "quizzes": [], "tags": [], "cards": [], "streak": {}}

    def nums(row: Mapping[str, str], names: tuple[str, ...]) -> dict[str, Any]:
        return {n: _number(row[n], where) for n in names}

    for row in reader:
        row = {k: _unprotect(v or "") for k, v in row.items()}
        record = row["record"]
        if record == "meta":
            name, value = row["name"], row["value"]
            if name in ("format_version", "study_seconds"):
                data[name] = _number(value, where)
            elif name.startswith("streak_"):
                data["streak"][name.removeprefix("streak_")] = _number(value, where)
            else:
                data[name] = value
        elif record == "deck":
            data["decks"].append(
                {"id": row["deck_id"], "title": row["name"], "version": row["value"],
                 "cards": _number(row["cards"], where)}
            )  # fmt: skip
        elif record == "quiz":
            quiz = nums(row, ("attempts", "best", "last", "answered"))
            data["quizzes"].append({"key": row["name"], **quiz})
        elif record == "tag":
            data["tags"].append({"tag": row["name"], **nums(row, TALLY)})
        elif record == "card":
            data["cards"].append(
                {"deck_id": row["deck_id"], "card_id": row["card_id"], "prompt": row["name"],
                 "last_verdict": row["value"], **nums(row, TALLY)}
            )  # fmt: skip
        elif record == "total":
            data["total"] = nums(row, TALLY)
        else:
            raise ReportError(f"{where}: unknown record {record!r}")
    return data


def load_report(data: bytes, where: str) -> Report:
    """Parse a report file's bytes, JSON or CSV.

    Raises:
        ReportError: the bytes are not a valid report.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(f"{where}: not UTF-8 text") from exc
    if text.lstrip().startswith("{"):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReportError(f"{where}: broken JSON ({exc})") from exc
    else:
        parsed = _csv_to_dict(text, where)
    return report_from_dict(parsed, where)
