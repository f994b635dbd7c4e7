"""What event places cost: the gazetteer's build and the time `PlaceResolver` adds to
coding, on the bundled corpus (`sword.coding.places`).

    python benchmarks/places.py [--documents 544]

Codes the documents once with the full coder, timing the place step apart (process CPU
time, so that other load on the machine counts less), and prints the share of events
placed by kind. The place step runs inside the coder; its share of the coding time is
what the places cost.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "src" / "sword" / "data" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=544)
    args = parser.parse_args()

    from sword.coding.knowledge import default_knowledge
    from sword.coding.pipeline import get_coder
    from sword.coding.places import build_gazetteer
    from sword.config import CoderConfig
    from sword.model import Document

    kb = default_knowledge()
    start = time.process_time()
    build_gazetteer(kb)
    build = time.process_time() - start

    coder = get_coder(CoderConfig())
    assert coder.places is not None
    spent = [0.0]
    place_events = coder.places.place_events

    def timed(*a, **k):  # the coder's own place step, timed where it runs
        begin = time.process_time()
        place_events(*a, **k)
        spent[0] += time.process_time() - begin

    coder.places.place_events = timed  # type: ignore[method-assign]
    records = [json.loads(line) for file in sorted(CORPUS.glob("*.jsonl"))
               for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    documents = [Document(id=r["id"], text=r["text"]) for r in records[: args.documents]]
    kinds: Counter[str] = Counter()
    start = time.process_time()
    for coded in coder.code_documents(documents):
        kinds.update(e.action_geo_type or "unplaced" for e in coded.events)
    total = time.process_time() - start
    events = sum(kinds.values())
    print(f"gazetteer build: {build:.2f} s CPU (once per process)")
    print(f"coded {len(documents)} documents, {events} events in {total:.1f} s CPU; "
          f"placing them took {spent[0]:.3f} s ({100 * spent[0] / total:.2f}% of coding)")
    print("events by place: " + ", ".join(
        f"{kind} {n} ({100 * n / max(events, 1):.0f}%)" for kind, n in kinds.most_common()))


if __name__ == "__main__":
    main()
