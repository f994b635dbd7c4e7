"""Coding one corpus serially, on one Dask worker and on two: speed-up and memory.

    python benchmarks/scale.py [--sentences 5000] [--workers 1 2] [--no-model]

Builds a JSONL corpus of at least N sentences by cycling the bundled corpus (as
benchmarks/throughput.py does), then codes it, each run in a fresh process: (1) serially,
the coder loaded and warmed before the clock starts; (2) on a LocalCluster of N worker
processes (127.0.0.1, one thread each), the workers' coders loaded and warmed by the
plugin before the clock starts; the cluster's start-up is timed apart. Events go to a
JSONL file in every run, and every run must give the same event ids as the serial one.

Prints one table: seconds, documents/s, sentences/s, the speed-up over the serial run
(coding alone, and with the start-up counted: loading the coder; for Dask also
starting the cluster), events, and the peak RSS of the serial
process, of the driver and of each worker; then the CPU seconds each process spent while
coding (steadier than wall time on a shared machine).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throughput import build_corpus  # benchmarks/ is the script's folder


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_peak_mb() -> float:  # runs on each worker
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """User + system CPU seconds of this process, all its threads (on a worker too)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _code(corpus: Path, config, client=None) -> tuple[float, int, str]:  # type: ignore[no-untyped-def]
    """Code the corpus into a JSONL file; (seconds, events, digest of the event ids)."""
    import sword
    from sword.coding.read import ReadConfig, iter_documents
    from sword.coding.write import EventWriter

    digest = hashlib.sha256()
    events = 0
    with tempfile.TemporaryDirectory() as tmp, EventWriter(Path(tmp) / "e.jsonl", "jsonl") as w:
        start = time.perf_counter()
        documents = iter_documents([str(corpus)], ReadConfig(), lambda error: None)
        for coded in sword.code_documents(documents, config, client=client):
            events += w.write(coded.events)
            for event in coded.events:
                digest.update(event.event_id.encode())
        seconds = time.perf_counter() - start
    return seconds, events, digest.hexdigest()[:12]


def child(mode: str, corpus: Path, event_model: bool) -> dict:
    from sword.config import CoderConfig

    config = CoderConfig(event_model=event_model)
    if mode == "serial":
        from sword.coding.pipeline import get_coder
        from sword.model import Document
        from sword.scale.worker import WARM_UP

        start = time.perf_counter()
        list(get_coder(config).code_documents([Document(id="warm-up", text=WARM_UP)]))
        startup = time.perf_counter() - start
        cpu = _cpu()
        seconds, events, digest = _code(corpus, config)
        return {"startup": startup, "seconds": seconds, "events": events, "digest": digest,
                "driver_mb": _peak_mb(), "worker_mb": [], "driver_cpu": _cpu() - cpu,
                "worker_cpu": []}
    from sword.scale import cluster_client
    from sword.scale.engine import register_coder

    start = time.perf_counter()
    with cluster_client(workers=int(mode)) as client:
        register_coder(client, config)  # loads and warms the coder on every worker
        startup = time.perf_counter() - start
        cpu, worker_cpu = _cpu(), client.run(_cpu)
        seconds, events, digest = _code(corpus, config, client)
        driver_cpu = _cpu() - cpu
        worker_cpu = {k: v - worker_cpu[k] for k, v in client.run(_cpu).items()}
        workers = sorted(client.run(_worker_peak_mb).values())
    return {"startup": startup, "seconds": seconds, "events": events, "digest": digest,
            "driver_mb": _peak_mb(), "worker_mb": workers, "driver_cpu": driver_cpu,
            "worker_cpu": sorted(worker_cpu.values())}


