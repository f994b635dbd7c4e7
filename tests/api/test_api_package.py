"""The public names of sword.api are pinned, and load only when used."""

import subprocess
import sys

import pytest

import sword.api


def test_api_package_all_is_pinned():
    assert sorted(sword.api.__all__) == [
        "ApiError", "ApiLimits", "action_words", "create_app", "event_highlights",
    ]
    for name in sword.api.__all__:
        assert getattr(sword.api, name).__name__ == name


def test_api_package_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        sword.api.no_such_name  # noqa: B018


def test_api_package_server_import_leaves_fastapi_unloaded():
    # Every `sword` command imports sword.api.server; FastAPI must wait for `sword serve`.
    code = (
        "import sys, sword.api.server; "
        "print('fastapi' in sys.modules, 'sword.api.app' in sys.modules)"
    )
    answer = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert answer.stdout.split() == ["False", "False"]
