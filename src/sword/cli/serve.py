"""`sword serve`: the dashboard and the HTTP API on a local port."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sword.api.server import (
    DEFAULT_DB,
    DEFAULT_HOST,
    DEFAULT_PORT,
    DEMO_DB,
    TOKEN_ENV,
    check_token,
    is_loopback,
    serve,
)
from sword.cli.common import fail, find_store
from sword.errors import SwordError


def register(app: typer.Typer) -> None:
    """Add `sword serve` to the command line."""

    @app.command("serve")
    def serve_command(
        db: Annotated[
            Path | None,
            typer.Option(
                "--db",
                metavar="FILE",
                help=f"The DuckDB store to serve (default: ./{DEFAULT_DB}, or ./{DEMO_DB} "
                "when only the demo's store is there).",
                show_default=False,
            ),
        ] = None,
        host: Annotated[str, typer.Option(metavar="ADDRESS", help="Address to listen on.")
                        ] = DEFAULT_HOST,
        port: Annotated[int, typer.Option(metavar="PORT", help="Port to listen on.")
                        ] = DEFAULT_PORT,
        max_body_mb: Annotated[
            int, typer.Option("--max-body-mb", min=1, help="Largest request body, in MB.")
        ] = 10,
        max_documents: Annotated[
            int, typer.Option(min=1, help="Most documents in one POST /api/documents.")
        ] = 1000,
        allow_host: Annotated[
            list[str] | None,
            typer.Option(
                "--allow-host",
                metavar="NAME",
                help="Another name clients may reach the server by (the Host header), "
                "besides the --host address and localhost; repeatable.",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Serve the dashboard and the HTTP API (OpenAPI reference at /docs).

        Reads are open to whoever reaches the address. Writes (POST /api/documents) need
        `Authorization: Bearer <token>` with the token in the SWORD_API_TOKEN environment
        variable (at least 16 characters); without it, writes are refused. Requests naming
        another host than --host, localhost or an --allow-host are refused (421).

        Examples:
          sword serve
          SWORD_API_TOKEN=$(openssl rand -hex 16) sword serve --db sword.duckdb --port 8080
        """
        import os

        from rich.console import Console

        from sword.api.app import ApiLimits

        console = Console(stderr=True)
        db = find_store(db, console=console)
        token = os.environ.get(TOKEN_ENV) or None
        try:
            check_token(token)
        except SwordError as e:
            raise fail(e, console) from e
        url = f"http://{host if ':' not in host else f'[{host}]'}:{port}"
        if not db.exists():
            console.print(f"[yellow]note[/] {db} does not exist: starting an empty store "
                          "(run `sword demo` or `sword ingest` to fill one)", highlight=False)
        if token is None:
            console.print(f"[yellow]note[/] writes are disabled: set {TOKEN_ENV} "
                          f"(e.g. `export {TOKEN_ENV}=$(openssl rand -hex 16)`) to allow "
                          "POST /api/documents", highlight=False)
        if not is_loopback(host):
            console.print(f"[yellow]warning[/] listening on {host}: anyone who can reach "
                          "this address can read the store", highlight=False)
        console.print(f"Sword dashboard on [bold]{url}/[/]  API reference: {url}/docs",
                      highlight=False)
        limits = ApiLimits(max_body_bytes=max_body_mb * 1024 * 1024, max_documents=max_documents,
                           allowed_hosts=tuple(allow_host or ()))
        try:
            serve(db, host, port, token=token, limits=limits)
        except SwordError as e:
            raise fail(e, console) from e
