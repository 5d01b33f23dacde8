"""Properties of grading that must hold for any input."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quizapp.core.grading import Verdict, grade
from quizapp.core.model import (
    ChoiceCard,
    ClozeCard,
    ClozeGap,
    NumericCard,
    OrderCard,
    TypedCard,
)
from quizapp.core.normalize import display_form, normalize
from quizapp.core.numbers import parse_quantity

FRENCH_LETTERS = "abcdefghijklmnopqrstuvwxyzéèêëàâîïôûùüçœ"
words = st.text(alphabet=FRENCH_LETTERS + FRENCH_LETTERS.upper() + "'-", min_size=1, max_size=12)
answers = st.lists(words, min_size=1, max_size=4).map(" ".join)
languages = st.sampled_from(["en", "fr", "fr-CA"])


@st.composite
def variants(draw: st.DrawFn, answer: str) -> str:
    """The answer with its case, spacing and quotes changed."""
    chars = [c.upper() if draw(st.booleans()) else c.lower() for c in answer]
    text = "".join(chars)
    text = text.replace(" ", draw(st.sampled_from([" ", "  ", "\u00a0", " \t"])))
    text = text.replace("'", draw(st.sampled_from(["'", "’", "ʼ"])))
    left, right = draw(st.sampled_from([("", ""), ("« ", " »"), ("“", "”"), ("  ", "! ")]))
    return left + text + right


@given(st.data(), answers, languages, st.booleans())
def test_variants_of_an_accepted_answer_grade_correct(
    data: st.DataObject, answer: str, language: str, strict: bool
) -> None:
    assume(normalize(answer, language=language))
    card = TypedCard(id="c", question="?", answer="autre chose", accept=(answer,))
    response = data.draw(variants(answer))
    result = grade(card, response, language=language, strict=strict)
    assert result.verdict is Verdict.CORRECT, (answer, response, result)


typed_card = TypedCard(
    id="t", question="Montant ?", answer="19 millions de dollars", accept=("Liang Wenfeng",)
)
numeric_card = NumericCard(id="n", question="?", answer=1e12, tolerance=0.05, relative=True)
cloze_card = ClozeCard(
    id="z",
    text="{{138 millions}} de yuans donnés par {{Liang|Liang Wenfeng}}",
    parts=(
        ClozeGap("138 millions"),
        " de yuans donnés par ",
        ClozeGap("Liang", ("Liang Wenfeng",)),
    ),
)


@settings(max_examples=300)
@given(st.text(), languages, st.booleans(), st.none() | st.floats(allow_nan=True))
def test_grade_never_raises_for_text_and_scores_stay_in_range(
    response: str, language: str, strict: bool, elapsed: float | None
) -> None:
    for card in (typed_card, numeric_card):
        result = grade(card, response, language=language, strict=strict, elapsed=elapsed)
        assert 0.0 <= result.score <= 1.0
        assert (result.score == 1.0) == (result.verdict is Verdict.CORRECT) or card is numeric_card
    result = grade(cloze_card, (response, response), language=language, strict=strict)
    assert 0.0 <= result.score <= 1.0
    assert len(result.parts) == 2


@given(st.text(min_size=1), st.text(), languages)
def test_near_miss_diff_spells_the_expected_answer(answer: str, response: str, lang: str) -> None:
    card = TypedCard(id="t", question="?", answer=answer)
    result = grade(card, response, language=lang)
    if result.diff:
        shown = "".join(span.text for span in result.diff if span.op != "extra")
        assert shown == display_form(answer, language=lang)


@given(st.data())
def test_near_misses_of_long_answers_are_almost(data: st.DataObject) -> None:
    answer = data.draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=8, max_size=15))
    assume(parse_quantity(answer) is None)  # "thirteen" is a number: no near miss
    position = data.draw(st.integers(min_value=0, max_value=len(answer) - 1))
    typo = answer[:position] + answer[position + 1 :]
    card = TypedCard(id="t", question="?", answer=answer)
    result = grade(card, typo)
    assert result.verdict is Verdict.ALMOST
    assert 0.5 <= result.score <= 0.8


@given(st.frozensets(st.integers(min_value=-2, max_value=8)), st.booleans())
def test_choice_scores_stay_in_range(picks: frozenset[int], multiple: bool) -> None:
    card = ChoiceCard(
        id="c",
        question="?",
        options=("a", "b", "c", "d", "e"),
        correct=frozenset({0, 2}) if multiple else frozenset({1}),
        multiple=multiple,
    )
    result = grade(card, picks)
    assert 0.0 <= result.score <= 1.0
    assert (result.verdict is Verdict.CORRECT) == (picks == card.correct)


@given(st.lists(st.integers(min_value=-1, max_value=6), max_size=9))
def test_order_scores_stay_in_range_and_only_the_right_order_is_correct(
    placed: list[int],
) -> None:
    card = OrderCard(id="o", question="?", items=("a", "b", "c", "d", "e"))
    result = grade(card, tuple(placed))
    assert 0.0 <= result.score <= 1.0
    assert len(result.parts) == 5
    assert (result.verdict is Verdict.CORRECT) == (placed == [0, 1, 2, 3, 4])
    assert (result.score == 1.0) == (placed == [0, 1, 2, 3, 4])


@given(st.permutations(range(6)))
def test_order_score_never_rises_when_two_neighbours_swap_back(order: list[int]) -> None:
    card = OrderCard(id="o", question="?", items=tuple("abcdef"))
    score = grade(card, tuple(order)).score
    for i in range(5):
        if order[i] > order[i + 1]:
            fixed = [*order[:i], order[i + 1], order[i], *order[i + 2 :]]
            assert grade(card, tuple(fixed)).score >= score


@given(
    st.floats(allow_nan=False, allow_infinity=False) | st.integers(),
    st.floats(min_value=0, max_value=1e6),
    st.booleans(),
    st.sampled_from([None, "$", "%", "puces", "km", "millions de dollars", "M$", "bn"]) | st.text(),
    st.text() | st.sampled_from(["19", "19m", "$19M", "19 millions", "x19", "plus de 19"]),
    languages,
)
def test_numeric_cards_of_any_shape_never_raise(
    answer: float, tolerance: float, relative: bool, unit: str | None, response: str, lang: str
) -> None:
    card = NumericCard(
        id="n", question="?", answer=answer, tolerance=tolerance, relative=relative, unit=unit
    )
    result = grade(card, response, language=lang, elapsed=1.0)
    assert 0.0 <= result.score <= 1.0
    assert result.expected


@given(st.lists(st.text(min_size=1), min_size=1, max_size=3), st.lists(st.text()), languages)
def test_cloze_cards_of_any_shape_never_raise(
    gap_answers: list[str], responses: list[str], lang: str
) -> None:
    parts = tuple(ClozeGap(text) for text in gap_answers)
    card = ClozeCard(id="z", text="", parts=parts)
    result = grade(card, tuple(responses), language=lang)
    assert 0.0 <= result.score <= 1.0
    assert len(result.parts) == len(gap_answers)
