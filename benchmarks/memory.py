"""Peak memory of `sword code` and `sword ingest` on a big JSONL file.

    python benchmarks/memory.py [--mb 300] [--seconds 120] [--workers 0]

Writes a JSONL file of `--mb` megabytes (the bundled corpus cycled, every document made
unique by a first line of its own, so that the store keeps each one), then runs the real
commands on it, each in its own process, sampling the resident memory (RSS) of the
command and of every process it starts (Dask workers) every half second:

1. `sword code FILE --lang ru -o events.jsonl` and `sword ingest FILE --lang ru`: every
   document is read, tagged Russian (Sword has no model for it: the lines carry no
   `lang`, so --lang decides), written (ingest:
   hashed, checked against the store and stored with its whole text in DuckDB) and not
   coded. This runs over the whole file at reading speed: it shows whether reading and
   storing hold the input.
2. `sword code FILE --no-model` and `sword ingest FILE --no-model`: the coder on the same
   file, for at most `--seconds` (coding runs at tens of kB/s on this machine, so a file
   of hundreds of MB takes hours; `--seconds 0` waits for the end). RSS is reported at a
   quarter of the run and at its end, so that growth shows.

Prints one table: command, MB of input read, documents done, seconds, peak RSS of the
largest process, RSS at a quarter and at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

CORPUS = Path(__file__).resolve().parents[1] / "src" / "sword" / "data" / "corpus"
SWORD = Path(sys.executable).parent / "sword"


def generate(path: Path, megabytes: float) -> int:
    """A JSONL file of about `megabytes` MB; returns the number of documents."""
    records = [json.loads(line) for file in sorted(CORPUS.glob("*.jsonl"))
               for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    limit = int(megabytes * 1e6)
    written = documents = 0
    with path.open("w", encoding="utf-8") as out:
        while written < limit:
            for record in records:
                text = f"Bulletin {documents} of the wire service.\n\n{record['text']}"
                fields = {k: v for k, v in record.items() if k != "lang"}  # --lang decides
                line = json.dumps({**fields, "id": f"{record['id']}-{documents}",
                                   "text": text}, ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
                documents += 1
                if written >= limit:
                    break
    return documents


def _tree_rss(process: psutil.Process) -> list[int]:
    """RSS of the process and each of its descendants, in bytes."""
    sizes = []
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            sizes.append(member.memory_info().rss)
    return sizes


def run(command: list[str], seconds: float) -> dict:
    """Run `command`, sampling RSS; stop it (SIGINT, as Ctrl-C) after `seconds` (0: never)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONHASHSEED": "0"})
    watched = psutil.Process(process.pid)
    samples: list[tuple[float, int]] = []  # (time, largest process RSS)
    stopped = False
    while process.poll() is None:
        sizes = [size for size in _tree_rss(watched) if size]  # an exited process shows 0
        if sizes:
            samples.append((time.perf_counter() - started, max(sizes)))
        if seconds and time.perf_counter() - started > seconds and not stopped:
            process.send_signal(signal.SIGINT)
            stopped = True
        time.sleep(0.5)
    elapsed = time.perf_counter() - started
    quarter = next((rss for t, rss in samples if t >= elapsed / 4), samples[-1][1])
    return {"seconds": elapsed, "peak": max(r for _, r in samples), "quarter": quarter,
            "end": samples[-1][1], "stopped": stopped, "exit": process.returncode}


def documents_done(kind: str, out: Path) -> tuple[int, float]:
    """Documents a run got through, and the MB of text they hold (from what it wrote)."""
    if kind == "ingest":
        import duckdb

        with duckdb.connect(str(out), read_only=True) as con:
            count, chars = con.execute(
                "SELECT count(*), coalesce(sum(strlen(text)), 0) FROM documents").fetchone()
        return count, chars / 1e6
    last = -1  # ids end in "-<place in the file>": the last event's tells how far it got
    if not out.exists():  # stopped before it opened its output
        return 0, float("nan")
    with out.open(encoding="utf-8") as events:
        for line in events:
            last = int(json.loads(line)["doc_id"].rsplit("-", 1)[1])
    return last + 1, float("nan")  # coding writes events only: the text read is not known


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=300)
    parser.add_argument("--seconds", type=float, default=120,
                        help="stop each coding run after this long (0: run to the end)")
    parser.add_argument("--workers", type=int, default=0,
                        help="code on N local Dask workers (RSS is per process)")
    parser.add_argument("--keep", type=Path, help="keep the generated file here")
    parser.add_argument("--only", type=int, nargs="+", choices=[1, 2, 3, 4],
                        help="run only these of the four commands (in the table's order)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = args.keep or folder / "big.jsonl"
        if not corpus.exists():
            documents = generate(corpus, args.mb)
        else:
            documents = sum(1 for _ in corpus.open("rb"))
        size = corpus.stat().st_size / 1e6
        print(f"input: {corpus.name}, {size:.0f} MB, {documents} documents; "
              f"{os.cpu_count()} cores")
        scale = ["--workers", str(args.workers)] if args.workers else []
        runs = [
            ("code --lang ru (read, write)", "code", ["--lang", "ru"], 0),
            ("ingest --lang ru (read, store)", "ingest", ["--lang", "ru"], 0),
            ("code --no-model", "code", ["--no-model", *scale], args.seconds),
            ("ingest --no-model", "ingest", ["--no-model", *scale], args.seconds),
        ]
        print(f"{'command':<34}{'seconds':>8}{'documents':>11}{'peak RSS MB':>13}"
              f"{'at 1/4 MB':>11}{'at end MB':>11}")
        for n, (label, kind, options, budget) in enumerate(runs):
            if args.only and n + 1 not in args.only:
                continue
            out = folder / (f"events{n}.jsonl" if kind == "code" else f"store{n}.duckdb")
            target = ["-o", str(out)] if kind == "code" else ["--db", str(out), "--quiet"]
            result = run([str(SWORD), kind, str(corpus), *target, *options], budget)
            done = (documents_done(kind, out)[0] if kind == "ingest" or "lang" not in label
                    else documents)
            note = " (stopped)" if result["stopped"] else ""
            print(f"{label:<34}{result['seconds']:>8.0f}{done:>11}"
                  f"{result['peak'] / 2**20:>13.0f}{result['quarter'] / 2**20:>11.0f}"
                  f"{result['end'] / 2**20:>11.0f}{note}")


if __name__ == "__main__":
    main()
