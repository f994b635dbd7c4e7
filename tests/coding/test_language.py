"""Which language a document is in, and the coder's skipping of the ones it has no model for."""

from __future__ import annotations

import pytest

from sword.coding.language import detect_language, is_coded_language, language_code
from sword.model import Document

RUSSIAN = ("Президент России Владимир Путин провёл переговоры с президентом Азербайджана "
           "Ильхамом Алиевым в Москве.")
CHINESE = "中国外交部发言人表示，中方坚决反对美国对台湾出售武器。"
ARMENIAN = "Հայաստանի վարչապետ Նիկոլ Փաշինյանը հանդիպել է Ադրբեջանի նախագահ Իլհամ Ալիևի հետ։"
ENGLISH = ("Azerbaijan recalled its ambassador from Moscow after police raided the Sputnik "
           "office in Baku, the foreign ministry said in a statement on Monday.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (RUSSIAN, "ru"),
        (CHINESE, "zh"),
        (ARMENIAN, "hy"),
        ("Le président français a rencontré le chancelier allemand à Berlin mardi.", "fr"),
        ("Die Bundesregierung hat am Dienstag neue Sanktionen gegen Russland beschlossen.", "de"),
        ("El presidente de España se reunió con el canciller alemán en Madrid el martes.", "es"),
        ("Türkiye Cumhurbaşkanı Erdoğan, Ankara'da Azerbaycan Cumhurbaşkanı Aliyev ile görüştü.",
         "tr"),
        (ENGLISH, "en"),
    ],
)
def test_language_detects_the_language_of_a_text(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # short English that the detector alone takes for Oromo, Latin or Nigerian Pidgin
        "Putin meets Aliyev",
        "NATO condemned Russia.",
        "Obama wants Putin to attack Switzerland.",
        "BAKU, Dec 20 (Reuters) - Azerbaijan's President Ilham Aliyev said on Tuesday ...",
        "12345 -- 2024-01-02",  # no letters: nothing to tell by
        "",
    ],
)
def test_language_short_or_unclear_latin_text_is_english(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", ["中国", "Путин", "Երևան"])
def test_language_another_script_is_never_english_however_short(text):
    assert not is_coded_language(detect_language(text))


def test_language_detection_reads_the_head_of_a_long_text():
    assert detect_language(RUSSIAN * 2000 + ENGLISH * 10) == "ru"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en", "en"), ("EN", "en"), ("en-GB", "en"), ("en_US", "en"), ("eng", "en"),
        ("English", "en"), ("russian", "ru"), ("fre", "fr"), ("arm", "hy"), ("zh-Hant", "zh"),
        ("und", "und"), ("xx", None), ("x1", None), ("", None), ("not a language", None),
    ],
)
def test_language_code_normalises_tags_and_names(value, expected):
    assert language_code(value) == expected


def test_language_only_english_is_coded():
    assert is_coded_language("en") and is_coded_language("en-GB") and is_coded_language("eng")
    assert is_coded_language("")  # a document that says nothing: English, the default
    assert not is_coded_language("ru")
    assert not is_coded_language("und")
    assert not is_coded_language("xx")


@pytest.mark.slow
def test_language_pipeline_codes_english_and_keeps_the_others_in_order(coder):
    text = "Germany expelled two Russian diplomats on Monday."
    documents = [Document(id="a", text=text), Document(id="b", text=text, lang="ru"),
                 Document(id="c", text=RUSSIAN, lang="ru"), Document(id="d", text=text)]
    coded = list(coder.code_documents(documents))
    assert [c.document.id for c in coded] == ["a", "b", "c", "d"]
    assert coded[0].events and coded[3].events
    # the same English text said to be Russian is not coded: no events, no mentions
    assert coded[1].events == [] and coded[1].mentions == []
    assert coded[2].events == [] and coded[2].document.lang == "ru"
