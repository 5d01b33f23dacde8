"""One load of one deck file in a fresh process; prints seconds and peak memory as JSON.

    python bench/probe_load.py yaml PATH      # the reference: yaml.load(CSafeLoader)
    python bench/probe_load.py quizapp PATH   # the project's loader (load_deck), cold cache

Peak memory is how far the resident set rises above its level just before the load: both sides
import their modules first, then the high-water mark is reset (`/proc/self/clear_refs`), the
resident set read as the baseline, the file read and loaded, and the high-water mark read. So
the interpreter, PyYAML and (for quizapp) the model modules are subtracted the same way.
`ru_maxrss` is not used: after fork+exec it still holds the parent's high-water mark.
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


def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> tuple[int, str]:
    """Reset the high-water mark to the current resident set; return it and the method used."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        # No reset (not Linux, or not allowed): fall back on ru_maxrss, which is in KiB on Linux.
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "ru_maxrss"
    return _status_kib("VmRSS") or 0, "VmHWM"


def _peak(method: str) -> int:
    if method == "VmHWM":
        return _status_kib("VmHWM") or 0
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
    baseline, method = _reset_peak()
    started = time.perf_counter()
    result = load(path)
    seconds = time.perf_counter() - started
    peak = _peak(method)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "baseline_kib": baseline,
                "peak_kib": peak,
                "delta_mib": (peak - baseline) / 1024,
                "method": method,
                "cards": _count(result),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main(sys.argv[1:]))
