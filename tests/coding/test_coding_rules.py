"""The coder's word lists are data (rules.yaml), read once into `Rules`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sword
from sword.coding.lexicon import default_lexicon, load_lexicon
from sword.errors import KnowledgeError


def test_coding_rules_word_lists_are_loaded_from_the_data():
    rules = default_lexicon().rules
    assert "group" in rules.quantifier_nouns and "$" in rules.quantifier_nouns
    assert "'ll" in rules.future_auxiliaries and "on" in rules.partner_preps
    assert rules.pronouns_plural == frozenset({"they", "them", "themselves"})
    assert rules.conflict_roots >= {"18", "19", "20"}


def test_coding_rules_number_words_are_read_only_floats():
    rules = default_lexicon().rules
    assert rules.magnitude_words["thousands"] == 2000.0
    assert isinstance(rules.number_words["fifty"], float)
    with pytest.raises(TypeError):
        rules.magnitude_words["lakhs"] = 1e5  # type: ignore[index]


def test_coding_rules_a_number_table_of_words_is_refused(tmp_path):
    data = Path(sword.__file__).parent / "data"
    for name in ("cameo.csv", "verbs.tsv", "nouns.tsv", "wrappers.csv", "rules.yaml"):
        shutil.copy(data / name, tmp_path / name)
    text = (tmp_path / "rules.yaml").read_text(encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(text.replace("dozens: 24", "dozens: many"),
                                         encoding="utf-8")
    with pytest.raises(KnowledgeError, match="magnitude_words"):
        load_lexicon(tmp_path)
