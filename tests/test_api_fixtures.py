"""Hand-built coded documents for the API, dashboard and browser tests (no tests here).

A small story in events, no model needed: Russia and Azerbaijan cooperate through 2023 and
turn hostile from late 2024; Russia stays friendly with Armenia until 2024 while Armenia
and Azerbaijan are hostile (Russia caught between them); Armenia turns to France. One
article carries a stored cross-site-scripting attempt in its title, text and evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sword.model import CodedDocument, Document, Event, Mention
from sword.store import Store

NAMES = {
    "RUS": "Russia",
    "AZE": "Azerbaijan",
    "ARM": "Armenia",
    "FRA": "France",
    "TUR": "Turkey",
}

# cameo → (quad class, Goldstein, PLOVER, sentence template, lexicon pattern)
CODES: dict[str, tuple[int, float, str, str, str]] = {
    "057": (1, 8.0, "AGREE", "{S} signed an agreement with {T} on energy transit.",
            "verb:sign agreement"),
    "042": (1, 1.9, "CONSULT", "{S} visited {T} for talks on trade and transport.",
            "verb:visit"),
    "061": (2, 6.4, "COOPERATE", "{S} agreed to cooperate economically with {T}.",
            "verb:cooperate"),
    "112": (3, -2.0, "ACCUSE", "{S} accused {T} of meddling in its affairs.", "verb:accuse"),
    "161": (4, -4.0, "REDUCE", "{S} recalled its ambassador from {T} after a dispute.",
            "verb:recall ambassador"),
    "173": (4, -5.0, "SEIZE", "{S} police arrested citizens of {T} in a series of raids.",
            "verb:arrest"),
}

PUBLISHERS = ("Caspian Ledger", "Northern Courier", "Ararat Weekly")

XSS_TITLE = "<img src=x onerror=\"window.__xss_title=1\">Raid report"
XSS_SENTENCE = (
    "Russia accused Azerbaijan of <script>window.__xss_script=1;alert('xss')</script> "
    "meddling <img src=x onerror=\"window.__xss_img=1;alert(1)\"> in its affairs."
)
XSS_DOC_ID = "xss-1"


@dataclass(frozen=True)
class Spec:
    """One event to write: day, source and target countries, CAMEO code."""

    day: str
    source: str
    target: str
    cameo: str


def monthly(source: str, target: str, cameo: str, first: str, months: int, step: int = 1,
            day: int = 10) -> list[Spec]:
    year, month = (int(p) for p in first.split("-"))
    out = []
    for _ in range(months):
        out.append(Spec(f"{year:04d}-{month:02d}-{day:02d}", source, target, cameo))
        month += step
        while month > 12:
            month -= 12
            year += 1
    return out


def story() -> list[Spec]:
    """The events of the test corpus."""
    specs: list[Spec] = []
    # Russia–Azerbaijan: cooperation in 2023, conflict from October 2024.
    specs += monthly("RUS", "AZE", "057", "2023-01", 12)
    specs += monthly("AZE", "RUS", "042", "2023-01", 12, day=20)
    specs += monthly("AZE", "RUS", "173", "2024-10", 10)
    specs += monthly("RUS", "AZE", "112", "2024-10", 10, day=20)
    # Russia–Armenia friendly, Armenia–Azerbaijan hostile: Russia is the pivot of a triad.
    specs += monthly("RUS", "ARM", "061", "2023-01", 12, day=5)
    specs += monthly("ARM", "AZE", "112", "2023-01", 12, day=15)
    # Armenia turns to France in 2024–2025.
    specs += monthly("ARM", "FRA", "042", "2024-03", 8, day=12)
    specs += monthly("FRA", "ARM", "057", "2024-04", 6, day=25)
    specs += [Spec("2024-06-01", "TUR", "AZE", "061")]
    return specs


def sentence_for(spec: Spec) -> str:
    template = CODES[spec.cameo][3]
    return template.format(S=NAMES[spec.source], T=NAMES[spec.target])


def coded_document(doc_id: str, spec: Spec, publisher: str, sentence: str | None = None,
                   title: str | None = None, url: str | None = None,
                   lead: str = "", confidence: float = 0.8,
                   flags: tuple[str, ...] = ()) -> CodedDocument:
    """One article with one event; `lead` is text before the evidence sentence."""
    quad, goldstein, plover, _, pattern = CODES[spec.cameo]
    sentence = sentence or sentence_for(spec)
    start = len(lead)
    text = f"{lead}{sentence} Officials gave no further details."
    source_name, target_name = NAMES[spec.source], NAMES[spec.target]
    event = Event(
        doc_id=doc_id,
        sentence_index=1 if lead else 0,
        evidence=sentence,
        evidence_start=start,
        evidence_end=start + len(sentence),
        event_date=spec.day,
        date_precision="day",
        source=f"{spec.source}GOV",
        target=spec.target,
        source_name=source_name,
        target_name=target_name,
        source_country=spec.source,
        target_country=spec.target,
        cameo=spec.cameo,
        root=spec.cameo[:2],
        quad_class=quad,
        goldstein=goldstein,
        plover=plover,
        confidence=confidence,
        pattern=pattern,
        flags=list(flags),
    )
    mentions = []
    for name, code in ((source_name, f"{spec.source}GOV"), (target_name, spec.target)):
        at = sentence.find(name)
        if at >= 0:
            mentions.append(Mention(name, start + at, start + at + len(name), code, code[:3],
                                    sentence_index=event.sentence_index))
    document = Document(
        id=doc_id,
        text=text,
        date=date.fromisoformat(spec.day),
        title=title or f"{source_name} and {target_name}: report of {spec.day}",
        source=publisher,
        url=url or f"https://news.example/{doc_id}",
    )
    return CodedDocument(document, [event], mentions)


def story_documents(with_xss: bool = True) -> list[CodedDocument]:
    docs = [
        coded_document(f"doc-{i:03d}", spec, PUBLISHERS[i % len(PUBLISHERS)],
                       lead=f"Report {i} of {spec.day}. ", confidence=0.5 + 0.1 * (i % 5),
                       flags=reported_flags(i, spec))
        for i, spec in enumerate(story())
    ]
    if with_xss:
        docs.append(
            coded_document(
                XSS_DOC_ID,
                Spec("2025-08-15", "RUS", "AZE", "112"),
                "<b onmouseover=\"window.__xss_outlet=1\">Evil Outlet</b>",
                sentence=XSS_SENTENCE,
                title=XSS_TITLE,
                url="javascript:window.__xss_url=1",
                lead="<script>window.__xss_lead=1</script> MOSCOW. ",
            )
        )
    return docs


def reported_flags(index: int, spec: Spec) -> tuple[str, ...]:
    """Every third accusation is one side's claim as the article reports it."""
    return ("reported",) if spec.cameo == "112" and index % 3 == 0 else ()


def build_story_store(path: Path, with_xss: bool = True) -> Path:
    """Write the story into a new DuckDB store at `path` and close it."""
    with Store(path) as store:
        store.ingest(story_documents(with_xss))
    return path
