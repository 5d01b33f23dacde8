"""Normalises typed answers so that only meaningful differences count when grading.

`normalize(text, language=..., strict=...)` ignores exactly these, in this order:

0. Invisible format characters (Unicode category Cf): zero-width spaces and joiners, soft
   hyphens, direction marks, byte order marks. Text pasted from a web page into a deck
   carries them, and a learner could never type them.
1. Unicode compatibility forms (NFKC): no-break and narrow no-break spaces, full-width
   letters and digits, ligatures such as "ﬁ".
2. Case (`str.casefold`, so "ß" equals "ss").
3. Typographic quotes and apostrophes: ’ ‘ ʼ ´ ` ′ become ', and « » “ ” „ ″ become ".
4. The ligatures œ and æ, written "oe" and "ae".
5. Accents and other combining marks, unless `strict` (strict still ignores case).
6. Hyphens and dashes (- ‐ ‑ ‒ – — ― −), which count as spaces: "États-Unis" = "Etats Unis".
7. Runs of whitespace, which count as one space.
8. Spaces and the punctuation `. , ; : ! ? ¡ ¿ ' " ( ) [ ] { } …` at either end.
9. Leading articles of the language (primary subtag of a BCP 47 code such as `fr-CA`):
   fr: le, la, les, l', un, une, des, du, de la, de l'; en: the, a, an; English "the" in every
   language (titles such as "The Financial Times" appear in French text too). Articles are
   removed one after another while something is left, so "The" alone stays "the".

Nothing else is ignored: inner punctuation, digits and symbols such as $ % + are kept.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "’‘ʼ´`′‛"
_DOUBLE_QUOTES = "«»“”„‟″"
_DASHES = "-‐‑‒–—―−"
_TYPOGRAPHY = str.maketrans(
    {
        **{c: "'" for c in _APOSTROPHES},
        **{c: '"' for c in _DOUBLE_QUOTES},
        **{c: " " for c in _DASHES},
        "œ": "oe",
        "æ": "ae",
    }
)
SURROUNDING = " .,;:!?¡¿'\"()[]{}…"
"""Characters stripped from both ends of an answer."""

ARTICLES: dict[str, tuple[str, ...]] = {
    "fr": ("de la ", "de l'", "les ", "des ", "une ", "the ", "le ", "la ", "l'", "un ", "du "),
    "en": ("the ", "an ", "a "),
}
"""Leading articles per primary language subtag, longest first."""
OTHER_LANGUAGES_ARTICLES = ("the ",)
"""English "the" is dropped in every language: titles such as "The Financial Times" travel."""


def articles_for(language: str) -> tuple[str, ...]:
    """The leading articles `normalize` drops for a BCP 47 language code."""
    return ARTICLES.get(primary_language(language), OTHER_LANGUAGES_ARTICLES)


_WHITESPACE = re.compile(r"\s+")
_DISPLAY = str.maketrans(
    {**{c: "'" for c in _APOSTROPHES}, **{c: '"' for c in _DOUBLE_QUOTES}}
    | {c: "-" for c in _DASHES}
)


def primary_language(language: str) -> str:
    """Return the primary subtag of a BCP 47 code: "fr-CA" -> "fr"."""
    return language.replace("_", "-").split("-", 1)[0].strip().lower()


def drop_invisible(text: str) -> str:
    """Apply step 0: remove format characters (category Cf), which nobody can see or type."""
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def fold_typography(text: str) -> str:
    """Apply steps 0, 1, 3, 4, 6 and 7 (invisible characters, compatibility forms, quotes,
    ligatures, dashes, spaces).

    Case and accents are kept, so the result is still fit to show.
    """
    folded = unicodedata.normalize("NFKC", drop_invisible(text)).translate(_TYPOGRAPHY)
    folded = folded.replace("Œ", "Oe").replace("Æ", "Ae")
    return _WHITESPACE.sub(" ", folded)


def strip_accents(text: str) -> str:
    """Remove combining marks: "Éléonore" -> "Eleonore"."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept)


def strip_article(text: str, language: str) -> str:
    """Remove leading articles of `language` from already folded lowercase text."""
    articles = articles_for(language)
    changed = True
    while changed:
        changed = False
        for article in articles:
            if text.startswith(article):
                rest = text[len(article) :].strip(SURROUNDING)
                if rest:
                    text = rest
                    changed = True
                    break
    return text


def normalize(text: str, *, language: str = "en", strict: bool = False) -> str:
    """Return the form of `text` that grading compares (see the module docstring).

    Args:
        text: an answer as written by the deck author or typed by the learner.
        language: the deck's BCP 47 language code; it selects the leading articles.
        strict: keep accents (case is still ignored).

    Returns:
        The normalised text; `normalize` is idempotent.
    """
    result = text
    # Casefolding or accent removal can expose new foldable characters, so loop to a fixed point.
    for _ in range(4):
        previous = result
        result = fold_typography(result).casefold()
        result = fold_typography(result)
        if not strict:
            result = strip_accents(result)
        result = _WHITESPACE.sub(" ", result).strip(SURROUNDING)
        result = strip_article(result, language)
        if result == previous:
            break
    return result


def display_form(text: str, *, language: str = "en") -> str:
    """Return `text` trimmed as `normalize` trims it, keeping case and accents (for diffs)."""
    shown = unicodedata.normalize("NFKC", drop_invisible(text)).translate(_DISPLAY)
    shown = _WHITESPACE.sub(" ", shown)
    shown = shown.strip(SURROUNDING)
    for article in articles_for(language):
        if strip_accents(shown[: len(article)].casefold()) == article:
            rest = shown[len(article) :].strip(SURROUNDING)
            if rest:
                return rest
    return shown


def fold_char(char: str, *, strict: bool = False) -> str:
    """Fold one character for a character-aligned comparison; always returns one character."""
    folded = char.translate(_TYPOGRAPHY).casefold()
    if not strict:
        folded = strip_accents(folded)
    return folded if len(folded) == 1 else char.lower()[:1] or char
