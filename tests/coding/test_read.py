"""Reading documents from text, JSONL and HTML files, folders and standard input."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from sword.coding.read import ReadConfig, iter_documents, parse_date
from sword.errors import InputError, InputWarning, NotCoded, UnsupportedInput

ARTICLE = (
    "Azerbaijan recalled its ambassador from Moscow after police raided the Sputnik "
    "office in Baku, the foreign ministry said in a statement on Monday.\n"
)


def uncoded(error: Exception) -> str:
    """The error's text without its catalogue code ("[E001] ")."""
    return re.sub(r"\[E\d{3}\] ", "", str(error), count=1)


def read_all(*inputs, config: ReadConfig | None = None):
    errors: list[InputError] = []
    docs = list(iter_documents([str(i) for i in inputs], config or ReadConfig(), errors.append))
    return docs, errors


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- .txt -----------------------------------------------------------------------------------


def test_read_txt_is_one_document_with_stem_id_and_title(tmp_path):
    path = write(tmp_path / "baku-recall.txt", "Baku recalls envoy\n\n" + ARTICLE)
    [doc], errors = read_all(path)
    assert errors == []
    assert doc.id == "baku-recall"
    assert doc.title == "Baku recalls envoy"
    assert doc.text == "Baku recalls envoy\n\n" + ARTICLE  # kept whole: offsets stay true
    assert doc.origin == str(path)
    assert doc.date is None


def test_read_txt_first_line_with_final_period_is_not_a_title(tmp_path):
    path = write(tmp_path / "a.txt", ARTICLE + ARTICLE)
    [doc], _ = read_all(path)
    assert doc.title is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (" date 2025-07-14 By KRIKOR KHODANIAN\n\n", date(2025, 7, 14)),
        ("December 20, 2023\n", date(2023, 12, 20)),
        ("Published: 20 December 2023, 10:45 GMT\n", date(2023, 12, 20)),
        ("By Jane Roe, Dec. 20, 2023\n", date(2023, 12, 20)),
        ("2023-12-26\n", date(2023, 12, 26)),
        ("Baku recalls envoy\nMOSCOW, Dec 20, 2023 (Reuters) - Russia said ...\n", date(2023, 12, 20)),
    ],
)
def test_read_txt_dateline_gives_the_date(tmp_path, head, expected):
    [doc], _ = read_all(write(tmp_path / "a.txt", head + ARTICLE))
    assert doc.date == expected


def test_read_txt_agency_dateline_without_year_uses_the_file_date(tmp_path):
    path = write(tmp_path / "a.txt", "MOSCOW, Dec 20 (Reuters) - " + ARTICLE)
    stamp = datetime(2024, 1, 5, 12, 0).timestamp()
    os.utime(path, (stamp, stamp))
    [doc], _ = read_all(path)
    assert doc.date == date(2023, 12, 20)


def test_read_txt_headline_mentioning_a_date_is_not_a_dateline(tmp_path):
    path = write(tmp_path / "a.txt", "Putin meets Aliyev on December 24, 2023 in Moscow\n" + ARTICLE)
    [doc], _ = read_all(path)
    assert doc.date is None
    assert doc.title == "Putin meets Aliyev on December 24, 2023 in Moscow"


def test_read_txt_dateline_is_not_the_title(tmp_path):
    [doc], _ = read_all(write(tmp_path / "a.txt", "December 20, 2023\n" + ARTICLE))
    assert doc.title is None


def test_read_txt_default_date_wins_over_dateline(tmp_path):
    path = write(tmp_path / "a.txt", "December 20, 2023\n" + ARTICLE)
    [doc], _ = read_all(path, config=ReadConfig(default_date=date(2023, 12, 26)))
    assert doc.date == date(2023, 12, 26)


def test_read_txt_drops_bom_and_normalises_line_ends(tmp_path):
    path = write(tmp_path / "a.txt", b"\xef\xbb\xbfTitle here\r\nFirst line.\r\nSecond.\r\n")
    [doc], _ = read_all(path)
    assert doc.text == "Title here\nFirst line.\nSecond.\n"


