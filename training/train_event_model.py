"""Train the learned event-type model's head from the sentences in `training/events/`.

    python training/train_event_model.py            # writes src/sword/data/event_model.npz

Reproducible: the same data give the same head (fixed seeds, a split by sentence hash, the
run-time embedder). Steps: parse each training sentence with the spaCy model Sword uses,
find its source and target, mark the candidate as Sword does at run time
(`sword.coding.learned.mark_candidate`), and note whether a rule of Sword's predicate finder
links that pair; embed each sentence once (MiniLM's first layers, word pieces in context);
hold out a fifth of the sentences as the development split; fit a one-hidden-layer network
on the rest; choose the softmax temperature on the development split and the abstention
thresholds on its linked and its other pairs; fit the cue gate; save. Nothing under
tests/gold/ or ../shared/ is read.
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
from sklearn.linear_model import LogisticRegression
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
    row, and whether a rule of Sword's predicate finder links that pair at run time (the
    others, co-subjects among them, need the higher `pair_threshold`)."""
    coder = get_coder(CoderConfig(event_model=False))
    texts, labels, codes, keys, linked = [], [], [], [], []
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
                                  coder.predicates(doc, date.fromisoformat(row["date"]))
                                  if p.linked}
        texts.append(mark_candidate(source, target))
        labels.append(row["cameo"][:2] if row["cameo"] else NO_EVENT)
        codes.append(row["cameo"])
        keys.append(hashlib.sha256(row["text"].encode()).hexdigest())
        linked.append((source.i, target.i) in pairs[row["text"]])
    print(f"{len(texts)} candidates ({skipped} rows whose actors the parse could not place; "
          f"{sum(linked)} linked by the predicate finder's rules at run time)")
    return texts, labels, codes, keys, linked


def features(texts: list[MarkedCandidate], threads: int, layers: int) -> np.ndarray:
    """The run-time features of every candidate (`EventTypeModel.features`)."""
    from sword.coding.embed import DIMENSIONS, EmbedderConfig, SentenceEmbedder

    model = EventTypeModel.__new__(EventTypeModel)  # only its feature builder: no head yet
    model.weights, model.cue_dims = np.zeros((2 * DIMENSIONS + CUE_DIMS, 1)), CUE_DIMS
    model.hidden = None
    model.__dict__["embedder"] = SentenceEmbedder(EmbedderConfig(threads=threads, layers=layers))
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


