"""Coding time against document length: one document of 25k to 1M characters (and more
with --sizes), built from the bundled corpus's paragraphs, coded in one process.

    python benchmarks/long_documents.py [--sizes 25000,50000,100000,200000,1000000]

Prints seconds, seconds per MB and events for each size: linear time shows as a flat
seconds-per-MB column (documents are parsed in bounded windows, never whole).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "src" / "sword" / "data" / "corpus"


def paragraphs() -> list[str]:
    return [json.loads(line)["text"] for file in sorted(CORPUS.glob("*.jsonl"))
            for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]


def document_of(size: int, texts: list[str]) -> str:
    parts, length, i = [], 0, 0
    while length < size:
        parts.append(texts[i % len(texts)])
        length += len(parts[-1]) + 2
        i += 1
    return "\n\n".join(parts)[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25000,50000,100000,200000,1000000")
    parser.add_argument("--no-model", action="store_true", help="without the learned model")
    args = parser.parse_args()

    from sword.coding.pipeline import get_coder
    from sword.config import CoderConfig
    from sword.model import Document

    coder = get_coder(CoderConfig(event_model=not args.no_model))
    if coder.events.model is not None:
        coder.events.model.embedder(["the embedder loads on first use"])
    texts = paragraphs()
    print(f"{'characters':>12} {'seconds':>9} {'s/MB':>7} {'events':>7}")
    for size in (int(s) for s in args.sizes.split(",")):
        text = document_of(size, texts)
        start = time.perf_counter()
        coded = next(coder.code_documents([Document(id=f"long-{size}", text=text)]))
        seconds = time.perf_counter() - start
        megabytes = len(text.encode("utf-8")) / 1e6
        print(f"{len(text):>12,} {seconds:>9.1f} {seconds / megabytes:>7.1f} "
              f"{len(coded.events):>7}")


if __name__ == "__main__":
    main()
