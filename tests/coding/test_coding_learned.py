"""The learned event-type model: its files are checked, it abstains, it codes only where
the lexicon is silent, and `event_model=False` turns it off."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sword.coding import embed
from sword.coding.learned import NO_EVENT, EventTypeModel, MarkedCandidate
from sword.errors import ModelError


def _head(tmp_path, weights: np.ndarray, classes: list[str], threshold: float = 0.5):
    path = tmp_path / "head.npz"
    np.savez(path, weights=weights, bias=np.zeros(len(classes)), classes=np.array(classes),
             subcodes=json.dumps({"19": "193"}), threshold=threshold, temperature=1.0,
             cue_dims=4)
    return path


class FakeEmbedder:
    """Unit vectors chosen by a word in the text, so a test can steer the head."""

    def __call__(self, texts: list[str]) -> np.ndarray:
        return np.array([[1.0, 0.0] if "fired" in t else [0.0, 1.0] for t in texts])


def test_coding_learned_codes_or_abstains(tmp_path):
    # feature = [path (2), cues (4)]; "fired" in the path pushes class 19
    weights = np.array([[4.0, 0.0], [0.0, 4.0]] + [[0.0, 0.0]] * 4)
    model = EventTypeModel(_head(tmp_path, weights, ["19", NO_EVENT]))
    model.__dict__["embedder"] = FakeEmbedder()
    coded, abstained = model.predict([MarkedCandidate("troops fired on Kuito", "s", ()),
                                      MarkedCandidate("team beat Kuito", "s", ())])
    assert coded is not None and coded.code == "193" and coded.label == "model:19"
    assert 0.5 < coded.confidence < 1.0
    assert abstained is None


def test_coding_learned_abstains_below_threshold(tmp_path):
    weights = np.array([[0.1, 0.0]] + [[0.0, 0.0]] * 5)
    model = EventTypeModel(_head(tmp_path, weights, ["04", NO_EVENT], threshold=0.9))
    model.__dict__["embedder"] = FakeEmbedder()
    assert model.predict([MarkedCandidate("they fired", "s", ("L:fire",))]) == [None]


def test_coding_learned_refuses_a_file_that_is_not_the_pinned_one(tmp_path, monkeypatch):
    monkeypatch.setattr(embed, "MODEL_SHA256", "0" * 64)
    with pytest.raises(ModelError, match="not the file Sword was trained with"):
        embed.SentenceEmbedder()


def test_coding_learned_bundled_head_is_readable():
    model = EventTypeModel()
    assert model.feature_dims == 384 + model.cue_dims
    assert model.weights.shape[1] == len(model.classes)
    assert NO_EVENT in model.classes
    assert {f"{r:02d}" for r in range(1, 21)} <= set(model.classes)
    assert 0.2 <= model.threshold < 1.0


@pytest.mark.slow
def test_coding_learned_only_where_the_lexicon_is_silent():
    import sword
    from sword.config import CoderConfig

    # "clobbered" is no lexicon verb: without the model the sentence gives nothing
    text = "Ugandan troops clobbered rebel positions near the Congolese town of Beni."
    lexicon_only = sword.code(text, date="2024-01-05", config=CoderConfig(event_model=False))
    assert lexicon_only == []
    known = "Russia expelled two Estonian diplomats on Friday."
    with_model = sword.code(known, date="2024-01-05")
    assert with_model and all(not e.pattern.startswith("model:") for e in with_model)
    assert [e.cameo for e in with_model] == [e.cameo for e in sword.code(
        known, date="2024-01-05", config=CoderConfig(event_model=False))]

