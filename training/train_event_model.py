"""Train the learned event-type model's head from the sentences in `training/events/`.

    python training/train_event_model.py            # writes src/sword/data/event_model.npz

Reproducible: the same data give the same head (fixed seeds, a split by sentence hash).
Steps: parse each training sentence with spaCy, find its source and target, embed the
candidate as Sword does at run time (`sword.coding.learned.mark_candidate`), hold out a
fifth of the sentences as the development split, choose the regularisation, a softmax
temperature and the abstention threshold on it, then refit on all sentences and save.
Nothing under tests/gold/ or ../shared/ is read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from sword.coding.learned import HEAD_FILE, NO_EVENT, EventTypeModel, MarkedCandidate, mark_candidate
from sword.coding.parse import load_pipeline

DATA = Path(__file__).parent / "events"
SEED = 13
CUE_DIMS = 2048  # hashed path cues: lemmas and labels between the actors, their roles


def load(data: Path) -> list[dict]:
    rows = []
    for path in sorted(data.glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                rows.append(json.loads(line))
    return rows


def locate(doc, text: str, avoid: tuple[int, int] | None = None):  # type: ignore[no-untyped-def]
    """The root token of the first occurrence of `text` (not overlapping `avoid`)."""
    start = doc.text.find(text)
    while start >= 0 and avoid and start < avoid[1] and start + len(text) > avoid[0]:
        start = doc.text.find(text, start + 1)
    if start < 0:
        return None, None
    span = doc.char_span(start, start + len(text), alignment_mode="expand")
    return (span.root, (start, start + len(text))) if span is not None else (None, None)


def candidates(rows: list[dict]) -> tuple[list[MarkedCandidate], list[str], list[str], list[str]]:
    """Marked candidates, labels (root or none), full codes and sentence keys of every
    usable row."""
    nlp = load_pipeline(None)
    texts, labels, codes, keys = [], [], [], []
    docs = nlp.pipe((r["text"] for r in rows), batch_size=64)
    skipped = 0
    for row, doc in zip(rows, docs, strict=True):
        source, where = locate(doc, row["source"])
        target, _ = locate(doc, row["target"], avoid=where)
        if source is None or target is None or source == target:
            skipped += 1
            continue
        texts.append(mark_candidate(source, target))
        labels.append(row["cameo"][:2] if row["cameo"] else NO_EVENT)
        codes.append(row["cameo"])
        keys.append(hashlib.sha256(row["text"].encode()).hexdigest())
    print(f"{len(texts)} candidates ({skipped} rows whose actors the parse could not place)")
    return texts, labels, codes, keys


def fit(x: np.ndarray, y: np.ndarray, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, random_state=SEED).fit(x, y)


def temperature(probs_model: LogisticRegression, x: np.ndarray, y: np.ndarray) -> float:
    """The softmax temperature that minimises the development split's log loss."""
    logits = x @ probs_model.coef_.T + probs_model.intercept_
    index = {c: i for i, c in enumerate(probs_model.classes_)}
    truth = np.array([index[v] for v in y])
    best = (np.inf, 1.0)
    for t in np.arange(0.5, 3.01, 0.05):
        z = logits / t
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        best = min(best, (-logp[np.arange(len(y)), truth].mean(), float(t)))
    return best[1]


def scores(probs: np.ndarray, classes: list[str], y: np.ndarray, threshold: float) -> dict:
    """Precision and recall of the model's event roots on candidates, abstaining below
    `threshold` or on "no event"."""
    best = probs.argmax(axis=1)
    said = [(classes[b] if classes[b] != NO_EVENT and p[b] >= threshold else None)
            for b, p in zip(best, probs, strict=True)]
    events = sum(1 for v in y if v != NO_EVENT)
    made = sum(1 for s in said if s)
    right = sum(1 for s, v in zip(said, y, strict=True) if s and s == v)
    precision, recall = right / max(made, 1), right / max(events, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "coded": made, "events": events}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HEAD_FILE)
    parser.add_argument("--min-precision", type=float, default=0.8,
                        help="the threshold is the lowest whose development precision reaches this")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = load(DATA)
    digest = hashlib.sha256("".join(json.dumps(r, sort_keys=True) for r in rows).encode()).hexdigest()
    texts, labels, codes, keys = candidates(rows)
    model = EventTypeModel.__new__(EventTypeModel)  # only its feature builder: no head yet
    model.weights, model.cue_dims = np.zeros((768 + CUE_DIMS, 1)), CUE_DIMS
    x = model.features(texts)
    y = np.array(labels)
    dev = np.array([int(k[:8], 16) % 5 == 0 for k in keys])  # a fifth of the sentences
    print(f"features {x.shape} in {time.perf_counter() - started:.0f} s; "
          f"train {int((~dev).sum())}, development {int(dev.sum())}")

    trials = []
    for c in (1.0, 2.0, 4.0, 8.0):
        head = fit(x[~dev], y[~dev], c)
        accuracy = float((head.predict(x[dev]) == y[dev]).mean())
        trials.append((accuracy, c, head))
        print(f"  C={c:<5} development accuracy {accuracy:.3f}")
    accuracy, c, head = max(trials, key=lambda t: (t[0], -t[1]))
    t = temperature(head, x[dev], y[dev])
    classes = [str(k) for k in head.classes_]
    logits = (x[dev] @ head.coef_.T + head.intercept_) / t
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    threshold = next((th for th in np.arange(0.2, 0.96, 0.01)
                      if scores(probs, classes, y[dev], th)["precision"] >= args.min_precision),
                     0.95)
    dev_scores = scores(probs, classes, y[dev], threshold)
    print(f"chosen C={c}, temperature {t:.2f}, threshold {threshold:.2f}: development "
          f"accuracy {accuracy:.3f}, event roots {dev_scores}")

    final = fit(x, y, c)
    by_root: dict[str, Counter] = {}
    for label, code in zip(labels, codes, strict=True):
        if label != NO_EVENT:
            by_root.setdefault(label, Counter())[code] += 1
    # A root's subcode only where one code makes at least 60% of its training examples.
    subcodes = {root: counts.most_common(1)[0][0] for root, counts in by_root.items()
                if counts.most_common(1)[0][1] >= 0.6 * sum(counts.values())}
    report = {"data_sha256": digest, "candidates": len(texts), "C": c,
              "development_accuracy": round(accuracy, 3), "development_events": dev_scores,
              "temperature": round(t, 2), "threshold": round(float(threshold), 2)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out, weights=final.coef_.T.astype(np.float32),
        bias=final.intercept_.astype(np.float32), classes=np.array(classes),
        subcodes=json.dumps(subcodes), threshold=threshold, temperature=t, cue_dims=CUE_DIMS,
        report=json.dumps(report))
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB) in "
          f"{time.perf_counter() - started:.0f} s: {json.dumps(report)}")


if __name__ == "__main__":
    main()
