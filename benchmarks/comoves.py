"""False co-moves on noise, and planted co-moves found: synthetic worlds in which one pair
(ARM–RUS) turns at a known date while every other pair is stationary (its events arrive at
a constant monthly rate with a constant cooperative share), and the same worlds with a
planted co-move (ARM–USA warms at the turn).

    python benchmarks/comoves.py --worlds 100

Prints, for the noise worlds, how many alerts had a co-move reported beyond chance and
how many candidate dyads were reported (the false co-move rate), and for the planted ones
how often the planted co-move was found. The worlds are those of the tests
(tests/test_comove_fixtures.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from sword.analysis.comoves import CoMoveConfig, concurrent_moves
from sword.analysis.shifts import find_shifts
from test_comove_fixtures import PLANTED, STATIONARY, TURNING, Regime, build_world

QUIET = [Regime("ARM", "USA", 0.3, 0.8), Regime("ARM", "EU", 0.4, 0.8)]


def run(worlds: int, planted: bool, folder: Path) -> dict[str, int]:
    counts = {"alerts": 0, "candidates": 0, "reported": 0, "alerts_with_any": 0, "found": 0}
    regimes = [TURNING, *STATIONARY, *(PLANTED if planted else QUIET)]
    for seed in range(worlds):
        path = folder / f"{'p' if planted else 'n'}{seed}.duckdb"
        with build_world(path, regimes, seed) as store:
            alerts = [s for s in find_shifts(store.con, min_events=10, evidence=0)
                      if s.dyad == ("ARM", "RUS")]
            for ctx in concurrent_moves(store.con, alerts, CoMoveConfig(evidence=0)):
                strong = [m for m in ctx.comoves if m.beyond_chance]
                counts["alerts"] += 1
                counts["candidates"] += sum(1 for r in regimes if r is not TURNING)
                if planted:
                    counts["found"] += any(m.dyad == ("ARM", "USA") for m in strong)
                    strong = [m for m in strong if m.dyad != ("ARM", "USA")]
                counts["reported"] += len(strong)
                counts["alerts_with_any"] += bool(strong)
        path.unlink()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=100)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        noise = run(args.worlds, False, Path(folder))
        planted = run(args.worlds, True, Path(folder))
    print(f"noise worlds: {args.worlds}, alerts {noise['alerts']}, "
          f"alerts with a false co-move {noise['alerts_with_any']} "
          f"({noise['alerts_with_any'] / max(noise['alerts'], 1):.1%}), false co-moves "
          f"{noise['reported']} of {noise['candidates']} candidate dyads "
          f"({noise['reported'] / max(noise['candidates'], 1):.2%})")
    print(f"planted worlds: {args.worlds}, alerts {planted['alerts']}, planted co-move found "
          f"{planted['found']} ({planted['found'] / max(planted['alerts'], 1):.0%}), other "
          f"co-moves {planted['reported']} of {planted['candidates']} candidates")
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
