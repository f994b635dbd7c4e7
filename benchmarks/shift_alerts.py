"""False alerts on pure noise and turns found, for the shift detector (`sword shifts`).

    python benchmarks/shift_alerts.py [--dyads 200] [--seed 1]

Simulated dyads, each a monthly series of unique events (1–9 a month, 12–96 months):
- noise: every event cooperative with the same probability (0.2 … 0.95) throughout;
- turns: the probability jumps once, somewhere in the middle third, by 0.5 or more.
Each series goes through the same per-dyad function `find_shifts` uses (`dyad_shifts`),
with the default settings. Printed: the share of noise dyads with an alert (the false-alert
rate), the share of turned dyads whose turn is found (within two months) and, for
comparison, the same with the change points alone (no significance test).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from sword.analysis.shifts import ShiftTest, dyad_shifts


def simulated_dyad(rng: np.random.Generator, turn: bool) -> tuple[pd.DataFrame, int | None]:
    """A dyad's monthly series (months with events only) and the month of its turn."""
    months = int(rng.integers(12, 97))
    events = rng.integers(1, 10, months)
    share = np.full(months, rng.uniform(0.2, 0.95))
    at = None
    if turn:
        at = int(rng.integers(months // 3, 2 * months // 3 + 1))
        jump = rng.uniform(0.5, 0.75)
        after = share[0] - jump if share[0] - jump >= 0.02 else min(share[0] + jump, 0.98)
        share[at:] = after
    cooperation = rng.binomial(events, share)
    frame = pd.DataFrame({
        "period": pd.date_range("2015-01-01", periods=months, freq="MS"),
        "events": events,
        "cooperation": cooperation,
        "conflict": events - cooperation,
    })
    return frame, at


def rates(dyads: int, seed: int, test: ShiftTest) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    loose = ShiftTest(min_side_events=1, alpha=0.999, permutations=99)
    counts = {"noise": 0, "noise_untested": 0, "found": 0, "found_untested": 0}
    for _ in range(dyads):
        frame, _ = simulated_dyad(rng, turn=False)
        counts["noise"] += bool(dyad_shifts(("AAA", "BBB"), frame, test=test))
        counts["noise_untested"] += bool(dyad_shifts(("AAA", "BBB"), frame, test=loose))
    for _ in range(dyads):
        frame, at = simulated_dyad(rng, turn=True)
        day = frame["period"][at].date()
        for key, chosen in (("found", test), ("found_untested", loose)):
            shifts = dyad_shifts(("AAA", "BBB"), frame, test=chosen)
            counts[key] += any(abs((s.date - day).days) <= 62 for s in shifts)
    return {key: value / dyads for key, value in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dyads", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    test = ShiftTest()
    started = time.perf_counter()
    result = rates(args.dyads, args.seed, test)
    elapsed = time.perf_counter() - started
    print(f"{args.dyads} noise dyads and {args.dyads} turned dyads (seed {args.seed}); "
          f"test: ≥{test.min_side_events} events a side, p ≤ {test.alpha}, "
          f"{test.permutations} permutations")
    print(f"false alerts on noise:   {result['noise']:.1%} "
          f"(change points alone: {result['noise_untested']:.1%})")
    print(f"turns found (±2 months): {result['found']:.1%} "
          f"(change points alone: {result['found_untested']:.1%})")
    print(f"{elapsed:.1f} s")


if __name__ == "__main__":
    main()
