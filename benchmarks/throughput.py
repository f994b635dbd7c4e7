"""Throughput of the full `sword code` path against bare spaCy on the same text.

    python benchmarks/throughput.py [--sentences 5000] [--batch-size 64] [--model NAME]

Builds a corpus of at least N sentences by cycling the bundled corpus, then runs, each in a
fresh process so that peak memory is its own: (1) bare `nlp.pipe` over the texts, (2) the
full path (read from a JSONL file → parse → actors → events → JSONL writer), with and
without the learned event model. Prints words/s,
sentences/s, events and peak RSS, and the ratio of the two.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "src" / "sword" / "data" / "corpus"


def build_corpus(path: Path, sentences: int) -> tuple[int, int, int]:
    """Write a JSONL corpus of at least `sentences` sentences; returns (docs, sentences, words)."""
    records = [json.loads(line) for file in sorted(CORPUS.glob("*.jsonl"))
               for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not records:
        sys.exit(f"no bundled corpus in {CORPUS}")
    docs = n_sentences = words = 0
    with path.open("w", encoding="utf-8") as out:
        while n_sentences < sentences:
            for record in records:
                record = {**record, "id": f"{record['id']}#{docs}"}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                docs += 1
                # a rough count for sizing only; the measured counts come from spaCy below
                n_sentences += max(1, record["text"].count(". ") + 1)
                words += len(record["text"].split())
                if n_sentences >= sentences:
                    break
    return docs, n_sentences, words


def run_bare(corpus: Path, model: str | None, batch_size: int) -> dict:
    from sword.coding.parse import load_pipeline

    nlp = load_pipeline(model)
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    start = time.perf_counter()
    sentence_starts = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        sentence_starts += sum(1 for t in doc if t.is_sent_start)
    seconds = time.perf_counter() - start
    words = sum(len(text.split()) for text in texts)  # counted outside the timed loop
    return {"seconds": seconds, "sentences": sentence_starts, "words": words, "events": 0}


def run_full(corpus: Path, model: str | None, batch_size: int, event_model: bool = True) -> dict:
    from sword.coding.pipeline import get_coder
    from sword.coding.read import ReadConfig, iter_documents
    from sword.coding.write import EventWriter
    from sword.config import CoderConfig

    config = CoderConfig(model=model, batch_size=batch_size, event_model=event_model)
    coder = get_coder(config)  # model loading is not part of the measured time
    if coder.events.model is not None:
        coder.events.model.embedder(["the embedder loads on first use"])
    start = time.perf_counter()
    events = 0
    with tempfile.TemporaryDirectory() as tmp, EventWriter(Path(tmp) / "e.jsonl", "jsonl") as w:
        documents = iter_documents([str(corpus)], ReadConfig(), lambda error: None)
        for coded in coder.code_documents(documents):
            events += w.write(coded.events)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "events": events}


def run_long(corpus: Path, model: str | None, batch_size: int) -> dict:
    """One document made of every text of the corpus file (paragraphs): coded in windows."""
    from sword.coding.pipeline import get_coder
    from sword.config import CoderConfig
    from sword.model import Document

    text = "\n\n".join(json.loads(line)["text"] for line in corpus.open(encoding="utf-8"))
    coder = get_coder(CoderConfig(model=model, batch_size=batch_size))
    if coder.events.model is not None:
        coder.events.model.embedder(["the embedder loads on first use"])
    start = time.perf_counter()
    coded = next(coder.code_documents([Document(id="long", text=text)]))
    return {"seconds": time.perf_counter() - start, "events": len(coded.events),
            "megabytes": len(text.encode("utf-8")) / 1e6}


def child(mode: str, corpus: Path, model: str | None, batch_size: int) -> None:
    if mode == "long":
        result = run_long(corpus, model, batch_size)
    elif mode == "bare":
        result = run_bare(corpus, model, batch_size)
    else:
        result = run_full(corpus, model, batch_size, event_model=mode == "full")
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(mode: str, corpus: Path, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--child", mode, "--corpus", str(corpus),
               "--batch-size", str(args.batch_size)]
    if args.model:
        command += ["--model", args.model]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    if done.returncode != 0:
        sys.exit(f"{mode} run failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--model", default=None)
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs of each path, alternating; the fastest of each is kept")
    parser.add_argument("--long-mb", type=float, default=5.0,
                        help="also code one document of this many MB (0: skip)")
    parser.add_argument("--child", choices=["bare", "full", "lexicon", "long"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.corpus, args.model, args.batch_size)
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        docs, _, _ = build_corpus(corpus, args.sentences)
        corpus_bytes = sum(len(json.loads(line)["text"].encode("utf-8"))
                           for line in corpus.open(encoding="utf-8"))
        runs: dict[str, list[dict]] = {"bare": [], "lexicon": [], "full": []}
        for _ in range(args.repeat):  # alternate, so that load on the machine hits all
            for mode, results in runs.items():
                results.append(measure(mode, corpus, args))
        bare, lexicon, full = (min(runs[m], key=lambda r: r["seconds"])
                               for m in ("bare", "lexicon", "full"))
    sentences, words = bare["sentences"], bare["words"]
    print(f"corpus: {docs} documents, {sentences} sentences, {words} words "
          f"(bundled corpus cycled); batch size {args.batch_size}; "
          f"fastest of {args.repeat} runs each")
    print(f"{'path':<28}{'seconds':>9}{'sentences/s':>13}{'words/s':>10}{'events':>8}"
          f"{'peak RSS MB':>13}")
    for name, result in (("bare spaCy nlp.pipe", bare), ("sword code, --no-model", lexicon),
                         ("sword code (with model)", full)):
        print(f"{name:<28}{result['seconds']:>9.2f}{sentences / result['seconds']:>13.1f}"
              f"{words / result['seconds']:>10.0f}{result['events']:>8}"
              f"{result['peak_rss_mb']:>13.0f}")
    print(f"throughput against bare spaCy: with the model {bare['seconds'] / full['seconds']:.2f}, "
          f"without it {bare['seconds'] / lexicon['seconds']:.2f}")
    if args.long_mb > 0:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "long.jsonl"
            build_corpus(corpus, int(args.sentences * args.long_mb / 0.55))
            long = measure("long", corpus, args)
        short_rate = full["seconds"] / (corpus_bytes / 1e6)
        long_rate = long["seconds"] / long["megabytes"]
        print(f"one document of {long['megabytes']:.1f} MB: {long['seconds']:.1f} s, "
              f"{long['events']} events, {long['peak_rss_mb']:.0f} MB peak RSS; "
              f"{long_rate:.1f} s/MB against {short_rate:.1f} s/MB for short documents "
              f"({long_rate / short_rate:.2f}×)")


if __name__ == "__main__":
    main()
