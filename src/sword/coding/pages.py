"""Reading one HTML page: its article text, title, date, site name and canonical URL,
extracted offline by trafilatura. Used for `.html` files (`sword.coding.read`) and for the
pages that news-feed items link to (`sword.coding.feeds`)."""

from __future__ import annotations

from datetime import date

from sword.errors import Errors, InputError
from sword.model import Document

_BINARY_PROBE = 8192  # like git, a NUL byte in the first 8 KiB means "binary"


def page_document(data: bytes, doc_id: str, where: str, default_date: date | None) -> Document:
    """The article in an HTML page as a Document (its `lang` left to be detected);
    `default_date` when the page gives no date. Raises InputError when the page cannot
    be parsed or holds no article text."""
    if b"\x00" in data[:_BINARY_PROBE]:
        raise InputError(Errors.E018, where=where)
    import trafilatura  # imported late: it costs ~0.2 s and most runs read no HTML

    try:
        extracted = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            # Dates from the page's metadata and markup only: the extensive search also
            # takes years mentioned in the article ("in 2022") for the publication date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    # trafilatura and lxml raise a variety of errors on broken markup; any of them means
    # this one page cannot be read, which is what InputError reports.
    except Exception as e:
        raise InputError(Errors.E019.format(kind=type(e).__name__, reason=e), where=where) from e
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise InputError(Errors.E020, where=where)
    page_date = None
    if extracted.date:
        try:
            page_date = date.fromisoformat(extracted.date[:10])
        except ValueError:
            page_date = None
    return Document(
        id=doc_id,
        text=normalise_newlines(text),
        date=page_date or default_date,
        title=extracted.title or None,
        source=extracted.sitename or None,
        url=extracted.url or None,
        lang="",  # detected: a page's own lang attribute is often its template's
        origin=where,
    )


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed item's content), paragraphs on their own
    lines; "" when it holds none."""
    import trafilatura

    try:
        text = trafilatura.extract(f"<html><body>{html}</body></html>", include_comments=False,
                                   include_tables=False)
    except Exception:  # broken markup in one item's content: read as having no text
        return ""
    return normalise_newlines(text or "").strip()


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
