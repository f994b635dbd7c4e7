"""The HTTP API and dashboard over one Sword store.

One process owns a DuckDB file (DuckDB's rule), so the application opens the store once
and everything goes through it: reads run on cursors of their own (connections that
share the open database, so they never block one another), and writes — `POST
/api/documents` — are serialised by a lock inside the application, so concurrent clients
can post at will and each document is stored exactly once.

Routes (the OpenAPI document is at `/openapi.json`, readable at `/docs`):

    GET  /api/summary                      counts and the date range of the store
    GET  /api/stats                        unique events and pairs of a window
    GET  /api/events                       events, filtered, sorted, paginated
    GET  /api/actors?q=                    actor search: names, demonyms, capitals, leaders
    GET  /api/dyads                        the busiest dyads (unique events)
    GET  /api/dyads/{a}/{b}/timeline       the dyad's time series in both directions
    GET  /api/shifts                       change points in dyads' cooperation
    GET  /api/network?at=&window=          the signed graph of states in a window
    GET  /api/triads?at=&window=           unbalanced triads in that graph
    GET  /api/documents/{doc_id}           a stored document with its events, highlighted
    POST /api/documents                    code and store documents (bearer token)
    GET  /                                 the dashboard

Errors are JSON objects `{"error": <kind>, "message": <sentence>}`: 422 for unknown query
parameters and malformed values, 413 for bodies or batches over the limits, 401/403 for
writes without the right token, 404 for what is not there.
"""

from __future__ import annotations

import hmac
import json
import math
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
import networkx as nx
from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sword import __version__
from sword.analysis.network import signed_graph, unbalanced_triads
from sword.analysis.relations import dyad_timeline
from sword.analysis.shifts import find_shifts
from sword.coding.knowledge import KnowledgeBase, default_knowledge
from sword.coding.read import parse_date
from sword.config import CoderConfig
from sword.errors import InputError, StoreError, SwordError
from sword.model import CodedDocument, Document
from sword.store.queries import PAIR_EVENTS, event_filters, pair_event_counts
from sword.store.store import Store

STATIC_DIR = Path(__file__).parent / "static"
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
MAX_PAGE = 1_000_000  # keeps page × page_size far from integer overflow in SQL
TOKEN_ENV = "SWORD_API_TOKEN"

DocumentCoder = Callable[[list[Document]], Iterable[CodedDocument]]


@dataclass(frozen=True, slots=True)
class ApiLimits:
    """What one request may carry."""

    max_body_bytes: int = 10 * 1024 * 1024
    max_documents: int = 1000


class ApiError(Exception):
    """An error answered as JSON: status, a short kind and a sentence for people."""

    def __init__(
        self, status: int, kind: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message
        self.headers = headers


# --- parameter types ---------------------------------------------------------------------

DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_DATE_RE = re.compile(DATE_PATTERN)


MIN_YEAR, MAX_YEAR = 1700, 2200  # inside pandas' Timestamp range, which analyses use


def _check_date(value: str) -> str:
    if not _DATE_RE.match(value) or _period_bounds(value) is None:
        raise ValueError(f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
    if not MIN_YEAR <= int(value[:4]) <= MAX_YEAR:
        raise ValueError(f"{value!r} is out of range: years {MIN_YEAR}–{MAX_YEAR}")
    return value


def _period_bounds(value: str) -> tuple[date, date] | None:
    """First and last day of the day, month or year a date parameter names."""
    parts = [int(p) for p in value.split("-")]
    try:
        if len(parts) == 3:
            day = date(*parts)
            return day, day
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first, following - timedelta(days=1)
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except (ValueError, OverflowError):
        return None


# A date parameter: checked by our own validator (for a readable message) but documented
# with its pattern, so clients and schemathesis see the format.
DateParam = Annotated[
    str,
    AfterValidator(_check_date),
    WithJsonSchema(
        {"type": "string", "pattern": DATE_PATTERN, "examples": ["2024-05-01", "2024-05"]}
    ),
]
ActorCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9]{2,16}$", to_upper=True),
]
DyadParam = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9]{2,16},[A-Za-z0-9]{2,16}$", to_upper=True),
]
WINDOW_PATTERN = r"^[1-9][0-9]{0,3}[dwmy]$"
MAX_WINDOW_DAYS = 100 * 366


def _check_window(value: str) -> str:
    n, unit = int(value[:-1]), value[-1]
    if n * {"d": 1, "w": 7, "m": 31, "y": 366}[unit] > MAX_WINDOW_DAYS:
        raise ValueError(f"window {value!r} is longer than 100 years")
    return value


WindowParam = Annotated[
    str, StringConstraints(pattern=WINDOW_PATTERN), AfterValidator(_check_window)
]
SearchText = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class _Query(BaseModel):
    # Unknown query parameters are an error (a typo would otherwise silently widen a query).
    model_config = ConfigDict(extra="forbid")


EVENT_SORTS: dict[str, str] = {
    "date": "e.event_date ASC NULLS LAST, e.event_id",
    "-date": "e.event_date DESC NULLS LAST, e.event_id",
    "goldstein": "e.goldstein ASC, e.event_id",
    "-goldstein": "e.goldstein DESC, e.event_id",
    "confidence": "e.confidence ASC, e.event_id",
    "-confidence": "e.confidence DESC, e.event_id",
}


