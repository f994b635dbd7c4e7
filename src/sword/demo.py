"""The demo: the bundled corpus coded into a fresh store, its findings and the HTML report.

    result = run_demo("sword-demo.duckdb", "report.html")
    result.findings.shifts[0]          # the largest turn in any relationship

Nothing here knows which relationships the corpus is about: the findings are whatever the
pipeline (read → code → store → relations/shifts/network/framing) makes of the data.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

import sword
from sword.analysis.findings import Findings, ReportConfig, collect_findings
from sword.coding.read import ReadConfig, iter_documents
from sword.config import CoderConfig
from sword.errors import Errors, InputError, StoreError, StoreLocked
from sword.ingest import IngestProgress, IngestResult, ingest
from sword.report.html import DEFAULT_REPORT, build_report
from sword.store import Store

DEFAULT_DEMO_DB = "sword-demo.duckdb"
_DUCKDB_MAGIC = b"DUCK"  # bytes 8–11 of every DuckDB database file


@dataclass(slots=True)
class DemoResult:
    """What `run_demo` did and found."""

    db_path: Path
    report_path: Path
    documents: int  # documents stored
    events: int  # event rows stored
    seconds: float
    findings: Findings
    ingest: IngestResult
    skipped: list[str] = field(default_factory=list)  # corpus items that could not be read


def corpus_dir() -> Path:
    """The bundled corpus inside the installed package."""
    return Path(sword.__file__).parent / "data" / "corpus"


def corpus_files() -> list[Path]:
    files = sorted(corpus_dir().glob("*.jsonl"))
    if not files:
        raise StoreError(Errors.E320.format(folder=corpus_dir()))
    return files


def corpus_size(files: Iterable[Path] | None = None) -> int:
    """How many documents the corpus holds (its non-empty lines), without parsing them."""
    total = 0
    for path in files if files is not None else corpus_files():
        with path.open("rb") as handle:
            total += sum(1 for line in handle if line.strip())
    return total


def spread_sample(documents: Iterable[sword.Document], total: int, limit: int
                  ) -> Iterator[sword.Document]:
    """`limit` of `total` documents, evenly spaced so that a sample spans the whole period
    of a corpus sorted by date (the first N documents would all be from its first year)."""
    if limit >= total:
        yield from documents
        return
    taken = 0
    for index, document in enumerate(documents):
        # keep document i when the running quota limit·(i+1)/total passes a whole number
        if (index + 1) * limit // total > taken:
            taken += 1
            yield document
            if taken == limit:
                return


def remove_store(path: Path) -> None:
    """Delete a DuckDB file (and its write-ahead log) so the demo starts fresh.

    Refuses to delete anything that is not a DuckDB file, or a store another process has
    open (deleting it would leave that process writing to a file nobody can see).
    """
    if not path.exists():
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
        return
    if not path.is_file():
        raise StoreError(Errors.E321.format(path=path))
    with path.open("rb") as handle:
        head = handle.read(12)
    if len(head) < 12 or head[8:12] != _DUCKDB_MAGIC:
        raise StoreError(Errors.E322.format(path=path))
    try:
        duckdb.connect(str(path)).close()
    except duckdb.IOException as e:
        if "lock" in str(e).lower():
            raise StoreLocked(Errors.E323.format(path=path)) from e
    except duckdb.Error:
        pass  # a damaged file: replacing it is what the demo is for
    path.unlink()
    path.with_name(path.name + ".wal").unlink(missing_ok=True)


def run_demo(
    db_path: str | Path = DEFAULT_DEMO_DB,
    out_path: str | Path = DEFAULT_REPORT,
    progress: Callable[[int], None] | None = None,
    *,
    limit: int | None = None,
    coder: CoderConfig | None = None,
    report: ReportConfig | None = None,
    batch_size: int = 64,
) -> DemoResult:
    """Code the bundled corpus into a fresh store at `db_path` and write the report.

    progress(n) is called as n more documents have been coded. `limit` codes only that
    many documents, spread evenly over the corpus (for quick checks).
    """
    started = time.perf_counter()
    db = Path(db_path)
    files = corpus_files()
    skipped: list[str] = []

    def note(error: InputError) -> None:
        skipped.append(str(error))

    documents: Iterable[sword.Document] = iter_documents(files, ReadConfig(), note)
    if limit is not None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        documents = spread_sample(documents, corpus_size(files), limit)
    remove_store(db)
    with Store(db) as store:
        result = ingest(documents, store=store, config=coder or CoderConfig(),
                        batch_size=batch_size,
                        progress=IngestProgress(documents=progress or (lambda n: None)))
        report_config = report or ReportConfig()
        findings = collect_findings(store.con, report_config)
        report_path = build_report(store.con, out_path, report_config, findings=findings)
        counts = store.counts()
    return DemoResult(
        db_path=db,
        report_path=report_path,
        documents=counts["documents"],
        events=counts["events"],
        seconds=time.perf_counter() - started,
        findings=findings,
        ingest=result,
        skipped=skipped,
    )
