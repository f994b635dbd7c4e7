"""The write route of the API: `POST /api/documents` codes the documents posted, stores
those not stored yet and answers with every document's events.

Writes need `Authorization: Bearer <token>` with the token the server was started with
(from SWORD_API_TOKEN); without a configured token every write is refused. Coding runs
outside the write; storing, and deciding what was added, inside it (`SwordAPI.writing`).
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from sword.api._json import plain_rows
from sword.api.errors import ApiError, error_responses
from sword.api.params import DocumentIn, DocumentList, NoQuery
from sword.api.state import SwordAPI
from sword.coding.language import detect_language, is_coded_language, language_code
from sword.coding.read import parse_date
from sword.errors import Errors, InputError, StoreError, SwordError
from sword.model import CodedDocument, Document

__all__ = ["TOKEN_ENV", "add_write_routes", "ingest_documents"]

TOKEN_ENV = "SWORD_API_TOKEN"
# Module-level, not made in add_write_routes: FastAPI resolves the `writer` dependency's
# string annotation (`Depends(_bearer)`) in this module's namespace.
_bearer = HTTPBearer(auto_error=False, description=f"the token in {TOKEN_ENV}")


def _json_body(request: Request) -> None:
    """Refuse a body not sent as JSON with 415 (FastAPI would read it as a string, 422)."""
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media != "application/json" and not (
        media.startswith("application/") and media.endswith("+json")
    ):
        raise ApiError(Errors.E533.format(content_type=content_type[:100]), status=415)


def _to_document(item: DocumentIn, index: int) -> Document:
    where = f"document {index}"
    when = None
    if item.date is not None and item.date.strip():
        # A bad date is an InputError, which the error handlers answer with 422.
        when = parse_date(item.date, where)
    text = item.text.replace("\r\n", "\n").replace("\r", "\n")
    doc_id = item.id or f"api-{Document(id='', text=text).content_hash()[:16]}"
    return Document(
        id=doc_id,
        text=text,
        date=when,
        title=item.title or None,
        source=item.source or None,
        url=item.url or None,
        # A document that does not say is detected, as `sword ingest` does: one in a
        # language the coder has no model for is stored with it and not coded.
        lang=(language_code(item.lang) or item.lang) if item.lang else detect_language(text),
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
    failed: dict[str, InputError] = {}  # content hash → why it could not be coded
    if fresh:
        with state.coder_lock:
            coded, failed = _code(state, fresh)
    # a copy of a stored text is another appearance of it (outlet, date, address)
    copies = [d for d, h in zip(documents, hashes, strict=True) if h in known]
    if coded or copies:
        # The file is taken read-write for this write alone (`SwordAPI.writing`). Another
        # request may have stored some of them while these were being coded; the store
        # skips those by content hash, and `added` is decided here, with the file held.
        with state.writing() as store:
            try:
                before = _stored_ids(store.con, hashes)
                store.record_appearances(copies)
                store.ingest(coded)
                stored, events = _stored_events(store.con, hashes)
            except (StoreError, duckdb.Error) as e:
                raise ApiError(Errors.E507.format(reason=e), status=503,
                               kind="store_error") from e
    else:  # nothing to store: every document failed
        with state.reading() as con:
            before = _stored_ids(con, hashes)
            stored, events = _stored_events(con, hashes)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_doc.setdefault(event["doc_id"], []).append(event)
    answered: set[str] = set()
    results = []
    for document, h in zip(documents, hashes, strict=True):
        doc_id = stored.get(h)
        if doc_id is None and h in failed:
            error = failed[h]
            results.append({"id": document.id, "doc_id": None, "status": "failed",
                            "error": {"code": error.code, "message": str(error)},
                            "events": []})
            continue
        status = "duplicate" if h in before or h in answered else "added"
        answered.add(h)
        results.append(
            {
                "id": document.id,
                "doc_id": doc_id,
                "status": status,
                "lang": document.lang,
                "coded": is_coded_language(document.lang),
                "events": by_doc.get(doc_id, []) if doc_id else [],
            }
        )
    return {
        "added": sum(r["status"] == "added" for r in results),
        "duplicates": sum(r["status"] == "duplicate" for r in results),
        "failed": sum(r["status"] == "failed" for r in results),
        "not_coded": sum(r["status"] != "failed" and not r["coded"] for r in results),
        "events": sum(len(r["events"]) for r in results if r["status"] == "added"),
        "documents": results,
    }


def _code(state: SwordAPI, fresh: dict[str, Document]
          ) -> tuple[list[CodedDocument], dict[str, InputError]]:
    """Code the fresh documents in one batch; when that fails, one by one, so that a
    document that cannot be coded fails alone (its error by content hash) and the others
    are stored. An error no document causes (a model that cannot load) still fails all."""
    try:
        coded = list(state.coder(list(fresh.values())))
    except Exception:  # which document failed is not known: code them one by one
        coded = []
    else:
        if len(coded) != len(fresh):
            raise ApiError(Errors.E506.format(got=len(coded), expected=len(fresh)),
                           status=500, kind="coder_error")
        return coded, {}
    failed: dict[str, InputError] = {}
    for h, document in fresh.items():
        try:
            coded.extend(state.coder([document]))
        except InputError as e:
            failed[h] = e
        except SwordError:
            raise
        except Exception as e:  # one document's failure never stops the others
            from sword.coding.parse import document_error  # spaCy: loaded by the coder

            failed[h] = document_error(document, e)
    return coded, failed


def _stored_events(con: duckdb.DuckDBPyConnection, hashes: list[str]
                   ) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The stored doc_id of each content hash, and the events of those documents."""
    stored = _stored_ids(con, hashes)
    ids = sorted(set(stored.values()))
    events = plain_rows(con.execute(
        "SELECT * FROM events WHERE doc_id IN ? ORDER BY doc_id, sentence_index, event_id",
        [ids])) if ids else []
    return stored, events


