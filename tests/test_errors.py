"""The error catalogue: unique codes, every template used, every raise coded, and the
code shown wherever a user sees the message (CLI standard error, API JSON)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import sword.errors as errors_module
from sword.errors import (
    EXIT_ERROR,
    EXIT_USAGE,
    ApiError,
    Errors,
    InputError,
    MissingExtra,
    StoreError,
    StoreLocked,
    SwordError,
    UnknownFormat,
    catalogue,
    exit_code_for,
    http_status_for,
)

SRC = Path(errors_module.__file__).parent
ERRORS_PY = Path(errors_module.__file__)



def _error_classes() -> set[str]:
    found, todo = set(), [SwordError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found


def _sources() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py")) if p != ERRORS_PY]


def _catalogue_reference(node: ast.expr) -> str | None:
    """The code of `Errors.E123` or `Errors.E123.format(...)`, else None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr == "format":
        node = node.func.value
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
            and node.value.id == "Errors" and re.fullmatch(r"E\d{3}", node.attr):
        return node.attr
    return None


def _message_argument(call: ast.Call) -> ast.expr | None:
    if call.args:
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg == "message"), None)


# --- the catalogue ---------------------------------------------------------------------


def test_errors_codes_are_unique_and_well_formed():
    tree = ast.parse(ERRORS_PY.read_text())
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Errors").body
    names = [t.id for n in body if isinstance(n, ast.Assign) for t in n.targets
             if isinstance(t, ast.Name)]
    assert names, "the catalogue is empty"
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    assert all(re.fullmatch(r"E\d{3}", n) for n in names), names
    templates = list(catalogue().values())
    assert len(templates) == len(set(templates)), "two codes share one message"


def test_errors_reading_a_code_puts_it_in_front_of_the_template():
    assert Errors.E301 == "[E301] no Sword store at {path}: run `sword ingest` first"
    assert Errors.E301.format(path="x.duckdb").startswith("[E301] no Sword store at x.duckdb")
    assert catalogue()["E301"] == "no Sword store at {path}: run `sword ingest` first"


def test_errors_every_template_is_used_in_the_source():
    text = "\n".join(p.read_text() for p in _sources())
    unused = [code for code in catalogue() if not re.search(rf"\bErrors\.{code}\b", text)]
    assert not unused, f"catalogue codes no module uses: {unused}"


def test_errors_every_sword_error_is_raised_with_a_catalogue_message():
    classes = _error_classes()
    inline = []
    for path in _sources():
        name = path.relative_to(SRC).as_posix()
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if called not in classes:
                continue
            message = _message_argument(node)
            if message is None or _catalogue_reference(message) is None:
                inline.append(f"{name}:{node.lineno}: {called}(...)")
    assert not inline, "messages written inline, not taken from Errors:\n" + "\n".join(inline)


def test_errors_scan_catches_an_inline_message():
    """The scan above must see what it is meant to forbid."""
    call = ast.parse('raise StoreError(f"cannot open {path}")').body[0].exc
    assert _catalogue_reference(_message_argument(call)) is None
    call = ast.parse("raise StoreError(Errors.E303.format(path=p, reason=e))").body[0].exc
    assert _catalogue_reference(_message_argument(call)) == "E303"


def test_errors_format_calls_give_exactly_the_template_fields():
    templates = catalogue()
    wrong = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "format"):
                continue
            code = _catalogue_reference(node)
            if code is None:
                continue
            fields = {f for _, f, _, _ in string.Formatter().parse(templates[code]) if f}
            given = {k.arg for k in node.keywords}
            if fields != given or node.args:
                wrong.append(f"{path.name}:{node.lineno}: {code} needs {sorted(fields)}, "
                             f"got {sorted(given)}")
    assert not wrong, "\n".join(wrong)


# --- the hierarchy and the mappings -----------------------------------------------------


def test_errors_carry_their_code():
    assert StoreError(Errors.E305.format(path="x")).code == "E305"
    assert SwordError("no code here").code is None
    error = InputError(Errors.E013, where="corpus.jsonl:3")
    assert str(error) == 'corpus.jsonl:3: [E013] no "text" field'
    assert error.code == "E013" and error.where == "corpus.jsonl:3"


