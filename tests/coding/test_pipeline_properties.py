"""Properties of the whole coder on arbitrary text (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

WORDS = ["Russia", "Azerbaijan", "Putin", "Aliyev", "Argentine", "Asian", "side", "police",
         "raided", "accused", "met", "the", "of", "and", "not", "if", "said", "will", "on",
         "Friday", "Baku", "Kremlin", "Croatian", "Palace", "troops", "attacked", ",", ".",
         "?", "December", "24", "talks", "held", "with", "its", "ambassador", "to", "**",
         "## ", "__"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300),
                 st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)))
def test_pipeline_never_fails_and_evidence_matches_offsets(code, text):
    for event in code(text):
        assert text[event.evidence_start:event.evidence_end] == event.evidence
        assert event.source != event.target
        assert len(event.cameo) in (3, 4) and event.cameo.startswith(event.root)
        assert 0 < event.confidence <= 1
