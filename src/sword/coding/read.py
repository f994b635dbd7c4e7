"""Reading documents: text, JSONL and HTML files, folders of them, and standard input.

`iter_documents` turns the CLI's INPUT arguments into a stream of `Document`s, one file
and one JSONL line at a time, so a corpus never has to fit in memory. A bad item (a
broken JSONL line, a binary file, a missing path, an empty file or folder, …) is
reported to `on_error` as an `InputError` whose `where` is "path:line", and reading goes
on with the next one. Only a missing or unusable text costs a document its place: a bad
optional field (date, url, title, source, lang, id) is reported to `on_warning` as an
`InputWarning` and the document is read with that field unknown.

Every document gets a `lang`: the JSONL line's `lang`, else `ReadConfig.lang` (`--lang`),
else the language detected in its text (`sword.coding.language`). A document in a
language the coder has no model for is reported to `on_warning` as `NotCoded` ("not
English, not coded") and still yielded, so that `sword ingest` stores it, uncoded, with
its language.

Kinds of input:
- `.txt` (or `.txt.gz`): one document. Its id is the file stem (the path under the folder,
  without the extension, for files found in a folder). Its date is `default_date` when
  given, else a dateline in the first five non-empty lines ("date 2025-07-14",
  "December 20, 2023", "20 December 2023", "MOSCOW, Dec 20 (Reuters) -"; a dateline
  without a year takes the year that puts it on or before the file's modification
  date). The first line is the title when it looks like one (short, no final period);
  the text is kept whole either way, so offsets count from the file's first character.
- `.jsonl` / `.ndjson` (or `.gz`): one document a line with `id`, `text` and optional
  `date`, `title`, `source`, `url`, `lang`; a missing id becomes "<stem>:<line>".
  `default_date` fills in when the line has no usable `date`. A line that breaks off
  (a truncated file) is reported at the column where it ends.
- `.html` / `.htm`: the article text, title, date and canonical URL through trafilatura
  (offline); `default_date` fills in when the page gives no date.
- `.rss`, `.atom`, `.xml`, or a web address (http/https): a news feed, one document an
  item, its text from the item or from the page it links to (`sword.coding.feeds`).
- a folder: its files of the kinds above, sorted by name, recursively unless
  `ReadConfig.recursive` is false; other files and hidden ones (".name") are passed over.
- `-`: standard input. It is JSONL when its first non-empty line is a JSON object with
  `text` (later lines that are not are reported like any broken JSONL line: the stream is
  read line by line, never held whole); otherwise it is one plain-text document.

Text must be UTF-8 (a byte-order mark is dropped); line ends are normalised to "\\n".
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from sword.coding.dates import explicit_day, explicit_day_span
from sword.coding.feeds import FeedConfig, feed_documents, is_web_address
from sword.coding.language import detect_language, is_coded_language, language_code
from sword.coding.pages import page_document
from sword.errors import Errors, InputError, InputWarning, NotCoded, UnsupportedInput
from sword.model import Document

STDIN = "-"
STDIN_ORIGIN = "<stdin>"
STDIN_ID = "stdin"

# Suffix → kind, longest first so ".jsonl.gz" wins over ".gz".
_KINDS: tuple[tuple[str, str], ...] = (
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".txt.gz", "txt"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".txt", "txt"),
    (".html", "html"),
    (".htm", "html"),
    (".rss", "feed"),
    (".atom", "feed"),
    (".xml", "feed"),
)
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(suffix for suffix, _ in _KINDS)

_DATELINE_LINES = 5
_DATELINE_MAX_CHARS = 100  # a longer line is prose: its dates are events, not datelines
_TITLE_MAX_CHARS = 150
_TITLE_MAX_WORDS = 25
_BINARY_PROBE = 8192  # like git, a NUL byte in the first 8 KiB means "binary"
_DATE_MAX_CHARS = 100  # a longer "date" is no date: not worth dateparser's time
_PREVIEW_CHARS = 60  # of a bad value, in a message
_WEB_SCHEMES = frozenset({"http", "https"})

OnError = Callable[[InputError], None]
OnWarning = Callable[[InputWarning], None]

# "MOSCOW, Dec 20 (Reuters) -", "WASHINGTON, Dec. 20, 2023 (AP) —", "BAKU, Azerbaijan,
# July 14 -": a place in capitals, a date, an optional agency, a dash.
_AGENCY_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?,\s+"
    r"(?P<date>[^()\n–—-]{3,30}?)\s*(?:\([^()\n]{1,40}\))?\s*[–—:-]"
)
_DATELINE_PREFIX = re.compile(
    r"\W*(?:(?i:date|dated|published|posted|updated|last updated|on|by\s[^,]{1,40},)\W*)?"
)
_DATELINE_SUFFIX = re.compile(
    r"\W*(?:(?i:at\s+)?\d{1,2}[:.]\d\d(?:\s*(?i:[ap]\.?m\.?))?(?:\s*[A-Z]{2,5})?)?"
    r"\W*(?:(?i:by)\s.*)?"
)
_TITLE_END = re.compile(r"[.,;:]\s*$")


@dataclass(frozen=True, slots=True)
class ReadConfig:
    """How inputs are read.

    default_date: the publication date (from `--date`) for documents that carry none; for
      `.txt` files and plain standard input it wins over a dateline found in the text.
    recursive: whether folders are read with their subfolders.
    lang: the language (an ISO 639-1 code, from `--lang`) of documents that do not give
      theirs; None detects it in each text. "en" has every document coded as English.
    feeds: how news feeds are fetched and their items read.
    """

    default_date: date | None = None
    recursive: bool = True
    lang: str | None = None
    feeds: FeedConfig = field(default_factory=FeedConfig)


def iter_documents(
    inputs: Sequence[str | Path],
    config: ReadConfig,
    on_error: OnError,
    on_warning: OnWarning | None = None,
) -> Iterator[Document]:
    """Yield the documents of every input in order, each with its `lang`; report bad
    items (skipped) to `on_error`, and documents read with a field left unknown or not
    to be coded (yielded all the same) to `on_warning`."""
    yield from with_language(_read_inputs(inputs, config, on_error, on_warning or _ignore),
                             config, on_warning)


def with_language(documents: Iterable[Document], config: ReadConfig,
                  on_warning: OnWarning | None = None) -> Iterator[Document]:
    """Give each document its `lang` as `iter_documents` does (for documents read by other
    means, such as the feed items `sword.watch` reads)."""
    warn = on_warning or _ignore
    for document in documents:
        yield _with_language(document, config, warn)


def read_input_file(path: Path, doc_id: str, config: ReadConfig, on_error: OnError,
                    on_warning: OnWarning | None = None) -> Iterator[Document]:
    """The documents of one file of a folder, `doc_id` being the id `folder_inputs` gave
    it, each with its `lang`."""
    warn = on_warning or _ignore
    yield from with_language(_read_file(path, doc_id, config, on_error, warn), config, warn)


def folder_inputs(folder: Path, recursive: bool, on_error: OnError
                  ) -> Iterator[tuple[Path, str]]:
    """The files under `folder` that a folder input reads, in name order, each with the
    document id it gives them (the path under the folder without the extension)."""
    return _walk(folder, recursive, on_error)


def file_document_id(path: Path) -> str:
    """The id of the document in a .txt or .html file given by itself: its name without
    the extension."""
    return _strip_suffix(path.name)


def input_kind(path: Path) -> str | None:
    """"txt", "jsonl", "html" or "feed" by the file's name, None for other files."""
    return _kind(path)