class EventQuery(_Query):
    actor: ActorCode | None = Field(
        None, description="country or actor code on either side (RUS matches RUSGOV, RUSMIL…)"
    )
    source: ActorCode | None = Field(None, description="country or actor code of the source")
    target: ActorCode | None = Field(None, description="country or actor code of the target")
    dyad: DyadParam | None = Field(None, description="two codes, A,B: both directions")
    cameo: Annotated[str, StringConstraints(pattern=r"^[0-9]{2,4}$")] | None = Field(
        None, description="CAMEO code or prefix: 19 matches 190…196"
    )
    root: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")] | None = None
    quad_class: int | None = Field(None, ge=1, le=4)
    plover: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_]{2,24}$", to_upper=True)] | None = (
        None
    )
    since: DateParam | None = None
    until: DateParam | None = None
    q: SearchText | None = Field(None, description="text searched in the evidence sentence")
    publisher: SearchText | None = None
    doc_id: Annotated[str, StringConstraints(min_length=1, max_length=512)] | None = None
    min_confidence: float | None = Field(None, ge=0, le=1)
    sort: Literal["date", "-date", "goldstein", "-goldstein", "confidence", "-confidence"] = (
        "-date"
    )
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class NoQuery(_Query):
    """For endpoints without query parameters: any parameter is a mistake to report."""


class StatsQuery(_Query):
    since: DateParam | None = None
    until: DateParam | None = None


class TimelineQuery(_Query):
    freq: Literal["month", "quarter", "year"] = "month"
    since: DateParam | None = None
    until: DateParam | None = None


class DyadsQuery(_Query):
    actor: ActorCode | None = None
    since: DateParam | None = None
    until: DateParam | None = None
    min_events: int = Field(1, ge=1, le=1_000_000)
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class ActorQuery(_Query):
    q: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    limit: int = Field(10, ge=1, le=100)


class ShiftQuery(_Query):
    dyad: DyadParam | None = Field(None, description="only this pair: A,B")
    actor: ActorCode | None = Field(None, description="only pairs with this country")
    since: DateParam | None = None
    until: DateParam | None = None
    freq: Literal["month", "quarter", "year"] = "month"
    min_events: int = Field(10, ge=1, le=1_000_000, description="unique events a pair needs")
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class NetworkQuery(_Query):
    at: DateParam | None = Field(None, description="end of the window (default: last event)")
    window: WindowParam = Field("12m", description="length: 90d, 26w, 12m, 2y")
    min_events: int = Field(1, ge=1, le=1_000_000, description="unique events an edge needs")
    states_only: bool = Field(True, description="leave out organisations (EU, NATO, …)")


class TriadQuery(NetworkQuery):
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class DocumentIn(BaseModel):
    """One document, with the fields of a JSONL input line (DESIGN.md)."""

    model_config = ConfigDict(extra="ignore")

    id: Annotated[str, StringConstraints(max_length=512)] | None = Field(
        None, description="document id; default: derived from the text's hash"
    )
    text: Annotated[str, StringConstraints(min_length=1)]
    date: Annotated[str, StringConstraints(max_length=64)] | None = Field(
        None, description="publication date, ISO or written out"
    )
    title: Annotated[str, StringConstraints(max_length=2000)] | None = None
    source: Annotated[str, StringConstraints(max_length=500)] | None = Field(
        None, description="publisher"
    )
    url: Annotated[str, StringConstraints(max_length=4000)] | None = None
    lang: Annotated[str, StringConstraints(max_length=16)] | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        return value


# --- the application ---------------------------------------------------------------------


