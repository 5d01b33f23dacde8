"""The UI-free core: decks, grading, scheduling, the progress store, sessions and exports.

Nothing under `quizapp.core` imports Textual or Rich.
"""
