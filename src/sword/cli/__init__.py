"""The command line: thin commands over the library (`sword --help`)."""

from sword.cli.main import app, main

__all__ = ["app", "main"]