def test_read_txt_gz(tmp_path):
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(("date 2025-07-14\n" + ARTICLE).encode()))
    [doc], errors = read_all(path)
    assert errors == []
    assert (doc.id, doc.date) == ("story", date(2025, 7, 14))


# --- .jsonl ----------------------------------------------------------------------------------


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_read_jsonl_one_document_a_line_with_all_fields(tmp_path):
    path = write(
        tmp_path / "news.jsonl",
        jsonl(
            {
                "id": "a1",
                "text": ARTICLE,
                "date": "2025-07-14",
                "title": "Baku recalls envoy",
                "source": "Asbarez",
                "url": "https://example.org/a1",
                "lang": "en",
            },
            {"id": 7, "text": "Second story."},
        ),
    )
    [first, second], errors = read_all(path)
    assert errors == []
    assert (first.id, first.date, first.title, first.source, first.url, first.lang) == (
        "a1",
        date(2025, 7, 14),
        "Baku recalls envoy",
        "Asbarez",
        "https://example.org/a1",
        "en",
    )
    assert first.origin == f"{path}:1"
    assert (second.id, second.origin, second.date) == ("7", f"{path}:2", None)


def test_read_jsonl_missing_id_becomes_stem_and_line(tmp_path):
    path = write(tmp_path / "feed.jsonl", jsonl({"text": "One."}, "", {"text": "Two."}))
    docs, errors = read_all(path)
    assert errors == []
    assert [d.id for d in docs] == ["feed:1", "feed:3"]  # blank line 2 is passed over


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-07-14", date(2025, 7, 14)),
        ("2025-07-14T23:10:00+04:00", date(2025, 7, 14)),
        ("2025-07-14T09:00:00Z", date(2025, 7, 14)),
        ("14 July 2025", date(2025, 7, 14)),
        ("July 14, 2025", date(2025, 7, 14)),
    ],
)
def test_read_jsonl_dates(tmp_path, raw, expected):
    [doc], errors = read_all(write(tmp_path / "a.jsonl", jsonl({"text": "x", "date": raw})))
    assert errors == []
    assert doc.date == expected


def test_read_jsonl_default_date_only_when_line_has_none(tmp_path):
    path = write(tmp_path / "a.jsonl", jsonl({"text": "x", "date": "2025-07-14"}, {"text": "y"}))
    docs, _ = read_all(path, config=ReadConfig(default_date=date(2023, 12, 26)))
    assert [d.date for d in docs] == [date(2025, 7, 14), date(2023, 12, 26)]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"id": "b", "text": "x" "date": 1}', "not valid JSON (Expecting ',' delimiter at column"),
        ('{"id": "b", "title": "no text"}', 'no "text" field'),
        ('{"id": "b", "text": 42}', '"text" is a number, not a string'),
        ('["text", "x"]', "expected a JSON object, found an array"),
        ('{"id": "b", "text": "   "}', '"text" is empty'),
    ],
)
def test_read_jsonl_bad_line_is_reported_and_the_rest_read(tmp_path, bad_line, message):
    path = write(
        tmp_path / "a.jsonl", jsonl({"id": "a", "text": "x"}, bad_line, {"id": "c", "text": "z"})
    )
    docs, errors = read_all(path)
    assert [d.id for d in docs] == ["a", "c"]
    [error] = errors
    assert error.where == f"{path}:2"
    assert message in str(error)
    assert str(error).startswith(f"{path}:2: ")


