"""The deck format's rules as data: keys, patterns, limits, and the JSON Schema built from them."""

from __future__ import annotations

import json
from typing import Any

DECK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""Deck and source ids: lowercase letters, digits and '-'."""
CARD_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
"""A BCP 47 tag as deck authors write it: fr, en, fr-CA, zh-Hans."""
TOLERANCE_PATTERN = r"^[0-9]+(\.[0-9]+)?\s*%$"
URL_PATTERN = r"^https?://\S+$"
MAX_ID_LENGTH = 64
MAX_TEXT_LENGTH = 10_000
"""Per text field: long enough for a paragraph, short enough to stop a runaway file."""

DECK_KEYS = ("deck", "title", "language", "description", "authors", "strict", "sources", "cards")
DECK_REQUIRED = ("deck", "title", "cards")
SOURCE_KEYS = ("id", "title", "file", "url")
SOURCE_REQUIRED = ("id", "title")
CARD_SOURCE_KEYS = ("ref", "quote")
COMMON_CARD_KEYS = ("id", "kind", "tags", "explain", "strict", "source")
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "basic": ("front", "back"),
    "typed": ("question", "answer", "accept"),
    "choice": ("question", "options", "answer", "answers", "shuffle"),
    "truefalse": ("statement", "answer"),
    "cloze": ("text",),
    "order": ("question", "items"),
    "numeric": ("question", "answer", "tolerance", "unit"),
}
"""Keys each kind adds to the common ones."""
KIND_REQUIRED: dict[str, tuple[str, ...]] = {
    "basic": ("front", "back"),
    "typed": ("question", "answer"),
    "choice": ("question", "options"),
    "truefalse": ("statement", "answer"),
    "cloze": ("text",),
    "order": ("question", "items"),
    "numeric": ("question", "answer"),
}
"""Required keys per kind; a choice card also needs exactly one of `answer` / `answers`."""
ALL_CARD_KEYS = COMMON_CARD_KEYS + tuple(
    sorted({key for keys in KIND_KEYS.values() for key in keys})
)

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"

PATTERN_MESSAGE = "patternErrorMessage"
"""The message editors (VS Code's YAML extension) show instead of a regular expression;
other validators ignore the keyword."""


# Text fields keep the YAML scalar's text, so `answer: 2022` is text; an editor reading YAML
# 1.2 sees a number or a boolean there, which the schema must therefore accept as text too.
_TEXT: dict[str, Any] = {
    "anyOf": [
        {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_TEXT_LENGTH,
            "pattern": r"\S",
            PATTERN_MESSAGE: "Write some text, not only spaces.",
        },
        {"type": ["number", "boolean"]},
    ]
}


def _id(pattern: str, description: str | None = None) -> dict[str, Any]:
    """An id as the loader reads it: the scalar's text, trimmed, so `7` and `" a "` are ids."""
    padded = r"^\s*" + pattern.removeprefix("^").removesuffix("$") + r"\s*$"
    allowed = (
        "lowercase letters, digits and '-'"
        if pattern == DECK_ID_PATTERN
        else "letters, digits, '_', '.' and '-'"
    )
    schema: dict[str, Any] = {
        "anyOf": [
            {
                "type": "string",
                "pattern": padded,
                "maxLength": MAX_ID_LENGTH,
                PATTERN_MESSAGE: f"Use {allowed}, starting with a letter or digit.",
            },
            {"type": "integer", "minimum": 0},
        ]
    }
    if description:
        schema["description"] = description
    return schema


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _text_list(description: str, *, min_items: int = 0, unique: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": _ref("text"), "description": description}
    if min_items:
        schema["minItems"] = min_items
    if unique:
        schema["uniqueItems"] = True
    return schema


def _card_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": _id(CARD_ID_PATTERN, "Stable id, unique in the deck; progress is keyed on it."),
        "kind": {"enum": list(KIND_KEYS), "description": "What the learner does with the card."},
        "tags": _text_list("Tags to filter and group cards."),
        "explain": {**_TEXT, "description": "Shown after the learner answers."},
        "strict": {"type": "boolean", "description": "Accents must match (overrides the deck)."},
        "source": _ref("cardSource"),
        "front": _TEXT,
        "back": _TEXT,
        "question": _TEXT,
        "statement": _TEXT,
        "text": {**_TEXT, "description": "Sentence with gaps written {{answer|other spelling}}."},
        "answer": {"description": "The correct answer; its type depends on the kind."},
        "answers": _text_list("Texts of every correct option.", min_items=1, unique=True),
        "accept": _text_list("Other accepted spellings."),
        "options": _text_list(
            "The options, at least two, all different.", min_items=2, unique=True
        ),
        "shuffle": {"type": "boolean", "description": "Shuffle the options (default true)."},
        "items": _text_list("Items in the right order.", min_items=2, unique=True),
        "tolerance": {
            "description": 'Absolute (a number) or relative (a string such as "5%").',
            "anyOf": [
                {"type": "number", "minimum": 0},
                {
                    "type": "string",
                    "pattern": TOLERANCE_PATTERN,
                    PATTERN_MESSAGE: 'A number, or a percentage such as "5%".',
                },
            ],
        },
        "unit": _TEXT,
    }
    answer_types: dict[str, dict[str, Any]] = {
        "typed": _ref("text"),
        "choice": _ref("text"),
        "truefalse": {"type": "boolean"},
        "numeric": {"type": "number"},
    }
    rules: list[dict[str, Any]] = []
    for kind, keys in KIND_KEYS.items():
        allowed = set(COMMON_CARD_KEYS) | set(keys)
        then: dict[str, Any] = {
            "required": list(KIND_REQUIRED[kind]),
            "properties": {key: False for key in properties if key not in allowed},
        }
        if kind in answer_types:
            then["properties"]["answer"] = answer_types[kind]
        if kind == "choice":
            then["oneOf"] = [{"required": ["answer"]}, {"required": ["answers"]}]
        if kind == "cloze":
            then["properties"]["text"] = {
                "type": "string",
                "pattern": r"\{\{\s*[^\s|}]",
                PATTERN_MESSAGE: "A cloze text needs at least one gap: write {{answer}}.",
                "maxLength": MAX_TEXT_LENGTH,
            }
        rules.append(
            {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]}, "then": then}
        )
    return {
        "type": "object",
        "required": ["id", "kind"],
        "properties": properties,
        "additionalProperties": False,
        "allOf": rules,
    }


