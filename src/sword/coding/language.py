"""Which language a document is in, and whether the coder has a model for it.

The reader (`sword.coding.read`) sets `Document.lang` from the input (a JSONL `lang`
field), from `--lang`, or else from `detect_language`; the pipeline codes only documents
in `CODED_LANGUAGES` and keeps the others, uncoded, with their language.

Detection is py3langid (langid.py's naive Bayes over byte n-grams, 97 languages): its
model ships in the wheel, so it works offline, loads in about a second and classifies a
long article's head in milliseconds. A short Latin-script text says little about its
language ("Putin meets Aliyev" reads as Oromo), so it is taken for English, the default,
unless another language is near certain; a text mostly in another script (Cyrillic,
Han, Armenian, …) is never English, however short.
"""

from __future__ import annotations

import functools
import re

ENGLISH = "en"
UNDETERMINED = "und"  # ISO 639's code for a language that cannot be told

# The languages the coder has a model for; a document in any other is kept, not coded.
CODED_LANGUAGES = frozenset({ENGLISH})

_SAMPLE_CHARS = 20_000  # the head of a long text tells its language
_MIN_LETTERS = 20  # fewer Latin letters than this: too little to tell English from others
_SURE = 0.9  # the detector's probability for a language other than English…
_ENGLISH_UNLIKELY = 0.01  # …or English's below this: the text is not English
# Every English text of the project's gold sets (1,698) has English at ≥ 0.03 and any
# other language at ≤ 0.61; one sentence of Spanish, French or Turkish has English < 0.003.

_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")


def detect_language(text: str) -> str:
    """The ISO 639-1 code of `text`'s language ("en", "ru", "zh", "hy", …)."""
    sample = text[:_SAMPLE_CHARS]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return ENGLISH  # nothing to tell by: the default
    latin = sum(1 for ch in letters if _is_latin(ch))
    ranked = _identifier().rank(sample)
    best, probability = ranked[0]
    if latin * 2 < len(letters):
        return best if best != ENGLISH else UNDETERMINED
    if best == ENGLISH or len(letters) < _MIN_LETTERS:
        return ENGLISH
    english = dict(ranked).get(ENGLISH, 0.0)
    if probability >= _SURE or english < _ENGLISH_UNLIKELY:
        return best
    return ENGLISH


def _is_latin(ch: str) -> bool:
    # Basic Latin to Latin Extended-B, and Latin Extended Additional (Vietnamese, …)
    return ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"


@functools.cache
def _identifier():  # type: ignore[no-untyped-def]
    # imported late: unpacking the model (LZMA) costs about a second and 70 MB, so it is
    # unpacked once into the user's cache (`sword.cache`) and memory-mapped from there
    from importlib.metadata import version

    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from sword.cache import cached_arrays, fingerprint

    path = MODEL_DIR / MODEL_FILE
    stat = path.stat()
    key = fingerprint([version("py3langid"), str(path), str(stat.st_size), str(stat.st_mtime_ns)])
    model = cached_arrays("langid", key, lambda: _unpacked_model(path))
    # memoryviews: the detector indexes the state table a byte at a time, and a
    # memoryview answers plain ints (as the array it replaces does), a memmap numpy scalars
    return LanguageIdentifier(model["ptc"], model["pc"], model["classes"].tolist(),
                              memoryview(model["nextmove"]), model["output"].tolist(),
                              norm_probs=True, tk_row=model["row"].tolist())


def _unpacked_model(path):  # type: ignore[no-untyped-def]
    import numpy as np
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(path)
    return {"ptc": np.asarray(ptc), "pc": np.asarray(pc), "classes": np.array(classes),
            "nextmove": np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}"),
            "row": np.array(row, dtype=np.int64), "output": np.array(output, dtype=np.int64)}


@functools.lru_cache(maxsize=256)
def language_code(value: str) -> str | None:
    """The ISO 639-1 code of a language tag or name ("en-GB", "EN", "eng", "English" →
    "en"), its ISO 639-3 code when it has no two-letter one, None when it names none."""
    import pycountry

    value = value.strip()
    tag = _TAG.fullmatch(value)
    languages = pycountry.languages
    if tag:
        primary = tag.group(1).lower()
        if primary == UNDETERMINED:
            return UNDETERMINED
        found = (languages.get(alpha_2=primary) if len(primary) == 2 else
                 languages.get(alpha_3=primary) or languages.get(bibliographic=primary))
    else:
        found = None
    if found is None and value.replace(" ", "").isalpha():
        lowered = value.lower()
        found = next((lang for lang in languages
                      if lang.name.lower() == lowered
                      or getattr(lang, "common_name", "").lower() == lowered), None)
    if found is None:
        return None
    return getattr(found, "alpha_2", None) or found.alpha_3


def is_coded_language(lang: str | None) -> bool:
    """Whether the coder has a model for documents in `lang` (a tag or a name); a
    document that says nothing (an empty `lang`) is taken as English, the default."""
    if not lang or lang in CODED_LANGUAGES:
        return True
    return (language_code(lang) or lang) in CODED_LANGUAGES