def _ignore(warning: InputWarning) -> None:
    pass


def _with_language(document: Document, config: ReadConfig, warn: OnWarning) -> Document:
    """Set the language of a document that gave none (`lang` empty) and report it when
    the coder has no model for it."""
    detected = not document.lang and not config.lang
    if not document.lang:
        document.lang = config.lang or detect_language(document.text)
    if not is_coded_language(document.lang):
        if detected:
            warn(NotCoded(Errors.E024.format(lang=document.lang), where=document.origin,
                          lang=document.lang))
        else:
            warn(NotCoded(Errors.E025.format(lang=document.lang), where=document.origin,
                          lang=document.lang))
    return document


def _read_inputs(
    inputs: Sequence[str | Path], config: ReadConfig, on_error: OnError, warn: OnWarning
) -> Iterator[Document]:
    for item in inputs:
        if str(item) == STDIN:
            yield from _read_stdin(config, on_error, warn)
            continue
        if is_web_address(str(item)):
            yield from feed_documents(str(item), config.feeds, on_error, config.default_date)
            continue
        path = Path(item)
        if path.is_dir():
            yield from _read_folder(path, config, on_error, warn)
        elif path.exists():
            if _kind(path) is None:
                on_error(
                    UnsupportedInput(
                        Errors.E021.format(suffix="".join(path.suffixes) or "(none)",
                                           expected=", ".join(SUPPORTED_SUFFIXES)),
                        where=str(path),
                    )
                )
                continue
            yield from _read_file(path, _strip_suffix(path.name), config, on_error, warn)
        else:
            on_error(InputError(Errors.E001, where=str(path)))


