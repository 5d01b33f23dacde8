"""The installed `quizapp lint` on every hostile deck: exit 1, `path:line:col: message` where the
problem is, no traceback, within a memory cap and a time guard.

The committed corpus is linted in one run (its per-file lines are then checked one test per
file); each generated file, the big and the binary ones, gets a run of its own so that the cap
and the guard apply to it alone.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.paths import bundled_decks_dir
from tests.hostile import corpus_gen
from tests.hostile.expected import COMMITTED, CORPUS, GENERATED, GOOD, TERMINAL_CONTROL, Expect
from tests.terminal import installed_quizapp

MEMORY_LIMIT = 1 << 30
"""1 GiB of address space per run. The biggest deck lint must accept (40 MiB, about 180,000
cards) peaks at about 660 MB; a hostile file may not need more than that, and the rest is room
for the interpreter's own mappings. Before the loader's limits that this corpus led to, one
40 MiB file here needed 2.2 GB."""
TIMEOUT_S = 120
"""A hang guard, not a speed test: the slowest file here takes about 5 s on two cores
(`bench/` measures the loader's speed)."""


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def lint(*args: str | Path, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed `quizapp lint` with the memory cap and the time guard."""
    return subprocess.run(
        [installed_quizapp(), "lint", *map(str, args)],
        capture_output=True,
        encoding="utf-8",
        timeout=TIMEOUT_S,
        preexec_fn=_cap_memory,
        cwd=cwd,
        env={**os.environ, "QUIZAPP_HOME": str(home), "PYTHONUTF8": "1"},
        check=False,
    )


def assert_clean_failure(run: subprocess.CompletedProcess[str]) -> None:
    """Exit 1, no traceback, nothing that could act on a terminal."""
    output = run.stdout + run.stderr
    assert "Traceback" not in output, output[-3000:]
    assert run.returncode == 1, output[-3000:]
    assert not TERMINAL_CONTROL.search(output), repr(TERMINAL_CONTROL.search(output))


def assert_reported(output: str, path: Path, expect: Expect) -> None:
    """The file's first line is `path:line:col: …fragment…`; `also` is in a later line."""
    lines = [line for line in output.splitlines() if line.startswith(f"{path}:")]
    assert lines, f"{path.name} is not reported:\n{output[-2000:]}"
    first = lines[0]
    assert first.startswith(f"{path}:{expect.line}:{expect.column}: "), first[:300]
    assert expect.fragment in first, first[:300]
    if expect.also:
        assert any(expect.also in line for line in lines[1:]), lines[:5]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The runs' working folder: a deck that runs `touch pwned-by-deck` would leave it here."""
    return tmp_path_factory.mktemp("lint-cwd")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lint-home")


@pytest.fixture(scope="module")
def corpus_run(workdir: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """One lint run over every committed corpus file, named one by one."""
    files = sorted(CORPUS.glob("*.yaml"))
    return lint(*files, cwd=workdir, home=home)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("generated")
    corpus_gen.generate(folder)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)  # 150 MB: do not keep it for pytest's history


def test_corpus_is_complete_and_listed() -> None:
    committed = {path.stem for path in CORPUS.glob("*.yaml")}
    assert committed == set(COMMITTED)
    assert set(corpus_gen.WRITERS) == set(GENERATED)
    assert all(path.stat().st_size < 4096 for path in CORPUS.iterdir())


def test_corpus_run_fails_cleanly(corpus_run: subprocess.CompletedProcess[str]) -> None:
    assert_clean_failure(corpus_run)
    files = len(COMMITTED)
    assert re.fullmatch(
        rf"quizapp lint: \d+ problems in {files} of {files} deck files\n", corpus_run.stderr
    ), corpus_run.stderr


@pytest.mark.parametrize("name", sorted(COMMITTED))
def test_corpus_deck_is_reported_where_it_is_wrong(
    name: str, corpus_run: subprocess.CompletedProcess[str]
) -> None:
    assert_reported(corpus_run.stdout, CORPUS / f"{name}.yaml", COMMITTED[name])


def test_python_tag_never_runs(corpus_run: subprocess.CompletedProcess[str], workdir: Path) -> None:
    assert "python/object/apply:os.system" in corpus_run.stdout
    assert not (workdir / "pwned-by-deck").exists()
    assert not (CORPUS / "pwned-by-deck").exists()


@pytest.mark.parametrize("name", list(GENERATED))
def test_generated_deck_is_reported_where_it_is_wrong(
    name: str, generated: Path, workdir: Path, home: Path
) -> None:
    path = generated / f"{name}.yaml"
    run = lint(path, cwd=workdir, home=home)
    assert_clean_failure(run)
    assert_reported(run.stdout, path, GENERATED[name])
    assert len(run.stdout.splitlines()) <= 50  # a flood of problems is cut short
    assert len(run.stdout) < 100_000  # a long key or value is echoed shortened


def test_good_decks_lint_clean(workdir: Path, home: Path) -> None:
    run = lint(GOOD, cwd=workdir, home=home)
    assert (run.returncode, run.stdout) == (0, ""), run.stdout + run.stderr
    assert run.stderr == "quizapp lint: 3 deck files checked, no problems\n"


def test_whole_corpus_folder_with_the_bundled_and_good_decks(workdir: Path, home: Path) -> None:
    bundled = bundled_decks_dir()
    run = lint("--format", "json", CORPUS, GOOD, bundled, cwd=workdir, home=home)
    assert_clean_failure(run)
    rows = json.loads(run.stdout)
    first: dict[str, dict[str, object]] = {}
    for row in rows:
        first.setdefault(str(row["path"]), row)
    assert set(first) == {str(CORPUS / f"{name}.yaml") for name in COMMITTED}
    for name, expect in COMMITTED.items():
        row = first[str(CORPUS / f"{name}.yaml")]
        assert (row["line"], row["column"]) == (expect.line, expect.column), name
        assert expect.fragment in str(row["message"]), name
    summary = re.fullmatch(
        r"quizapp lint: (\d+) problems in (\d+) of (\d+) deck files\n", run.stderr
    )
    assert summary, run.stderr
    assert (int(summary[1]), int(summary[2])) == (len(rows), len(COMMITTED))
    good_and_bundled = len(list(GOOD.glob("*.yaml"))) + len(list(bundled.rglob("*.yaml")))
    assert int(summary[3]) == len(COMMITTED) + good_and_bundled
