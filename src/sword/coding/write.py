"""Writing events: JSONL, CSV, Parquet, or a GDELT 2.0 event-table TSV.

`EventWriter` streams: `write(events)` may be called any number of times and holds at
most one Parquet row group in memory. Files it opens it closes; standard output and
streams handed to it are flushed, never closed.

- jsonl: one `Event.to_record()` a line, UTF-8 (`ensure_ascii=False`).
- csv: RFC 4180 with `RECORD_FIELDS` as header; `flags` joined with ";", None empty.
- parquet: one fixed schema (`parquet_schema()`), `flags` as list<string>; row groups
  of `row_group_size` events are written as they fill.
- gdelt: tab-separated, the 61 columns of GDELT 2.0's event table in GDELT order, with a
  header row of GDELT's column names when asked (`header=True`); what Sword does not know
  (ethnic and religion codes, tone, actor geography) is empty:

   1 GLOBALEVENTID       an integer, stable across runs: the first 60 bits of the unique
                         event's key (the store's group_id), or of event_id
   2 SQLDATE             event_date as YYYYMMDD (empty when unknown)
   3 MonthYear           YYYYMM
   4 Year                YYYY
   5 FractionDate        YYYY + day of year / 365, four decimals
   6 Actor1Code          source (e.g. RUSGOV, NATO)
   7 Actor1Name          source_name
   8 Actor1CountryCode   source_country when it is a state (ISO alpha-3)
   9 Actor1KnownGroupCode  the organisation code when the actor is an organisation
  10 Actor1EthnicCode    empty
  11 Actor1Religion1Code empty
  12 Actor1Religion2Code empty
  13 Actor1Type1Code     the sector (GOV, MIL, COP, …): source minus its country prefix
  14 Actor1Type2Code     empty
  15 Actor1Type3Code     empty
  16–25 Actor2…          the same for the target
  26 IsRootEvent         1 for the first three sentences of the document (GDELT: lead
                         paragraph), else 0
  27 EventCode           cameo
  28 EventBaseCode       the first three digits of cameo
  29 EventRootCode       root
  30 QuadClass           quad_class
  31 GoldsteinScale      goldstein
  32 NumMentions         mentions of the unique event in all stored articles (1 from the
                         coder: it sees one article)
  33 NumSources          outlets that reported it (each appearance of a wire text counts)
  34 NumArticles         articles that reported it
  35 AvgTone             empty
  36–43 Actor1Geo_*      empty (Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat,
                         Long, FeatureID)
  44–51 Actor2Geo_*      empty
  52–59 ActionGeo_*      the event's place (`sword.coding.places`): Type 1 country, 2 US
                         state, 3 US city, 4 other city, 5 other region; FullName
                         action_geo_name; CountryCode action_geo_country (ISO alpha-3,
                         not GDELT's FIPS); ADM1Code action_geo_adm1 (ISO alpha-2 +
                         GeoNames code); ADM2Code and FeatureID empty; Lat, Long
  60 DATEADDED           when the writer was opened, UTC, YYYYMMDDHHMMSS
  61 SOURCEURL           the url of the article the event was read in, else its doc_id
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from sword.errors import Errors, OutputError, UnknownFormat
from sword.model import EVENT_COLUMNS, RECORD_FIELDS, Event, Reach

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "gdelt")

_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".tsv": "gdelt",
    ".gdelt": "gdelt",
}
STDOUT = "-"
GDELT_COLUMNS = 61
_GDELT_ACTOR_GEO_COLUMNS = 16  # Actor1Geo and Actor2Geo, 8 fields each (unknown)
_ROOT_EVENT_SENTENCES = 3
_FLAG_SEPARATOR = ";"
_ONE_ARTICLE = Reach()

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                 "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
               "FeatureID")
# GDELT 2.0's event-table column names, in order: the header row.
GDELT_HEADER: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)




def format_for(path: str | Path | None, explicit: str | None) -> str:
    """The output format: `explicit` when given, else OUT's extension, else jsonl (stdout)."""
    if explicit:
        fmt = explicit.strip().lower()
        if fmt not in FORMATS:
            raise UnknownFormat(Errors.E210.format(name=explicit, choices=", ".join(FORMATS)))
        return fmt
    if path is None or str(path) == STDOUT:
        return "jsonl"
    suffix = Path(path).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    raise UnknownFormat(Errors.E211.format(
        path=str(path), formats=", ".join(FORMATS), extensions=", ".join(sorted(_EXTENSIONS))))