def _read_folder(
    folder: Path, config: ReadConfig, on_error: OnError, warn: OnWarning
) -> Iterator[Document]:
    unlisted: list[InputError] = []

    def listing_error(error: InputError) -> None:
        unlisted.append(error)
        on_error(error)

    found = False
    for file, doc_id in _walk(folder, config.recursive, listing_error):
        found = True
        yield from _read_file(file, doc_id, config, on_error, warn)
    if not found and not unlisted:  # a folder that could not be listed is reported already
        on_error(InputError(Errors.E023.format(expected=", ".join(SUPPORTED_SUFFIXES)),
                            where=str(folder)))


# --- files and folders -------------------------------------------------------------------


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, kind in _KINDS:
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return None


def _strip_suffix(name: str) -> str:
    lowered = name.lower()
    for suffix, _ in _KINDS:
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _walk(
    folder: Path, recursive: bool, on_error: Callable[[InputError], None]
) -> Iterator[tuple[Path, str]]:
    """Supported files under `folder` in name order, with ids relative to the folder."""
    seen: set[Path] = set()

    def visit(directory: Path, prefix: str) -> Iterator[tuple[Path, str]]:
        real = directory.resolve()
        if real in seen:  # a symlink loop
            return
        seen.add(real)
        try:
            entries = sorted(directory.iterdir(), key=lambda p: p.name)
        except OSError as e:
            on_error(InputError(Errors.E002.format(reason=e.strerror or e), where=str(directory)))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                if recursive:
                    yield from visit(entry, f"{prefix}{entry.name}/")
            elif _kind(entry) is not None:
                yield entry, prefix + _strip_suffix(entry.name)

    yield from visit(folder, "")


def _read_file(
    path: Path, doc_id: str, config: ReadConfig, on_error: OnError, warn: OnWarning
) -> Iterator[Document]:
    kind = _kind(path)
    where = str(path)
    try:
        if kind == "jsonl":
            yield from _read_jsonl_file(path, doc_id, config, on_error, warn)
            return
        if kind == "feed":
            yield from feed_documents(path, config.feeds, on_error, config.default_date)
            return
        data = _read_bytes(path)
        if kind == "html":
            yield _html_document(data, doc_id, where, config)
        else:
            text = _decode(data, where)
            yield _text_document(text, doc_id, where, config, lambda: _mtime_date(path))
    except InputError as error:
        on_error(error)


def _read_bytes(path: Path) -> bytes:
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                return stream.read()
        return path.read_bytes()
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        raise InputError(Errors.E003.format(reason=e), where=str(path)) from e
    except OSError as e:
        raise InputError(Errors.E004.format(reason=e.strerror or e), where=str(path)) from e


def _mtime_date(path: Path) -> date | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).date()
    except OSError:
        return None


# --- decoding ----------------------------------------------------------------------------


def _decode(data: bytes, where: str) -> str:
    """UTF-8 text with normalised line ends, or an InputError saying what is wrong."""
    if b"\x00" in data:
        raise InputError(Errors.E005, where=where)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        offset = e.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, offset) + 1
        raise InputError(
            Errors.E006.format(byte=data[offset], offset=offset),
            where=f"{where}:{line}",
        ) from e
    return _normalise_newlines(text)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_line(raw: bytes | str, where: str, first: bool) -> str:
    if isinstance(raw, bytes):
        if b"\x00" in raw:
            raise InputError(Errors.E007, where=where)
        try:
            return raw.decode("utf-8-sig" if first else "utf-8")
        except UnicodeDecodeError as e:
            raise InputError(
                Errors.E008.format(byte=raw[e.start], column=e.start + 1),
                where=where,
            ) from e
    if "\x00" in raw:
        raise InputError(Errors.E007, where=where)
    return raw.removeprefix("\ufeff") if first else raw


