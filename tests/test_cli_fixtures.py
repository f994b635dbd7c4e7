"""A Typer app holding the store and analysis commands, for CLI tests that build their own
store (no spaCy, no command groups loaded lazily)."""

from __future__ import annotations

import typer

from sword.cli import export
from sword.cli.analysis import register


def analysis_app() -> typer.Typer:
    app = typer.Typer()
    app.command("noop")(lambda: None)  # a second command keeps Typer in group mode
    register(app)
    export.register(app)
    return app
