"""Running the API and dashboard: `serve()` in the foreground, `ServerThread` in the
background (tests, notebooks), and the `sword serve` command.

While a server runs, other processes may read its DuckDB file (it holds it read-only
between writes) but not write it: other writers go through its `POST /api/documents`.
Writes need the token given here (the command reads it from the
SWORD_API_TOKEN environment variable, never from the command line, where `ps` shows it);
a token shorter than MIN_TOKEN_LENGTH is refused before the server starts.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sword.errors import Errors, SwordError

if TYPE_CHECKING:
    from sword.api import ApiLimits

# Repeated from sword.api.writes and sword.store.store, which are imported only when a server starts:
# every `sword` command loads this module, and the API's imports cost a second or two.
TOKEN_ENV = "SWORD_API_TOKEN"
DEFAULT_DB = "sword.duckdb"
DEMO_DB = "sword-demo.duckdb"  # what `sword demo` writes (sword.demo.DEFAULT_DEMO_DB)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# 16 characters: `openssl rand -hex 16` gives 32 (128 bits). A 4-digit token was guessed in
# seconds; even throttled (5 failures a minute) 16 hex digits would take aeons.
MIN_TOKEN_LENGTH = 16


def check_token(token: str | None) -> None:
    """Refuse a write token too short to resist guessing (SwordError, saying how to make
    one); no token (writes disabled) is fine."""
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise SwordError(
            Errors.E530.format(env=TOKEN_ENV, length=len(token), minimum=MIN_TOKEN_LENGTH)
        )


def serve(
    db: str | Path = DEFAULT_DB,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    token: str | None = None,
    limits: ApiLimits | None = None,
    log_level: str = "info",
) -> None:
    """Serve the store at `db` on host:port until interrupted, answering requests whose
    Host header names `host`, a loopback name or one of `limits.allowed_hosts`.

    token: the bearer token writes need; None leaves writes refused.
    Raises SwordError for a token shorter than MIN_TOKEN_LENGTH, StoreLocked when another
    process holds the database file.
    """
    import uvicorn

    from sword.api import create_app
    from sword.store.serving import remove_note, write_note

    check_token(token)
    app = create_app(db, token, limits=limits, host=host)
    # the note beside the store tells another process that wants to write where to go
    write_note(db, f"http://{host if ':' not in host else f'[{host}]'}:{port}")
    try:
        uvicorn.run(app, host=host, port=port, log_level=log_level, workers=1)
    finally:
        remove_note(db)


def default_store(folder: Path) -> Path:
    """The store `sword serve` opens when not told: ./sword.duckdb, or else the demo's
    store when only that exists (so `sword demo` then `sword serve` shows the demo)."""
    own, demo = folder / DEFAULT_DB, folder / DEMO_DB
    if not own.exists() and demo.exists():
        return demo
    return own


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on right now (for test servers)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class ServerThread:
    """A uvicorn server for an application, running in a daemon thread.

        with ServerThread(create_app("sword.duckdb")) as server:
            httpx.get(server.url + "/api/summary")
    """

    def __init__(self, app: Any, host: str = DEFAULT_HOST, port: int | None = None) -> None:
        import uvicorn

        self.host = host
        self.port = port or free_port(host)
        config = uvicorn.Config(
            app, host=host, port=self.port, log_level="warning", lifespan="on", workers=1
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="sword-serve", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 20.0) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive():
                raise SwordError(Errors.E521.format(url=self.url))
            if time.monotonic() > deadline:
                raise SwordError(Errors.E522.format(url=self.url, timeout=timeout))
            time.sleep(0.02)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


