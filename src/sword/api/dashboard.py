"""The dashboard: its pages (`/`, `/docs`), its files under /static and plotly's JavaScript,
served from the installed package so that no page loads anything from elsewhere; and the
security headers those pages carry.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from sword.errors import Errors, SwordError

__all__ = ["CONTENT_SECURITY_POLICY", "PAGE_HEADERS", "STATIC_DIR", "add_dashboard_routes"]

STATIC_DIR = Path(__file__).parent / "static"


def _plotly_js() -> bytes:
    """plotly's own bundled JavaScript, from the installed package (served, never a CDN)."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    try:
        return path.read_bytes()
    except OSError as e:
        raise SwordError(Errors.E520.format(reason=e)) from e


# The pages load scripts from this server only: even if article text ever reached the page
# as markup, an inline script or handler in it would not run. (plotly adds <style> tags.)
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def add_dashboard_routes(app: FastAPI) -> None:
    """The dashboard's pages and files; they send PAGE_HEADERS with every page."""
    plotly_js = _plotly_js()

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html", headers=PAGE_HEADERS)

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(
            STATIC_DIR / "apidocs.html", media_type="text/html", headers=PAGE_HEADERS
        )

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_bundle() -> Response:
        return Response(
            plotly_js,
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    # Mounted after the bundle's route, which would otherwise be looked for in STATIC_DIR.
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