@pytest.mark.parametrize(
    ("bad_field", "field", "message"),
    [
        ({"date": "1211-08-"}, "date", """"date" is not a date ('1211-08-'): date left unknown"""),
        ({"date": "the day after never"}, "date", '"date" is not a date'),
        ({"date": "2023-13-45"}, "date", '"date" is not a date'),
        ({"date": "1" * 5000}, "date", '"date" is not a date'),
        ({"date": 20231226}, "date", '"date" is a number, not a date string: date left unknown'),
        ({"id": ["b"]}, "id", """"id" is an array, not a string or number: id 'a:2' used"""),
        ({"title": 3}, "title", '"title" is a number, not a string: title left unknown'),
        ({"source": {"name": "x"}}, "source", '"source" is an object, not a string'),
        ({"url": "javascript:alert(1)"}, "url", '"url" is not a web address'),
        ({"url": "www.example.org/a"}, "url", '"url" is not a web address'),
        ({"url": 5}, "url", '"url" is a number, not a string'),
        ({"lang": "x1"}, "lang", '"lang" is not a language code'),
        ({"lang": 7}, "lang", '"lang" is not a language code'),
    ],
)
def test_read_jsonl_bad_optional_field_is_a_warning_and_the_document_read(
    tmp_path, bad_field, field, message
):
    line = {"text": ARTICLE, **bad_field}
    path = write(tmp_path / "a.jsonl", jsonl({"id": "one", "text": "x"}, line))
    warnings: list[InputWarning] = []
    errors: list[InputError] = []
    docs = list(iter_documents([path], ReadConfig(), errors.append, warnings.append))
    assert errors == []
    assert [d.text for d in docs] == ["x", ARTICLE]  # the text is coded all the same
    [warning] = warnings
    assert type(warning) is InputWarning
    assert warning.where == f"{path}:2"
    assert message in str(warning)
    unknown = {"id": "a:2", "lang": "en"}.get(field)  # lang: detected from the text
    assert getattr(docs[1], field) == unknown


def test_read_jsonl_bad_date_takes_the_default_date(tmp_path):
    path = write(tmp_path / "a.jsonl", jsonl({"text": "x", "date": "1211-08-"}))
    warnings: list[InputWarning] = []
    [doc] = iter_documents([path], ReadConfig(default_date=date(2024, 1, 2)), print,
                           warnings.append)
    assert doc.date == date(2024, 1, 2)
    assert "the default date 2024-01-02 is used" in str(warnings[0])


def test_read_jsonl_good_optional_fields_give_no_warning(tmp_path):
    line = {"id": 7, "text": ARTICLE, "date": "2024-01-02", "title": "T", "source": "S",
            "url": "https://news.example.org/a?b=1", "lang": "en-GB"}
    warnings: list[InputWarning] = []
    [doc] = iter_documents([write(tmp_path / "a.jsonl", jsonl(line))], ReadConfig(), print,
                           warnings.append)
    assert warnings == []
    assert (doc.id, doc.url, doc.lang) == ("7", "https://news.example.org/a?b=1", "en")


@pytest.mark.parametrize(
    "line",
    [
        '{"id": "b", "text": "Russia threatened',  # cut in a string
        '{"id": "b", "text": "Russia threatened Georgia."',  # cut before the closing brace
        '{"id": "b", "text": "Russia threatened Georgia.", "da',  # cut in a key
        '{"id": "b", ',
    ],
)
def test_read_jsonl_truncated_line_is_reported_where_it_breaks(tmp_path, line):
    path = write(tmp_path / "a.jsonl", jsonl({"text": "one"}) + line)  # the file's last line
    docs, [error] = read_all(path)
    assert [d.text for d in docs] == ["one"]
    assert error.where == f"{path}:2"
    assert f"the line breaks off at column {len(line.rstrip())}" in str(error)


