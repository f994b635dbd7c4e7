"""`sword export`: events as JSONL, CSV, Parquet and GDELT 2.0 TSV read back with GDELT's
own column names and types; other tables as stored; a format it cannot write refused."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from sword.cli.main import app
from sword.coding.write import GDELT_HEADER
from sword.model import RECORD_FIELDS, CodedDocument
from sword.store import Store
from test_store_fixtures import Row, coded_documents

runner = CliRunner()
ROWS = [
    Row("d1", "2024-01-05", "RUSGOV", "AZE", "057", "Daily"),
    Row("d1", "2024-01-05", "AZEGOV", "RUS", "042", "Daily", sentence_index=1),
    Row("d2", "2024-02-10", "RUS", "ARM", "112", "Herald"),
]
# GDELT 2.0 event table: the types its documentation gives the columns read here
GDELT_TYPES = {"GLOBALEVENTID": "int64", "SQLDATE": "int64", "MonthYear": "int64",
               "Year": "int64", "FractionDate": "float64", "IsRootEvent": "int64",
               "EventCode": "string", "EventBaseCode": "string", "EventRootCode": "string",
               "QuadClass": "int64", "GoldsteinScale": "float64", "NumMentions": "int64",
               "NumSources": "int64", "NumArticles": "int64", "DATEADDED": "int64",
               "SOURCEURL": "string", "Actor1Code": "string", "Actor2Code": "string"}


@pytest.fixture
def db(tmp_path):
    """Three events in two articles; d1's text also carried by a second outlet."""
    path = tmp_path / "s.duckdb"
    docs = coded_documents(ROWS)
    docs[0] = CodedDocument(replace(docs[0].document, url="https://daily.example/d1"),
                            docs[0].events, docs[0].mentions)
    wire = CodedDocument(replace(docs[0].document, id="copy", source="Wire", url=None))
    with Store(path) as store:
        store.ingest([*docs, wire])
    return path


def export(db, *args: str):
    result = runner.invoke(app, ["export", *args, "--db", str(db)])
    return result


def read_gdelt(path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", dtype=GDELT_TYPES, keep_default_na=False)


def test_export_gdelt_reads_back_with_gdelt_names_and_types(db, tmp_path):
    out = tmp_path / "events.tsv"
    result = export(db, "events", str(out), "--header")
    assert result.exit_code == 0, result.output
    assert "3 rows of events written" in result.stdout
    frame = read_gdelt(out)
    assert list(frame.columns) == list(GDELT_HEADER)
    by_code = {row.EventCode: row for row in frame.itertuples()}
    accord = by_code["057"]
    assert (accord.Actor1Code, accord.Actor2Code, accord.SQLDATE) == ("RUSGOV", "AZE", 20240105)
    # carried by Daily and by Wire: two sources, two articles, one mention in each
    assert (accord.NumMentions, accord.NumSources, accord.NumArticles) == (2, 2, 2)
    assert accord.SOURCEURL == "https://daily.example/d1"
    assert by_code["112"].SOURCEURL == "d2"  # no url: the document id
    assert (by_code["112"].NumSources, by_code["112"].QuadClass) == (1, 3)
    assert frame["GLOBALEVENTID"].is_unique and (frame["GLOBALEVENTID"] > 0).all()


def test_export_gdelt_ids_are_the_same_every_run(db, tmp_path):
    first, second = tmp_path / "a.tsv", tmp_path / "b.gdelt"
    assert export(db, "events", str(first)).exit_code == 0
    assert export(db, "events", str(second)).exit_code == 0
    ids = [pd.read_csv(p, sep="\t", header=None, usecols=[0, 26])
           .sort_values(26)[0].tolist() for p in (first, second)]
    assert ids[0] == ids[1] and len(ids[0]) == 3


def test_export_events_csv_jsonl_parquet_have_the_record_fields(db, tmp_path):
    for name in ("e.csv", "e.jsonl", "e.parquet"):
        assert export(db, "events", str(tmp_path / name)).exit_code == 0
    csv_frame = pd.read_csv(tmp_path / "e.csv", dtype={"cameo": "string"})
    records = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    table = pq.read_table(tmp_path / "e.parquet")
    assert list(csv_frame.columns) == list(RECORD_FIELDS) == table.column_names
    assert len(csv_frame) == len(records) == table.num_rows == 3  # the copy adds no event
    assert sorted(csv_frame["cameo"]) == ["042", "057", "112"]
    assert {r["event_date"] for r in records} == {"2024-01-05", "2024-02-10"}


def test_export_other_tables_as_stored(db, tmp_path):
    result = export(db, "appearances", str(tmp_path / "a.csv"))
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(tmp_path / "a.csv")
    assert sorted(frame["source"]) == ["Daily", "Herald", "Wire"]
    assert export(db, "event_groups", str(tmp_path / "g.jsonl")).exit_code == 0
    groups = [json.loads(x) for x in (tmp_path / "g.jsonl").read_text().splitlines()]
    assert sorted(g["sources"] for g in groups) == [1, 2, 2]


def test_export_refuses_what_it_cannot_write(db, tmp_path):
    unknown = export(db, "events", str(tmp_path / "events.xlsx"))
    assert unknown.exit_code == 2 and "E211" in unknown.stderr
    assert not (tmp_path / "events.xlsx").exists()
    not_events = export(db, "documents", str(tmp_path / "docs.tsv"))
    assert not_events.exit_code == 2 and "E318" in not_events.stderr
    no_table = export(db, "nonsense", str(tmp_path / "x.csv"))
    assert no_table.exit_code == 1 and "E313" in no_table.stderr
