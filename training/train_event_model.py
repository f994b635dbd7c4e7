"""Train the learned event-type model's head from the sentences in `training/events/`.

    python training/train_event_model.py            # writes src/sword/data/event_model.npz

Reproducible: the same data give the same head (fixed seeds, a split by sentence hash, an
embedding cache that stores exactly what the run-time embedder returns). Steps: parse each
training sentence with the spaCy model Sword uses, find its source and target, mark the
candidate as Sword does at run time (`sword.coding.learned.mark_candidate`), and note
whether Sword's predicate finder proposes that pair; hold out a fifth of the sentences as
the development split; fit a one-hidden-layer network on the rest; choose the softmax
temperature on the development split and the abstention threshold on its proposed pairs;
save. Nothing under tests/gold/ or ../shared/ is read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.neural_network import MLPClassifier

from sword.coding.learned import HEAD_FILE, NO_EVENT, EventTypeModel, MarkedCandidate, mark_candidate
from sword.coding.pipeline import get_coder
from sword.config import CoderConfig

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


def candidates(rows: list[dict]) -> tuple[list[MarkedCandidate], list[str], list[str], list[str],
                                          list[bool]]:
    """Marked candidates, labels (root or none), full codes, sentence keys of every usable
    row, and whether Sword's predicate finder proposes that pair at run time."""
    coder = get_coder(CoderConfig(event_model=False))
    texts, labels, codes, keys, proposed = [], [], [], [], []
    unique = list(dict.fromkeys(r["text"] for r in rows))  # a sentence has many pairs
    parsed = dict(zip(unique, coder.nlp.pipe(unique, batch_size=64), strict=True))
    skipped = 0
    pairs: dict[str, set[tuple[int, int]]] = {}
    for row in rows:
        doc = parsed[row["text"]]
        source, where = locate(doc, row["source"])
        target, _ = locate(doc, row["target"], avoid=where)
        if source is None or target is None or source == target:
            skipped += 1
            continue
        if row["text"] not in pairs:
            pairs[row["text"]] = {(p.source_token.i, p.target_token.i) for p in
                                  coder.predicates(doc, date.fromisoformat(row["date"]))}
        texts.append(mark_candidate(source, target))
        labels.append(row["cameo"][:2] if row["cameo"] else NO_EVENT)
        codes.append(row["cameo"])
        keys.append(hashlib.sha256(row["text"].encode()).hexdigest())
        proposed.append((source.i, target.i) in pairs[row["text"]])
    print(f"{len(texts)} candidates ({skipped} rows whose actors the parse could not place; "
          f"{sum(proposed)} proposed by the predicate finder at run time)")
    return texts, labels, codes, keys, proposed