def deck_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a deck file, as editors read YAML (1.2 core types)."""
    return {
        "$schema": SCHEMA_DRAFT,
        "$id": "https://quizapp.invalid/deck.schema.json",
        "title": "quizapp deck",
        "description": "A deck of quiz cards; see docs/deck-format.md.",
        "type": "object",
        "required": list(DECK_REQUIRED),
        "additionalProperties": False,
        "properties": {
            "deck": _id(DECK_ID_PATTERN, "Stable deck id; progress is keyed on it."),
            "title": _ref("text"),
            "language": {
                "type": "string",
                "pattern": LANGUAGE_PATTERN,
                PATTERN_MESSAGE: "A language code such as en, fr or fr-CA.",
                "default": "en",
            },
            "description": _ref("text"),
            "authors": _text_list("Who wrote the deck."),
            "strict": {"type": "boolean", "default": False},
            "sources": {"type": "array", "items": _ref("source")},
            "cards": {"type": "array", "minItems": 1, "items": _ref("card")},
        },
        "$defs": {
            "text": _TEXT,
            "source": {
                "type": "object",
                "required": list(SOURCE_REQUIRED),
                "additionalProperties": False,
                "properties": {
                    "id": _id(DECK_ID_PATTERN),
                    "title": _ref("text"),
                    "file": {"type": "string", "description": "Relative to the deck file."},
                    "url": {
                        "type": "string",
                        "pattern": URL_PATTERN,
                        PATTERN_MESSAGE: "Write the address with http:// or https://.",
                    },
                },
            },
            "cardSource": {
                "type": "object",
                "required": list(CARD_SOURCE_KEYS),
                "additionalProperties": False,
                "properties": {
                    "ref": _id(DECK_ID_PATTERN),
                    "quote": _ref("text"),
                },
            },
            "card": _card_schema(),
        },
    }


def schema_json() -> str:
    """The schema as `quizapp schema` prints it and `decks/deck.schema.json` stores it."""
    return json.dumps(deck_schema(), indent=2, ensure_ascii=False) + "\n"
