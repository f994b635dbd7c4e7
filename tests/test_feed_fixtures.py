"""A news site on 127.0.0.1 for the feed and watch tests: a real `http.server` in a
thread serving a feed and the pages its items link to, and recording every request."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

# Short reports written for these tests; each states events between states.
ARTICLES = {
    "recall": (
        "Azerbaijan recalls its envoy",
        "Azerbaijan recalled its ambassador from Moscow on Monday. Baku accused Russia of "
        "harassing Azerbaijani citizens in Yekaterinburg. The foreign ministry in Baku "
        "summoned the Russian ambassador to hand him a formal protest.",
    ),
    "talks": (
        "Armenia and France hold talks",
        "The foreign ministers of Armenia and France met in Paris on Tuesday. France "
        "promised Armenia new help for its border villages, and both sides agreed to meet "
        "again in the autumn.",
    ),
    "raid": (
        "Police raid news agency office",
        "Azerbaijani police raided the Baku office of the Russian news agency Sputnik on "
        "Wednesday and detained two of its employees. Moscow condemned the arrests.",
    ),
}


def page_html(title: str, text: str, published: str | None = None) -> bytes:
    """An article page with the site's navigation around it, as trafilatura meets them."""
    meta = (f'<meta property="article:published_time" content="{published}">'
            if published else "")
    paragraphs = "".join(f"<p>{escape(s.strip())}.</p>" for s in text.split(". ") if s)
    return (
        f"<!doctype html><html><head><title>{escape(title)} | Caspian Wire</title>{meta}"
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>{paragraphs}</article>"
        "<footer>© Caspian Wire. All rights reserved.</footer></body></html>"
    ).encode()


@dataclass(frozen=True, slots=True)
class Item:
    """One feed item: its guid, link path, title, RSS date and optional full content."""

    guid: str | None
    path: str | None
    title: str
    pub_date: str | None = None
    content: str | None = None
    description: str | None = None


def rss(title: str, items: list[Item], base: str) -> bytes:
    """An RSS 2.0 feed (content:encoded for full text) with absolute links under `base`."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel><title>{escape(title)}</title><link>{base}/</link>",
        "<description>News of the Caucasus</description>",
    ]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(item.title)}</title>")
        if item.path is not None:
            parts.append(f"<link>{base}{item.path}</link>")
        if item.guid is not None:
            parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        if item.pub_date is not None:
            parts.append(f"<pubDate>{item.pub_date}</pubDate>")
        if item.description is not None:
            parts.append(f"<description>{escape(item.description)}</description>")
        if item.content is not None:
            parts.append(f"<content:encoded><![CDATA[{item.content}]]></content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode()


@dataclass(frozen=True, slots=True)
class Page:
    content_type: str
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before each half of the body


@dataclass
class Site:
    """What the server serves (path → Page) and what it was asked: (path, User-Agent) of
    every request."""

    base: str = ""
    pages: dict[str, Page] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def serve(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8",
              status: int = 200, headers: dict[str, str] | None = None,
              delay: float = 0.0) -> str:
        """Serve `body` at `path` (after `delay` seconds, in two halves); its address."""
        with self.lock:
            self.pages[path] = Page(content_type, body, status, headers or {}, delay)
        return self.base + path

    def asked(self, path: str) -> int:
        with self.lock:
            return sum(1 for p, _ in self.requests if p == path)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with site.lock:
                site.requests.append((self.path, self.headers.get("User-Agent", "")))
                found = site.pages.get(self.path)
            if found is None:
                self.send_error(404)
                return
            self.send_response(found.status)
            self.send_header("Content-Type", found.content_type)
            self.send_header("Content-Length", str(len(found.body)))
            for name, value in found.headers.items():
                self.send_header(name, value)
            self.end_headers()
            half = len(found.body) // 2
            try:
                for part in (found.body[:half], found.body[half:]):
                    time.sleep(found.delay)
                    self.wfile.write(part)
                    self.wfile.flush()
            except ConnectionError:  # the client gave up (a size or time limit)
                pass

        def log_message(self, *args: object) -> None:  # quiet test output
            pass

    return Handler


@contextmanager
def news_site() -> Iterator[Site]:
    """A Site served on 127.0.0.1 (a free port) for the duration of the block."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