def parquet_schema() -> Any:
    """The Arrow schema of Parquet output, from the record's column spec (dates as the
    ISO strings of the JSONL record)."""
    import pyarrow as pa  # imported late: most runs write JSONL

    types = {
        "text": pa.string(), "date": pa.string(), "index": pa.int32(), "offset": pa.int64(),
        "small": pa.int8(), "real": pa.float64(), "list": pa.list_(pa.string()),
    }
    return pa.schema([(column.name, types[column.kind]) for column in EVENT_COLUMNS])


class EventWriter:
    """Writes events to a path, a stream, or standard output (`out` None or "-")."""

    def __init__(
        self,
        out: str | Path | IO[str] | None,
        fmt: str,
        *,
        row_group_size: int = 10_000,
        added_at: datetime | None = None,
        header: bool = False,
    ) -> None:
        if fmt not in FORMATS:
            raise UnknownFormat(Errors.E210.format(name=fmt, choices=", ".join(FORMATS)))
        self.format = fmt
        self.count = 0
        self._closed = False
        self._owned: IO | None = None  # a file this writer opened and must close
        self._row_group_size = max(1, row_group_size)
        self._pending: list[dict] = []
        self._parquet: Any = None
        self._added = (added_at or datetime.now(UTC)).strftime("%Y%m%d%H%M%S")
        self._name = "standard output" if out is None or str(out) == STDOUT else str(out)

        if fmt == "parquet":
            self._open_parquet(out)
            return
        if out is None or (isinstance(out, str | Path) and str(out) == STDOUT):
            self._stream: IO[str] = sys.stdout
        elif isinstance(out, str | Path):
            self._stream = self._owned = self._open(Path(out), "w")
        else:
            self._stream = out
        if fmt == "csv":
            self._csv = csv.writer(self._stream)
            self._guard(lambda: self._csv.writerow(RECORD_FIELDS))
        elif fmt == "gdelt" and header:
            self._guard(lambda: self._stream.write("\t".join(GDELT_HEADER) + "\n"))

    # -- opening -----------------------------------------------------------------------

    def _open(self, path: Path, mode: str) -> IO:
        try:
            if "b" in mode:
                return path.open(mode)
            # newline="": the csv module writes its own RFC 4180 line ends
            return path.open(mode, encoding="utf-8", newline="")
        except OSError as e:
            raise OutputError(Errors.E212.format(path=str(path), reason=e.strerror or e)) from e

    def _open_parquet(self, out: str | Path | IO | None) -> None:
        import pyarrow.parquet as pq

        if out is None or (isinstance(out, str | Path) and str(out) == STDOUT):
            sink: Any = sys.stdout.buffer
        elif isinstance(out, str | Path):
            sink = self._owned = self._open(Path(out), "wb")
        elif isinstance(out, io.TextIOBase):
            sink = getattr(out, "buffer", None)
            if sink is None:
                raise OutputError(Errors.E213)
        else:
            sink = out
        self._stream = sink
        self._parquet = pq.ParquetWriter(sink, parquet_schema())

    # -- writing -----------------------------------------------------------------------

    def write(self, events: Iterable[Event],
              reach: Reach | Callable[[Event], Reach] = _ONE_ARTICLE) -> int:
        """Write `events`; returns how many were written by this call. `reach` (one for
        all, or a function of the event) fills GDELT's counts, SOURCEURL and id."""
        if self._closed:
            raise OutputError(Errors.E214.format(name=self._name))
        written = 0
        for event in events:
            if self.format == "jsonl":
                line = json.dumps(event.to_record(), ensure_ascii=False) + "\n"
                self._guard(lambda line=line: self._stream.write(line))
            elif self.format == "csv":
                row = csv_row(event)
                self._guard(lambda row=row: self._csv.writerow(row))
            elif self.format == "gdelt":
                seen = reach(event) if callable(reach) else reach
                line = "\t".join(gdelt_row(event, self._added, seen)) + "\n"
                self._guard(lambda line=line: self._stream.write(line))
            else:
                self._pending.append(event.to_record())
                if len(self._pending) >= self._row_group_size:
                    self._flush_row_group()
            written += 1
        self.count += written
        if self._owned is None:
            # a pipe reader (or a test) sees each batch as soon as it is written
            self._guard(self._stream.flush)
        return written

    def _flush_row_group(self) -> None:
        if not self._pending:
            return
        import pyarrow as pa

        table = pa.Table.from_pylist(self._pending, schema=self._parquet.schema)
        self._pending = []
        self._guard(lambda: self._parquet.write_table(table))

    def _guard(self, action: Any) -> Any:
        """Run a write; a failing disk becomes an OutputError. A closed pipe
        (BrokenPipeError) is left as it is, for the CLI to end quietly."""
        try:
            return action()
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputError(Errors.E215.format(name=self._name, reason=e.strerror or e)) from e

    # -- closing -----------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            if self._parquet is not None:
                self._flush_row_group()
                self._guard(self._parquet.close)
            if self._owned is not None:
                self._guard(self._owned.close)
            else:
                self._guard(self._stream.flush)
        finally:
            self._pending = []

    def __enter__(self) -> EventWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