class SwordAPI:
    """The state behind the routes: the store, the write lock, the coder, the knowledge."""

    def __init__(
        self,
        store: Store,
        token: str | None,
        limits: ApiLimits,
        coder: DocumentCoder,
        knowledge: Callable[[], KnowledgeBase],
    ) -> None:
        self.store = store
        self.token = token or None
        self.limits = limits
        self.coder = coder
        self.knowledge = knowledge
        self.write_lock = threading.Lock()
        self.coder_lock = threading.Lock()  # spaCy pipelines are not promised thread-safe
        self._reader = store.con.cursor()
        self._reader_lock = threading.Lock()
        # Analyses over the whole store (shifts, network layout) are cached until the next
        # write: `generation` counts writes, and a cache entry remembers the one it saw.
        self.generation = 0
        self._cache: dict[tuple, tuple[int, Any]] = {}
        self._cache_lock = threading.Lock()

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == self.generation:
                return hit[1]
            generation = self.generation
        value = compute()
        with self._cache_lock:
            if len(self._cache) >= 64:
                self._cache.clear()
            self._cache[key] = (generation, value)
        return value

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one request; closed afterwards."""
        with self._reader_lock:
            cursor = self._reader.cursor()
        try:
            yield cursor
        except duckdb.Error as e:
            raise ApiError(503, "store_error", f"the store could not answer: {e}") from e
        finally:
            cursor.close()

    def close(self) -> None:
        self._reader.close()
        self.store.close()


def _default_coder(config: CoderConfig) -> DocumentCoder:
    def coder(documents: list[Document]) -> Iterable[CodedDocument]:
        # Imported on first write: the read-only API should not pay for spaCy at start-up.
        from sword.coding.pipeline import code_documents

        return code_documents(documents, config)

    return coder


def create_app(
    db_path: str | Path,
    token: str | None = None,
    *,
    limits: ApiLimits | None = None,
    coder: DocumentCoder | None = None,
    coder_config: CoderConfig | None = None,
    knowledge: Callable[[], KnowledgeBase] = default_knowledge,
) -> FastAPI:
    """The FastAPI application over the store at `db_path` (created when missing).

    token: the bearer token writes need; None refuses every write (the server's caller
        reads it from SWORD_API_TOKEN).
    coder: turns posted documents into CodedDocuments, one per document in order;
        default the whole Sword pipeline with `coder_config`.
    Raises StoreLocked when another process holds the file.
    """
    limits = limits or ApiLimits()
    store = Store(db_path)
    state = SwordAPI(
        store, token, limits, coder or _default_coder(coder_config or CoderConfig()), knowledge
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        yield
        state.close()

    app = FastAPI(
        title="Sword",
        version=__version__,
        description=(
            "Political event data with evidence: events, dyad timelines, shifts, the "
            "network of states and its tensions. Reads are open; writes need "
            "`Authorization: Bearer <SWORD_API_TOKEN>`."
        ),
        docs_url=None,  # FastAPI's /docs page loads Swagger UI from a CDN; ours is bundled
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.sword = state
    # The actor knowledge takes a second or two to read; read it now, off the request path,
    # so the dashboard's first page does not wait for it (it touches no database).
    threading.Thread(target=knowledge, name="sword-knowledge", daemon=True).start()
    app.add_middleware(_BodyLimit, max_bytes=limits.max_body_bytes)
    _install_error_handlers(app)
    _add_read_routes(app, state)
    _add_write_routes(app, state)
    _add_dashboard_routes(app)
    return app


# --- errors ------------------------------------------------------------------------------

_STATUS_KINDS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    503: "unavailable",
}


def _error(status: int, kind: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": kind, "message": message, **extra}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        response = _error(exc.status, exc.kind, exc.message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        response = _error(
            exc.status_code, _STATUS_KINDS.get(exc.status_code, "http_error"), message
        )
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_describe(error, request) for error in _one_body_form(exc)]
        return _error(
            422,
            "invalid_request",
            "; ".join(p["message"] for p in problems),
            errors=problems,
        )

    @app.exception_handler(SwordError)
    async def sword_error(request: Request, exc: SwordError) -> JSONResponse:
        status = 503 if isinstance(exc, StoreError) else 422
        return _error(status, _STATUS_KINDS[status], str(exc))


# Names pydantic puts in an error's location for each form of the POST body (a union).
_BODY_FORMS = {"DocumentIn": dict, "list[DocumentIn]": list}


def _one_body_form(exc: RequestValidationError) -> list[dict[str, Any]]:
    """The errors, with those of the body form the client did not use left out.

    The POST body is one document or a list of them; pydantic reports why the body fails
    as each, which reads as nonsense ("should be a valid list" for a list with one bad
    document). Keep the errors of the form that matches the body's JSON type.
    """
    errors = list(exc.errors())
    body = getattr(exc, "body", None)
    kept: list[dict[str, Any]] = []
    wrong_form = False
    for error in errors:
        loc = list(error.get("loc", ()))
        if len(loc) >= 2 and loc[0] == "body" and loc[1] in _BODY_FORMS:
            if not isinstance(body, _BODY_FORMS[loc[1]]):
                wrong_form = True
                continue
            error = {**error, "loc": (loc[0], *loc[2:])}
        kept.append(error)
    if not kept and wrong_form:
        return [{"loc": ("body",), "msg": "the body must be a document object or a list of them"}]
    return kept


def _describe(error: dict[str, Any], request: Request) -> dict[str, str]:
    loc = [str(part) for part in error.get("loc", ())]
    where, name = (loc[0], ".".join(loc[1:])) if loc else ("request", "")
    if error.get("type") == "extra_forbidden" and where == "query":
        allowed = _allowed_query(request)
        message = f"unknown query parameter {name!r}"
        if allowed:
            message += f"; this endpoint takes: {', '.join(allowed)}"
        return {"location": f"query.{name}", "message": message}
    text = str(error.get("msg", "invalid"))
    if text.startswith("Value error, "):
        text = text[len("Value error, ") :]
    if where == "body":
        label = f"body{'.' + name if name else ''}"
        return {"location": label, "message": f"{label}: {text}"}
    return {"location": f"{where}.{name}", "message": f"{where} parameter {name!r}: {text}"}


def _allowed_query(request: Request) -> list[str]:
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return []
    names: list[str] = []
    for param in dependant.query_params:
        annotation = getattr(param.field_info, "annotation", None)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names.extend(annotation.model_fields)
        else:
            names.append(param.alias)
    return names


class _BodyLimit:
    """Refuse request bodies over `max_bytes` with 413, whether or not they declare a
    Content-Length (a chunked body is counted as it arrives)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _error(400, "bad_request", "Content-Length is not a number")(
                    scope, receive, send
                )
                return
            if int(declared) > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(body)
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = _human_bytes(self.max_bytes)
        await _error(
            413,
            "too_large",
            f"request body is larger than {limit}; send fewer documents per request",
        )(scope, receive, send)


