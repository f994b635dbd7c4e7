"""The dashboard: its pages (`/`, `/docs`), its files under /static and plotly's JavaScript,
served from the installed package so that no page loads anything from elsewhere. Their
security headers (Content-Security-Policy, …) are put on every answer by
`sword.api.guards.SecurityHeaders`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from sword.api.places import add_map_files
from sword.errors import Errors, SwordError

__all__ = ["STATIC_DIR", "add_dashboard_routes"]

STATIC_DIR = Path(__file__).parent / "static"


def _plotly_js() -> bytes:
    """plotly's own bundled JavaScript, from the installed package (served, never a CDN)."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    try:
        return path.read_bytes()
    except OSError as e:
        raise SwordError(Errors.E520.format(reason=e)) from e


def add_dashboard_routes(app: FastAPI) -> None:
    """The dashboard's pages and files."""
    plotly_js = _plotly_js()

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC_DIR / "apidocs.html", media_type="text/html")

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_bundle() -> Response:
        return Response(
            plotly_js,
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    add_map_files(app)
    # Mounted after the bundle's route, which would otherwise be looked for in STATIC_DIR.
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
