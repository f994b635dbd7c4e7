"""The public API of the package is pinned."""

import sword


def test_api_surface_all_is_pinned():
    assert sorted(sword.__all__) == sorted([
        "CodedDocument", "CoderConfig", "Document", "Event", "Mention", "SwordError",
        "__version__", "code", "code_documents", "ingest", "relations", "shifts", "network",
        "framing",
    ])
    for name in sword.__all__:
        assert hasattr(sword, name)


def test_api_surface_one_version_source():
    from importlib.metadata import version

    assert version("project-sword") == sword.__version__
