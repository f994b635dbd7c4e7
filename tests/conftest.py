"""Shared fixtures. The spaCy model loads once per test process (pipeline cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold"
OWN_GOLD = Path(__file__).parent / "gold" / "sword_gold.jsonl"
HELDOUT_GOLD = Path(__file__).parent / "gold" / "sword_heldout.jsonl"
DEV_GOLD = Path(__file__).parent / "gold" / "sword_dev.jsonl"
BLIND_GOLD = Path(__file__).parent / "gold" / "sword_blind.jsonl"


@pytest.fixture(scope="session")
def coder():
    from sword.coding.pipeline import get_coder
    from sword.config import CoderConfig

    return get_coder(CoderConfig())


@pytest.fixture(scope="session")
def code(coder):
    """Code one text: code(text, date="2024-01-01") → list of events."""
    from datetime import date as _date

    from sword.model import Document

    def run(text: str, date: str = "2024-01-15", doc_id: str = "t"):
        document = Document(id=doc_id, text=text, date=_date.fromisoformat(date))
        return next(coder.code_documents([document])).events

    return run


def dyads(events) -> set[tuple[str, str, str]]:
    """(source country, target country, root) of each event."""
    return {(e.source_country, e.target_country, e.root) for e in events}