def gate(x: np.ndarray, y: np.ndarray, dev: np.ndarray, right: np.ndarray, live: np.ndarray,
         keep: tuple[float, float]) -> tuple[LogisticRegression, float, float, float]:
    """A logistic regression on the cues alone (event or not), and for linked pairs and
    for the others the highest threshold that still lets through `keep` of the
    development candidates the whole model codes right; with the share of development
    candidates it turns away."""
    cues = x[:, -CUE_DIMS:]
    model = LogisticRegression(C=1.0, max_iter=1000).fit(cues[~dev], y[~dev] != NO_EVENT)
    p = model.predict_proba(cues[dev])[:, 1]

    def lowest(chosen: np.ndarray, share: float) -> float:
        return float(np.quantile(p[chosen], 1.0 - share)) if chosen.any() else 0.0

    linked, unlinked = lowest(right & live, keep[0]), lowest(right & ~live, keep[1])
    return model, linked, unlinked, float((p < np.where(live, linked, unlinked)).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HEAD_FILE)
    parser.add_argument("--threads", type=int, default=2,
                        help="embedding threads (the same vectors, to float rounding)")
    parser.add_argument("--layers", type=int, default=3,
                        help="MiniLM layers the word pieces are taken from (of 6)")
    parser.add_argument("--hidden", type=int, default=256, help="units of the hidden layer")
    parser.add_argument("--alpha", type=float, default=1e-3, help="L2 regularisation")
    parser.add_argument("--gate-keep", type=float, nargs=2, default=(0.98, 0.9),
                        help="shares of the model's right development codes the cue gate "
                             "keeps, of linked pairs and of the others")
    parser.add_argument("--min-precision", type=float, default=0.8,
                        help="the threshold is the lowest whose development precision reaches this")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = load(DATA)
    digest = hashlib.sha256("".join(json.dumps(r, sort_keys=True) for r in rows).encode()).hexdigest()
    texts, labels, codes, keys, linked = candidates(rows)
    x = features(texts, args.threads, args.layers)
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
    # The threshold is chosen on the development pairs that a rule of Sword's predicate
    # finder links (the annotators coded every pair of actors, most of which no rule links)
    live = np.array(linked)[dev]
    threshold = next((th for th in np.arange(0.2, 0.96, 0.01)
                      if scores(probs[live], classes, y[dev][live], th)["precision"]
                      >= args.min_precision), 0.95)
    # and for the pairs no rule vouches for (co-subjects, actors that only co-occur), on
    # the other pairs
    pair_threshold = next((th for th in np.arange(0.2, 0.96, 0.01)
                           if scores(probs[~live], classes, y[dev][~live], th)["precision"]
                           >= args.min_precision), 0.95)
    pair_scores = scores(probs[~live], classes, y[dev][~live], pair_threshold)
    best = probs.argmax(axis=1)
    right = ((np.array(classes)[best] == y[dev]) & (y[dev] != NO_EVENT)
             & (probs.max(axis=1) >= np.where(live, threshold, pair_threshold)))
    cue_gate, gate_threshold, gate_pair_threshold, gated = gate(x, y, dev, right, live,
                                                                tuple(args.gate_keep))
    print(f"cue gate at {gate_threshold:.3f} (linked) and {gate_pair_threshold:.3f}: turns "
          f"away {gated:.0%} of the development candidates")
    dev_scores = scores(probs, classes, y[dev], threshold)
    live_scores = scores(probs[live], classes, y[dev][live], threshold)
    print(f"temperature {t:.2f}, threshold {threshold:.2f}: development "
          f"accuracy {accuracy:.3f}, event roots of the linked pairs {live_scores}, "
          f"of all pairs {dev_scores}; of the others at {pair_threshold:.2f}: {pair_scores}")

    by_root: dict[str, Counter] = {}
    for label, code in zip(labels, codes, strict=True):
        if label != NO_EVENT:
            by_root.setdefault(label, Counter())[code] += 1
    # A root's subcode only where one code makes at least 60% of its training examples.
    subcodes = {root: counts.most_common(1)[0][0] for root, counts in by_root.items()
                if counts.most_common(1)[0][1] >= 0.6 * sum(counts.values())}
    report = {"data_sha256": digest, "candidates": len(texts), "layers": args.layers,
              "hidden": args.hidden,
              "alpha": args.alpha,
              "development_accuracy": round(accuracy, 3), "development_events": dev_scores,
              "development_linked_events": live_scores,
              "development_unlinked_events": pair_scores,
              "gate_threshold": round(gate_threshold, 4),
              "gate_pair_threshold": round(gate_pair_threshold, 4), "gated_share": round(gated, 3),
              "temperature": round(t, 2), "threshold": round(float(threshold), 2),
              "pair_threshold": round(float(pair_threshold), 2)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out, hidden_weights=head.coefs_[0].astype(np.float32),
        hidden_bias=head.intercepts_[0].astype(np.float32),
        weights=head.coefs_[1].astype(np.float32), bias=head.intercepts_[1].astype(np.float32),
        classes=np.array(classes), subcodes=json.dumps(subcodes), threshold=threshold,
        pair_threshold=pair_threshold, gate_weights=cue_gate.coef_[0].astype(np.float32),
        gate_bias=float(cue_gate.intercept_[0]), gate_threshold=gate_threshold,
        gate_pair_threshold=gate_pair_threshold,
        temperature=t, cue_dims=CUE_DIMS, embed_layers=args.layers,
        report=json.dumps(report))
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB) in "
          f"{time.perf_counter() - started:.0f} s: {json.dumps(report)}")


if __name__ == "__main__":
    main()