# --- rows ------------------------------------------------------------------------------------


def csv_row(event: Event) -> list[Any]:
    """One CSV row in RECORD_FIELDS order."""
    record = event.to_record()
    row = []
    for name in RECORD_FIELDS:
        value = record.get(name)
        if name == "flags":
            value = _FLAG_SEPARATOR.join(value or ())
        row.append("" if value is None else value)
    return row


def _cell(value: object) -> str:
    """A TSV cell: GDELT files have no quoting, so tabs and line ends become spaces."""
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


@lru_cache(maxsize=1024)
def _is_state(code: str) -> bool:
    import pycountry  # imported late: only GDELT output needs it

    # XKX (Kosovo) is a user-assigned code that pycountry does not list
    return code == "XKX" or pycountry.countries.get(alpha_3=code) is not None


def _gdelt_actor(code: str, name: str, country: str) -> list[str]:
    """Actor code, name, country, known group, ethnic, religion ×2, type ×3."""
    state = bool(country) and _is_state(country)
    sector = code[len(country) :] if state and code.startswith(country) else ""
    known_group = "" if state else country or code
    return [
        _cell(code),
        _cell(name),
        country if state else "",
        _cell(known_group),
        "",
        "",
        "",
        _cell(sector),
        "",
        "",
    ]


def _gdelt_action_geo(event: Event) -> list[str]:
    """ActionGeo Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID."""
    if event.action_geo_lat is None or event.action_geo_lon is None:
        return [""] * 8
    us = event.action_geo_country == "USA"
    kind = {"country": 1, "adm1": 2 if us else 5, "city": 3 if us else 4}.get(
        event.action_geo_type, "")
    return [str(kind), _cell(event.action_geo_name), _cell(event.action_geo_country),
            _cell(event.action_geo_adm1), "", f"{event.action_geo_lat:.4f}",
            f"{event.action_geo_lon:.4f}", ""]


def global_event_id(key: str) -> int:
    """GLOBALEVENTID: a positive integer under 2**60 from a hex key, the same every run."""
    return int(key[:15], 16)


def gdelt_row(event: Event, added: str, reach: Reach = _ONE_ARTICLE) -> list[str]:
    """The 61 GDELT 2.0 event-table cells of `event` (see the module docstring)."""
    try:
        day = date.fromisoformat(event.event_date) if event.event_date else None
    except ValueError:
        day = None
    if day is not None:
        when = [
            day.strftime("%Y%m%d"),
            day.strftime("%Y%m"),
            str(day.year),
            f"{day.year + day.timetuple().tm_yday / 365:.4f}",
        ]
    else:
        when = ["", "", "", ""]
    cameo = event.cameo
    row = [
        str(global_event_id(reach.group_id or event.event_id)),
        *when,
        *_gdelt_actor(event.source, event.source_name, event.source_country),
        *_gdelt_actor(event.target, event.target_name, event.target_country),
        "1" if 0 <= event.sentence_index < _ROOT_EVENT_SENTENCES else "0",
        _cell(cameo),
        _cell(cameo[:3]),
        _cell(event.root or cameo[:2]),
        str(event.quad_class),
        str(float(event.goldstein)),
        str(reach.mentions),
        str(reach.sources),
        str(reach.articles),
        "",
        *[""] * _GDELT_ACTOR_GEO_COLUMNS,
        *_gdelt_action_geo(event),
        added,
        _cell(reach.url or event.doc_id),
    ]
    return row