def test_read_jsonl_truncated_string_says_where_the_string_began(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"id": "b", "text": "Russia threatened\n')
    _, [error] = read_all(path)
    assert "unterminated string starting at column 21" in str(error)
    assert "at at" not in str(error)


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_read_jsonl_empty_file_says_it_has_no_documents(tmp_path, content):
    path = write(tmp_path / "empty.jsonl", content)
    docs, [error] = read_all(path)
    assert docs == []
    assert error.where == str(path)
    assert "no documents in this file (it is empty)" in str(error)


def test_read_jsonl_file_of_bad_lines_is_not_called_empty(tmp_path):
    path = write(tmp_path / "a.jsonl", "{broken\n")
    _, errors = read_all(path)
    assert len(errors) == 1 and "no documents" not in str(errors[0])


def test_read_empty_folder_says_it_has_no_documents(tmp_path):
    write(tmp_path / "notes.md", "not an input")
    (tmp_path / "sub").mkdir()
    docs, [error] = read_all(tmp_path)
    assert docs == []
    assert error.where == str(tmp_path)
    assert "no documents in this folder (no .jsonl.gz" in str(error)


# --- languages -------------------------------------------------------------------------------

RUSSIAN = ("Президент России Владимир Путин провёл переговоры с президентом Азербайджана "
           "Ильхамом Алиевым в Москве.")
CHINESE = "中国外交部发言人表示，中方坚决反对美国对台湾出售武器。"
ARMENIAN = "Հայաստանի վարչապետ Նիկոլ Փաշինյանը հանդիպել է Ադրբեջանի նախագահ Իլհամ Ալիևի հետ։"


def read_with_warnings(*inputs, config: ReadConfig | None = None):
    errors: list[InputError] = []
    warnings: list[InputWarning] = []
    docs = list(iter_documents([str(i) for i in inputs], config or ReadConfig(), errors.append,
                               warnings.append))
    assert errors == []
    return docs, warnings


def test_read_russian_chinese_armenian_are_detected_kept_and_reported_not_coded(tmp_path):
    path = write(tmp_path / "a.jsonl", jsonl({"id": "ru", "text": RUSSIAN},
                                           {"id": "zh", "text": CHINESE},
                                           {"id": "en", "text": ARTICLE},
                                           {"id": "hy", "text": ARMENIAN}))
    write(tmp_path / "b.txt", RUSSIAN + "\n")
    docs, warnings = read_with_warnings(tmp_path)
    assert [(d.id, d.lang) for d in docs] == [("ru", "ru"), ("zh", "zh"), ("en", "en"),
                                              ("hy", "hy"), ("b", "ru")]
    assert all(isinstance(w, NotCoded) for w in warnings)
    assert [(w.where, w.lang) for w in warnings] == [
        (f"{path}:1", "ru"), (f"{path}:2", "zh"), (f"{path}:4", "hy"),
        (str(tmp_path / "b.txt"), "ru")]
    assert "not English, not coded (detected ru; --lang en codes it as English)" in str(
        warnings[0])


def test_read_lang_option_overrides_detection(tmp_path):
    path = write(tmp_path / "a.jsonl", jsonl({"id": "ru", "text": RUSSIAN}))
    docs, warnings = read_with_warnings(path, config=ReadConfig(lang="en"))
    assert docs[0].lang == "en" and warnings == []
    docs, [warning] = read_with_warnings(write(tmp_path / "b.txt", ARTICLE),
                                         config=ReadConfig(lang="ru"))
    assert docs[0].lang == "ru"
    assert "not English, not coded (lang ru given)" in str(warning)


def test_read_jsonl_lang_field_is_respected(tmp_path):
    path = write(tmp_path / "a.jsonl", jsonl({"id": "a", "text": ARTICLE, "lang": "ru"},
                                           {"id": "b", "text": RUSSIAN, "lang": "EN"},
                                           {"id": "c", "text": ARTICLE, "lang": "English"}))
    docs, warnings = read_with_warnings(path, config=ReadConfig(lang="en"))
    assert [d.lang for d in docs] == ["ru", "en", "en"]  # the record's word beats --lang
    assert [w.where for w in warnings] == [f"{path}:1"]


def test_read_html_and_stdin_languages_are_detected(tmp_path, monkeypatch):
    docs, warnings = read_with_warnings(write(tmp_path / "page.html", PAGE))
    assert docs[0].lang == "en" and warnings == []
    russian_page = re.sub(r"<p>.*?</p>", f"<p>{RUSSIAN} {RUSSIAN}</p>", PAGE, flags=re.S)
    docs, [warning] = read_with_warnings(write(tmp_path / "ru.html", russian_page))
    assert docs[0].lang == "ru" and warning.where == str(tmp_path / "ru.html")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CHINESE.encode())))
    docs, [warning] = read_with_warnings("-")
    assert docs[0].lang == "zh" and warning.where == "<stdin>"


