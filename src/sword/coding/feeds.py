"""Reading news feeds (RSS and Atom): each item becomes a Document.

A feed is a file (`.rss`, `.atom` or `.xml`) or a web address (http or https) given as an
input; feedparser reads it. An item becomes a Document with

- id: the item's guid (Atom: id), else its link, else "<feed>:<n>" (n counts from 1);
- date: the item's published date (else its updated date) as the day it was where it was
  published (its own UTC offset: "Mon, 14 Jul 2025 22:30 -0300" is the 14th, the day its
  "today" means), else the linked page's date, else the default date (`--date`);
- source: the feed's title, else the host the feed (or the item's link) came from;
- url: the item's link; title: the item's title;
- text: the item's content when it is full text (its content or description holds at least
  `FeedConfig.min_full_text_chars` characters of text), else the linked page, fetched and
  read like an `.html` file (trafilatura, `sword.coding.pages`). An item with neither a
  link nor any text is reported.

Fetching (`fetch`) only follows web addresses (redirects included), sends a user agent,
gives up after `FetchConfig.timeout` seconds and refuses bodies over
`FetchConfig.max_bytes`. A failure costs one item (or, for the feed itself, one input): it
is reported to `on_error` as an `InputError` whose `where` is "<feed>#<n>" and reading
goes on. Nothing but the addresses the user gives and the links of their items is fetched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from sword.coding.pages import fragment_text, normalise_newlines, page_document
from sword.errors import Errors, InputError
from sword.model import Document

FEED_SUFFIXES: tuple[str, ...] = (".rss", ".atom", ".xml")
_WEB_SCHEMES = frozenset({"http", "https"})
_CHUNK = 65536
_ACCEPT_FEED = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
_ACCEPT_PAGE = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


def _user_agent() -> str:
    from sword import __version__

    return f"Sword/{__version__} (political event coder; reads the feeds its user gives it)"


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """How web addresses are fetched.

    timeout: seconds for the whole fetch (connecting, waiting and reading).
    max_bytes: a larger body is refused (reported, not read).
    user_agent: the User-Agent header sent with every request.
    """

    timeout: float = 20.0
    max_bytes: int = 5_000_000
    user_agent: str = field(default_factory=_user_agent)


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """How feed items become documents: `min_full_text_chars` of text in an item's own
    content make it full text; below that its linked page is fetched."""

    fetch: FetchConfig = field(default_factory=FetchConfig)
    min_full_text_chars: int = 500


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body: `url` after redirects, `content_type` without parameters."""

    url: str
    data: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed, as feedparser read it. `key` is the document id it gets."""

    index: int
    key: str
    link: str | None
    title: str | None
    published: date | None
    bodies: tuple[str, ...]  # its content and description as given (HTML or text)

    def own_text(self) -> str:
        """The longest text among its content and description ("" when none): worked out
        on demand, since a watch passes over most items unread."""
        texts = (_item_text(body) for body in self.bodies)
        return max(texts, key=len, default="")


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: where it came from, its title, its items, and the problem of a feed
    that breaks off (the items before the break are read)."""

    location: str
    title: str | None
    items: tuple[FeedItem, ...]
    problem: InputError | None = None

    @property
    def source(self) -> str | None:
        """The publisher the items are credited to: the feed's title, else its host."""
        return self.title or urlsplit(self.location).hostname


# --- addresses and fetching --------------------------------------------------------------


