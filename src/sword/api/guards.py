"""The server's guards: the Host header checked against the names the server answers to
(DNS rebinding), security headers on every answer, and a limit on failed authentications
per client address.

    app.add_middleware(HostGuard, allowed=answered_hosts("127.0.0.1", ["sword.example"]))
    app.add_middleware(SecurityHeaders)
    throttle = AuthThrottle(attempts=5, window=60.0)

A web page on another site can make a browser send requests to 127.0.0.1 by pointing its
own domain name at that address (DNS rebinding); the request then names the attacker's
domain in its Host header, which the guard refuses. A Host that is the IP address the
request arrived at cannot be such a name, and is answered.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sword.api.errors import json_error
from sword.errors import Errors

__all__ = [
    "LOOPBACK_NAMES",
    "SECURITY_HEADERS",
    "AuthThrottle",
    "HostGuard",
    "SecurityHeaders",
    "answered_hosts",
    "host_name",
]

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_ANY_ADDRESS = frozenset({"", "0.0.0.0", "::"})

# The pages load scripts from this server only: even if article text ever reached the page
# as markup, an inline script or handler in it would not run. (plotly adds <style> tags.)
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # frame-ancestors, for browsers that predate it
}


def host_name(value: str) -> str:
    """The name a Host header (or an allow-list entry) gives: without port, brackets or
    trailing dot, in lower case ("[::1]:8000" → "::1", "Example.org.:80" → "example.org")."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else value
    if value.count(":") == 1:  # name:port; more colons is a bare IPv6 address
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def answered_hosts(bind_host: str, allowed: Iterable[str] = ()) -> frozenset[str]:
    """The names a server bound to `bind_host` answers to: the loopback names, the bind
    address itself (unless it is a wildcard) and the `allowed` names."""
    names = set(LOOPBACK_NAMES) | {host_name(h) for h in allowed if host_name(h)}
    if host_name(bind_host) not in _ANY_ADDRESS:
        names.add(host_name(bind_host))
    return frozenset(names)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostGuard:
    """Refuse HTTP requests whose Host header names none of `allowed` with 421 and a JSON
    error; a Host that is the IP address the request arrived at is answered too."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        name = host_name(raw)
        server = scope.get("server")
        arrived_at = bool(server) and name == host_name(str(server[0])) and _is_ip(name)
        if name in self.allowed or arrived_at:
            await self.app(scope, receive, send)
            return
        message = Errors.E532.format(host=name[:200], allowed=", ".join(sorted(self.allowed)))
        await json_error(421, "misdirected_request", message, "E532")(scope, receive, send)


class SecurityHeaders:
    """Put SECURITY_HEADERS on every HTTP answer that does not set them itself: pages,
    static files, JSON and errors alike, so that no route can forget them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


class AuthThrottle:
    """Failed authentications per client address: after `attempts` failures within
    `window` seconds a client must wait until the oldest of them is `window` old.

    Memory is bounded: at most `max_clients` addresses are remembered, the least recently
    failing forgotten first. Safe to use from many threads.
    """

    def __init__(
        self,
        attempts: int,
        window: float,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.attempts = attempts
        self.window = window
        self.max_clients = max_clients
        self.clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, client: str) -> int:
        """Whole seconds `client` must wait before it may try again; 0 when it may now."""
        with self._lock:
            failures = self._failures.get(client)
            if failures is None or len(failures) < self.attempts:
                return 0
            left = failures[0] + self.window - self.clock()
            return math.ceil(left) if left > 0 else 0

    def failed(self, client: str) -> None:
        """Count one failed authentication of `client`."""
        with self._lock:
            failures = self._failures.pop(client, None)
            if failures is None:
                failures = deque(maxlen=self.attempts)
            failures.append(self.clock())
            self._failures[client] = failures
            while len(self._failures) > self.max_clients:
                self._failures.popitem(last=False)

    def succeeded(self, client: str) -> None:
        """Forget the failures of `client`: it has shown the token."""
        with self._lock:
            self._failures.pop(client, None)

    def __len__(self) -> int:
        return len(self._failures)
