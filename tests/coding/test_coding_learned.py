"""The learned event-type model: its files are checked, it abstains, it codes only where
the lexicon is silent, and `event_model=False` turns it off."""

from __future__ import annotations

import json
import re

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
    """Word vectors chosen by the word, so a test can steer the head: "fired" [1, 0], any
    other word [0, 1]."""

    def pieces(self, texts: list[str]) -> list[embed.WordPieces]:
        out = []
        for text in texts:
            words = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
            vectors = [[1.0, 0.0] if text[a:b] == "fired" else [0.0, 1.0] for a, b in words]
            out.append(embed.WordPieces(np.array(vectors, dtype=np.float32),
                                        np.array(words, dtype=np.int32)))
        return out


def _marked(sentence: str, path: str, cues: tuple[str, ...] = ()) -> MarkedCandidate:
    """`path`: the words of the dependency path, which all occur in `sentence`."""
    start = sentence.index(path)
    spans = tuple((start + m.start(), start + m.end()) for m in re.finditer(r"\w+", path))
    return MarkedCandidate(sentence, spans, cues)


def test_coding_learned_codes_or_abstains(tmp_path):
    # feature = [path (2), sentence (2), cues (4)]; "fired" on the path pushes class 19
    weights = np.array([[8.0, 0.0], [0.0, 2.0]] + [[0.0, 0.0]] * 6)
    model = EventTypeModel(_head(tmp_path, weights, ["19", NO_EVENT]))
    model.__dict__["embedder"] = FakeEmbedder()
    sentence = "Rebels fired on Kuito after the team beat Benguela."
    coded, abstained = model.predict([_marked(sentence, "Rebels fired on Kuito"),
                                      _marked(sentence, "team beat Benguela")])
    assert coded is not None and coded.code == "193" and coded.label == "model:19"
    assert 0.5 < coded.confidence < 1.0
    assert abstained is None


def test_coding_learned_features_are_the_path_and_the_sentence_in_context(tmp_path):
    model = EventTypeModel(_head(tmp_path, np.zeros((8, 2)), ["19", NO_EVENT]))
    model.__dict__["embedder"] = FakeEmbedder()
    sentence = "Rebels fired on Kuito after the team beat Benguela."
    (row,) = model.features([_marked(sentence, "Rebels fired on Kuito", ("L:fire",))])
    path, whole, cues = row[:2], row[2:4], row[4:]
    assert np.allclose(path, np.array([1.0, 3.0]) / np.sqrt(10))  # one "fired" in 4 words
    assert np.allclose(whole, np.array([1.0, 8.0]) / np.sqrt(65))  # one in 9
    assert cues.sum() == 1.0


def test_coding_learned_gate_turns_candidates_away_before_embedding(tmp_path):
    weights = np.array([[8.0, 0.0], [0.0, 2.0]] + [[0.0, 0.0]] * 6)
    path = _head(tmp_path, weights, ["19", NO_EVENT])
    with np.load(path) as head:
        arrays = dict(head)
    # the gate: only the cue bucket of "L:fire" (crc32 % 4 == 0) gives an event
    np.savez(path, **arrays, gate_weights=np.array([6.0, 0.0, 0.0, 0.0]), gate_bias=-3.0,
             gate_threshold=0.5, gate_pair_threshold=0.99, pair_threshold=0.5)
    model = EventTypeModel(path)
    seen: list[str] = []

    class Recording(FakeEmbedder):
        def pieces(self, texts: list[str]) -> list[embed.WordPieces]:
            seen.extend(texts)
            return super().pieces(texts)

    model.__dict__["embedder"] = Recording()
    fired, beaten = "Rebels fired on Kuito.", "The team beat Benguela."
    coded = model.predict([_marked(fired, "Rebels fired on Kuito", ("L:fire",)),
                           _marked(beaten, "team beat Benguela", ("L:beat",))])
    assert coded[0] is not None and coded[1] is None
    assert seen == [fired]  # the other sentence was never embedded
    # a pair no rule links needs the gate's higher threshold (the head would code it)
    assert model.predict([_marked(fired, "Rebels fired on Kuito", ("L:fire",))],
                         [False]) == [None]


def test_coding_learned_abstains_below_threshold(tmp_path):
    weights = np.array([[0.1, 0.0]] + [[0.0, 0.0]] * 7)
    model = EventTypeModel(_head(tmp_path, weights, ["04", NO_EVENT], threshold=0.9))
    model.__dict__["embedder"] = FakeEmbedder()
    assert model.predict([_marked("They fired.", "They fired", ("L:fire",))]) == [None]


def test_coding_learned_refuses_a_file_that_is_not_the_pinned_one(tmp_path, monkeypatch):
    monkeypatch.setattr(embed, "MODEL_SHA256", "0" * 64)
    with pytest.raises(ModelError, match="not the file Sword was trained with"):
        embed.SentenceEmbedder()


def test_coding_learned_bundled_head_is_readable():
    model = EventTypeModel()
    assert model.feature_dims == 2 * embed.DIMENSIONS + model.cue_dims
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



@pytest.mark.slow
def test_coding_learned_codes_a_clause_the_lexicon_is_silent_on():
    import sword

    # the lexicon codes the expulsion; "clobbered" is no lexicon verb, and its clause (with
    # its own subject, another pair of states) goes to the model
    events = sword.code("Kenya expelled two Somali diplomats on Monday, while Uganda clobbered "
                        "Rwandan troops near the border.", date="2024-01-05")
    found = {(e.source_country, e.target_country, e.pattern.split(":")[0]) for e in events}
    assert ("KEN", "SOM", "verb") in found
    assert ("UGA", "RWA", "model") in found
    # a pair the lexicon coded gets no second code from the model
    events = sword.code("Kenya withdrew its peacekeepers from Somalia on Monday.",
                        date="2024-01-05")
    assert [e.cameo for e in events] == ["1661"]


@pytest.mark.slow
def test_coding_learned_is_not_asked_of_a_clause_the_lexicon_coded():
    import sword

    # the lexicon coded "closed … crossings with Belarus"; the exercises' owner named in
    # the same clause is no second target of the closing
    events = sword.code("Lithuania closed all its border crossings with Belarus on Friday "
                        "ahead of large-scale Russian and Belarusian military exercises.",
                        date="2024-01-05")
    assert not [e for e in events if e.target_country == "RUS"]