# --- plain text ----------------------------------------------------------------------------


def _text_document(
    text: str,
    doc_id: str,
    origin: str,
    config: ReadConfig,
    reference: Callable[[], date | None],
) -> Document:
    if not text.strip():
        raise InputError(Errors.E009, where=origin)
    head = _first_lines(text, _DATELINE_LINES)
    dated = _find_dateline(head, lambda: config.default_date or reference())
    found_date = config.default_date or (dated[0] if dated else None)
    title = _title(head, dated[1] if dated else None)
    return Document(id=doc_id, text=text, date=found_date, title=title, lang="",
                    origin=origin)


def _first_lines(text: str, count: int) -> list[str]:
    """The first `count` non-empty lines, without splitting the whole text."""
    lines: list[str] = []
    start = 0
    while len(lines) < count and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            lines.append(text[start:end])
        start = end + 1
    return lines


def _find_dateline(
    lines: Sequence[str], reference: Callable[[], date | None]
) -> tuple[date, int] | None:
    """The publication date in the head of a text, and the index of its line."""
    ref: list[date | None] = []  # the reference (a file's date) is looked up once, if needed

    def ref_date() -> date | None:
        if not ref:
            ref.append(reference())
        return ref[0]

    for index, line in enumerate(lines):
        agency = _AGENCY_DATELINE.match(line)
        if agency:
            found = explicit_day(agency["date"], ref_date())
            if found is not None:
                return found, index
        if len(line.strip()) > _DATELINE_MAX_CHARS:
            continue
        span = explicit_day_span(line, ref_date())
        # Only dateline words may stand around the date ("date 2025-07-14 By …", "By X,
        # 20 December 2023", "Published 20 Dec 2023 10:45 GMT"): a headline that mentions
        # a date in passing is not a dateline.
        if (
            span is not None
            and _DATELINE_PREFIX.fullmatch(line[: span[1]])
            and _DATELINE_SUFFIX.fullmatch(line[span[2] :])
        ):
            return span[0], index
    return None


def _title(lines: Sequence[str], dateline_index: int | None) -> str | None:
    """The first line, when it reads like a headline and more text follows it."""
    if len(lines) < 2 or dateline_index == 0:
        return None
    first = lines[0].strip()
    if (
        len(first) > _TITLE_MAX_CHARS
        or len(first.split()) > _TITLE_MAX_WORDS
        or _TITLE_END.search(first)
    ):
        return None
    return first


# --- JSONL ---------------------------------------------------------------------------------

_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _read_jsonl_file(
    path: Path, stem: str, config: ReadConfig, on_error: OnError, warn: OnWarning
) -> Iterator[Document]:
    where = str(path)
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as stream:
            head = stream.peek(_BINARY_PROBE)[:_BINARY_PROBE]
            if _looks_binary(head):
                raise InputError(Errors.E005, where=where)
            yield from _jsonl_documents(enumerate(stream, 1), where, stem, config, on_error,
                                        warn)
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        raise InputError(Errors.E003.format(reason=e), where=where) from e
    except OSError as e:
        raise InputError(Errors.E004.format(reason=e.strerror or e), where=where) from e


def _looks_binary(head: bytes) -> bool:
    """NUL bytes near the start and a first line that is not text: a binary file, reported
    once rather than as one broken line after another. A NUL in a later line of a text
    file is that line's error."""
    if b"\x00" not in head:
        return False
    first = head.split(b"\n", 1)[0]
    if b"\x00" in first:
        return True
    try:
        first.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _jsonl_documents(
    lines: Iterable[tuple[int, bytes | str]],
    where: str,
    stem: str,
    config: ReadConfig,
    on_error: OnError,
    warn: OnWarning,
) -> Iterator[Document]:
    empty = True
    for lineno, raw in lines:
        line_where = f"{where}:{lineno}"
        try:
            line = _decode_line(raw, line_where, first=lineno == 1)
            if not line.strip():
                continue
            empty = False
            record = _parse_json_line(line, line_where)
            yield _jsonl_document(record, line_where, f"{stem}:{lineno}", config, warn)
        except InputError as error:
            empty = False
            on_error(error)
    if empty:
        on_error(InputError(Errors.E022, where=where))


