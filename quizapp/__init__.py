"""quizapp: a terminal quiz and flashcard app with spaced repetition."""

__version__ = "0.1.0"