def measure(mode: str, corpus: Path, event_model: bool) -> dict:
    command = [sys.executable, __file__, "--child", mode, "--corpus", str(corpus)]
    if not event_model:
        command.append("--no-model")
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    if done.returncode != 0:
        sys.exit(f"{mode} run failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def read_rate(corpus: Path) -> float:
    """Documents/s the driver reads (JSON, language detection) with no coding: the ceiling
    of a cluster of any size, which this one process feeds."""
    from sword.coding.language import detect_language
    from sword.coding.read import ReadConfig, iter_documents

    detect_language("The detector's model loads on first use.")
    start = time.perf_counter()
    count = sum(1 for _ in iter_documents([str(corpus)], ReadConfig(), lambda error: None))
    return count / (time.perf_counter() - start)


def count_sentences(corpus: Path) -> tuple[int, int]:
    """Documents, and sentences by the coder's own sentence-end rule (the one that cuts
    long documents into windows): a count that needs no parse."""
    from sword.coding.parse import SENTENCE_END

    documents = sentences = 0
    for line in corpus.open(encoding="utf-8"):
        text = json.loads(line)["text"]
        documents += 1
        sentences += 1 + len(SENTENCE_END.findall(text))
    return documents, sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-model", action="store_true", help="code with the lexicon alone")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.corpus, not args.no_model)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        build_corpus(corpus, args.sentences)
        documents, sentences = count_sentences(corpus)
        reading = read_rate(corpus)
        runs = {"serial": measure("serial", corpus, not args.no_model)}
        for n in args.workers:
            runs[f"{n} worker{'s' if n > 1 else ''}"] = measure(str(n), corpus,
                                                                not args.no_model)
    report(runs, documents, sentences, args)
    print(f"the driver reads {reading:.0f} documents/s (JSON and language detection, no "
          f"coding): the ceiling for any number of workers it feeds")


def report(runs: dict[str, dict], documents: int, sentences: int,
           args: argparse.Namespace) -> None:
    serial = runs["serial"]
    print(f"corpus: {documents} documents, {sentences} sentences (bundled corpus cycled); "
          f"{'lexicon only (--no-model)' if args.no_model else 'with the learned model'}; "
          f"{os.cpu_count()} cores")
    print(f"{'run':<11}{'start-up s':>11}{'coding s':>10}{'docs/s':>8}{'sent/s':>8}"
          f"{'speed-up':>9}{'with start':>11}{'events':>8}{'same':>6}  peak RSS MB")
    serial_total = serial["startup"] + serial["seconds"]
    for name, run in runs.items():
        total = run["startup"] + run["seconds"]
        memory = (f"{run['driver_mb']:.0f}" if not run["worker_mb"] else
                  f"driver {run['driver_mb']:.0f}, workers "
                  + " / ".join(f"{m:.0f}" for m in run["worker_mb"]))
        print(f"{name:<11}{run['startup']:>11.1f}{run['seconds']:>10.1f}"
              f"{documents / run['seconds']:>8.1f}{sentences / run['seconds']:>8.1f}"
              f"{serial['seconds'] / run['seconds']:>8.2f}×"
              f"{serial_total / total:>10.2f}×{run['events']:>8}"
              f"{'yes' if run['digest'] == serial['digest'] else 'NO':>6}  {memory}")
    report_cpu(runs)


def report_cpu(runs: dict[str, dict]) -> None:
    """CPU seconds spent while coding (user + system, all threads): what other work on
    the machine disturbs least. A worker's CPU against the serial process's says what
    coding costs inside Dask; the driver's is the part of a core it takes from them."""
    serial = runs["serial"]["driver_cpu"]
    print(f"CPU s while coding: {'run':<11}{'driver':>8}{'workers':>18}{'total':>8}"
          f"  workers / serial")
    for name, run in runs.items():
        workers = run["worker_cpu"]
        total = run["driver_cpu"] + sum(workers)
        shown = " / ".join(f"{w:.1f}" for w in workers) or "—"
        ratio = f"{sum(workers) / serial:.2f}" if workers else "—"
        print(f"{'':20}{name:<11}{run['driver_cpu']:>8.1f}{shown:>18}{total:>8.1f}  {ratio}")


if __name__ == "__main__":
    main()