def _parse_json_line(line: str, where: str) -> dict:
    line = line.rstrip("\r\n")  # a string cut at the line's end is unterminated, not bad
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        # json's messages end in " at" before the position ("Unterminated string starting
        # at"); the position goes after it as a column.
        reason = e.msg.removesuffix(" at")
        content = line.rstrip()
        if e.pos >= len(content) or e.msg.startswith("Unterminated string"):
            # The JSON runs off the end of the line: where it breaks is where it ends (an
            # unterminated string's own position is where the string began).
            if e.pos < len(content):
                reason = f"{reason} at column {e.colno}"
            raise InputError(Errors.E026.format(column=len(content), reason=reason.lower()),
                             where=where) from e
        raise InputError(Errors.E010.format(reason=reason, column=e.colno), where=where) from e
    except RecursionError as e:
        raise InputError(Errors.E011, where=where) from e
    if not isinstance(record, dict):
        raise InputError(Errors.E012.format(found=_json_type(record)), where=where)
    return record


def _jsonl_document(
    record: dict, where: str, default_id: str, config: ReadConfig, warn: OnWarning
) -> Document:
    """A document from one JSONL record. Only its text can cost it its place: a bad
    optional field is warned about and left unknown."""
    if "text" not in record:
        raise InputError(Errors.E013, where=where)
    text = record["text"]
    if not isinstance(text, str):
        raise InputError(Errors.E014.format(key="text", found=_json_type(text)), where=where)
    if not text.strip():
        raise InputError(Errors.E015, where=where)
    return Document(
        id=_record_id(record.get("id"), default_id, where, warn),
        text=_normalise_newlines(text),
        date=_record_date(record.get("date"), config.default_date, where, warn),
        title=_record_string(record, "title", where, warn),
        source=_record_string(record, "source", where, warn),
        url=_record_url(record, where, warn),
        lang=_record_lang(record.get("lang"), where, warn),
        origin=where,
    )


def _record_id(value: object, default_id: str, where: str, warn: OnWarning) -> str:
    if value is None or value == "":
        return default_id
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    warn(InputWarning(Errors.E045.format(found=_json_type(value), default=default_id),
                      where=where))
    return default_id


def _record_date(
    value: object, default_date: date | None, where: str, warn: OnWarning
) -> date | None:
    if value is None or value == "":
        return default_date
    instead = (f"the default date {default_date.isoformat()} is used" if default_date
               else "date left unknown")
    if not isinstance(value, str):
        warn(InputWarning(Errors.E041.format(found=_json_type(value), instead=instead),
                          where=where))
        return default_date
    try:
        if len(value) > _DATE_MAX_CHARS:
            raise InputError(Errors.E017.format(value=_preview(value)), where=where)
        return parse_date(value, where)
    except InputError:
        warn(InputWarning(Errors.E042.format(value=_preview(value), instead=instead),
                          where=where))
        return default_date


def _record_string(record: dict, key: str, where: str, warn: OnWarning) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value or None
    warn(InputWarning(Errors.E040.format(key=key, found=_json_type(value)), where=where))
    return None


def _record_url(record: dict, where: str, warn: OnWarning) -> str | None:
    url = _record_string(record, "url", where, warn)
    if url is None:
        return None
    try:
        parts = urlsplit(url)
        usable = parts.scheme.lower() in _WEB_SCHEMES and bool(parts.netloc)
    except ValueError:  # a malformed IPv6 host, a bad port
        usable = False
    if usable and not any(ch.isspace() for ch in url):
        return url
    warn(InputWarning(Errors.E043.format(value=_preview(url)), where=where))
    return None


