"""The learned event-type model: codes the actor-to-actor candidates the lexicon is silent
on, or abstains.

A candidate is a sentence with a source and a target actor in it. The sentence is embedded
once (MiniLM word pieces in context, however many pairs it has); a candidate's features
are the mean of the pieces on the dependency path from the source to the target ("rebels
shelled city of Kuito"), the mean of the whole sentence's pieces, and hashed cues of the
path (the lemmas and dependency labels between the two actors, and their roles). A softmax
head over them (trained by `training/train_event_model.py` from sentences written for
Sword) gives a probability for each CAMEO root and for "no event"; the model answers only
when an event root is the most likely class and its calibrated probability reaches the
threshold chosen on the development split. A linear gate on the cues alone first turns
away the candidates that are plainly no event, so that their sentences need no embedding.
The lexicon always wins where it fires.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from sword.coding.embed import LAYERS
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
    while common.pos_ not in ("VERB", "AUX") and common.head.i != common.i:
        # "Ethiopia and Somalia agreed", "Russian shelling of Kherson killed": the verb the
        # two actors' phrase depends on says what they do
        common = common.head
        path.add(common)
    for token in list(path):
        if token.pos_ in ("VERB", "AUX"):
            path |= {c for c in token.children if c.dep_ in ("prt", "neg", "aux", "auxpass")}
    return sorted(path, key=lambda t: t.i)


@dataclass(frozen=True, slots=True)
class MarkedCandidate:
    """What the model reads of one candidate: its sentence, where the words of its
    dependency path are in it, and the cues of the path (lemmas and labels between the
    actors, their roles)."""

    sentence: str
    spans: tuple[tuple[int, int], ...]  # the path's words: character offsets in `sentence`
    cues: tuple[str, ...]


def mark_candidate(source: Token, target: Token) -> MarkedCandidate:
    path = dependency_path(source, target)
    inner = [t for t in path if t not in (source, target)]
    marks = [c.lower_ for t in path for c in t.children if c.dep_ == "mark"]
    cues = (*(f"L:{t.lemma_.lower()}" for t in inner), *(f"D:{t.dep_}" for t in inner),
            *(f"M:{m}" for m in marks), f"P:{source.dep_}>{target.dep_}",
            f"S:{source.dep_}", f"T:{target.dep_}", f"N:{min(len(inner), 8)}",
            "DIR:>" if source.i < target.i else "DIR:<")
    base = source.sent.start_char
    spans = tuple((t.idx - base, t.idx - base + len(t.text)) for t in path)
    return MarkedCandidate(source.sent.text, spans, cues)


def hashed_cues(cues: tuple[str, ...], dims: int) -> np.ndarray:
    """The cues as a 0/1 vector of `dims` (crc32 buckets: the same in every process)."""
    row = np.zeros(dims, dtype=np.float32)
    for cue in cues:
        row[zlib.crc32(cue.encode("utf-8")) % dims] = 1.0
    return row


class EventTypeModel:
    """The trained head and the embedder it needs (loaded on first use)."""

    def __init__(self, head_file: Path = HEAD_FILE) -> None:
        try:
            with np.load(head_file, allow_pickle=False) as head:
                # a hidden layer (rectified) before the softmax, when the head has one
                self.hidden = ((head["hidden_weights"].astype(np.float32),
                                head["hidden_bias"].astype(np.float32))
                               if "hidden_weights" in head else None)
                self.weights = head["weights"].astype(np.float32)
                self.bias = head["bias"].astype(np.float32)
                self.classes = [str(c) for c in head["classes"]]
                self.subcodes = json.loads(str(head["subcodes"]))
                self.threshold = float(head["threshold"])
                # for pairs the verb may not link (co-subjects); 1.0: never coded
                self.pair_threshold = (float(head["pair_threshold"])
                                       if "pair_threshold" in head else 1.0)
                self.cue_dims = int(head["cue_dims"])
                # how many of MiniLM's layers the features were taken from
                self.layers = int(head["embed_layers"]) if "embed_layers" in head else LAYERS
                # a linear gate on the cues alone: a candidate it rejects is not embedded
                # (thresholds for linked pairs and for the others)
                self.gate = ((head["gate_weights"].astype(np.float32), float(head["gate_bias"]),
                              float(head["gate_threshold"]), float(head["gate_pair_threshold"]))
                             if "gate_weights" in head else None)
                self.temperature = float(head["temperature"])
        except (OSError, KeyError, ValueError) as e:
            raise ModelError(Errors.E144.format(path=head_file, reason=e)) from e

    @cached_property
    def embedder(self):  # type: ignore[no-untyped-def]
        from sword.coding.embed import EmbedderConfig, SentenceEmbedder

        return SentenceEmbedder(EmbedderConfig(layers=self.layers))

    def features(self, candidates: list[MarkedCandidate]) -> np.ndarray:
        """One row per candidate: [path, sentence, hashed cues], the path and the sentence
        as the means of their word pieces in context (one embedding call per sentence,
        however many pairs it has)."""
        if not candidates:
            return np.zeros((0, self.feature_dims), dtype=np.float32)
        unique = list(dict.fromkeys(c.sentence for c in candidates))
        pieces = dict(zip(unique, self.embedder.pieces(unique), strict=True))
        return np.array([np.concatenate([pieces[c.sentence].mean(c.spans),
                                         pieces[c.sentence].mean(),
                                         hashed_cues(c.cues, self.cue_dims)])
                         for c in candidates])

    @property
    def feature_dims(self) -> int:
        return (self.hidden[0] if self.hidden is not None else self.weights).shape[0]

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        if self.hidden is not None:
            features = np.maximum(features @ self.hidden[0] + self.hidden[1], 0.0)
        logits = (features @ self.weights + self.bias) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def passes_gate(self, candidates: list[MarkedCandidate], links: list[bool]) -> np.ndarray:
        """Which candidates are worth embedding: the cue gate's probability of an event
        reaches its threshold for a linked pair or for another (each chosen in training to
        keep most of the events the whole model codes right); all of them without a gate."""
        if self.gate is None or not candidates:
            return np.ones(len(candidates), dtype=bool)
        weights, bias, linked, unlinked = self.gate
        cues = np.array([hashed_cues(c.cues, self.cue_dims) for c in candidates])
        threshold = np.where(np.array(links, dtype=bool), linked, unlinked)
        return 1.0 / (1.0 + np.exp(-(cues @ weights + bias))) >= threshold

    def predict(self, candidates: list[MarkedCandidate],
                linked: list[bool] | None = None) -> list[ModelCode | None]:
        """A code for each candidate, or None where the model abstains (turned away by the
        gate, below the threshold of a linked pair, or the higher one of a pair the verb
        may not link)."""
        out: list[ModelCode | None] = [None] * len(candidates)
        links = linked if linked is not None else [True] * len(candidates)
        chosen = np.flatnonzero(self.passes_gate(candidates, links))
        if not len(chosen):
            return out
        rows = self.probabilities(self.features([candidates[i] for i in chosen]))
        for index, row in zip(chosen, rows, strict=True):
            best = int(row.argmax())
            label = self.classes[best]
            threshold = self.threshold if links[index] else self.pair_threshold
            if label != NO_EVENT and row[best] >= threshold:
                out[index] = ModelCode(self.subcodes.get(label, label + "0"),
                                       round(float(row[best]), 3), f"model:{label}")
        return out
