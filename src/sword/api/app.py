"""The HTTP API and dashboard over one Sword store.

One process may write a DuckDB file, and none may read it meanwhile (DuckDB's rule), so
the application keeps the store open read-only between writes: other processes can read
it alongside (`sword shifts`, a notebook). Reads run on cursors of their own (they never
block one another); writes — `POST /api/documents` — take the file read-write one at a
time (`SwordAPI.writing`), so concurrent clients can post at will and each document is
stored exactly once.

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

Errors are JSON objects `{"error": <kind>, "code": <code>, "message": <sentence>}`
(see `sword.errors`): 422 for unknown query parameters and malformed values, 413 for
bodies or batches over the limits, 415 for a body that is not JSON, 401/403 for writes
without the right token, 429 after too many wrong tokens from one address, 404 for what
is not there, and 421 for a Host header the server does not answer to (when it was told
the address it listens on: `sword serve` does).

This module builds the application; the routes live in `reads`, `writes` and
`dashboard`, the parameters in `params`, the error answers in `errors`, the Host check,
security headers and failed-authentication limit in `guards`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sword import __version__
from sword.api.dashboard import add_dashboard_routes
from sword.api.errors import error_responses, install_error_handlers, json_error
from sword.api.guards import HostGuard, SecurityHeaders, answered_hosts
from sword.api.places import add_place_routes
from sword.api.reads import add_read_routes
from sword.api.state import ApiLimits, DocumentCoder, SwordAPI, default_coder
from sword.api.why import add_why_routes
from sword.api.writes import add_write_routes
from sword.coding.knowledge import KnowledgeBase, default_knowledge
from sword.config import CoderConfig
from sword.errors import Errors

__all__ = ["ApiLimits", "create_app"]


def create_app(
    db_path: str | Path,
    token: str | None = None,
    *,
    limits: ApiLimits | None = None,
    coder: DocumentCoder | None = None,
    coder_config: CoderConfig | None = None,
    knowledge: Callable[[], KnowledgeBase] = default_knowledge,
    host: str | None = None,
) -> FastAPI:
    """The FastAPI application over the store at `db_path` (created when missing).

    token: the bearer token writes need; None refuses every write (the server's caller
        reads it from SWORD_API_TOKEN).
    coder: turns posted documents into CodedDocuments, one per document in order;
        default the whole Sword pipeline with `coder_config`.
    host: the address the server listens on. Given, requests must name it, a loopback
        name or one of `limits.allowed_hosts` in their Host header, or are refused with
        421 (DNS rebinding); None (tests, embedding) checks no Host.
    Raises StoreLocked when another process holds the file.
    """
    limits = limits or ApiLimits()
    state = SwordAPI(
        db_path, token, limits, coder or default_coder(coder_config or CoderConfig()), knowledge
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
        responses=error_responses(422, *([421] if host is not None else [])),
    )
    app.state.sword = state
    # The actor knowledge takes a second or two to read; read it now, off the request path,
    # so the dashboard's first page does not wait for it (it touches no database).
    threading.Thread(target=knowledge, name="sword-knowledge", daemon=True).start()
    # Added last, run first: headers on every answer, then the Host, then the body size.
    app.add_middleware(_BodyLimit, max_bytes=limits.max_body_bytes)
    if host is not None:
        app.add_middleware(HostGuard, allowed=answered_hosts(host, limits.allowed_hosts))
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app)
    add_read_routes(app, state)
    add_place_routes(app, state)
    add_why_routes(app, state)
    add_write_routes(app, state)
    add_dashboard_routes(app)
    return app


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
                await json_error(400, "bad_request", Errors.E515, "E515")(
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
        await json_error(
            413,
            "too_large",
            Errors.E514.format(limit=limit),
            "E514",
        )(scope, receive, send)


def _human_bytes(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n} bytes"