class CachedEmbedder:
    """The run-time embedder, remembering every text it embedded in a file (a rerun after
    new data are added embeds only the new texts)."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self.known: dict[str, np.ndarray] = {}
        if cache.exists():
            with np.load(cache, allow_pickle=False) as stored:
                self.known = dict(zip((str(t) for t in stored["texts"]), stored["vectors"],
                                      strict=True))

    def __call__(self, texts: list[str]) -> np.ndarray:
        from sword.coding.embed import SentenceEmbedder

        missing = [t for t in texts if t not in self.known]
        if missing:
            self.known.update(zip(missing, SentenceEmbedder()(missing), strict=True))
            self.cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez(self.cache, texts=np.array(list(self.known)),
                     vectors=np.array(list(self.known.values()), dtype=np.float32))
        return np.array([self.known[t] for t in texts])


def features(texts: list[MarkedCandidate], cache: Path) -> np.ndarray:
    """The run-time features of every candidate (`EventTypeModel.features`)."""
    model = EventTypeModel.__new__(EventTypeModel)  # only its feature builder: no head yet
    model.weights, model.cue_dims = np.zeros((384 + CUE_DIMS, 1)), CUE_DIMS
    model.hidden = None
    model.__dict__["embedder"] = CachedEmbedder(cache)
    return model.features(texts)


def fit(x: np.ndarray, y: np.ndarray, hidden: int, alpha: float) -> MLPClassifier:
    """One rectified hidden layer and a softmax (early stopping on a seeded tenth)."""
    return MLPClassifier(hidden_layer_sizes=(hidden,), alpha=alpha, early_stopping=True,
                         max_iter=200, random_state=SEED).fit(x, y)


def logits_of(head: MLPClassifier, x: np.ndarray) -> np.ndarray:
    """What `EventTypeModel.probabilities` computes before its softmax."""
    hidden = np.maximum(x @ head.coefs_[0] + head.intercepts_[0], 0.0)
    return hidden @ head.coefs_[1] + head.intercepts_[1]


def temperature(logits: np.ndarray, classes: list[str], y: np.ndarray) -> float:
    """The softmax temperature that minimises the development split's log loss."""
    index = {c: i for i, c in enumerate(classes)}
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
    parser.add_argument("--cache", type=Path,
                        default=Path.home() / ".cache" / "sword-training" / "embeddings.npz",
                        help="embeddings of texts already seen (same texts, same vectors)")
    parser.add_argument("--hidden", type=int, default=256, help="units of the hidden layer")
    parser.add_argument("--alpha", type=float, default=1e-3, help="L2 regularisation")
    parser.add_argument("--min-precision", type=float, default=0.8,
                        help="the threshold is the lowest whose development precision reaches this")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = load(DATA)
    digest = hashlib.sha256("".join(json.dumps(r, sort_keys=True) for r in rows).encode()).hexdigest()
    texts, labels, codes, keys, proposed = candidates(rows)
    x = features(texts, args.cache)
    y = np.array(labels)
    dev = np.array([int(k[:8], 16) % 5 == 0 for k in keys])  # a fifth of the sentences
    print(f"features {x.shape} in {time.perf_counter() - started:.0f} s; "
          f"train {int((~dev).sum())}, development {int(dev.sum())}")

    head = fit(x[~dev], y[~dev], args.hidden, args.alpha)
    classes = [str(k) for k in head.classes_]
    accuracy = float((head.predict(x[dev]) == y[dev]).mean())
    logits = logits_of(head, x[dev])
    t = temperature(logits, classes, y[dev])
    probs = np.exp((logits - logits.max(axis=1, keepdims=True)) / t)
    probs /= probs.sum(axis=1, keepdims=True)
    # The threshold is chosen where the model works: on the development pairs that Sword's
    # predicate finder proposes (the annotators coded every pair of actors, most of which
    # the finder never links)
    live = np.array(proposed)[dev]
    threshold = next((th for th in np.arange(0.2, 0.96, 0.01)
                      if scores(probs[live], classes, y[dev][live], th)["precision"]
                      >= args.min_precision), 0.95)
    # and for pairs whose link the finder does not vouch for (co-subjects), the threshold
    # of the pairs it does not propose
    pair_threshold = next((th for th in np.arange(0.2, 0.96, 0.01)
                           if scores(probs[~live], classes, y[dev][~live], th)["precision"]
                           >= args.min_precision), 0.95)
    pair_scores = scores(probs[~live], classes, y[dev][~live], pair_threshold)
    dev_scores = scores(probs, classes, y[dev], threshold)
    live_scores = scores(probs[live], classes, y[dev][live], threshold)
    print(f"temperature {t:.2f}, threshold {threshold:.2f}: development "
          f"accuracy {accuracy:.3f}, event roots of the proposed pairs {live_scores}, "
          f"of all pairs {dev_scores}; of the others at {pair_threshold:.2f}: {pair_scores}")

    by_root: dict[str, Counter] = {}
    for label, code in zip(labels, codes, strict=True):
        if label != NO_EVENT:
            by_root.setdefault(label, Counter())[code] += 1
    # A root's subcode only where one code makes at least 60% of its training examples.
    subcodes = {root: counts.most_common(1)[0][0] for root, counts in by_root.items()
                if counts.most_common(1)[0][1] >= 0.6 * sum(counts.values())}
    report = {"data_sha256": digest, "candidates": len(texts), "hidden": args.hidden,
              "alpha": args.alpha,
              "development_accuracy": round(accuracy, 3), "development_events": dev_scores,
              "development_proposed_events": live_scores,
              "development_unproposed_events": pair_scores,
              "temperature": round(t, 2), "threshold": round(float(threshold), 2),
              "pair_threshold": round(float(pair_threshold), 2)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out, hidden_weights=head.coefs_[0].astype(np.float32),
        hidden_bias=head.intercepts_[0].astype(np.float32),
        weights=head.coefs_[1].astype(np.float32), bias=head.intercepts_[1].astype(np.float32),
        classes=np.array(classes), subcodes=json.dumps(subcodes), threshold=threshold,
        pair_threshold=pair_threshold,
        temperature=t, cue_dims=CUE_DIMS,
        report=json.dumps(report))
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB) in "
          f"{time.perf_counter() - started:.0f} s: {json.dumps(report)}")


if __name__ == "__main__":
    main()
