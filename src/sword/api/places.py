"""The map's route and files: `/api/places` (`sword.analysis.places.map_rows`), the map's
script and the world outline plotly draws it on, served from the installed package
(`/static/map/map.js`, `/static/map/world_110m.json`) so the map loads nothing from
elsewhere. The dashboard's #/map view uses them (`sword/report/map.js`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Query
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from sword.analysis.places import map_rows
from sword.api._json import plain
from sword.api.params import DateParam, DyadParam, date_window
from sword.api.state import SwordAPI
from sword.report.map import MAP_JS
from sword.report.world import TOPOJSON_NAME, world_topology_json

__all__ = ["PlacesQuery", "add_map_files", "add_place_routes"]


class PlacesQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a mistyped parameter is an error

    dyad: DyadParam | None = Field(None, description="only this pair: A,B")
    since: DateParam | None = None
    until: DateParam | None = None
    limit: int = Field(20_000, ge=1, le=100_000)


def add_place_routes(app: FastAPI, state: SwordAPI) -> None:
    """GET /api/places."""

    @app.get("/api/places", tags=["read"])
    def places(query: Annotated[PlacesQuery, Query()]) -> list[dict[str, Any]]:
        """Unique placed events per place, country pair and month (YYYY-MM), busiest
        first: the map's points before the page sums them by place."""
        since, until = date_window(query.since, query.until)
        dyad = tuple(query.dyad.split(",")) if query.dyad else None

        def compute() -> list[dict[str, Any]]:
            with state.reading() as con:
                rows = map_rows(con, since, until, dyad, query.limit)
            return [{key: plain(value) for key, value in row.items()} for row in rows]

        return state.cached(("places", dyad, since, until, query.limit), compute)


def add_map_files(app: FastAPI) -> None:
    """The map's script and outline; added before the /static mount, which would
    otherwise look for them in the dashboard's folder."""

    @app.get("/static/map/map.js", include_in_schema=False)
    def map_script() -> FileResponse:
        return FileResponse(MAP_JS, media_type="text/javascript")

    @app.get(f"/static/map/{TOPOJSON_NAME}.json", include_in_schema=False)
    def world_outline() -> Response:
        return Response(world_topology_json(), media_type="application/json",
                        headers={"Cache-Control": "public, max-age=86400"})
