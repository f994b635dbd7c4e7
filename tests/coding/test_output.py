"""Writing events as JSONL, CSV, Parquet and GDELT TSV, to files and standard output."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sword.coding.write import (
    FORMATS,
    GDELT_COLUMNS,
    GDELT_HEADER,
    EventWriter,
    OutputError,
    UnknownFormat,
    format_for,
    parquet_schema,
)
from sword.errors import SwordError
from sword.model import RECORD_FIELDS, Event, Reach


def make_event(**changes) -> Event:
    fields = {
        "doc_id": "002_3b2429f9a20626ea",
        "sentence_index": 4,
        "evidence": "Azeri police raided the Russian “Sputnik” news agency office in Baku.",
        "evidence_start": 310,
        "evidence_end": 380,
        "event_date": "2025-07-14",
        "date_precision": "day",
        "source": "AZECOP",
        "target": "RUSMED",
        "source_name": "Azeri police",
        "target_name": "the Russian “Sputnik” news agency",
        "source_country": "AZE",
        "target_country": "RUS",
        "cameo": "1711",
        "root": "17",
        "quad_class": 4,
        "goldstein": -9.2,
        "plover": "SEIZE",
        "confidence": 0.8,
        "pattern": "raid",
        "flags": ["translated", "reported"],
    }
    fields.update(changes)
    return Event(**fields)


EVENTS = [
    make_event(),
    make_event(
        sentence_index=0,
        source="RUSGOV",
        target="NATO",
        source_name="the Kremlin",
        target_name="NATO",
        source_country="RUS",
        target_country="NATO",
        cameo="042",
        root="04",
        quad_class=1,
        goldstein=1.9,
        plover="CONSULT",
        event_date=None,
        date_precision="unknown",
        flags=[],
    ),
]


# --- choosing the format -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "explicit", "expected"),
    [
        ("events.jsonl", None, "jsonl"),
        ("events.JSON", None, "jsonl"),
        ("out/events.csv", None, "csv"),
        ("events.parquet", None, "parquet"),
        ("events.tsv", None, "gdelt"),
        ("events.gdelt", None, "gdelt"),
        (None, None, "jsonl"),
        ("-", None, "jsonl"),
        ("events.csv", "parquet", "parquet"),  # --format wins
        (None, "GDELT", "gdelt"),
    ],
)
def test_output_format_for(path, explicit, expected):
    assert format_for(path, explicit) == expected


def test_output_format_for_unknown_extension_says_what_to_do():
    with pytest.raises(UnknownFormat, match=r"'events\.xlsx'.*--format") as raised:
        format_for("events.xlsx", None)
    assert isinstance(raised.value, SwordError)


def test_output_format_for_unknown_explicit_format():
    with pytest.raises(UnknownFormat, match="unknown output format 'xml'"):
        format_for("events.jsonl", "xml")


def test_output_writer_rejects_unknown_format(tmp_path):
    with pytest.raises(UnknownFormat):
        EventWriter(tmp_path / "x.out", "xml")


# --- JSONL -------------------------------------------------------------------------------


def test_output_jsonl_round_trip(tmp_path):
    path = tmp_path / "events.jsonl"
    with EventWriter(path, "jsonl") as writer:
        assert writer.write(EVENTS[:1]) == 1
        assert writer.write(iter(EVENTS[1:])) == 1  # write may be called many times
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [e.to_record() for e in EVENTS]
    assert "“Sputnik”" in lines[0]  # not \u201c escapes


def test_output_jsonl_to_stdout_flushes_and_leaves_it_open(capsys):
    writer = EventWriter(None, "jsonl")
    writer.write(EVENTS[:1])
    assert json.loads(capsys.readouterr().out)["event_id"] == EVENTS[0].event_id
    writer.close()
    assert not sys.stdout.closed
    print("still usable")
    assert capsys.readouterr().out == "still usable\n"


def test_output_to_a_given_stream_does_not_close_it():
    stream = io.StringIO()
    with EventWriter(stream, "jsonl") as writer:
        writer.write(EVENTS)
    assert not stream.closed
    assert len(stream.getvalue().splitlines()) == 2


def test_output_write_after_close_is_an_error(tmp_path):
    writer = EventWriter(tmp_path / "e.jsonl", "jsonl")
    writer.close()
    writer.close()  # closing twice is harmless
    with pytest.raises(OutputError, match="closed"):
        writer.write(EVENTS)


def test_output_unwritable_path_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="cannot write"):
        EventWriter(tmp_path / "no" / "such" / "dir" / "e.jsonl", "jsonl")


# --- CSV ---------------------------------------------------------------------------------


def test_output_csv_header_and_rows(tmp_path):
    path = tmp_path / "events.csv"
    with EventWriter(path, "csv") as writer:
        writer.write(EVENTS)
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == list(RECORD_FIELDS)
    first, second = rows
    assert first["flags"] == "translated;reported"
    assert first["evidence"] == EVENTS[0].evidence  # quotes and commas survive
    assert (first["cameo"], first["quad_class"], first["goldstein"]) == ("1711", "4", "-9.2")
    assert (second["event_date"], second["flags"], second["cameo"]) == ("", "", "042")


def test_output_csv_without_events_is_just_the_header(tmp_path):
    path = tmp_path / "events.csv"
    EventWriter(path, "csv").close()
    assert path.read_text(encoding="utf-8").strip() == ",".join(RECORD_FIELDS)


# --- Parquet -----------------------------------------------------------------------------


def test_output_parquet_round_trip_in_row_groups(tmp_path):
    path = tmp_path / "events.parquet"
    events = [make_event(sentence_index=i) for i in range(5)] + EVENTS
    with EventWriter(path, "parquet", row_group_size=2) as writer:
        writer.write(events[:3])
        writer.write(events[3:])
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_row_groups == 4  # 2 + 2 + 2 + 1: written as they fill
    table = parquet.read()
    assert table.schema.field("flags").type == pa.list_(pa.string())
    assert table.column_names == list(RECORD_FIELDS)
    assert table.to_pylist() == [e.to_record() for e in events]


def test_output_parquet_schema_covers_every_record_field():
    assert parquet_schema().names == list(RECORD_FIELDS)


def test_output_parquet_without_events_is_a_valid_empty_file(tmp_path):
    path = tmp_path / "events.parquet"
    EventWriter(path, "parquet").close()
    assert pq.read_table(path).num_rows == 0


def test_output_parquet_to_a_binary_stream():
    stream = io.BytesIO()
    with EventWriter(stream, "parquet") as writer:
        writer.write(EVENTS)
    assert pq.read_table(io.BytesIO(stream.getvalue())).num_rows == 2


def test_output_parquet_refuses_a_text_stream():
    with pytest.raises(OutputError, match="binary"):
        EventWriter(io.StringIO(), "parquet")


# --- GDELT -------------------------------------------------------------------------------


def gdelt_rows(events) -> list[list[str]]:
    stream = io.StringIO()
    added = datetime(2025, 7, 15, 8, 30, 0, tzinfo=UTC)
    with EventWriter(stream, "gdelt", added_at=added) as writer:
        writer.write(events)
    return [line.split("\t") for line in stream.getvalue().split("\n") if line]


def test_output_gdelt_columns_and_codes():
    first, second = gdelt_rows(EVENTS)
    assert len(first) == len(second) == GDELT_COLUMNS == 61
    assert first[0] == str(int(EVENTS[0].event_id[:15], 16))  # an integer, as GDELT's
    assert first[1:5] == ["20250714", "202507", "2025", "2025.5342"]
    # Actor1: code, name, country, known group, ethnic, religion ×2, type ×3
    assert first[5:15] == ["AZECOP", "Azeri police", "AZE", "", "", "", "", "COP", "", ""]
    assert first[15:18] == ["RUSMED", "the Russian “Sputnik” news agency", "RUS"]
    assert first[22] == "MED"
    assert first[25:35] == ["0", "1711", "171", "17", "4", "-9.2", "1", "1", "1", ""]
    assert first[35:59] == [""] * 24  # geography is not known
    assert first[59] == "20250715083000"
    assert first[60] == "002_3b2429f9a20626ea"  # SOURCEURL: doc_id when there is no url


def test_output_gdelt_header_reach_and_url():
    stream = io.StringIO()
    reach = Reach(mentions=5, sources=3, articles=4, url="https://wire.example/a",
                  group_id="00000000000002a")
    with EventWriter(stream, "gdelt", header=True) as writer:
        writer.write(EVENTS[:1], reach)
    header, row = (line.split("\t") for line in stream.getvalue().splitlines())
    assert header == list(GDELT_HEADER) and len(header) == GDELT_COLUMNS
    cells = dict(zip(header, row, strict=True))
    assert cells["GLOBALEVENTID"] == "42"  # the unique event's key, not the report's
    assert (cells["NumMentions"], cells["NumSources"], cells["NumArticles"]) == ("5", "3", "4")
    assert cells["SOURCEURL"] == "https://wire.example/a"
    assert (cells["Actor1Geo_Type"], cells["ActionGeo_Long"], cells["DATEADDED"][:2]) == (
        "", "", "20")


def test_output_gdelt_organisations_and_unknown_dates():
    _, second = gdelt_rows(EVENTS)
    assert second[1:5] == ["", "", "", ""]
    assert second[5:8] == ["RUSGOV", "the Kremlin", "RUS"]
    assert second[12] == "GOV"
    # NATO is not a state: no country code, the organisation as known group, no sector
    assert second[15:23] == ["NATO", "NATO", "", "NATO", "", "", "", ""]
    assert second[25:30] == ["1", "042", "042", "04", "1"]


def test_output_gdelt_cells_never_break_the_row():
    [row] = gdelt_rows([make_event(source_name="Azeri\tpolice\nunits")])
    assert len(row) == GDELT_COLUMNS
    assert row[6] == "Azeri police units"


def test_output_formats_are_the_cli_choices():
    assert FORMATS == ("jsonl", "csv", "parquet", "gdelt")