def test_read_jsonl_undecodable_and_nul_lines_are_reported(tmp_path):
    path = write(
        tmp_path / "a.jsonl",
        b'{"text": "one"}\n{"text": "caf\xe9"}\n{"text": "t\x00wo"}\n{"text": "three"}\n',
    )
    docs, errors = read_all(path)
    assert [d.text for d in docs] == ["one", "three"]
    assert [e.where for e in errors] == [f"{path}:2", f"{path}:3"]
    assert "not UTF-8 text (cannot decode byte 0xe9" in str(errors[0])
    assert "NUL" in str(errors[1])


def test_read_jsonl_streams_line_by_line(tmp_path):
    path = write(tmp_path / "a.jsonl", jsonl({"text": "one"}, "{broken", {"text": "two"}))
    errors: list[InputError] = []
    documents = iter_documents([path], ReadConfig(), errors.append)
    assert next(documents).text == "one"
    assert errors == []  # line 2 not read yet: nothing is loaded ahead
    assert next(documents).text == "two"
    assert len(errors) == 1


def test_read_jsonl_gz(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl({"text": "one"}, {"text": "two"}).encode()))
    docs, errors = read_all(path)
    assert errors == []
    assert [d.id for d in docs] == ["feed:1", "feed:2"]


def test_read_jsonl_binary_file_is_one_error(tmp_path):
    path = write(tmp_path / "a.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n" * 20)
    docs, errors = read_all(path)
    assert docs == []
    assert len(errors) == 1
    assert "binary file" in str(errors[0])


def test_read_parse_date_rejects_partial_dates():
    with pytest.raises(InputError, match="not a date"):
        parse_date("December 2023")
    assert parse_date("2023-12-26") == date(2023, 12, 26)


# --- .html -----------------------------------------------------------------------------------

PAGE = """<html><head><title>Baku recalls envoy | World</title>
<meta property="article:published_time" content="2025-07-01T10:00:00Z">
<meta property="og:title" content="Baku recalls envoy from Moscow">
<link rel="canonical" href="https://news.example.org/baku-recalls-envoy"></head>
<body><nav>Home | World | Sport</nav><article><h1>Baku recalls envoy from Moscow</h1>
<p>Azerbaijan recalled its ambassador from Moscow on Monday after police raided the
Sputnik office in Baku and arrested several journalists, the foreign ministry said.</p>
<p>The Kremlin said it regretted the decision and called for calm between the two
countries, which signed a declaration of allied interaction in 2022.</p></article>
<footer>Copyright 2025</footer></body></html>"""


def test_read_html_extracts_text_title_date_and_url(tmp_path):
    path = write(tmp_path / "page.html", PAGE)
    [doc], errors = read_all(path)
    assert errors == []
    assert doc.id == "page"
    assert doc.title == "Baku recalls envoy from Moscow"
    assert doc.date == date(2025, 7, 1)
    assert doc.url == "https://news.example.org/baku-recalls-envoy"
    assert "Azerbaijan recalled its ambassador" in doc.text
    assert "Home | World" not in doc.text  # navigation is not article text
    assert doc.origin == str(path)


def test_read_html_default_date_when_page_has_none(tmp_path):
    page = PAGE.replace('<meta property="article:published_time" content="2025-07-01T10:00:00Z">', "")
    page = page.replace("Copyright 2025", "")
    path = write(tmp_path / "page.htm", page)
    [doc], _ = read_all(path, config=ReadConfig(default_date=date(2025, 7, 14)))
    assert doc.date == date(2025, 7, 14)


def test_read_html_without_article_text_is_reported(tmp_path):
    path = write(
        tmp_path / "empty.html",
        "<html><head><title>Empty</title></head><body><script>var a = 1;</script></body></html>",
    )
    docs, errors = read_all(path)
    assert docs == []
    assert "no article text" in str(errors[0])


# --- folders -------------------------------------------------------------------------------