def _stored_ids(con: duckdb.DuckDBPyConnection, hashes: list[str]) -> dict[str, str]:
    if not hashes:
        return {}
    return dict(
        con.execute(
            "SELECT content_hash, doc_id FROM documents WHERE content_hash IN ?", [hashes]
        ).fetchall()
    )


def add_write_routes(app: FastAPI, state: SwordAPI) -> None:
    """POST /api/documents, for clients with the server's bearer token."""

    def writer(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        if state.token is None:
            raise ApiError(Errors.E508.format(env=TOKEN_ENV), status=403, kind="writes_disabled")
        # A client that failed too often waits, whatever it sends now: otherwise it could
        # go on guessing and learn the token from the one answer that is not a 429.
        client = request.client.host if request.client else "unknown"
        wait = state.auth_throttle.wait(client)
        if wait:
            raise ApiError(Errors.E531.format(client=client, seconds=wait), status=429,
                           kind="too_many_requests", headers={"Retry-After": str(wait)})
        challenge = {"WWW-Authenticate": "Bearer"}
        if credentials is None:
            raise ApiError(Errors.E509.format(env=TOKEN_ENV), status=401, headers=challenge)
        if not hmac.compare_digest(
            credentials.credentials.encode("utf-8", "replace"), state.token.encode("utf-8")
        ):
            state.auth_throttle.failed(client)
            raise ApiError(Errors.E510, status=401, headers=challenge)
        state.auth_throttle.succeeded(client)

    @app.post(
        "/api/documents",
        tags=["write"],
        dependencies=[Depends(writer), Depends(_json_body)],
        responses=error_responses(401, 403, 413, 415, 429),
    )
    def post_documents(
        body: DocumentIn | DocumentList, query: Annotated[NoQuery, Query()]
    ) -> dict[str, Any]:
        """Code and store one document or a list of them; answer with their events.

        A document whose text is stored already is not coded again: it comes back with
        status `duplicate` and the events stored for it, and its outlet, date and url are
        recorded as another appearance of the text. A document without `lang` has its
        language detected; one in a language the coder has no model for is stored with
        `coded: false` and no events. A document that cannot be coded
        (over the size limit, or an error in coding it) comes back with status `failed`
        and its `error` (catalogue code and message); the others are stored.
        """
        items = body if isinstance(body, list) else [body]
        if not items:
            raise ApiError(Errors.E511)
        if len(items) > state.limits.max_documents:
            raise ApiError(
                Errors.E512.format(count=len(items), limit=state.limits.max_documents),
                status=413,
            )
        documents = [_to_document(item, i) for i, item in enumerate(items)]
        return ingest_documents(state, documents)  # an InputError is answered with 422
