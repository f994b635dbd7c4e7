"""Store benchmark: ingest rate into DuckDB and the analyses' time and peak memory on
synthetic events (1M by default; 10M with --rows 1M,10M: about ten minutes more).

    python benchmarks/store.py                 # 1M events
    python benchmarks/store.py --rows 1M,10M   # 1M and 10M (k and M suffixes)

Events are generated vectorised (numpy → Arrow, never a Python loop per row) in chunks of
`--chunk` rows, so memory stays bounded: 300 dyads among 40 states with a skewed volume,
a third of them turning (their share of cooperative events changes at a random date),
about five events per document. The ingest runs in a process of its own, and then each
analysis step (dyad timeline, shifts, network, event groups, the report's findings) in a
fresh process on the store opened read-only as `sword relations`/`shifts`/… open it, so
that each step's peak memory (RSS) is its own. A small run through `Store.ingest`
(Python CodedDocument objects, the path `sword ingest` takes) is measured beside the
Arrow bulk path.
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
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sword.model import CodedDocument, Document, Event
from sword.store import Store
from sword.store.schema import DOCUMENT_SCHEMA, EVENT_SCHEMA
from sword.store.store import READ_MEMORY_LIMIT

STATES: tuple[str, ...] = (
    "RUS", "AZE", "ARM", "TUR", "IRN", "USA", "FRA", "DEU", "GBR", "CHN",
    "UKR", "GEO", "KAZ", "ISR", "EGY", "SAU", "IND", "PAK", "JPN", "KOR",
    "PRK", "SYR", "IRQ", "ITA", "ESP", "POL", "BLR", "CAN", "BRA", "MEX",
    "ZAF", "NGA", "ETH", "QAT", "ARE", "AFG", "VEN", "CUB", "SRB", "HUN",
)
# code, quad class, Goldstein
COOPERATION = [("036", 1, 4.0), ("040", 1, 1.0), ("042", 1, 1.9), ("046", 1, 7.0),
               ("051", 1, 3.4), ("057", 1, 8.0), ("061", 2, 6.4), ("071", 2, 7.4),
               ("0871", 2, 9.0)]
CONFLICT = [("111", 3, -2.0), ("112", 3, -2.0), ("130", 3, -4.4), ("161", 4, -4.0),
            ("163", 4, -8.0), ("173", 4, -5.0), ("190", 4, -10.0), ("195", 4, -10.0)]
SECTORS = ("", "GOV", "MIL", "COP")
EVENTS_PER_DOCUMENT = 5
FIRST_DAY = date(2015, 1, 1).toordinal()
DAYS = date(2025, 12, 31).toordinal() - FIRST_DAY


class World:
    """The fixed synthetic world: dyads, their volumes, regimes and break dates."""

    def __init__(self, seed: int = 7, dyads: int = 300) -> None:
        rng = np.random.default_rng(seed)
        pairs = set()
        while len(pairs) < dyads:
            a, b = rng.choice(len(STATES), 2, replace=False)
            pairs.add((min(a, b), max(a, b)))
        pairs_arr = np.array(sorted(pairs))
        self.a, self.b = pairs_arr[:, 0], pairs_arr[:, 1]
        weight = 1.0 / np.arange(1, dyads + 1) ** 0.8
        self.weight = weight / weight.sum()
        self.p_before = rng.uniform(0.3, 0.95, dyads)
        turning = rng.random(dyads) < 1 / 3
        self.p_after = np.where(turning, 1.0 - self.p_before, self.p_before)
        self.break_day = rng.integers(int(DAYS * 0.2), int(DAYS * 0.8), dyads)

    def turns_at(self, dyad: tuple[str, str], day: date, tolerance_days: int = 92) -> bool:
        """Whether the dyad turns by construction, within `tolerance_days` of `day`."""
        a, b = sorted((STATES.index(dyad[0]), STATES.index(dyad[1])))
        match = np.flatnonzero((self.a == a) & (self.b == b))
        if not len(match):
            return False
        i = match[0]
        if self.p_after[i] == self.p_before[i]:
            return False
        return abs(day.toordinal() - FIRST_DAY - int(self.break_day[i])) <= tolerance_days


def _strings(prefix: str, numbers: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(numbers), pa.string()), "")


def synthetic_chunk(world: World, start: int, rows: int, seed: int) -> tuple[pa.Table, pa.Table]:
    """Documents and events for event rows [start, start + rows)."""
    rng = np.random.default_rng(seed)
    dyad = rng.choice(len(world.weight), rows, p=world.weight)
    forward = rng.random(rows) < 0.5
    src = np.where(forward, world.a[dyad], world.b[dyad])
    tgt = np.where(forward, world.b[dyad], world.a[dyad])
    day = rng.integers(0, DAYS, rows)
    p_coop = np.where(day >= world.break_day[dyad], world.p_after[dyad], world.p_before[dyad])
    coop = rng.random(rows) < p_coop
    codes = COOPERATION + CONFLICT
    code_index = np.where(coop, rng.integers(0, len(COOPERATION), rows),
                          len(COOPERATION) + rng.integers(0, len(CONFLICT), rows))
    cameo = pa.array([c[0] for c in codes]).take(pa.array(code_index))
    quad = np.array([c[1] for c in codes], dtype=np.int8)[code_index]
    goldstein = np.array([c[2] for c in codes])[code_index]
    states = pa.array(STATES)
    sectors = pa.array(SECTORS)
    src_country = states.take(pa.array(src))
    tgt_country = states.take(pa.array(tgt))
    source = pc.binary_join_element_wise(
        src_country, sectors.take(pa.array(rng.integers(0, len(SECTORS), rows))), "")
    target = pc.binary_join_element_wise(
        tgt_country, sectors.take(pa.array(rng.integers(0, len(SECTORS), rows))), "")
    row_numbers = np.arange(start, start + rows)
    doc_numbers = row_numbers // EVENTS_PER_DOCUMENT
    doc_ids = _strings("d", doc_numbers)
    evidence = pc.binary_join_element_wise(
        source, " did ", cameo, " to ", target, " in report ", _strings("", row_numbers), "")
    dates = pa.array(day + (FIRST_DAY - date(1970, 1, 1).toordinal()), pa.int32()).cast(
        pa.date32())
    events = pa.table({
        "event_id": _strings("e", row_numbers),
        "doc_id": doc_ids,
        "sentence_index": pa.array(row_numbers % EVENTS_PER_DOCUMENT, pa.int32()),
        "evidence": evidence,
        "evidence_start": pa.array(np.zeros(rows, np.int32)),
        "evidence_end": pc.cast(pc.utf8_length(evidence), pa.int32()),
        "event_date": dates,
        "date_precision": pa.array(["day"] * 1, pa.string()).take(pa.array(np.zeros(rows, int))),
        "source": source,
        "target": target,
        "source_name": source,
        "target_name": target,
        "source_country": src_country,
        "target_country": tgt_country,
        "cameo": cameo,
        "root": pc.utf8_slice_codeunits(cameo, 0, 2),
        "quad_class": pa.array(quad),
        "goldstein": pa.array(goldstein),
        "plover": pa.array(np.where(coop, "COOPERATE", "ASSAULT")),
        "confidence": pa.array(rng.uniform(0.4, 1.0, rows)),
        "pattern": pa.array(np.where(coop, "bench:coop", "bench:conflict")),
        "flags": pa.array([[]] * 1, pa.list_(pa.string())).take(pa.array(np.zeros(rows, int))),
    }, schema=EVENT_SCHEMA)
    first_doc, last_doc = doc_numbers[0], doc_numbers[-1]
    numbers = np.arange(first_doc, last_doc + 1)
    n_docs = len(numbers)
    publishers = pa.array(["Daily", "Herald", "Courier", "Wire", None])
    texts = _strings("synthetic document ", numbers)
    documents = pa.table({
        "doc_id": _strings("d", numbers),
        "content_hash": _strings("h", numbers),
        "title": texts,
        "source": publishers.take(pa.array(numbers % 5)),
        "url": pa.nulls(n_docs, pa.string()),
        "date": dates.take(pa.array(np.zeros(n_docs, int))),
        "lang": pa.array(["en"]).take(pa.array(np.zeros(n_docs, int))),
        "text": texts,
        "origin": pa.nulls(n_docs, pa.string()),
    }, schema=DOCUMENT_SCHEMA)
    return documents, events


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_size(rows: int, chunk: int, folder: Path) -> dict:
    """Ingest `rows` synthetic events into a fresh store (kept for the steps)."""
    world = World()
    path = store_path(folder, rows)
    path.unlink(missing_ok=True)
    result: dict = {"rows": rows}
    with Store(path) as store:
        generate = ingest = 0.0
        for start in range(0, rows, chunk):
            # a chunk boundary must not split a document: chunks are multiples of 5 rows
            size = min(chunk, rows - start)
            t0 = time.perf_counter()
            documents, events = synthetic_chunk(world, start, size, seed=start)
            t1 = time.perf_counter()
            stats = store.ingest_arrow(documents, events)
            t2 = time.perf_counter()
            assert stats.events_added == size
            generate += t1 - t0
            ingest += t2 - t1
        result["generate_s"] = generate
        result["ingest_s"] = ingest
        result["ingest_rate"] = rows / ingest
    result["rss_mb"] = peak_rss_mb()
    result["db_mb"] = path.stat().st_size / 2**20
    return result


def store_path(folder: Path, rows: int) -> Path:
    return folder / f"bench_{rows}.duckdb"


def run_step(step: str, rows: int, folder: Path, memory_limit: str | None) -> dict:
    """One analysis over the store of `rows` events, opened read-only as the CLI opens it."""
    world = World()
    with Store(store_path(folder, rows), read_only=True, memory_limit=memory_limit) as store:
        t0 = time.perf_counter()
        detail = STEPS[step](store.con, world)
        seconds = time.perf_counter() - t0
    return {"step": step, "seconds": seconds, "rss_mb": peak_rss_mb(), "detail": detail}


def _timeline(con, world: World) -> str:  # type: ignore[no-untyped-def]
    from sword.analysis.relations import dyad_timeline

    heaviest = STATES[world.a[0]], STATES[world.b[0]]
    timeline = dyad_timeline(con, *heaviest, freq="month")
    return f"dyad {'–'.join(heaviest)} by month: {len(timeline)} rows"


def _shifts(con, world: World) -> str:  # type: ignore[no-untyped-def]
    from sword.analysis.shifts import find_shifts

    shifts = find_shifts(con, min_events=50)
    true = sum(1 for shift in shifts if world.turns_at(shift.dyad, shift.date))
    turning = int(np.sum(world.p_after != world.p_before))
    return (f"dyads with 50+ unique events: {len(shifts)} shifts, {true} true "
            f"({turning} of 300 dyads turn by construction; true = within 3 months)")


def _network(con, world: World) -> str:  # type: ignore[no-untyped-def]
    from sword.analysis.network import signed_graph, unbalanced_triads

    graph = signed_graph(con, window="12m")
    return (f"last 12 months: {graph.number_of_nodes()} states, {graph.number_of_edges()} "
            f"edges, {len(unbalanced_triads(graph))} unbalanced triads")


def _groups(con, world: World) -> str:  # type: ignore[no-untyped-def]
    unique = con.execute("SELECT count(*) FROM event_groups").fetchone()[0]
    return f"{unique:,} unique events (count of event_groups)"


def _findings(con, world: World) -> str:  # type: ignore[no-untyped-def]
    from sword.analysis.findings import collect_findings

    findings = collect_findings(con)
    return (f"what `sword report` computes: {len(findings.top_dyads)} top dyads, "
            f"{len(findings.shifts)} shifts, {len(findings.tensions)} tensions")


STEPS = {"timeline": _timeline, "shifts": _shifts, "network": _network, "groups": _groups,
         "report": _findings}


def run_objects(rows: int, folder: Path) -> dict:
    """The `sword ingest` path: CodedDocument objects through Store.ingest (batches of 500)."""
    _, events = synthetic_chunk(World(), 0, rows, seed=1)
    records = events.to_pylist()
    coded: list[CodedDocument] = []
    for i in range(0, rows, EVENTS_PER_DOCUMENT):
        group = records[i:i + EVENTS_PER_DOCUMENT]
        doc = Document(id=group[0]["doc_id"], text=" ".join(r["evidence"] for r in group),
                       date=group[0]["event_date"], source="Daily")
        evs = []
        for r in group:
            fields = {k: r[k] for k in EVENT_SCHEMA.names}
            fields["event_date"] = r["event_date"].isoformat()
            evs.append(Event(**fields))
        coded.append(CodedDocument(doc, evs, []))
    path = folder / "bench_objects.duckdb"
    path.unlink(missing_ok=True)
    with Store(path) as store:
        t0 = time.perf_counter()
        store.ingest(coded, batch_size=500)
        elapsed = time.perf_counter() - t0
    path.unlink()
    return {"rows": rows, "ingest_s": elapsed, "ingest_rate": rows / elapsed}


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower()
        factor = {"k": 1_000, "m": 1_000_000}.get(part[-1:], 1)
        number = part[:-1] if factor != 1 else part
        sizes.append(int(float(number) * factor))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="1M",
                        help="event counts, e.g. 1M,10M or 200k (10M takes about ten minutes)")
    parser.add_argument("--chunk", type=int, default=1_000_000,
                        help="rows generated and ingested per transaction (multiple of 5)")
    parser.add_argument("--objects", type=int, default=50_000,
                        help="events for the CodedDocument ingest path (0 to skip)")
    parser.add_argument("--steps", default="timeline,shifts,network,groups",
                        help=f"analysis steps to run, of {', '.join(STEPS)} (report: the "
                             "report's findings, slow on the synthetic world's many triads)")
    parser.add_argument("--memory-limit", default=READ_MEMORY_LIMIT,
                        help="DuckDB memory_limit of the analyses' store; several, comma-"
                             "separated, run each step under each ('none': DuckDB's default, "
                             "80%% of the machine)")
    parser.add_argument("--dir", default=None, help="folder for the database files")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="size", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.chunk % EVENTS_PER_DOCUMENT:
        parser.error(f"--chunk must be a multiple of {EVENTS_PER_DOCUMENT}")
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    if unknown := [s for s in steps if s not in STEPS]:
        parser.error(f"unknown steps {unknown}: choose from {', '.join(STEPS)}")
    folder = Path(args.dir or tempfile.mkdtemp(prefix="sword-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.one is not None:  # child process: one measurement, result as JSON
        if args.mode == "objects":
            result = run_objects(args.one, folder)
        elif args.mode == "size":
            result = run_size(args.one, args.chunk, folder)
        else:
            limit = None if args.memory_limit.lower() == "none" else args.memory_limit
            result = run_step(args.mode, args.one, folder, limit)
        print(json.dumps(result))
        return
    print(f"Sword store benchmark ({os.cpu_count()} cores)")
    limits = [x.strip() for x in args.memory_limit.split(",") if x.strip()]
    print("analyses on the store opened read-only, as `sword relations`/`shifts`/… open it")
    for rows in parse_sizes(args.rows):
        print_ingest(_child(rows, "size", args.chunk, folder))
        for step in steps:
            for limit in limits:
                print_step(_child(rows, step, args.chunk, folder, limit), limit)
        store_path(folder, rows).unlink(missing_ok=True)
    if args.objects:
        objects = _child(args.objects, "objects", args.chunk, folder)
        print(f"CodedDocument path (Store.ingest, Python objects): {objects['rows']:,} events "
              f"in {objects['ingest_s']:.1f} s = {objects['ingest_rate']:,.0f} events/s")


def _child(rows: int, mode: str, chunk: int, folder: Path, memory_limit: str = "1GB") -> dict:
    """Run one measurement in a fresh process, so its peak memory is its own."""
    out = subprocess.run(
        [sys.executable, __file__, "--one", str(rows), "--mode", mode, "--chunk", str(chunk),
         "--dir", str(folder), "--memory-limit", memory_limit],
        check=True, capture_output=True, text=True,
    )
    print(f"done: {mode} {rows:,} events", file=sys.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_ingest(ingest: dict) -> None:
    print(f"\n{ingest['rows']:,} events: store {ingest['db_mb']:.0f} MB")
    print(f"  {'step':<10} {'DuckDB limit':>12} {'seconds':>8} {'peak RSS MB':>12}")
    print(f"  {'ingest':<10} {'default':>12} {ingest['ingest_s']:>8.1f} {ingest['rss_mb']:>12.0f}   "
          f"{ingest['ingest_rate']:,.0f} events/s (Arrow bulk path; generation "
          f"{ingest['generate_s']:.1f} s apart)", flush=True)


def print_step(step: dict, limit: str) -> None:
    print(f"  {step['step']:<10} {limit:>12} {step['seconds']:>8.2f} {step['rss_mb']:>12.0f}   "
          f"{step['detail']}", flush=True)


if __name__ == "__main__":
    main()