def test_errors_api_error_is_a_sword_error_with_its_own_status():
    from sword.api import ApiError as exported

    assert exported is ApiError and issubclass(ApiError, SwordError)
    error = ApiError(Errors.E503.format(doc_id="d"), status=404)
    assert (error.status, error.kind, error.code) == (404, "not_found", "E503")
    assert http_status_for(error) == 404


def test_errors_exit_codes_by_class():
    assert exit_code_for(UnknownFormat(Errors.E213)) == EXIT_USAGE
    assert exit_code_for(StoreLocked(Errors.E323.format(path="x"))) == EXIT_ERROR
    assert exit_code_for(InputError(Errors.E001)) == EXIT_ERROR
    assert exit_code_for(SwordError(Errors.E404)) == EXIT_ERROR


def test_errors_http_status_by_class():
    assert http_status_for(StoreLocked(Errors.E323.format(path="x"))) == 503
    assert http_status_for(StoreError(Errors.E309)) == 503
    assert http_status_for(InputError(Errors.E001)) == 422
    assert http_status_for(MissingExtra(Errors.E130.format(extra="x", missing="y"))) == 501
    assert http_status_for(SwordError(Errors.E404)) == 422


# --- what users see ---------------------------------------------------------------------


def test_errors_cli_shows_the_code_and_maps_the_exit_code(tmp_path: Path):
    from sword.cli.main import app

    runner = CliRunner()
    unknown = runner.invoke(app, ["code", "-", "-o", str(tmp_path / "x.foo")], input="x\n")
    assert unknown.exit_code == EXIT_USAGE
    assert "error: [E211] cannot tell the output format from" in unknown.stderr
    missing = runner.invoke(app, ["relations", "RUS", "AZE", "--db",
                                  str(tmp_path / "none.duckdb")])
    assert missing.exit_code == EXIT_ERROR
    assert "[E301] no Sword store at" in missing.stderr


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    from sword.api import create_app
    from sword.model import CodedDocument
    from test_api_fixtures import build_story_store

    db = build_story_store(tmp_path_factory.mktemp("codes") / "story.duckdb")
    app = create_app(db, token="t", coder=lambda docs: [CodedDocument(d) for d in docs])
    with TestClient(app) as test_client:
        yield test_client


def test_errors_api_json_carries_the_code(client: TestClient):
    body = client.get("/api/documents/no-such-doc").json()
    assert body["code"] == "E503" and body["error"] == "not_found"
    assert body["message"].startswith("[E503] no document with id 'no-such-doc'")
    invalid = client.get("/api/events", params={"colour": "red"}).json()
    assert invalid["code"] == "E516" and invalid["message"].startswith("[E516] ")
    refused = client.post("/api/documents", json={"text": "x"})
    assert refused.status_code == 401 and refused.json()["code"] == "E509"
    assert refused.headers["WWW-Authenticate"] == "Bearer"
    assert client.delete("/api/events").json()["code"] is None  # the framework's own


@pytest.mark.parametrize(
    ("error", "status", "kind"),
    [
        (StoreLocked(Errors.E302.format(path="s.duckdb")), 503, "unavailable"),
        (MissingExtra(Errors.E130.format(extra="api", missing="x")), 501, "not_implemented"),
        (InputError(Errors.E015, where="document 0"), 422, "invalid_request"),
    ],
)
def test_errors_api_answers_an_escaped_sword_error_by_its_class(error, status, kind):
    from sword.api.errors import install_error_handlers

    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise error

    response = TestClient(app).get("/boom")
    assert response.status_code == status
    assert response.json() == {"error": kind, "code": error.code, "message": str(error)}


def test_errors_every_code_is_defined_once():
    """A code written twice in the catalogue would silently keep only the second message."""
    import re
    from collections import Counter
    from pathlib import Path

    import sword.errors

    source = Path(sword.errors.__file__).read_text(encoding="utf-8")
    codes = Counter(re.findall(r"^    (E\d{3}) = ", source, flags=re.MULTILINE))
    assert codes and not [code for code, n in codes.items() if n > 1]
