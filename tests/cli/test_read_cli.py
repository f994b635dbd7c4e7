"""Reading input from the command line: languages, empty inputs, bad fields, broken lines,
and the bad-input corpus in tests/data/bad_inputs run through `code` and `ingest`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sword.cli.main import app

runner = CliRunner()
BAD_INPUTS = Path(__file__).resolve().parents[1] / "data" / "bad_inputs"

RUSSIAN = ("Президент России Владимир Путин провёл переговоры с президентом Азербайджана "
           "Ильхамом Алиевым в Москве.")
CHINESE = "中国外交部发言人表示，中方坚决反对美国对台湾出售武器。"
ARMENIAN = "Հայաստանի վարչապետ Նիկոլ Փաշինյանը հանդիպել է Ադրբեջանի նախագահ Իլհամ Ալիևի հետ։"
ENGLISH = "Germany expelled two Russian diplomats on Monday."


def jsonl(path: Path, *records: dict | str) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n"
                            for r in records), encoding="utf-8")
    return path


def doc_ids(stdout: str) -> set[str]:
    return {json.loads(line)["doc_id"] for line in stdout.splitlines() if line.strip()}


# --- languages -------------------------------------------------------------------------------


@pytest.mark.slow
def test_read_cli_code_russian_chinese_armenian_are_reported_and_not_coded(tmp_path):
    corpus = jsonl(tmp_path / "news.jsonl", {"id": "ru", "text": RUSSIAN},
                   {"id": "zh", "text": CHINESE}, {"id": "hy", "text": ARMENIAN},
                   {"id": "en", "text": ENGLISH})
    result = runner.invoke(app, ["code", str(corpus), "--date", "2024-01-02", "--no-model"])
    assert result.exit_code == 3, result.output
    assert doc_ids(result.stdout) == {"en"}
    for line, lang in ((1, "ru"), (2, "zh"), (3, "hy")):
        assert (f"{corpus}:{line}: [E024] not English, not coded (detected {lang}"
                in result.stderr)
    assert "3 document(s) not English, not coded" in result.stderr


@pytest.mark.slow
def test_read_cli_code_lang_en_codes_every_document_as_english(tmp_path):
    text = "Росія. " + ENGLISH * 3  # detected as English anyway; --lang decides for the rest
    corpus = jsonl(tmp_path / "news.jsonl", {"id": "ru", "text": RUSSIAN},
                   {"id": "mixed", "text": text})
    result = runner.invoke(app, ["code", str(corpus), "--date", "2024-01-02", "--no-model",
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "not coded" not in result.stderr
    assert "mixed" in doc_ids(result.stdout)


def test_read_cli_lang_that_names_no_language_is_a_usage_error():
    for command in ("code", "ingest"):
        result = runner.invoke(app, [command, "-", "--lang", "x1"], input="x\n")
        assert result.exit_code == 2, (command, result.output)
        assert "not a language code" in result.output


@pytest.mark.slow
def test_read_cli_ingest_stores_non_english_with_its_language_and_no_events(tmp_path):
    from sword.store import Store

    corpus = jsonl(tmp_path / "news.jsonl", {"id": "ru", "text": RUSSIAN},
                   {"id": "zh", "text": CHINESE}, {"id": "hy", "text": ARMENIAN},
                   {"id": "en", "text": ENGLISH})
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--no-model",
                                 "--date", "2024-01-02"])
    assert result.exit_code == 3, result.output
    assert result.stderr.count("[E024] not English, not coded") == 3
    with Store(db, read_only=True) as store:
        langs = dict(store.con.execute("SELECT doc_id, lang FROM documents").fetchall())
        coded = {row[0] for row in store.con.execute("SELECT DISTINCT doc_id FROM events")
                 .fetchall()}
    assert langs == {"ru": "ru", "zh": "zh", "hy": "hy", "en": "en"}
    assert coded == {"en"}


@pytest.mark.slow
def test_read_cli_ingest_lang_en_overrides_detection(tmp_path):
    from sword.store import Store

    corpus = jsonl(tmp_path / "news.jsonl", {"id": "ru", "text": RUSSIAN})
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--no-model",
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT lang FROM documents").fetchall() == [("en",)]


# --- empty inputs, bad fields, broken lines --------------------------------------------------


@pytest.mark.parametrize("command", ["code", "ingest"])
def test_read_cli_empty_jsonl_says_so_and_exits_3(tmp_path, command):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    extra = ["--db", str(tmp_path / "s.duckdb")] if command == "ingest" else []
    result = runner.invoke(app, [command, str(empty), "--no-model", *extra])
    assert result.exit_code == 3, result.output
    assert f"{empty}: [E022] no documents in this file (it is empty)" in result.stderr


def test_read_cli_empty_folder_says_so_and_exits_3(tmp_path):
    result = runner.invoke(app, ["code", str(tmp_path), "--no-model"])
    assert result.exit_code == 3, result.output
    assert f"{tmp_path}: [E023] no documents in this folder" in result.stderr


@pytest.mark.slow
def test_read_cli_bad_date_is_warned_and_the_text_coded(tmp_path):
    corpus = jsonl(tmp_path / "news.jsonl", {"id": "a", "text": ENGLISH, "date": "1211-08-"})
    result = runner.invoke(app, ["code", str(corpus), "--no-model"])
    assert result.exit_code == 0, result.output  # a warning alone: the document was coded
    assert (f"""warning {corpus}:1: [E042] "date" is not a date ('1211-08-'): date left """
            "unknown" in result.stderr)
    assert doc_ids(result.stdout) == {"a"}
    assert "1 warning(s)" in result.stderr


def test_read_cli_truncated_line_is_reported_at_the_column_where_it_breaks(tmp_path):
    corpus = tmp_path / "cut.jsonl"
    line = '{"id": "b", "date": "2024-01-02", "text": "Germany expelled two Rus'
    corpus.write_text(line)
    result = runner.invoke(app, ["code", str(corpus), "--no-model"])
    assert result.exit_code == 3, result.output
    assert f"{corpus}:1: [E026] not valid JSON (the line breaks off at column {len(line)}" in (
        result.stderr)


# --- the bad-input corpus ----------------------------------------------------------------------

# Each bad item of tests/data/bad_inputs and the start of what it is told (see its README).
EXPECTED_MESSAGES = [
    ("skipped", "binary.txt: [E005]"),
    ("skipped", "broken.jsonl:2: [E010] not valid JSON (Expecting value at column 30)"),
    ("skipped", "broken.jsonl:3: [E026] not valid JSON (the line breaks off at column 82"),
    ("skipped", "empty.jsonl: [E022]"),
    ("skipped", "empty.txt: [E009]"),
    ("skipped", "invalid_utf8.txt:2: [E006]"),
    ("skipped", "missing_fields.jsonl:1: [E013]"),
    ("skipped", "missing_fields.jsonl:2: [E015]"),
    ("warning", "missing_fields.jsonl:4: [E042]"),
    ("warning", "missing_fields.jsonl:5: [E040]"),
    ("warning", "missing_fields.jsonl:5: [E043]"),
    ("not coded", "non_english.jsonl:1: [E024] not English, not coded (detected ru"),
    ("not coded", "non_english.jsonl:2: [E024] not English, not coded (detected zh"),
    ("not coded", "non_english.jsonl:3: [E024] not English, not coded (detected hy"),
    ("skipped", "nul_bytes.jsonl:2: [E007]"),
]
CODED = {"bad-date", "bad-url", "broken-ok", "good", "missing_fields:3", "nul-ok", "script",
         "wire-herald", "wire-post"}
WIRE_COPY = "wire-post"  # the same text as wire-herald from another outlet: an appearance
NOT_ENGLISH = {"ru": "ru", "zh": "zh", "hy": "hy"}


def assert_every_item_told(stderr: str) -> None:
    told = [line for line in stderr.splitlines() if f"{BAD_INPUTS}/" in line]
    expected = [f"{label} {BAD_INPUTS}/{message}" for label, message in EXPECTED_MESSAGES]
    assert len(told) == len(expected), "\n".join(told)
    for line, want in zip(told, expected, strict=True):
        assert line.startswith(want), (line, want)
    assert "Traceback" not in stderr
    assert "9 input item(s) skipped, 3 document(s) not English, not coded, 3 warning(s)" in stderr


@pytest.mark.slow
def test_read_cli_code_bad_inputs_every_item_told_every_good_one_coded(tmp_path):
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["code", str(BAD_INPUTS), "-o", str(out), "--no-model",
                                 "--date", "2024-01-01"])
    assert result.exit_code == 3, result.output
    assert_every_item_told(result.stderr)
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert {e["doc_id"] for e in events} == CODED
    assert not any("alert" in e["evidence"] or "cookie" in e["evidence"] for e in events)


@pytest.mark.slow
def test_read_cli_ingest_bad_inputs_every_item_told_every_good_one_stored(tmp_path):
    from sword.store import Store

    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(BAD_INPUTS), "--db", str(db), "--no-model",
                                 "--date", "2024-01-01"])
    assert result.exit_code == 3, result.output
    assert_every_item_told(result.stderr)
    stored = CODED - {WIRE_COPY}
    assert (f"{len(stored) + len(NOT_ENGLISH)} documents added, 1 already stored (of which 1 "
            "from another outlet" in result.stdout)
    with Store(db, read_only=True) as store:
        documents = store.con.execute("SELECT doc_id, lang, date, url, title, text "
                                      "FROM documents").fetchall()
        coded = {row[0] for row in store.con.execute("SELECT DISTINCT doc_id FROM events")
                 .fetchall()}
        outlets = store.con.execute("SELECT source, url FROM appearances "
                                    "WHERE doc_id = 'wire-herald' ORDER BY source").fetchall()
        wire_groups = store.con.execute(
            "SELECT DISTINCT sources, articles FROM event_groups g JOIN events e "
            "USING (group_id) WHERE e.doc_id = 'wire-herald'").fetchall()
    langs = {doc_id: lang for doc_id, lang, *_ in documents}
    assert langs == {**dict.fromkeys(stored, "en"), **NOT_ENGLISH}
    assert coded == stored
    assert outlets == [("Daily Herald", "https://herald.example/world/france-algeria"),
                       ("Evening Post", "https://post.example/2025/04/15/ambassador")]
    assert wire_groups == [(2, 2)]
    by_id = {row[0]: row for row in documents}
    assert str(by_id["bad-date"][2]) == "2024-01-01"  # the --date stands in for a bad one
    assert by_id["bad-url"][3] is None and by_id["bad-url"][4] is None
    assert "alert" not in by_id["script"][5] and "cookie" not in by_id["script"][5]