def _human_bytes(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n} bytes"


# --- reads -------------------------------------------------------------------------------


def _window(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """Dates of a since/until pair; a month or year names its whole period."""
    first = _period_bounds(since)[0] if since else None  # type: ignore[index]
    last = _period_bounds(until)[1] if until else None  # type: ignore[index]
    if first and last and first > last:
        raise ApiError(422, "invalid_request", f"since ({since}) is after until ({until})")
    return first, last


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO strings, NaN as null."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [
        {name: _plain(value) for name, value in zip(names, row, strict=True)}
        for row in cursor.fetchall()
    ]


def _window_graph(con: duckdb.DuckDBPyConnection, query: NetworkQuery | TriadQuery,
                  evidence: int) -> Any:
    """The signed graph of the window a network or triad query names."""
    at = _window(None, query.at)[1] if query.at else None
    return _analysis(lambda: signed_graph(con, at, query.window, min_events=query.min_events,
                                          evidence=evidence, states_only=query.states_only))


def _event_where(query: EventQuery) -> tuple[str, list[Any]]:
    dyad = None
    if query.dyad:
        a, b = query.dyad.split(",")
        if a == b:
            raise ApiError(422, "invalid_request", f"a dyad needs two different actors: {a},{b}")
        dyad = (a, b)
    since, until = _window(query.since, query.until)
    return event_filters(
        country=query.actor, source=query.source, target=query.target, dyad=dyad,
        since=since, until=until, cameo=query.cameo, root=query.root,
        quad_class=query.quad_class, plover=query.plover, text=query.q,
        doc_id=query.doc_id, publisher=query.publisher, min_confidence=query.min_confidence,
    )


def query_events(con: duckdb.DuckDBPyConnection, query: EventQuery) -> dict[str, Any]:
    """One page of events matching the query, with the total and the publishers."""
    where, params = _event_where(query)
    base = "FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id" + where
    total = con.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    offset = (query.page - 1) * query.page_size
    items = _rows(
        con.execute(
            "SELECT e.*, d.source AS publisher, d.title, d.url, d.date AS published "
            f"{base} ORDER BY {EVENT_SORTS[query.sort]} LIMIT ? OFFSET ?",
            [*params, query.page_size, offset],
        )
    )
    for item in items:
        item["evidence_highlights"] = sentence_highlights(item)
    return {
        "total": total,
        "page": query.page,
        "page_size": query.page_size,
        "pages": math.ceil(total / query.page_size),
        "items": items,
    }


def top_dyads(con: duckdb.DuckDBPyConnection, query: DyadsQuery) -> list[dict[str, Any]]:
    """Country pairs (unordered) by number of unique events, with their balance."""
    extra, params = [], []
    since, until = _window(query.since, query.until)
    if since:
        extra.append("AND event_date >= ?")
        params.append(since)
    if until:
        extra.append("AND event_date <= ?")
        params.append(until)
    if query.actor:
        extra.append("AND (source_country = ? OR target_country = ?)")
        params += [query.actor, query.actor]
    sql = f"""
        SELECT a, b, count(*) AS events,
               count_if(quad_class <= 2) AS cooperation,
               count_if(quad_class >= 3) AS conflict,
               avg(goldstein) AS goldstein_mean,
               min(event_date) AS first, max(event_date) AS last
        FROM {PAIR_EVENTS} WHERE true {" ".join(extra)} GROUP BY ALL HAVING count(*) >= ?
        ORDER BY events DESC, a, b LIMIT ?
    """
    rows = _rows(con.execute(sql, [*params, query.min_events, query.limit]))
    for row in rows:
        row["balance"] = (row["cooperation"] - row["conflict"]) / row["events"]
    return rows


def search_actors(
    kb: KnowledgeBase, con: duckdb.DuckDBPyConnection, text: str, limit: int
) -> list[dict[str, Any]]:
    """Actors whose names, demonyms, places, organisations or people match `text`.

    A person resolves to the country of their most recent office ("Aliyev" → AZE).
    Exact matches rank first, then prefixes, then words inside names; actors with events
    in the store before those without.
    """
    needle = text.strip().casefold()
    if not needle:
        return []
    found: dict[str, dict[str, Any]] = {}

    def consider(code: str, surface: str, how: str) -> None:
        folded = surface.casefold()
        if folded == needle:
            rank = 0
        elif folded.startswith(needle):
            rank = 1
        elif any(word.startswith(needle) for word in re.split(r"[\s\-']+", folded)):
            rank = 2
        elif needle in folded:
            rank = 3
        else:
            return
        best = found.get(code)
        if best is None or (rank, len(surface)) < (best["rank"], len(best["matched"])):
            found[code] = {"code": code, "matched": surface, "how": how, "rank": rank}

    for code, name in kb.country_names.items():
        consider(code, code, "code")
        consider(code, name, "name")
    for surface, entry in kb.names.items():
        if entry.how == "person":
            term = kb.person_at(surface, None)
            code = term.country if term else entry.country
            consider(code, surface, "person")
        else:
            consider(entry.country or entry.code, surface, entry.how)
    if not found:
        return []
    codes = list(found)
    counts = dict(
        con.execute(
            """
            SELECT code, count(*) FROM (
                SELECT source_country AS code FROM events WHERE source_country IN ?
                UNION ALL
                SELECT target_country FROM events WHERE target_country IN ?
            ) GROUP BY code
            """,
            [codes, codes],
        ).fetchall()
    )
    results = []
    for item in found.values():
        item["name"] = kb.display_name(item["code"])
        item["events"] = int(counts.get(item["code"], 0))
        results.append(item)
    results.sort(key=lambda r: (r["rank"], r["events"] == 0, -r["events"], r["code"]))
    for item in results:
        del item["rank"]
    return results[:limit]


