"""Errors as the API answers them: JSON objects `{"error": <kind>, "message": <sentence>}`.

`ApiError` is what routes raise; the handlers installed by `install_error_handlers` turn
it, Starlette's HTTP errors, request validation errors and `SwordError`s into such
answers, each with its status code (and headers, such as a bearer challenge).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from sword.errors import StoreError, SwordError

__all__ = ["ApiError", "install_error_handlers", "json_error"]


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


def json_error(status: int, kind: str, message: str, **extra: Any) -> JSONResponse:
    """The JSON answer of an error: its kind, its sentence and any `extra` fields."""
    return JSONResponse({"error": kind, "message": message, **extra}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error the application raises as a JSON error object."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        response = json_error(exc.status, exc.kind, exc.message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        response = json_error(
            exc.status_code, _STATUS_KINDS.get(exc.status_code, "http_error"), message
        )
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_describe(error, request) for error in _one_body_form(exc)]
        return json_error(
            422,
            "invalid_request",
            "; ".join(p["message"] for p in problems),
            errors=problems,
        )

    @app.exception_handler(SwordError)
    async def sword_error(request: Request, exc: SwordError) -> JSONResponse:
        status = 503 if isinstance(exc, StoreError) else 422
        return json_error(status, _STATUS_KINDS[status], str(exc))


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
