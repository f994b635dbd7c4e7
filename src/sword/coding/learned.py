"""The learned event-type model: codes the actor-to-actor candidates the lexicon is silent
on, or abstains.

A candidate is a sentence with a source and a target actor in it. Its features are two
sentence embeddings side by side: the words on the dependency path from the source to the
target ("rebels shelled city of Kuito"), and the whole sentence. A softmax head over them
(a 768 × K matrix, trained by `training/train_event_model.py` from sentences written for
Sword) gives a probability for each CAMEO root and for "no event"; the model answers only
when an event root is the most likely class and its calibrated probability reaches the
threshold chosen on the development split. The lexicon always wins where it fires.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from sword.errors import Errors, ModelError

HEAD_FILE = Path(__file__).parent.parent / "data" / "event_model.npz"
NO_EVENT = "none"


@dataclass(frozen=True, slots=True)
class ModelCode:
    """What the model says of one candidate."""

    code: str  # CAMEO code: a root's generic code ("190") or a subcode the head is sure of
    confidence: float  # calibrated probability of the root
    label: str  # the class the head chose, for the `pattern` field: "model:19"


def dependency_path(source: Token, target: Token) -> list[Token]:
    """The tokens from `source` up to the lowest common ancestor and down to `target`, in
    sentence order, with the particles and negations of the verbs on the way."""
    up = [source, *source.ancestors]
    down = [target, *target.ancestors]
    common = next((t for t in up if t in down), None)
    if common is None:  # different sentences or a broken parse: no path
        return sorted({source, target}, key=lambda t: t.i)
    path = set(up[: up.index(common) + 1]) | set(down[: down.index(common) + 1])
    for token in list(path):
        if token.pos_ in ("VERB", "AUX"):
            path |= {c for c in token.children if c.dep_ in ("prt", "neg", "aux", "auxpass")}
    return sorted(path, key=lambda t: t.i)


def candidate_texts(source: Token, target: Token) -> tuple[str, str]:
    """The two texts a candidate is embedded as: its dependency path and its sentence."""
    path = " ".join(t.text for t in dependency_path(source, target))
    return path, source.sent.text.strip()


class EventTypeModel:
    """The trained head and the embedder it needs (loaded on first use)."""

    def __init__(self, head_file: Path = HEAD_FILE) -> None:
        try:
            with np.load(head_file, allow_pickle=False) as head:
                self.weights = head["weights"].astype(np.float32)
                self.bias = head["bias"].astype(np.float32)
                self.classes = [str(c) for c in head["classes"]]
                self.subcodes = json.loads(str(head["subcodes"]))
                self.threshold = float(head["threshold"])
                self.temperature = float(head["temperature"])
        except (OSError, KeyError, ValueError) as e:
            raise ModelError(Errors.E144.format(path=head_file, reason=e)) from e

    @cached_property
    def embedder(self):  # type: ignore[no-untyped-def]
        from sword.coding.embed import SentenceEmbedder

        return SentenceEmbedder()

    def features(self, texts: list[tuple[str, str]]) -> np.ndarray:
        """One row per candidate: [embedding of the path, embedding of the sentence]."""
        if not texts:
            return np.zeros((0, self.weights.shape[0]), dtype=np.float32)
        unique = sorted({t for pair in texts for t in pair})
        vectors = dict(zip(unique, self.embedder(unique), strict=True))
        return np.array([np.concatenate([vectors[p], vectors[s]]) for p, s in texts])

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        logits = (features @ self.weights + self.bias) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, texts: list[tuple[str, str]]) -> list[ModelCode | None]:
        """A code for each candidate, or None where the model abstains."""
        if not texts:
            return []
        out: list[ModelCode | None] = []
        for row in self.probabilities(self.features(texts)):
            best = int(row.argmax())
            label = self.classes[best]
            if label == NO_EVENT or row[best] < self.threshold:
                out.append(None)
                continue
            out.append(ModelCode(self.subcodes.get(label, label + "0"), round(float(row[best]), 3),
                                 f"model:{label}"))
        return out