def _record_lang(value: object, where: str, warn: OnWarning) -> str:
    """The record's language code, or "" for one to be detected."""
    if value is None or value == "":
        return ""
    code = language_code(value) if isinstance(value, str) else None
    if code is None:
        warn(InputWarning(Errors.E044.format(value=_preview(value)), where=where))
        return ""
    return code


def _preview(value: object) -> object:
    """A value short enough to quote in a message."""
    if isinstance(value, str) and len(value) > _PREVIEW_CHARS:
        return value[:_PREVIEW_CHARS] + "…"
    return value


def parse_date(value: str, where: str | None = None) -> date:
    """A publication date from an ISO date or datetime, or another written form.

    ISO forms are parsed directly; anything else goes to dateparser (English forms such
    as "14 July 2025"), which must find a day, a month and a year: a bare "2023" or
    "yesterday" is not a publication date.
    """
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    import dateparser  # imported late: it costs ~0.1 s and most dates are ISO

    parsed = dateparser.parse(
        text,
        # English only: detecting the language among all of dateparser's locales takes
        # seconds on a string that is no date at all.
        languages=["en"],
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PARSERS": ["absolute-time", "custom-formats"],
        },
    )
    if parsed is None:
        raise InputError(Errors.E017.format(value=value), where=where)
    return parsed.date()


# --- HTML ----------------------------------------------------------------------------------


def _html_document(data: bytes, doc_id: str, where: str, config: ReadConfig) -> Document:
    return page_document(data, doc_id, where, config.default_date)


# --- standard input ----------------------------------------------------------------------


def _read_stdin(config: ReadConfig, on_error: OnError, warn: OnWarning) -> Iterator[Document]:
    stream: IO = getattr(sys.stdin, "buffer", None) or sys.stdin
    lines = enumerate(stream, 1)
    head: list[tuple[int, bytes | str]] = []
    first_line = None
    for lineno, raw in lines:
        head.append((lineno, raw))
        if raw.strip():
            try:
                first_line = _decode_line(raw, f"{STDIN_ORIGIN}:{lineno}", first=lineno == 1)
            except InputError:
                first_line = None
            break
    if first_line is not None and _is_jsonl_record(first_line):
        yield from _jsonl_documents(chain(head, lines), STDIN_ORIGIN, STDIN_ID, config, on_error,
                                    warn)
        return
    raw_all = [raw for _, raw in chain(head, lines)]
    try:
        if raw_all and isinstance(raw_all[0], bytes):
            text = _decode(b"".join(raw_all), STDIN_ORIGIN)
        else:
            text = _normalise_newlines("".join(raw_all)).removeprefix("\ufeff")
            if "\x00" in text:
                raise InputError(Errors.E007, where=STDIN_ORIGIN)
        yield _text_document(text, STDIN_ID, STDIN_ORIGIN, config, date.today)
    except InputError as error:
        on_error(error)


def _is_jsonl_record(line: str) -> bool:
    stripped = line.strip()
    if not stripped.startswith("{"):
        return False
    try:
        record = json.loads(stripped)
    except (json.JSONDecodeError, RecursionError):
        return False
    return isinstance(record, dict) and "text" in record


# --- counting, for a progress bar -------------------------------------------------------------


def count_documents(inputs: Sequence[str | Path], config: ReadConfig) -> int | None:
    """About how many documents `inputs` hold, counted cheaply for a progress bar: a .txt
    or .html file is one, a JSONL file one a line (lines counted, not parsed: about 1 GB/s).
    None when it cannot be known beforehand (standard input). Unreadable items count as
    nothing."""
    total = 0
    for item in inputs:
        if str(item) == STDIN:
            return None
        path = Path(item)
        files = ((f for f, _ in _walk(path, config.recursive, _ignore))
                 if path.is_dir() else [path])
        for file in files:
            kind = _kind(file)
            if kind == "jsonl":
                total += _count_lines(file)
            elif kind is not None and file.exists():
                total += 1
    return total


def _count_lines(path: Path) -> int:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    count, last = 0, b"\n"
    try:
        with opener(path, "rb") as stream:
            while block := stream.read(1 << 20):
                count += block.count(b"\n")
                last = block[-1:]
    except (OSError, EOFError, zlib.error):
        return count
    return count + (last != b"\n")
