"""Performance at scale (issue 8): quizapp's figures beside references measured in the same run.

    python bench/run.py            # full sizes (about 2 minutes on 2 cores, inputs cached)
    python bench/run.py --quick    # small sizes, one or two runs each: a smoke run

Prints one Markdown table on stdout (progress goes to stderr) and writes the raw figures to
`bench/out/last-run.json`. A quizapp piece that does not exist yet is shown as "n/a (not built
yet)"; it is picked up automatically once it lands. See bench/README.md for what each row measures.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench import gen, launch  # noqa: E402
from bench.table import NOT_BUILT, Figure, Row, median_figure, missing, render  # noqa: E402

PYTHON = sys.executable


@dataclass(frozen=True, slots=True)
class Plan:
    """How many times each figure is measured, and the input sizes."""

    sizes: gen.Sizes
    launch_runs: int
    load_runs_big: int
    load_runs_huge: int
    queue_runs: int
    answers: int
    answer_runs: int
    """Processes answering `answers` cards each, per side: a p99 of one run swings 3× with
    the disk's fsync latency, so the table shows the median of the runs' p50 and p99."""
    launch_timeout: float
    warmup_timeout: float


FULL_PLAN = Plan(gen.FULL, 9, 5, 3, 5, 500, 3, 60.0, 300.0)
QUICK_PLAN = Plan(gen.QUICK, 2, 2, 1, 2, 50, 1, 30.0, 60.0)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def child_json(
    args: list[str], timeout: float, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run a probe script and return the JSON object it printed last ({"error": …} if none)."""
    try:
        done = subprocess.run(
            [PYTHON, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=REPO_ROOT,
            env=env,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in reversed(done.stdout.strip().splitlines()):
        if line.startswith("{"):
            return dict(json.loads(line))
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return {"error": tail[:120]}


def failure(result: dict[str, Any]) -> str:
    if "missing" in result:
        return NOT_BUILT
    return f"failed: {result.get('error', 'unknown')}"


# -- launch in tmux ------------------------------------------------------------------------


def quizapp_command() -> list[str] | None:
    """How a user starts the app, or None while the TUI is not there yet."""
    if importlib.util.find_spec("quizapp.tui.factory") is None:
        return None
    script = Path(PYTHON).with_name("quizapp")
    return [str(script)] if script.exists() else [PYTHON, "-m", "quizapp"]


def compile_bytecode() -> None:
    """Write the .pyc files of quizapp and its dependencies, as `pip install` does.

    A checkout run with PYTHONDONTWRITEBYTECODE (or an edited module) would otherwise
    compile its changed modules from source at every launch: 30 ms or more that no
    installed copy pays.
    """
    import compileall
    import sysconfig

    import quizapp

    package = Path(quizapp.__file__).parent
    for folder in (package, Path(sysconfig.get_paths()["purelib"])):
        compileall.compile_dir(folder, quiet=2, workers=0)


def bundled_prompts(titles: list[str] | None = None) -> list[str]:
    """Every card prompt of the bundled decks (the app's first card is one of them).

    Their titles are appended to `titles` when given.
    """
    import yaml

    from quizapp.paths import bundled_decks_dir

    prompts: list[str] = []
    for path in sorted(bundled_decks_dir().glob("*.y*ml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except (OSError, yaml.YAMLError):
            continue
        if not isinstance(data, dict):
            continue
        if titles is not None and isinstance(data.get("title"), str):
            titles.append(data["title"])
        for card in data.get("cards") or []:
            if isinstance(card, dict):
                text = next(
                    (card[k] for k in ("front", "question", "statement", "text") if k in card), ""
                )
                prompts.append(gen._GAP.sub("[_]", str(text)))
    return prompts


HOME_KEY = "r"
"""Typed on quizapp's home screen (footer `r Review`) to open today's review."""
HOME_TEXT = "r Review"
SLOW_LAUNCH_S = 10.0
SLOW_LAUNCH_RUNS = 3
"""A command whose first timed launch is slower than SLOW_LAUNCH_S is timed SLOW_LAUNCH_RUNS
times in all (to keep the run under 10 minutes). Not judged on the warm-up: that one launch
parses the decks, and which command meets the files first depends only on the order."""
TITLE_PREFIX = 12
"""Deck titles are matched on their first characters: the deck table may cut them short."""


def home_ready(titles: list[str]) -> Callable[[str], str]:
    """The home screen is ready when its footer and at least one deck of the library show."""
    prefixes = [title[:TITLE_PREFIX] for title in titles]

    def ready(screen: str) -> str:
        if HOME_TEXT not in screen:
            return ""
        return next((prefix for prefix in prefixes if prefix in screen), "")

    return ready


OPEN_AND_CLOSE = (
    "import sys; from quizapp.core.store import ProgressStore; ProgressStore(sys.argv[1]).close()"
)
"""Opens a profile as quizapp does (migrating it) and closes it (checkpointing its log)."""
STARTS = {"home": [], "study": ["study"]}
"""How the first card is reached (the command's arguments): `quizapp`, then `r` on its home
screen; or `quizapp study`, which opens on today's review."""


def measure_launches(plan: Plan, inputs: gen.Inputs, store: Path | None) -> list[Row]:
    """The launch rows; each run launches the minimal app, then each quizapp command once, so
    that drift hits both.

    Each library (bundled decks; bundled plus the generated user decks) is started both
    ways of `STARTS`. From the home screen, `r` is typed as soon as it shows (once) and the
    clock runs on to the first card's text.
    """
    from bench.minimal_app import READY_TEXT

    user_cards = plan.sizes.user_files * plan.sizes.user_cards_per_file
    refs: list[float] = []
    variants = [(library, start) for library in ("bundled", "user") for start in STARTS]
    cards: dict[tuple[str, str], list[float]] = {key: [] for key in variants}
    homes_s: dict[tuple[str, str], list[float]] = {key: [] for key in variants}
    notes: dict[tuple[str, str], str] = dict.fromkeys(variants, NOT_BUILT)
    command = quizapp_command()
    if launch.tmux_path() is None:
        gone = missing("s", "n/a (tmux not installed)")
        return _launch_rows(gone, {key: (gone, gone) for key in variants}, user_cards)
    compile_bytecode()
    scratch = Path(tempfile.mkdtemp(prefix="bench-home-"))
    homes = {"bundled": scratch / "home", "user": inputs.user_home}
    homes["bundled"].mkdir()
    if store is not None:
        # A fresh copy of the generated store each run, left as quizapp leaves a profile it
        # closes: migrated to the current schema and checkpointed. Not the last run's
        # write-ahead log (its launches were killed), nor the backups migrations leave.
        profile = inputs.user_home / "default.sqlite3"
        for leftover in inputs.user_home.glob("default.sqlite3[-.]*"):
            leftover.unlink()
        shutil.copyfile(store, profile)
        subprocess.run([PYTHON, "-c", OPEN_AND_CLOSE, str(profile)], check=True)
        for backup in inputs.user_home.glob("default.sqlite3.bak-*"):
            backup.unlink()
    titles: list[str] = []
    base = bundled_prompts(titles)
    user_titles = [_generated_title(deck) for deck in sorted(inputs.user_decks.glob("*.yaml"))]
    user_prompts = [
        p for deck in sorted(inputs.user_decks.glob("*.yaml")) for p in gen.generated_prompts(deck)
    ]
    matchers = {
        "bundled": launch.PromptMatcher(base),
        "user": launch.PromptMatcher(base + user_prompts),
    }
    steps = {
        "bundled": (home_ready(titles), HOME_KEY),
        "user": (home_ready(titles + user_titles), HOME_KEY),
    }
    minimal = [PYTHON, str(BENCH_DIR / "minimal_app.py")]
    found_minimal = launch.substring_matcher(READY_TEXT)

    def run_quizapp(
        server: launch.TmuxServer, key: tuple[str, str], timeout: float
    ) -> launch.Launch:
        library, start = key
        assert command is not None  # only launched with a command
        return server.launch(
            [*command, *STARTS[start]],
            matchers[library],
            env={"QUIZAPP_HOME": str(homes[library])},
            cwd=REPO_ROOT,
            timeout=timeout,
            step=steps[library] if start == "home" else None,
        )

    try:
        with launch.TmuxServer(f"quizapp-bench-{os.getpid()}") as server:
            server.launch(minimal, found_minimal, env={}, cwd=REPO_ROOT, timeout=30)
            active = list(variants) if command else []
            runs = dict.fromkeys(active, plan.launch_runs)
            for key in list(active):
                log(f"launch warm-up ({key[0]} decks, {key[1]}): fills caches, not timed")
                first = run_quizapp(server, key, plan.warmup_timeout)
                if first.seconds is None:
                    notes[key] = "failed: no card text" + _screen_hint(first.screen)
                    active.remove(key)
            for run in range(plan.launch_runs):
                log(f"launch run {run + 1}/{plan.launch_runs}")
                done = server.launch(minimal, found_minimal, env={}, cwd=REPO_ROOT, timeout=30)
                if done.seconds is not None:
                    refs.append(done.seconds)
                for key in [key for key in active if run < runs[key]]:
                    timed = run_quizapp(server, key, plan.launch_timeout)
                    if timed.step_seconds is not None:
                        homes_s[key].append(timed.step_seconds)
                    if timed.seconds is None:
                        notes[key] = "failed: no card text" + _screen_hint(timed.screen)
                        continue
                    cards[key].append(timed.seconds)
                    if run == 0 and timed.seconds > SLOW_LAUNCH_S:
                        runs[key] = min(runs[key], SLOW_LAUNCH_RUNS)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    found = {
        key: (
            median_figure(homes_s[key], "s", notes[key]),
            median_figure(cards[key], "s", notes[key]),
        )
        for key in variants
    }
    return _launch_rows(median_figure(refs, "s"), found, user_cards)


def _generated_title(deck: Path) -> str:
    with deck.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("title: "):
                return line[len("title: ") :].strip()
    return deck.stem


def _screen_hint(screen: str) -> str:
    """The last words on screen: the error when the app died, else what it showed instead."""
    lines = [
        line.strip()
        for line in screen.splitlines()
        if line.strip() and not line.startswith("Pane is dead")
    ]
    return f" (screen: {lines[-1][:70]})" if lines else ""


def _launch_rows(
    reference: Figure, found: dict[tuple[str, str], tuple[Figure, Figure]], user_cards: int
) -> list[Row]:
    name = "minimal Textual app"
    user = f"{user_cards:,} cards in the user's decks, unchanged"
    rows: list[Row] = []
    for library, label, target in (("bundled", "bundled decks", 1.3), ("user", user, 1.5)):
        home, via_home = found[(library, "home")]
        _, direct = found[(library, "study")]
        rows += [
            Row(f"launch `quizapp` → home screen, {label}", home, name, reference, None),
            Row(
                f"launch `quizapp` → home, `r` → first card, {label}",
                via_home,
                name,
                reference,
                target,
            ),
            Row(f"launch `quizapp study` → first card, {label}", direct, name, reference, target),
        ]
    return rows


# -- first load of a deck ------------------------------------------------------------------


def measure_loads(label: str, deck: Path, runs: int) -> list[Row]:
    """Time and peak memory of the first load, quizapp's loader vs yaml.load(CSafeLoader)."""
    samples: dict[str, list[dict[str, Any]]] = {"yaml": [], "quizapp": []}
    note = ""
    for run in range(runs):
        log(f"first load {label}: run {run + 1}/{runs}")
        for side in ("yaml", "quizapp"):
            if side == "quizapp" and note:
                continue
            with tempfile.TemporaryDirectory(prefix="bench-load-") as home:
                env = dict(os.environ, QUIZAPP_HOME=home)
                result = child_json([str(BENCH_DIR / "probe_load.py"), side, str(deck)], 900, env)
            if "seconds" in result:
                samples[side].append(result)
            elif side == "quizapp":
                note = failure(result)
    figures = {
        side: (
            median_figure([r["seconds"] for r in found], "s", note),
            median_figure([r["delta_mib"] for r in found], "MiB", note),
        )
        for side, found in samples.items()
    }
    reference = "yaml.load(CSafeLoader)"
    return [
        Row(
            f"first load, {label}: time", figures["quizapp"][0], reference, figures["yaml"][0], 1.0
        ),
        Row(
            f"first load, {label}: peak memory",
            figures["quizapp"][1],
            reference,
            figures["yaml"][1],
            0.7,
        ),
    ]


# -- answering and the queue ---------------------------------------------------------------


def measure_study(plan: Plan, inputs: gen.Inputs, store: Path | None) -> list[Row]:
    """Anki's and quizapp's probes run in turn, `answer_runs` times each, so drift hits both."""
    sizes = plan.sizes
    anki: list[dict[str, Any]] = []
    ours: list[dict[str, Any]] = []
    for run in range(plan.answer_runs):
        first = " (builds its collection on first use)" if run == 0 else ""
        log(f"Anki reference, run {run + 1}/{plan.answer_runs}{first}")
        anki.append(
            child_json(
                [
                    str(BENCH_DIR / "anki_ref.py"),
                    f"--notes={sizes.store_cards}",
                    f"--reviews={sizes.store_reviews}",
                    f"--due={sizes.store_due}",
                    f"--opens={plan.queue_runs}",
                    f"--answers={plan.answers}",
                ],
                900,
            )
        )
        if store is None:
            ours.append({"missing": "quizapp.core.store"})
            continue
        log(f"quizapp queue and answers, run {run + 1}/{plan.answer_runs}")
        ours.append(
            child_json(
                [
                    str(BENCH_DIR / "probe_session.py"),
                    str(inputs.user_decks),
                    str(store),
                    f"--runs={plan.queue_runs}",
                    f"--answers={plan.answers}",
                ],
                900,
            )
        )

    def pick(results: list[dict[str, Any]], key: str, unit: str = "ms") -> Figure:
        """The median over the runs (a run gives a list of opens or one percentile)."""
        values: list[float] = []
        for result in results:
            value = result.get(key)
            if isinstance(value, list):
                values.extend(value)
            elif isinstance(value, float):
                values.append(value)
        if not values:
            return Figure(None, unit, note=failure(results[-1] if results else {}))
        return median_figure(values, unit)

    cards = f"{sizes.store_cards:,} card states, {sizes.store_reviews:,} review rows"
    due = next((result["due"] for result in anki if "due" in result), None)
    due_note = f", {due} queued (Anki caps a day at 9,999)" if due is not None else ""
    return [
        Row(
            f"answer → saved → next card, p50 ({cards})",
            pick(ours, "answer_p50_s"),
            "Anki answer_card",
            pick(anki, "answer_p50_s"),
            None,
        ),
        Row(
            f"answer → saved → next card, p99 ({cards})",
            pick(ours, "answer_p99_s"),
            "Anki answer_card",
            pick(anki, "answer_p99_s"),
            2.0,
        ),
        Row(
            f"today's queue, {sizes.store_cards:,} cards, {sizes.store_due:,} due",
            pick(ours, "queue_s"),
            f"Anki first queued card{due_note}",
            pick(anki, "first_card_s"),
            3.0,
        ),
        Row(
            "open the progress store",
            pick(ours, "open_s"),
            "Anki open collection",
            pick(anki, "open_s"),
            None,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs (smoke run)")
    parser.add_argument(
        "--only",
        choices=("launch", "load", "study"),
        action="append",
        help="measure only these groups (repeatable; default all)",
    )
    args = parser.parse_args(argv)
    plan = QUICK_PLAN if args.quick else FULL_PLAN
    groups = set(args.only or ("launch", "load", "study"))
    began = time.perf_counter()
    log(f"generating inputs under {gen.OUT_DIR} (cached)")
    inputs = gen.generate(plan.sizes)
    store = _store(inputs)
    rows: list[Row] = []
    steps: list[tuple[str, Callable[[], list[Row]]]] = [
        ("launch", lambda: measure_launches(plan, inputs, store)),
        (
            "load",
            lambda: measure_loads(
                f"{plan.sizes.big_deck:,} cards", inputs.big_deck, plan.load_runs_big
            ),
        ),
        (
            "load",
            lambda: measure_loads(
                f"{plan.sizes.huge_deck:,} cards", inputs.huge_deck, plan.load_runs_huge
            ),
        ),
        ("study", lambda: measure_study(plan, inputs, store)),
    ]
    for group, step in steps:
        if group in groups:
            rows += step()
    elapsed = time.perf_counter() - began
    print(render(rows))
    kind = "quick" if args.quick else "full"
    print(
        f"\n{kind} run, {elapsed:.0f} s, {os.cpu_count()} CPUs; medians; ratio = quizapp/reference"
    )
    _save(rows, args.quick)
    return 0


def _store(inputs: gen.Inputs) -> Path | None:
    from bench.gen_store import build_store

    try:
        log("building the progress store (cached)")
        return build_store(inputs)
    except Exception as error:  # a store API change must not stop the references
        log(f"no store: {type(error).__name__}: {error}")
        return None


def _save(rows: list[Row], quick: bool) -> None:
    record = [
        {
            "figure": row.figure,
            "quizapp": row.ours.value,
            "reference": row.reference.value,
            "reference_name": row.reference_name,
            "unit": row.ours.unit,
            "ratio": row.ratio,
            "target": row.target,
            "note": row.ours.note,
        }
        for row in rows
    ]
    gen.OUT_DIR.mkdir(parents=True, exist_ok=True)
    name = "last-run-quick.json" if quick else "last-run.json"
    (gen.OUT_DIR / name).write_text(json.dumps(record, indent=2), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