def store_summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Counts and the span of the events; unique events as every analysis counts them
    (`pair_events`)."""
    row = con.execute(
        f"""
        SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),
               (SELECT count(*) FROM {PAIR_EVENTS}),
               (SELECT count(DISTINCT source) FROM documents),
               (SELECT min(event_date) FROM events), (SELECT max(event_date) FROM events)
        """
    ).fetchone()
    documents, events, unique, publishers, first, last = row
    return {
        "documents": documents,
        "events": events,
        "unique_events": unique,
        "publishers": publishers,
        "first_event": _plain(first),
        "last_event": _plain(last),
    }


def timeline_payload(frame: Any, a: str, b: str, freq: str) -> dict[str, Any]:
    """A dyad timeline as one series of columns per direction (what a chart plots)."""
    series: dict[str, dict[str, list[Any]]] = {}
    columns = [c for c in frame.columns if c not in ("period", "direction")]
    for direction, part in frame.groupby("direction", sort=False):
        part = part.sort_values("period")
        entry: dict[str, list[Any]] = {
            "period": [p.date().isoformat() for p in part["period"]]
        }
        for column in columns:
            entry[column] = [_plain(v.item() if hasattr(v, "item") else v) for v in part[column]]
        series[str(direction)] = entry
    forward, backward = f"{a}→{b}", f"{b}→{a}"
    return {
        "a": a,
        "b": b,
        "freq": freq,
        "directions": {"forward": forward, "backward": backward, "both": "both"},
        "series": series,
    }


# Particles and prepositions of phrasal patterns ("apologise to"): marking every "to" in
# a sentence would drown the verb.
_PARTICLES = frozenset(
    {"about", "against", "and", "for", "from", "into", "off", "out", "over", "the", "with"}
)
_PATTERN_WORDS = re.compile(r"(?:verb|noun|evaluation):([^>()]+)")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def action_words(pattern: str | None) -> list[str]:
    """The lexicon words of an event's pattern ("verb:sign agreement" → sign, agreement)."""
    chunks = _PATTERN_WORDS.findall(pattern or "")
    if (pattern or "").startswith("not "):
        chunks.append(pattern[4:])
    words = [w.lower() for chunk in chunks for w in _WORD.findall(chunk)]
    return list(dict.fromkeys(w for w in words if len(w) > 2 and w not in _PARTICLES))


