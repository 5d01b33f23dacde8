# One obvious way to run things; every target works from a fresh clone.
PY := .venv/bin/python

.PHONY: install test check lint snapshots-update bench run

.venv:
	python3 -m venv .venv

install: .venv
	.venv/bin/pip install -q -e '.[test]'

test: install
	$(PY) -m pytest

check: test

lint: install
	.venv/bin/ruff check quizapp tests bench
	.venv/bin/ruff format --check quizapp tests bench
	.venv/bin/mypy quizapp bench tests
	.venv/bin/lint-imports

snapshots-update: install
	$(PY) -m pytest tests/tui --snapshot-update

bench: install
	$(PY) bench/run.py

run: install
	.venv/bin/quizapp
