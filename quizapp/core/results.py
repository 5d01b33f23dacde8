"""Student reports and the class gradebook: pure functions over plain progress records."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from quizapp.core.errors import QuizAppError
from quizapp.core.grades import accuracy
from quizapp.core.model import Card, Deck, Rating
from quizapp.core.records import AnswerOutcome, SessionRecord

REPORT_FORMAT = "quizapp-report"
REPORT_VERSION = 1
"""Bump when a field changes meaning; the gradebook refuses versions it does not know."""
PROMPT_CHARS = 200


class ReportError(QuizAppError):
    """A report file is malformed, of an unknown version, or cannot be used."""


@dataclass(frozen=True, slots=True)
class DeckInfo:
    id: str
    title: str
    version: str
    """A hash of the deck's cards: reports from different deck versions still merge by card id."""
    cards: int


@dataclass(frozen=True, slots=True)
class QuizResult:
    """One quiz key (decks + tag) over all its attempts: the best and the latest accuracy."""

    key: str
    attempts: int
    best: float
    last: float
    answered: int
    """Answers in the best attempt."""


@dataclass(frozen=True, slots=True)
class Tally:
    """Answers to one card or one tag, by verdict; accuracy is the mean credit."""

    answered: int = 0
    correct: int = 0
    almost: int = 0
    wrong: int = 0
    accuracy: float = 0.0


@dataclass(frozen=True, slots=True)
class CardResult:
    deck_id: str
    card_id: str
    prompt: str
    tally: Tally
    last_verdict: str


@dataclass(frozen=True, slots=True)
class Report:
    """The file a student hands in (`quizapp report`)."""

    student: str
    profile: str
    generated_at: datetime
    app_version: str
    decks: tuple[DeckInfo, ...]
    quizzes: tuple[QuizResult, ...]
    tags: tuple[tuple[str, Tally], ...]
    cards: tuple[CardResult, ...]
    total: Tally
    study_seconds: int
    streak_current: int
    streak_longest: int
    format_version: int = REPORT_VERSION


def deck_version(deck: Deck) -> str:
    """12 hex digits that change whenever any card's content changes."""
    return hashlib.sha256(repr(deck.cards).encode("utf-8")).hexdigest()[:12]


def quiz_key(session: SessionRecord) -> str:
    """What makes two students' quizzes the same quiz: the decks and the tag."""
    decks = "+".join(sorted(session.deck_ids)) or "all"
    return f"{decks}#{session.tag}" if session.tag else decks


def _credit(verdict: str | None, score: float | None, rating: int) -> tuple[str, float]:
    """The verdict and credit of an answer; self-rated cards count Again as wrong."""
    if verdict:
        if score is None:
            score = {"correct": 1.0, "almost": 0.5}.get(verdict, 0.0)
        return verdict, score
    return ("wrong", 0.0) if rating == Rating.AGAIN else ("correct", 1.0)


@dataclass
class _Counter:
    answered: int = 0
    correct: int = 0
    almost: int = 0
    wrong: int = 0
    credit: float = 0.0
    last: str = ""

    def add(self, verdict: str, credit: float) -> None:
        self.answered += 1
        self.credit += credit
        self.last = verdict
        if verdict == "correct":
            self.correct += 1
        elif verdict == "almost":
            self.almost += 1
        else:
            self.wrong += 1

    def merge(self, other: _Counter) -> None:
        self.answered += other.answered
        self.correct += other.correct
        self.almost += other.almost
        self.wrong += other.wrong
        self.credit += other.credit

    def tally(self) -> Tally:
        accuracy = round(self.credit / self.answered, 4) if self.answered else 0.0
        return Tally(self.answered, self.correct, self.almost, self.wrong, accuracy)