def event_highlights(
    text: str, event: dict[str, Any], mentions: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Spans of the document text to mark for one event: its actors and its action words.

    Actors come from the coder's mentions inside the evidence sentence that name the
    event's source or target (or match their words); action words are found by stem,
    since the pattern holds lemmas ("raid" marks "raided").
    """
    start, end = event.get("evidence_start"), event.get("evidence_end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end:
        return []
    end = min(end, len(text))
    spans: list[dict[str, Any]] = []
    names = {n for n in (event.get("source_name"), event.get("target_name")) if n}
    codes = {c for c in (event.get("source"), event.get("target")) if c}
    for mention in mentions:
        m_start, m_end = mention.get("start"), mention.get("end")
        if not isinstance(m_start, int) or not isinstance(m_end, int):
            continue
        if start <= m_start < m_end <= end and (
            mention.get("text") in names or mention.get("code") in codes
        ):
            spans.append({"start": m_start, "end": m_end, "kind": "actor"})
    sentence = text[start:end]
    if not spans:
        for name in names:
            at = sentence.find(name)
            if at >= 0:
                spans.append({"start": start + at, "end": start + at + len(name), "kind": "actor"})
    for word in action_words(event.get("pattern")):
        stem = word if len(word) <= 4 else word[: max(4, len(word) - 2)]
        for match in _WORD.finditer(sentence):
            if match.group().lower().startswith(stem):
                spans.append(
                    {"start": start + match.start(), "end": start + match.end(), "kind": "action"}
                )
    spans.sort(key=lambda s: (s["start"], -s["end"]))
    kept: list[dict[str, Any]] = []
    for span in spans:  # overlapping marks cannot nest in flat text: first one wins
        if not kept or span["start"] >= kept[-1]["end"]:
            kept.append(span)
    return kept


def sentence_highlights(event: dict[str, Any]) -> list[dict[str, Any]]:
    """Highlights of an event's actors and action words, as offsets into its evidence."""
    sentence = event.get("evidence") or ""
    local = {**event, "evidence_start": 0, "evidence_end": len(sentence)}
    return event_highlights(sentence, local, [])


def document_payload(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    found = _rows(
        con.execute(
            "SELECT doc_id, title, source AS publisher, url, date, lang, text, ingested_at "
            "FROM documents WHERE doc_id = ?",
            [doc_id],
        )
    )
    if not found:
        return None
    doc = found[0]
    events = _rows(
        con.execute(
            "SELECT * FROM events WHERE doc_id = ? ORDER BY sentence_index, event_id", [doc_id]
        )
    )
    mentions = _rows(
        con.execute('SELECT * FROM mentions WHERE doc_id = ? ORDER BY "start", "end"', [doc_id])
    )
    text = doc["text"] or ""
    for event in events:
        event["highlights"] = event_highlights(text, event, mentions)
    doc["events"] = events
    doc["mentions"] = mentions
    return doc


def _add_read_routes(app: FastAPI, state: SwordAPI) -> None:
    @app.get("/api/summary", tags=["read"])
    def summary(query: Annotated[NoQuery, Query()]) -> dict[str, Any]:
        """How much the store holds and the span of its events."""
        def compute() -> dict[str, Any]:
            with state.reading() as con:
                return store_summary(con)

        return state.cached(("summary",), compute)

    @app.get("/api/stats", tags=["read"])
    def stats(query: Annotated[StatsQuery, Query()]) -> dict[str, Any]:
        """Unique events (as every analysis counts them), the country pairs they join and
        their first and last date, in the window `since` … `until`."""
        since, until = _window(query.since, query.until)
        with state.reading() as con:
            return _plain(pair_event_counts(con, since, until))

    @app.get("/api/events", tags=["read"])
    def events(query: Annotated[EventQuery, Query()]) -> dict[str, Any]:
        """Events matching every given filter, one page at a time."""
        with state.reading() as con:
            return query_events(con, query)

    @app.get("/api/actors", tags=["read"])
    def actors(query: Annotated[ActorQuery, Query()]) -> list[dict[str, Any]]:
        """Find actors by name, demonym, capital, organisation or leader ("Aliyev" → AZE)."""
        kb = state.knowledge()
        with state.reading() as con:
            return search_actors(kb, con, query.q, query.limit)

    @app.get("/api/dyads", tags=["read"])
    def dyads(query: Annotated[DyadsQuery, Query()]) -> list[dict[str, Any]]:
        """The pairs of countries with most unique events."""
        with state.reading() as con:
            return top_dyads(con, query)

    @app.get("/api/dyads/{a}/{b}/timeline", tags=["read"])
    def timeline(
        a: Annotated[str, PathParam(pattern=r"^[A-Za-z0-9]{2,16}$")],
        b: Annotated[str, PathParam(pattern=r"^[A-Za-z0-9]{2,16}$")],
        query: Annotated[TimelineQuery, Query()],
    ) -> dict[str, Any]:
        """The dyad's series per period: A→B, B→A and both, with the balance."""
        a, b = a.upper(), b.upper()
        if a == b:
            raise ApiError(422, "invalid_request", f"a dyad needs two different actors: {a}/{b}")
        since, until = _window(query.since, query.until)
        with state.reading() as con:
            frame = dyad_timeline(con, a, b, query.freq, since, until)
        return timeline_payload(frame, a, b, query.freq)

    @app.get("/api/shifts", tags=["read"])
    def shifts(query: Annotated[ShiftQuery, Query()]) -> list[dict[str, Any]]:
        """Turns in dyads' cooperation score, largest first, with evidence on each side."""
        since, until = _window(query.since, query.until)

        def compute() -> list[dict[str, Any]]:
            with state.reading() as con:
                found = find_shifts(
                    con, since=since, until=until, min_events=query.min_events, freq=query.freq
                )
            return [shift.to_dict() for shift in found]

        found = state.cached(("shifts", since, until, query.min_events, query.freq), compute)
        if query.dyad:
            pair = sorted(query.dyad.split(","))
            found = [s for s in found if s["dyad"] == pair]
        if query.actor:
            found = [s for s in found if query.actor in s["dyad"]]
        return [_plain(s) for s in found[: query.limit]]

    @app.get("/api/network", tags=["read"])
    def network(query: Annotated[NetworkQuery, Query()]) -> dict[str, Any]:
        """The signed graph of the window ending at `at`: nodes placed by a layout of the
        whole store (so they stay put as the window moves), edges with sign and volume."""
        with state.reading() as con:
            graph = _window_graph(con, query, evidence=0)
            layout = state.cached(
                ("layout", query.states_only), lambda: _whole_layout(con, query.states_only)
            )
        return network_payload(graph, layout, state.knowledge())

    @app.get("/api/triads", tags=["read"])
    def triads(query: Annotated[TriadQuery, Query()]) -> dict[str, Any]:
        """Unbalanced triads of the window: A friendly with B and C while B and C are
        hostile (A is the pivot), or all three hostile; each edge with its evidence."""
        with state.reading() as con:
            graph = _window_graph(con, query, evidence=3)
        found = unbalanced_triads(graph)
        return {
            "at": graph.graph.get("at"),
            "since": graph.graph.get("since"),
            "window": query.window,
            "total": len(found),
            "triads": [_plain(t.to_dict()) for t in found[: query.limit]],
        }

    @app.get("/api/documents/{doc_id:path}", tags=["read"])
    def document(doc_id: str, query: Annotated[NoQuery, Query()]) -> dict[str, Any]:
        """A stored document, its events (with spans to highlight) and its mentions."""
        with state.reading() as con:
            doc = document_payload(con, doc_id)
        if doc is None:
            raise ApiError(404, "not_found", f"no document with id {doc_id!r}")
        return doc


def _analysis(compute: Callable[[], Any]) -> Any:
    try:
        return compute()
    except (OverflowError, ValueError) as e:
        # Windows reaching outside the calendar pandas can represent, and the like.
        raise ApiError(422, "invalid_request", f"cannot analyse this window: {e}") from e


MAX_KAMADA_KAWAI_NODES = 300  # its cost grows with the square of the nodes


def _whole_layout(con: duckdb.DuckDBPyConnection, states_only: bool) -> dict[str, list[float]]:
    """Node positions from a spring layout of every pair ever reported (seeded: stable)."""
    graph = signed_graph(con, None, "100y", evidence=0, states_only=states_only)
    if graph.number_of_nodes() == 0:
        return {}
    # Attraction grows with volume but slowly, or the busiest pair would collapse to a point.
    for _, _, data in graph.edges(data=True):
        data["pull"] = math.log1p(data.get("weight", 1))
    positions = nx.spring_layout(graph, weight="pull", seed=7, iterations=50)
    if 2 < graph.number_of_nodes() <= MAX_KAMADA_KAWAI_NODES:
        # A spring layout crowds a dense core into a blot; Kamada-Kawai, started from it,
        # spreads the core out (graph distance ≈ drawn distance) in a few hundredths of a s.
        positions = nx.kamada_kawai_layout(graph, pos=positions, weight=None)
    positions = _spread_core(positions)
    return {node: [round(float(x), 4), round(float(y), 4)] for node, (x, y) in positions.items()}


def _spread_core(positions: dict[str, Any], power: float = 0.6) -> dict[str, Any]:
    """Pull distances from the centre towards it by a power below one: the busy states sit
    together in the middle and their labels would overlap, while a few outliers set the
    scale. Order along every ray is kept."""
    if len(positions) < 3:
        return positions
    xs = [float(p[0]) for p in positions.values()]
    ys = [float(p[1]) for p in positions.values()]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    radii = {n: math.hypot(float(p[0]) - cx, float(p[1]) - cy) for n, p in positions.items()}
    largest = max(radii.values()) or 1.0
    spread = {}
    for node, (x, y) in positions.items():
        r = radii[node]
        scale = (r / largest) ** power / (r / largest) if r > 0 else 0.0
        spread[node] = ((float(x) - cx) * scale / largest, (float(y) - cy) * scale / largest)
    return spread


def network_payload(
    graph: Any, layout: dict[str, list[float]], kb: KnowledgeBase
) -> dict[str, Any]:
    nodes = []
    missing = [n for n in graph.nodes if n not in layout]
    for node in sorted(graph.nodes):
        if node in layout:
            x, y = layout[node]
        else:  # a node the cached layout has not seen: on a circle outside it
            angle = 2 * math.pi * missing.index(node) / max(len(missing), 1)
            x, y = 1.2 * math.cos(angle), 1.2 * math.sin(angle)
        data = graph.nodes[node]
        nodes.append(
            {
                "id": node,
                "name": kb.display_name(node),
                "kind": data.get("kind"),
                "events": int(data.get("events", 0)),
                "x": x,
                "y": y,
            }
        )
    edges = [
        {
            "a": min(u, v),
            "b": max(u, v),
            **{k: _plain(d[k]) for k in (
                "weight", "sign", "balance", "goldstein_mean", "cooperation", "conflict"
            ) if k in d},
        }
        for u, v, d in graph.edges(data=True)
    ]
    edges.sort(key=lambda e: (e["a"], e["b"]))
    return {
        "at": graph.graph.get("at"),
        "since": graph.graph.get("since"),
        "window": graph.graph.get("window"),
        "nodes": nodes,
        "edges": edges,
    }


# --- writes ------------------------------------------------------------------------------

_bearer = HTTPBearer(auto_error=False, description=f"the token in {TOKEN_ENV}")


def _to_document(item: DocumentIn, index: int) -> Document:
    where = f"document {index}"
    when = None
    if item.date is not None and item.date.strip():
        try:
            when = parse_date(item.date, where)
        except InputError as e:
            raise ApiError(422, "invalid_request", str(e)) from e
    text = item.text.replace("\r\n", "\n").replace("\r", "\n")
    doc_id = item.id or f"api-{Document(id='', text=text).content_hash()[:16]}"
    return Document(
        id=doc_id,
        text=text,
        date=when,
        title=item.title or None,
        source=item.source or None,
        url=item.url or None,
        lang=item.lang or "en",
        origin=f"api:{where}",
    )


def ingest_documents(state: SwordAPI, documents: list[Document]) -> dict[str, Any]:
    """Code the documents not stored yet, store them, and answer with every document's
    stored id, status and events. Safe to call from many threads at once."""
    hashes = [d.content_hash() for d in documents]
    with state.reading() as con:
        known = _stored_ids(con, hashes)
    fresh: dict[str, Document] = {}
    for document, h in zip(documents, hashes, strict=True):
        if h not in known:
            fresh.setdefault(h, document)
    coded: list[CodedDocument] = []
    if fresh:
        with state.coder_lock:
            coded = list(state.coder(list(fresh.values())))
        if len(coded) != len(fresh):
            raise ApiError(
                500, "coder_error", f"the coder returned {len(coded)} results for {len(fresh)}"
            )
    with state.write_lock:
        # Another request may have stored some of them while these were being coded; the
        # store skips those by content hash, and `added` is decided here, under the lock.
        with state.reading() as con:
            before = _stored_ids(con, hashes)
        try:
            stats = state.store.ingest(coded)
        except (StoreError, duckdb.Error) as e:
            raise ApiError(503, "store_error", f"the store refused the write: {e}") from e
        if stats.documents_added:
            state.generation += 1
        with state.reading() as con:
            stored = _stored_ids(con, hashes)
            ids = sorted(set(stored.values()))
            events = _rows(
                con.execute(
                    "SELECT * FROM events WHERE doc_id IN ? ORDER BY doc_id, sentence_index, "
                    "event_id",
                    [ids],
                )
            ) if ids else []
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_doc.setdefault(event["doc_id"], []).append(event)
    answered: set[str] = set()
    results = []
    for document, h in zip(documents, hashes, strict=True):
        doc_id = stored.get(h)
        status = "duplicate" if h in before or h in answered else "added"
        answered.add(h)
        results.append(
            {
                "id": document.id,
                "doc_id": doc_id,
                "status": status,
                "events": by_doc.get(doc_id, []) if doc_id else [],
            }
        )
    return {
        "added": sum(r["status"] == "added" for r in results),
        "duplicates": sum(r["status"] == "duplicate" for r in results),
        "events": sum(len(r["events"]) for r in results if r["status"] == "added"),
        "documents": results,
    }


def _stored_ids(con: duckdb.DuckDBPyConnection, hashes: list[str]) -> dict[str, str]:
    if not hashes:
        return {}
    return dict(
        con.execute(
            "SELECT content_hash, doc_id FROM documents WHERE content_hash IN ?", [hashes]
        ).fetchall()
    )


def _add_write_routes(app: FastAPI, state: SwordAPI) -> None:
    def writer(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        if state.token is None:
            raise ApiError(
                403,
                "writes_disabled",
                f"writes are disabled: no API token is configured. Start the server with "
                f"{TOKEN_ENV} set (e.g. `export {TOKEN_ENV}=$(openssl rand -hex 16)` then "
                f"`sword serve`) and send `Authorization: Bearer <token>`",
            )
        challenge = {"WWW-Authenticate": "Bearer"}
        if credentials is None:
            raise ApiError(
                401,
                "unauthorized",
                "writes need `Authorization: Bearer <token>` with the server's "
                f"{TOKEN_ENV}",
                challenge,
            )
        if not hmac.compare_digest(
            credentials.credentials.encode("utf-8", "replace"), state.token.encode("utf-8")
        ):
            raise ApiError(401, "unauthorized", "the bearer token is wrong", challenge)

    @app.post("/api/documents", tags=["write"], dependencies=[Depends(writer)])
    def post_documents(
        body: DocumentIn | list[DocumentIn], query: Annotated[NoQuery, Query()]
    ) -> dict[str, Any]:
        """Code and store one document or a list of them; answer with their events.

        A document whose text is stored already is not coded again: it comes back with
        status `duplicate` and the events stored for it.
        """
        items = body if isinstance(body, list) else [body]
        if not items:
            raise ApiError(422, "invalid_request", "no documents in the request")
        if len(items) > state.limits.max_documents:
            raise ApiError(
                413,
                "too_large",
                f"{len(items)} documents in one request; the limit is "
                f"{state.limits.max_documents}: split them into several requests",
            )
        documents = [_to_document(item, i) for i, item in enumerate(items)]
        try:
            return ingest_documents(state, documents)
        except InputError as e:
            raise ApiError(422, "invalid_request", str(e)) from e


# --- dashboard ---------------------------------------------------------------------------


def _plotly_js() -> bytes:
    """plotly's own bundled JavaScript, from the installed package (served, never a CDN)."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    try:
        return path.read_bytes()
    except OSError as e:
        raise SwordError(f"plotly's JavaScript is missing from the installation: {e}") from e


# The pages load scripts from this server only: even if article text ever reached the page
# as markup, an inline script or handler in it would not run. (plotly adds <style> tags.)
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _add_dashboard_routes(app: FastAPI) -> None:
    plotly_js = _plotly_js()

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html", headers=PAGE_HEADERS)

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(
            STATIC_DIR / "apidocs.html", media_type="text/html", headers=PAGE_HEADERS
        )

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_bundle() -> Response:
        return Response(
            plotly_js,
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
