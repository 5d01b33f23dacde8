"""One load of one deck file in a fresh process; prints seconds and peak memory as JSON.

    python bench/probe_load.py yaml PATH      # the reference: yaml.load(CSafeLoader)
    python bench/probe_load.py quizapp PATH   # the project's loader (load_deck), cold cache

Peak memory is the growth of this process's high-water mark (ru_maxrss) across the load: both
sides import their modules first, read the baseline, then read and load the file, so the
interpreter, PyYAML and (for quizapp) the model modules are subtracted the same way.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _max_rss_kib() -> int:
    """The high-water mark of this process, in KiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _yaml_loader() -> Callable[[Path], Any]:
    import yaml

    def load(path: Path) -> Any:
        with path.open("rb") as stream:
            return yaml.load(stream, Loader=yaml.CSafeLoader)

    return load


def _quizapp_loader() -> Callable[[Path], Any]:
    from quizapp.core.deck_loader import load_deck

    return load_deck


def _count(result: Any) -> int:
    cards = getattr(result, "cards", None)
    if cards is None and isinstance(result, dict):
        cards = result.get("cards")
    return len(cards or ())


def main(argv: list[str]) -> int:
    side, path = argv[0], Path(argv[1])
    try:
        load = _yaml_loader() if side == "yaml" else _quizapp_loader()
    except ImportError as error:
        print(json.dumps({"missing": str(error)}))
        return 0
    gc.collect()
    baseline = _max_rss_kib()
    started = time.perf_counter()
    result = load(path)
    seconds = time.perf_counter() - started
    peak = _max_rss_kib()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "baseline_kib": baseline,
                "peak_kib": peak,
                "delta_mib": (peak - baseline) / 1024,
                "cards": _count(result),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main(sys.argv[1:]))
