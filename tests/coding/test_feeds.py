"""News feeds as input: items become documents (text from the item or its linked page),
fetches stay within their limits, and a bad feed or item costs only itself. Every feed
and page is served from 127.0.0.1 by a real HTTP server."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

import pytest

from sword.coding.feeds import FeedConfig, FetchConfig, feed_documents, fetch, parse_feed
from sword.coding.read import ReadConfig, iter_documents
from sword.errors import InputError
from test_feed_fixtures import ARTICLES, Item, news_site, page_html, rss

# Three reports in one item: long enough (640 characters) to count as full text.
FULL_TEXT = "</p><p>".join(text for _, text in ARTICLES.values())
# Links in feed files point where nothing listens: a test must never reach further.
NOWHERE = "http://127.0.0.1:9"


def read_all(inputs, config: ReadConfig | None = None):
    errors: list[InputError] = []
    documents = list(iter_documents(inputs, config or ReadConfig(), errors.append))
    return documents, errors


@pytest.fixture
def site():
    with news_site() as served:
        yield served


def serve_feed(site, items, title="Caspian Wire"):
    return site.serve("/feed.xml", rss(title, items, site.base), "application/rss+xml")


def test_feeds_item_text_from_its_linked_page_with_date_url_source(site):
    title, text = ARTICLES["recall"]
    site.serve("/news/recall.html", page_html(title, text, "2025-07-01"))
    feed = serve_feed(site, [Item("urn:cw:1", "/news/recall.html", "Envoy recalled",
                                  "Mon, 14 Jul 2025 22:30:00 -0300", description="Baku…")])
    (document,), errors = read_all([feed])
    assert errors == []
    assert document.id == "urn:cw:1"
    assert document.url == f"{site.base}/news/recall.html"
    # the item's date wins over the page's; the day where it was published (22:30 at
    # -03:00 is the 14th there, the 15th in UTC): the day its "today" means
    assert document.date == date(2025, 7, 14)
    assert document.source == "Caspian Wire" and document.title == "Envoy recalled"
    assert "recalled its ambassador from Moscow" in document.text
    assert "All rights reserved" not in document.text  # extracted, not the raw page
    assert document.lang == "en"
    agents = {agent for path, agent in site.requests}
    assert len(agents) == 1 and agents.pop().startswith("Sword/")


def test_feeds_full_text_content_is_used_without_fetching_the_page(site):
    site.serve("/news/talks.html", page_html("Talks", "Other words entirely."))
    feed = serve_feed(site, [Item("urn:cw:2", "/news/talks.html", "Talks in Paris",
                                  "Tue, 15 Jul 2025 09:00:00 +0000",
                                  content=f"<p>{FULL_TEXT}</p>")])
    (document,), errors = read_all([feed])
    assert errors == [] and site.asked("/news/talks.html") == 0
    assert document.text.startswith("Azerbaijan recalled its ambassador from Moscow")
    assert "\nThe foreign ministers of Armenia and France" in document.text
    assert document.url == f"{site.base}/news/talks.html"


def test_feeds_short_content_is_a_teaser_and_the_page_is_fetched(site):
    title, text = ARTICLES["raid"]
    site.serve("/news/raid.html", page_html(title, text))
    feed = serve_feed(site, [Item("urn:cw:3", "/news/raid.html", "Raid",
                                  content="<p>Police raided an office.</p>")])
    (document,), errors = read_all([feed], ReadConfig(default_date=date(2025, 6, 30)))
    assert errors == [] and site.asked("/news/raid.html") == 1
    assert "detained two of its employees" in document.text
    assert document.date == date(2025, 6, 30)  # no item date, no page date: --date


def test_feeds_bad_items_are_reported_and_the_rest_is_read(site):
    site.serve("/news/recall.html", page_html(*ARTICLES["recall"]))
    site.serve("/news/empty.html", b"<html><body></body></html>")
    feed = serve_feed(site, [
        Item("urn:a", "/news/missing.html", "Gone"),
        Item("urn:b", "/news/empty.html", "Empty page"),
        Item("urn:c", "/news/recall.html", "Recall"),
        Item("urn:d", None, "No link and no text"),
    ])
    documents, errors = read_all([feed])
    assert [d.id for d in documents] == ["urn:c"]
    messages = [str(e) for e in errors]
    assert messages[0].startswith(f"{feed}#1: [E051]") and "404" in messages[0]
    assert messages[1].startswith(f"{feed}#2 {site.base}/news/empty.html: [E020]")
    assert messages[2].startswith(f"{feed}#4: [E056]")


def test_feeds_atom_file_with_full_content(tmp_path):
    atom = tmp_path / "wire.atom"
    atom.write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Ararat Dispatch</title>'
        "<id>urn:ararat</id><updated>2025-07-16T08:00:00Z</updated>"
        "<entry><id>urn:ararat:7</id><title>Talks</title>"
        f'<link href="{NOWHERE}/7"/><updated>2025-07-16T08:00:00Z</updated>'
        f'<content type="html">{escape(f"<p>{FULL_TEXT}</p>")}</content></entry>'
        "<entry><title>Short note</title><summary>Armenia thanked France.</summary></entry>"
        "</feed>", encoding="utf-8")
    documents, errors = read_all([tmp_path])  # found in a folder like any input
    assert errors == []
    first, second = documents
    assert (first.id, first.date, first.source, first.url) == (
        "urn:ararat:7", date(2025, 7, 16), "Ararat Dispatch", f"{NOWHERE}/7")
    assert first.origin == f"{atom}#1"
    # no id, no link: the item's place in the feed; no link: its short text is all it has
    assert (second.id, second.text) == ("wire:2", "Armenia thanked France.")


def test_feeds_a_file_that_is_no_feed_is_reported(tmp_path):
    page = tmp_path / "sitemap.xml"
    page.write_text("<html><body><p>Hello</p></body></html>")
    documents, errors = read_all([page])
    assert documents == []
    assert str(errors[0]).startswith(f"{page}: [E053] not a news feed")


def test_feeds_a_feed_cut_short_gives_its_first_items_and_says_where_it_breaks(tmp_path):
    whole = rss("Wire", [Item("urn:1", None, "One", description="Armenia thanked France."),
                         Item("urn:2", None, "Two", description="France thanked Armenia.")],
                NOWHERE).decode()
    cut = tmp_path / "wire.rss"
    cut.write_text(whole[: whole.index("urn:2")])
    documents, errors = read_all([cut])
    assert [d.id for d in documents] == ["urn:1"]
    assert "[E054] the feed breaks off at line" in str(errors[0])


def test_feeds_fetch_refuses_large_bodies_slow_bodies_and_other_schemes(site):
    big = site.serve("/big.html", b"x" * 5000)
    slow = site.serve("/slow.html", b"y" * 100, delay=0.6)
    hop = site.serve("/hop", b"", status=302, headers={"Location": "file:///etc/passwd"})
    limits = FetchConfig(timeout=1.0, max_bytes=1000)
    with pytest.raises(InputError, match=r"\[E052\].*limit of 1,000 bytes"):
        fetch(big, limits)
    with pytest.raises(InputError, match=r"\[E057\] took longer than 1 s"):
        fetch(slow, limits)
    with pytest.raises(InputError, match=r"\[E051\].*HTTP 302.*file:///etc/passwd"):
        fetch(hop, limits)
    with pytest.raises(InputError, match=r"\[E055\]"):
        fetch("file:///etc/passwd", limits)
    assert fetch(slow, FetchConfig(timeout=5.0)).data == b"y" * 100


def test_feeds_skip_passes_over_known_items_before_fetching(site):
    site.serve("/news/recall.html", page_html(*ARTICLES["recall"]))
    site.serve("/news/raid.html", page_html(*ARTICLES["raid"]))
    feed = serve_feed(site, [Item("urn:1", "/news/recall.html", "Recall"),
                             Item("urn:2", "/news/raid.html", "Raid")])
    errors: list[InputError] = []
    documents = list(feed_documents(feed, FeedConfig(), errors.append,
                                    skip=lambda key: key == "urn:1"))
    assert [d.id for d in documents] == ["urn:2"]
    assert site.asked("/news/recall.html") == 0 and site.asked("/news/raid.html") == 1


def test_feeds_relative_links_resolve_against_the_feed_address():
    feed = parse_feed(b'<rss version="2.0"><channel><title>W</title><item><title>A</title>'
                      b"<link>/a.html</link></item></channel></rss>",
                      "https://wire.example/feeds/all.xml")
    (item,) = feed.items
    assert item.link == "https://wire.example/a.html" and item.key == item.link