def is_web_address(text: str) -> bool:
    """Whether `text` is an http(s) address with a host."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in _WEB_SCHEMES and bool(parts.netloc) and not any(
        ch.isspace() for ch in text)


def is_feed_file(path: Path) -> bool:
    return path.name.lower().endswith(FEED_SUFFIXES) and not path.name.startswith(".")


def _opener():  # type: ignore[no-untyped-def]
    """A urllib opener that follows redirects to web addresses only (never to file: or
    ftp:). Built on use: urllib.request and http.client cost 30 ms to import."""
    import urllib.error
    import urllib.request

    class WebRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
            if not is_web_address(newurl):
                raise urllib.error.HTTPError(newurl, code, f"redirect to {newurl!r} refused",
                                             headers, fp)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(WebRedirects())


def fetch(url: str, config: FetchConfig, accept: str = _ACCEPT_PAGE,
          where: str | None = None) -> Fetched:
    """GET `url` within the limits of `config`; raise InputError on failure, said of
    `where` (default: the url)."""
    import urllib.error
    import urllib.request
    from http.client import HTTPException

    where = where or url
    if not is_web_address(url):
        raise InputError(Errors.E055.format(url=url), where=where)
    request = urllib.request.Request(url, headers={"User-Agent": config.user_agent,
                                                   "Accept": accept})
    opener = _opener()
    deadline = time.monotonic() + config.timeout
    try:
        with opener.open(request, timeout=config.timeout) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > config.max_bytes:
                raise InputError(Errors.E052.format(url=url, limit=config.max_bytes),
                                 where=where)
            data = _read_limited(response, url, where, config, deadline)
            return Fetched(response.geturl(), data, response.headers.get_content_type())
    except urllib.error.HTTPError as e:
        raise InputError(Errors.E051.format(url=url, status=e.code, reason=e.reason),
                         where=where) from e
    except urllib.error.URLError as e:
        raise InputError(Errors.E050.format(url=url, reason=e.reason), where=where) from e
    except TimeoutError as e:
        raise InputError(Errors.E057.format(url=url, seconds=config.timeout),
                         where=where) from e
    except (OSError, HTTPException, ValueError) as e:
        raise InputError(Errors.E050.format(url=url, reason=e or type(e).__name__),
                         where=where) from e


def _read_limited(response, url: str, where: str, config: FetchConfig,  # type: ignore[no-untyped-def]
                  deadline: float) -> bytes:
    """The body in chunks, so that neither a large body nor a slow one holds the run."""
    parts: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > config.max_bytes:
            raise InputError(Errors.E052.format(url=url, limit=config.max_bytes), where=where)
        if time.monotonic() > deadline:
            raise InputError(Errors.E057.format(url=url, seconds=config.timeout), where=where)
        parts.append(chunk)
    return b"".join(parts)


# --- feeds -------------------------------------------------------------------------------


def read_feed(source: str | Path, config: FeedConfig) -> Feed:
    """The feed in a file or at a web address; InputError when it cannot be had or is no
    feed."""
    location = str(source)
    if is_web_address(location):
        fetched = fetch(location, config.fetch, accept=_ACCEPT_FEED)
        return parse_feed(fetched.data, fetched.url, content_type=fetched.content_type)
    try:
        data = Path(source).read_bytes()
    except FileNotFoundError as e:
        raise InputError(Errors.E001, where=location) from e
    except OSError as e:
        raise InputError(Errors.E004.format(reason=e.strerror or e), where=location) from e
    return parse_feed(data, location)


def parse_feed(data: bytes, location: str, content_type: str = "application/xml") -> Feed:
    """A Feed from the bytes of an RSS or Atom document found at `location` (a path or a
    web address: relative links are resolved against it)."""
    import feedparser  # imported late: most runs read no feed

    headers = {"content-type": content_type}
    if is_web_address(location):
        headers["content-location"] = location
    parsed = feedparser.parse(data, response_headers=headers)
    broken = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.get("version") or (not parsed.entries and broken is not None):
        reason = f": {broken}" if broken is not None and parsed.get("version") else ""
        raise InputError(Errors.E053.format(reason=reason), where=location)
    items = tuple(_feed_item(entry, index, location)
                  for index, entry in enumerate(parsed.entries, 1))
    problem = None
    line = getattr(broken, "getLineNumber", None)
    if line is not None:  # an XML error: the feed breaks off there
        problem = InputError(Errors.E054.format(line=line(), reason=broken.getMessage()),
                             where=location)
    title = (parsed.feed.get("title") or "").strip() or None
    return Feed(location=location, title=title, items=items, problem=problem)


def _feed_item(entry, index: int, location: str) -> FeedItem:  # type: ignore[no-untyped-def]
    link = entry.get("link") or None
    if link is not None and not is_web_address(link):
        link = None  # a relative link in a local file, or another scheme: nothing to fetch
    key = (entry.get("id") or "").strip() or link or f"{_feed_stem(location)}:{index}"
    if entry.get("published_parsed"):
        published = _local_day(entry.get("published"), entry.get("published_parsed"))
    else:
        published = _local_day(entry.get("updated"), entry.get("updated_parsed"))
    bodies = [content.get("value", "") for content in entry.get("content", [])]
    bodies.append(entry.get("summary", ""))
    title = (entry.get("title") or "").strip() or None
    return FeedItem(index=index, key=key, link=link, title=title, published=published,
                    bodies=tuple(body for body in bodies if body))


def _local_day(written: str | None, utc: time.struct_time | None) -> date | None:
    """The day of a feed date at its own UTC offset; feedparser's UTC day when the
    written form is not RFC 822 or ISO 8601."""
    if written:
        for parse in (parsedate_to_datetime, datetime.fromisoformat):
            try:
                return parse(written.strip()).date()
            except (TypeError, ValueError, IndexError):
                continue
    return date(utc.tm_year, utc.tm_mon, utc.tm_mday) if utc else None


def _item_text(body: str) -> str:
    if "<" in body:
        return fragment_text(body)
    return normalise_newlines(body).strip()


def _feed_stem(location: str) -> str:
    if is_web_address(location):
        parts = urlsplit(location)
        return f"{parts.hostname}{parts.path}"
    return Path(location).name.rsplit(".", 1)[0]


# --- items to documents ------------------------------------------------------------------


def item_document(item: FeedItem, feed: Feed, config: FeedConfig,
                  default_date: date | None = None) -> Document:
    """The item as a Document (its `lang` left to be detected), its text from its own
    content when that is full text, else from its linked page; InputError (where
    "<feed>#<n>") when it has no text or its page cannot be fetched or read."""
    where = f"{feed.location}#{item.index}"
    own = item.own_text()
    if len(own) >= config.min_full_text_chars or (own and item.link is None):
        return Document(id=item.key, text=own, date=item.published or default_date,
                        title=item.title, source=feed.source, url=item.link, lang="",
                        origin=where)
    if item.link is None:
        raise InputError(Errors.E056.format(index=item.index), where=where)
    page = fetch(item.link, config.fetch, where=where)  # errors said of the item
    document = page_document(page.data, item.key, f"{where} {item.link}", default_date)
    document.date = item.published or document.date
    document.title = item.title or document.title
    document.source = feed.source or document.source
    document.url = item.link
    return document


def feed_documents(
    source: str | Path,
    config: FeedConfig,
    on_error: Callable[[InputError], None],
    default_date: date | None = None,
    skip: Callable[[str], bool] | None = None,
) -> Iterator[Document]:
    """The documents of the feed at `source` (a file or a web address), one item at a
    time; items for whose key `skip` is true are passed over before anything is fetched.
    A bad feed or item is reported to `on_error` and the rest goes on."""
    try:
        feed = read_feed(source, config)
    except InputError as error:
        on_error(error)
        return
    if feed.problem is not None:
        on_error(feed.problem)
    for item in feed.items:
        if skip is not None and skip(item.key):
            continue
        try:
            yield item_document(item, feed, config, default_date)
        except InputError as error:
            on_error(error)
