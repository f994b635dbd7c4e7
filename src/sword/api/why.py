"""The read route that explains a dyad: `GET /api/dyads/{a}/{b}/why` — its shift alerts,
the moves around each (association in time, not cause) and the reasons the press gives,
each reason with its document and character offsets so the dashboard links to the
sentence (sword.analysis.why)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Query
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from sword.analysis.comoves import CoMoveConfig
from sword.analysis.why import WhyConfig, explain_dyad, why_payload
from sword.api._json import plain
from sword.api.errors import ApiError
from sword.api.params import ACTOR_PATTERN
from sword.api.state import SwordAPI
from sword.errors import Errors


class WhyQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    window: int = Field(12, ge=1, le=60, description="months either side of a shift")
    min_events: int = Field(10, ge=2, le=100_000,
                            description="unique events a dyad needs to be searched for shifts")
    reasons: int = Field(6, ge=0, le=50, description="reason sentences per shift")


def add_why_routes(app: FastAPI, state: SwordAPI) -> None:
    @app.get("/api/dyads/{a}/{b}/why", tags=["read"])
    def why(
        a: Annotated[str, PathParam(pattern=ACTOR_PATTERN)],
        b: Annotated[str, PathParam(pattern=ACTOR_PATTERN)],
        query: Annotated[WhyQuery, Query()],
    ) -> dict[str, Any]:
        """Why the dyad moved, as far as the data says: each shift alert with the other
        shifts and sharp changes of either party (or a common partner) around it — an
        association in time, never a cause — and the sentences that give a reason, each
        marked as one side's claim or the outlet's analysis."""
        a, b = a.upper(), b.upper()
        if a == b:
            raise ApiError(Errors.E502.format(pair=f"{a}/{b}"))
        config = WhyConfig(min_events=query.min_events, reasons=query.reasons,
                           comoves=CoMoveConfig(window=query.window))

        def compute() -> dict[str, Any]:
            with state.reading() as con:
                return plain(why_payload(explain_dyad(con, a, b, config)))

        return state.cached(("why", *sorted((a, b)), query.window, query.min_events,
                             query.reasons), compute)
