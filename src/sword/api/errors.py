"""Errors as the API answers them: JSON objects
`{"error": <kind>, "code": <catalogue code>, "message": <sentence>}`.

`ApiError` (a `SwordError`, defined in `sword.errors`) is what routes raise; the handlers
installed by `install_error_handlers` turn it, Starlette's HTTP errors, request
validation errors and any other `SwordError` into such answers, each with its status
code (from `sword.errors.HTTP_STATUS`) and headers, such as a bearer challenge. `code`
is null only for the web framework's own errors (a wrong method, …).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from sword.errors import STATUS_KINDS, ApiError, Errors, SwordError, http_status_for

__all__ = ["ApiError", "ErrorOut", "error_responses", "install_error_handlers", "json_error"]


class ErrorOut(BaseModel):
    """An error answer, as the OpenAPI document describes it."""

    error: str
    code: str | None
    message: str
    errors: list[dict[str, str]] | None = None  # 422: each problem with its location


# When each status is answered, for the OpenAPI document; `error_responses` picks some.
_WHEN = {
    401: "no bearer token, or a wrong one",
    403: "writes are disabled: the server has no token",
    404: "no such document",
    413: "the body or the number of documents is over the server's limits",
    415: "the body is not sent as application/json",
    421: "the Host header names a host this server does not answer to",
    422: "an unknown or malformed parameter, or a body that is not valid",
    429: "too many failed authentications from this address: wait Retry-After seconds",
}
_HEADERS = {
    401: {"WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}},
    429: {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}},
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of these error statuses, with their JSON error body."""
    return {
        status: {
            "model": ErrorOut,
            "description": _WHEN[status],
            **({"headers": _HEADERS[status]} if status in _HEADERS else {}),
        }
        for status in statuses
    }


def json_error(
    status: int, kind: str, message: str, code: str | None = None, **extra: Any
) -> JSONResponse:
    """The JSON answer of an error: its kind, its code, its sentence and any `extra`."""
    return JSONResponse(
        {"error": kind, "code": code, "message": message, **extra}, status_code=status
    )


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error the application raises as a JSON error object."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        code = None
        if exc.status_code == 404 and message == "Not Found":
            message, code = Errors.E513.format(path=request.url.path), "E513"
        response = json_error(
            exc.status_code, STATUS_KINDS.get(exc.status_code, "http_error"), message, code
        )
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_describe(error, request) for error in _one_body_form(exc)]
        message = Errors.E516.format(problems="; ".join(p["message"] for p in problems))
        return json_error(422, "invalid_request", message, "E516", errors=problems)

    # ApiError included: it is a SwordError that carries its own status, kind and headers.
    @app.exception_handler(SwordError)
    async def sword_error(request: Request, exc: SwordError) -> JSONResponse:
        status = http_status_for(exc)
        kind = exc.kind if isinstance(exc, ApiError) else STATUS_KINDS[status]
        response = json_error(status, kind, str(exc), exc.code)
        if isinstance(exc, ApiError):
            for name, value in (exc.headers or {}).items():
                response.headers[name] = value
        return response


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
