"""Property-based requests from the OpenAPI document (schemathesis): never a 5xx.

In-process over ASGI against a hand-built store; writes carry the token and go through
the real coder, so whatever text schemathesis makes up is parsed and stored. Examples
per operation are bounded to keep the run well under a minute.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from sword.api import ApiLimits, create_app
from test_api_fixtures import build_story_store

TOKEN = "schemathesis-token"
MAX_EXAMPLES = 30


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory):
    db: Path = build_story_store(tmp_path_factory.mktemp("schemathesis") / "story.duckdb")
    app = create_app(db, token=TOKEN, limits=ApiLimits(max_body_bytes=64 * 1024,
                                                        max_documents=20))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.slow
def test_api_schemathesis_no_server_errors(api_schema) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10  # every route is in the OpenAPI document
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def no_server_error(case) -> None:
            case.call_and_validate(
                headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error]
            )

        no_server_error()
