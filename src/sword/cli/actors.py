"""Actor arguments as people type them: a code (RUS, nato), a country's name or demonym
("Russia", "Azeri"), a seat of power ("the Kremlin"), a capital, an organisation or a
leader ("Aliyev" → AZE, the country of their latest office). The coder's own actor
knowledge (`sword.coding.knowledge`) is the dictionary, the same one the dashboard's
search reads.

An argument that names nothing known is a usage error (exit code 2) with the nearest
names as suggestions.
"""

from __future__ import annotations

import csv
import difflib
import functools
from dataclasses import dataclass
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from sword.coding.knowledge import DATA_DIR, KnowledgeBase, default_knowledge

SUGGESTIONS = 4


@dataclass(frozen=True, slots=True)
class ResolvedActor:
    """What an actor argument was taken to mean."""

    code: str  # the country or organisation code the analyses match on
    name: str  # its display name ("Azerbaijan")
    matched: str  # the known name the argument matched ("Aliyev"; the code itself)
    how: str  # code | name | demonym | place | org | person | city


@functools.lru_cache(maxsize=1)
def analysis_codes(data_dir: Path = DATA_DIR) -> frozenset[str]:
    """Every code an analysis can match (countries and organisations), read from the
    knowledge files alone: a code given on the command line needs no more."""
    codes: set[str] = set()
    for name, columns in (("countries.csv", ("code",)),
                          ("organisations.csv", ("code", "country"))):
        path = data_dir / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                codes.update((row.get(c) or "").strip().upper() for c in columns)
    codes.discard("")
    return frozenset(codes)


def _folded_names(kb: KnowledgeBase) -> dict[str, str]:
    """Case-folded surface → the surface as the knowledge spells it."""
    folded = {name.casefold(): name for name in kb.country_names.values()}
    for surface in kb.names:
        folded.setdefault(surface.casefold(), surface)
    return folded


def _strip_article(text: str) -> str:
    return text[4:].strip() if text.casefold().startswith("the ") else text


def _lookup(kb: KnowledgeBase, surface: str) -> tuple[str, str]:
    """(code, how) of a known surface; a person is the country of their latest office."""
    for code, name in kb.country_names.items():
        if name == surface:
            return code, "name"
    entry = kb.names[surface]
    if entry.how == "person":
        term = kb.person_at(surface, None)
        return (term.country if term else entry.country), "person"
    return (entry.country or entry.code), entry.how


def suggest(kb: KnowledgeBase, text: str, limit: int = SUGGESTIONS) -> list[str]:
    """The known names nearest to `text`, each with its code ("Russia (RUS)")."""
    folded = _folded_names(kb)
    needle = _strip_article(text.strip()).casefold()
    close = difflib.get_close_matches(needle, list(folded), n=limit * 3, cutoff=0.7)
    if len(close) < limit and len(needle) >= 3:
        close += sorted(k for k in folded if k.startswith(needle) and k not in close)
    out: dict[str, str] = {}  # one name per code: "Russia", not also "Russian"
    for key in close:
        surface = folded[key]
        code, _ = _lookup(kb, surface)
        out.setdefault(code, f"{surface} ({code})")
        if len(out) == limit:
            break
    return list(out.values())


def resolve_actor(text: str, kb: KnowledgeBase | None = None, param: str | None = None
                  ) -> ResolvedActor:
    """The actor an argument names; raise `typer.BadParameter` (exit code 2) with
    suggestions when it names none. `param` names the argument in that message."""
    given = text.strip()
    if not given:
        raise typer.BadParameter("an actor is empty: give a code (RUS) or a name (Russia)",
                                 param_hint=param)
    if kb is None and given.upper() in analysis_codes():
        return ResolvedActor(given.upper(), given.upper(), given, "code")
    kb = kb or default_knowledge()
    if given.upper() in kb.country_names or given.upper() in analysis_codes():
        code = given.upper()
        return ResolvedActor(code, kb.display_name(code), given, "code")
    surface = _folded_names(kb).get(_strip_article(given).casefold())
    if surface is None:
        surface = _folded_names(kb).get(given.casefold())
    if surface is None:
        hints = suggest(kb, given)
        tail = f"; did you mean {', '.join(hints)}?" if hints else (
            "; give a country code (RUS), a country (Russia), a capital, a leader or an "
            "organisation (NATO)")
        raise typer.BadParameter(f"no actor known as {given!r}{tail}", param_hint=param)
    code, how = _lookup(kb, surface)
    return ResolvedActor(code, kb.display_name(code), surface, how)


def resolve_actors(values: dict[str, str], console: Console) -> list[str]:
    """The codes of several actor arguments ({param: value}); each one given by name is
    said on `console` ("Aliyev: AZE (Azerbaijan)") so that the reader sees what was
    looked up."""
    codes = []
    for param, value in values.items():
        actor = resolve_actor(value, param=param)
        if actor.how != "code" and value.strip().casefold() != actor.name.casefold():
            console.print(f"[dim]{escape(value)}: {actor.code} ({escape(actor.name)})[/]",
                          highlight=False)
        codes.append(actor.code)
    return codes
