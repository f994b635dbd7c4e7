"""Wrong states on the look-alike and translation-garble set (issue: "the right state or
none"), by trap kind, and the recall of the genuine controls.

    python benchmarks/lookalikes.py [tests/gold/sword_lookalike.jsonl]

A document counts as wrong when any event names a state listed in its `forbidden`, or
(for any document) a state that none of its gold events names."""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from sword.coding.evaluate import country_of
from sword.coding.knowledge import default_knowledge
from sword.coding.pipeline import code_documents
from sword.config import CoderConfig
from sword.model import Document

DEFAULT = Path(__file__).parents[1] / "tests" / "gold" / "sword_lookalike.jsonl"


def main(path: Path) -> None:
    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    documents = [Document(id=r["id"], text=r["text"], date=date.fromisoformat(r["date"]))
                 for r in records]
    countries = frozenset(default_knowledge().country_names)
    coded = {c.document.id: c.events for c in code_documents(documents, CoderConfig())}
    docs, forbidden_hits, wrong, ctrl_gold, ctrl_found = Counter(), Counter(), Counter(), 0, 0
    for record in records:
        kind = record["tags"][0]
        events = coded[record["id"]]
        found = {(country_of(e.source, countries), country_of(e.target, countries), e.root)
                 for e in events}
        states = {c for f in found for c in f[:2]}
        gold = {(country_of(g["source"], countries), country_of(g["target"], countries),
                 g["cameo"][:2]) for g in record["events"]}
        gold_states = {c for g in gold for c in g[:2]}
        docs[kind] += 1
        if states & set(record.get("forbidden", [])):
            forbidden_hits[kind] += 1
        if states - gold_states - {"IGO"}:
            wrong[kind] += 1
        if kind == "mt_control":
            ctrl_gold += len(gold)
            ctrl_found += len(gold & found)
    print(f"{'kind':20} {'docs':>5} {'forbidden state':>16} {'any state not in gold':>22}")
    for kind in sorted(docs):
        print(f"{kind:20} {docs[kind]:5d} {forbidden_hits[kind]:16d} {wrong[kind]:22d}")
    print(f"{'all':20} {sum(docs.values()):5d} {sum(forbidden_hits.values()):16d} "
          f"{sum(wrong.values()):22d}")
    print(f"controls: {ctrl_found} of {ctrl_gold} gold events found "
          f"(recall {ctrl_found / max(ctrl_gold, 1):.3f}, country dyad + root)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