def streaks(days: Iterable[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive study days; today not studied yet keeps the run."""
    studied = sorted(set(days))
    longest = run = 0
    previous: date | None = None
    for day in studied:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    if studied and today - studied[-1] <= timedelta(days=1):
        current = 1
        for earlier, later in zip(reversed(studied[:-1]), reversed(studied[1:]), strict=True):
            if later - earlier != timedelta(days=1):
                break
            current += 1
    return current, longest


def study_seconds(sessions: Iterable[SessionRecord], answer_ms: Mapping[int | None, int]) -> int:
    """Time in finished sessions, plus the answer times of answers outside them.

    Args:
        sessions: the study sessions.
        answer_ms: summed answer time (ms) per session id (None: answers without a session).
    """
    total = 0.0
    timed: set[int | None] = set()
    for session in sessions:
        if session.ended is not None and session.ended >= session.started:
            total += (session.ended - session.started).total_seconds()
            timed.add(session.id)
    total += sum(ms for sid, ms in answer_ms.items() if sid not in timed) / 1000
    return int(round(total))


@dataclass(frozen=True, slots=True)
class ReportInput:
    """Everything a report is built from, read by the CLI through the store's API."""

    student: str
    profile: str
    decks: Sequence[Deck]
    answers: Iterable[AnswerOutcome]
    """Every answer in time order, read once: the store streams its log (millions of rows)."""
    sessions: Sequence[SessionRecord]
    now: datetime
    tz: tzinfo | None = None
    """Study days are counted in this zone (the learner's); None means UTC."""
    app_version: str = ""
    deck_ids: Sequence[str] = field(default_factory=tuple)
    """Only these decks (all decks the learner studied when empty)."""
    streak: tuple[int, int] | None = None
    """(current, longest) from the stats module, so the report agrees with the stats screen;
    None counts days from `answers` here."""


def build_report(data: ReportInput) -> Report:
    """Summarise one learner's progress (pure: no store, no clock)."""
    wanted = set(data.deck_ids)
    decks = {d.id: d for d in data.decks}
    cards_by_id = {(d.id, c.id): c for d in data.decks for c in d.cards}
    per_card: dict[tuple[str, str], _Counter] = defaultdict(_Counter)
    per_tag: dict[str, _Counter] = defaultdict(_Counter)
    total = _Counter()
    answer_ms: dict[int | None, int] = defaultdict(int)
    zone = data.tz or data.now.tzinfo
    days: set[date] = set()
    count_days = data.streak is None
    # One pass, the hot loop of a long history: plain rows, unpacked, nothing built per answer.
    for deck_id, card_id, given, score, rating, response_ms, session_id, at_ms in data.answers:
        if wanted and deck_id not in wanted:
            continue
        verdict, credit = _credit(given, score, rating)
        per_card[(deck_id, card_id)].add(verdict, credit)
        if response_ms:
            answer_ms[session_id] += response_ms
        if count_days:
            days.add(datetime.fromtimestamp(at_ms / 1000, zone).date())
    for key, counter in per_card.items():
        total.merge(counter)
        card = cards_by_id.get(key)
        for tag in card.tags if card else ():
            per_tag[tag].merge(counter)
    sessions = [s for s in data.sessions if not wanted or set(s.deck_ids) & wanted]
    current, longest = data.streak or streaks(days, data.now.astimezone(zone).date())
    studied = sorted({deck_id for deck_id, _ in per_card} | (wanted & set(decks)))
    return Report(
        student=data.student,
        profile=data.profile,
        generated_at=data.now,
        app_version=data.app_version,
        decks=tuple(
            DeckInfo(i, decks[i].title, deck_version(decks[i]), len(decks[i].cards))
            if i in decks
            else DeckInfo(i, "", "", 0)
            for i in studied
        ),
        quizzes=_quizzes([s for s in sessions if s.mode == "quiz"]),
        tags=tuple((tag, c.tally()) for tag, c in sorted(per_tag.items())),
        cards=tuple(
            CardResult(
                deck_id, card_id, _prompt(cards_by_id.get((deck_id, card_id))), c.tally(), c.last
            )
            for (deck_id, card_id), c in sorted(per_card.items())
        ),  # fmt: skip
        total=total.tally(),
        study_seconds=study_seconds(sessions, answer_ms),
        streak_current=current,
        streak_longest=longest,
    )


def _prompt(card: Card | None) -> str:
    return " ".join(card.prompt.split())[:PROMPT_CHARS] if card else ""


def _quizzes(sessions: Sequence[SessionRecord]) -> tuple[QuizResult, ...]:
    by_key: dict[str, list[SessionRecord]] = defaultdict(list)
    for session in sessions:
        if session.answered:
            by_key[quiz_key(session)].append(session)
    results = []
    for key, attempts in sorted(by_key.items()):
        attempts.sort(key=lambda s: (s.started, s.id))
        scores = [(_accuracy(s), s.answered) for s in attempts]
        best = max(scores)
        results.append(QuizResult(key, len(attempts), best[0], scores[-1][0], best[1]))
    return tuple(results)


def _accuracy(session: SessionRecord) -> float:
    """As the summary screen showed it at the end of the quiz (near misses count 1/2)."""
    return round(accuracy(session.correct, session.almost, session.answered), 4)


def report_to_dict(report: Report) -> dict[str, Any]:
    """The JSON shape of a report (documented in docs/exports.md)."""

    def tally(t: Tally) -> dict[str, Any]:
        return {
            "answered": t.answered,
            "correct": t.correct,
            "almost": t.almost,
            "wrong": t.wrong,
            "accuracy": t.accuracy,
        }

    return {
        "format": REPORT_FORMAT,
        "format_version": report.format_version,
        "student": report.student,
        "profile": report.profile,
        "generated_at": report.generated_at.isoformat(),
        "app_version": report.app_version,
        "decks": [
            {"id": d.id, "title": d.title, "version": d.version, "cards": d.cards}
            for d in report.decks
        ],
        "quizzes": [
            {
                "key": q.key,
                "attempts": q.attempts,
                "best": q.best,
                "last": q.last,
                "answered": q.answered,
            }
            for q in report.quizzes
        ],  # fmt: skip
        "tags": [{"tag": tag, **tally(t)} for tag, t in report.tags],
        "cards": [
            {
                "deck_id": c.deck_id,
                "card_id": c.card_id,
                "prompt": c.prompt,
                "last_verdict": c.last_verdict,
                **tally(c.tally),
            }
            for c in report.cards
        ],  # fmt: skip
        "total": tally(report.total),
        "study_seconds": report.study_seconds,
        "streak": {"current": report.streak_current, "longest": report.streak_longest},
    }


@dataclass(frozen=True, slots=True)
class StudentRow:
    student: str
    profile: str
    generated_at: datetime
    scores: Mapping[str, float]
    """Best accuracy per quiz key."""
    accuracy: float
    answered: int
    study_seconds: int
    streak: int
    source: str


@dataclass(frozen=True, slots=True)
class CardDifficulty:
    deck_id: str
    card_id: str
    prompt: str
    students: int
    """Students who answered the card at least once."""
    missed: int
    """Students who got it wrong at least once."""
    accuracy: float
    """Mean of the students' accuracies on the card."""

    @property
    def missed_share(self) -> float:
        return round(self.missed / self.students, 4) if self.students else 0.0


@dataclass(frozen=True, slots=True)
class Gradebook:
    quizzes: tuple[str, ...]
    students: tuple[StudentRow, ...]
    cards: tuple[CardDifficulty, ...]
    """Hardest first: highest share of students who missed the card."""
    notes: tuple[str, ...]
    """Duplicates left out and deck-version mixes, for the teacher to read."""


def build_gradebook(reports: Sequence[tuple[str, Report]]) -> Gradebook:
    """Merge students' reports; a student's second report is left out with a note, not merged."""
    notes: list[str] = []
    kept: dict[str, tuple[str, Report]] = {}
    for source, report in reports:
        who = report.student.casefold()
        if who in kept:
            other_source, other = kept[who]
            if report_to_dict(other) == report_to_dict(report):
                notes.append(f"{source}: same report as {other_source}, left out")
                continue
            newer, older = (
                ((source, report), (other_source, other))
                if report.generated_at > other.generated_at
                else ((other_source, other), (source, report))
            )
            notes.append(
                f"{older[0]}: a second report for student {report.student!r} "
                f"(kept the newer one, {newer[0]})"
            )
            kept[who] = newer
            continue
        kept[who] = (source, report)
    chosen = sorted(kept.values(), key=lambda item: item[1].student.casefold())
    versions: dict[str, set[str]] = defaultdict(set)
    for _, report in chosen:
        for deck in report.decks:
            if deck.version:
                versions[deck.id].add(deck.version)
    for deck_id, found in sorted(versions.items()):
        if len(found) > 1:
            notes.append(
                f"deck {deck_id}: {len(found)} versions among the reports, merged by card id"
            )
    quizzes = tuple(sorted({q.key for _, r in chosen for q in r.quizzes}))
    students = tuple(
        StudentRow(
            r.student, r.profile, r.generated_at, {q.key: q.best for q in r.quizzes},
            r.total.accuracy, r.total.answered, r.study_seconds, r.streak_current, source,
        )
        for source, r in chosen
    )  # fmt: skip
    seen: dict[tuple[str, str], list[CardResult]] = defaultdict(list)
    for _, report in chosen:
        for card in report.cards:
            seen[(card.deck_id, card.card_id)].append(card)
    cards = [
        CardDifficulty(
            deck_id, card_id, next((c.prompt for c in results if c.prompt), ""),
            len(results), sum(1 for c in results if c.tally.wrong),
            round(sum(c.tally.accuracy for c in results) / len(results), 4),
        )
        for (deck_id, card_id), results in seen.items()
    ]  # fmt: skip
    cards.sort(key=lambda c: (-c.missed_share, c.accuracy, c.deck_id, c.card_id))
    return Gradebook(quizzes, students, tuple(cards), tuple(notes))