def test_read_folder_sorted_and_recursive_with_relative_ids(tmp_path):
    write(tmp_path / "b.txt", "Second story.\n")
    write(tmp_path / "a.txt", "First story.\n")
    write(tmp_path / "sub" / "c.jsonl", jsonl({"text": "Third."}))
    write(tmp_path / "sub" / "deeper" / "d.html", PAGE)
    write(tmp_path / "README.md", "not an input")  # other files are passed over
    write(tmp_path / ".hidden.txt", "hidden")
    docs, errors = read_all(tmp_path)
    assert errors == []
    assert [d.id for d in docs] == ["a", "b", "sub/c:1", "sub/deeper/d"]


def test_read_folder_not_recursive(tmp_path):
    write(tmp_path / "a.txt", "First story.\n")
    write(tmp_path / "sub" / "c.txt", "Nested.\n")
    docs, _ = read_all(tmp_path, config=ReadConfig(recursive=False))
    assert [d.id for d in docs] == ["a"]


# --- bad paths and files ---------------------------------------------------------------------


def test_read_bad_paths_are_reported_and_the_rest_read(tmp_path):
    good = write(tmp_path / "good.txt", ARTICLE)
    missing = tmp_path / "missing.txt"
    unsupported = write(tmp_path / "table.csv", "a,b\n1,2\n")
    binary = write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin1 = write(tmp_path / "latin1.txt", "Line one.\nCaf\xe9 in Baku.\n".encode("latin-1"))
    empty = write(tmp_path / "empty.txt", "  \n\n")
    broken_gz = write(tmp_path / "broken.txt.gz", b"not gzip at all")
    docs, errors = read_all(missing, unsupported, binary, latin1, empty, broken_gz, good)
    assert [d.id for d in docs] == ["good"]
    messages = [uncoded(e) for e in errors]
    assert messages[0] == f"{missing}: no such file or directory"
    assert isinstance(errors[1], UnsupportedInput)
    assert messages[1].startswith(f"{unsupported}: unsupported file type '.csv'")
    assert messages[2] == f"{binary}: binary file, not text (it contains NUL bytes)"
    assert messages[3].startswith(f"{latin1}:2: not UTF-8 text (cannot decode byte 0xe9")
    assert messages[4] == f"{empty}: empty document (no text)"
    assert messages[5].startswith(f"{broken_gz}: not a valid gzip file")


# --- standard input --------------------------------------------------------------------------


def test_read_stdin_jsonl(monkeypatch):
    monkeypatch.setattr(
        sys, "stdin", io.StringIO(jsonl({"id": "s1", "text": "One."}, "{bad", {"text": "Two."}))
    )
    docs, errors = read_all("-")
    assert [(d.id, d.origin) for d in docs] == [("s1", "<stdin>:1"), ("stdin:3", "<stdin>:3")]
    assert [e.where for e in errors] == ["<stdin>:2"]


def test_read_stdin_plain_text(monkeypatch):
    text = "\nMOSCOW, Dec 20, 2023 (Reuters) - " + ARTICLE
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    [doc], errors = read_all("-")
    assert errors == []
    assert (doc.id, doc.origin, doc.text, doc.date) == ("stdin", "<stdin>", text, date(2023, 12, 20))


def test_read_stdin_json_without_text_is_plain_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"note": "a JSON line without text"}\n'))
    [doc], _ = read_all("-")
    assert doc.text == '{"note": "a JSON line without text"}\n'


def test_read_stdin_bytes_are_decoded_per_line(monkeypatch):
    raw = b'{"text": "one"}\n{"text": "caf\xe9"}\n{"text": "two"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    docs, errors = read_all("-")
    assert [d.text for d in docs] == ["one", "two"]
    assert [e.where for e in errors] == ["<stdin>:2"]


def test_read_stdin_binary_is_reported(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x00\x01\x02binary")))
    docs, errors = read_all("-")
    assert docs == []
    assert uncoded(errors[0]) == "<stdin>: binary file, not text (it contains NUL bytes)"
    assert errors[0].code == "E005"
