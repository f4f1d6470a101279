import ast
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chat.safety import CATEGORIES, Assessment, Severity, assess, normalise
from chat.safety.phrases import HARMLESS, PHRASES
from tests.chat.safety_corpus import CORPUS, HARD_CASES

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = {"en", "ar", "fa", "uk", "ti", "ps", "ckb", "so", "am", "ur", "fr", "sq"}
LATIN_SCRIPT = {"ar-Latn", "fa-Latn"}


def _case_id(example: tuple[str, str, Severity | None]) -> str:
    language, text, expected = example
    return f"{language}-{expected or 'none'}-{text[:30]}"


# --- The corpus ------------------------------------------------------------------------------


@pytest.mark.parametrize("example", CORPUS, ids=_case_id)
def test_assess_corpus(example: tuple[str, str, Severity | None]) -> None:
    _language, text, expected = example
    assessment = assess(text)
    assert assessment.severity == expected
    assert assessment.is_risk is (expected is not None)


@pytest.mark.parametrize(
    "example",
    [pytest.param(case, marks=pytest.mark.xfail(strict=True)) for case in HARD_CASES],
    ids=_case_id,
)
def test_assess_hard_cases_are_still_wrong(example: tuple[str, str, Severity | None]) -> None:
    """Documented limits; when one starts passing, move it into CORPUS."""
    _language, text, expected = example
    assert assess(text).severity == expected


@pytest.mark.parametrize("language", sorted(LANGUAGES | LATIN_SCRIPT))
def test_corpus_covers_each_language(language: str) -> None:
    severities = Counter(expected for lang, _text, expected in CORPUS if lang == language)
    assert severities[Severity.HIGH] + severities[Severity.MEDIUM] >= 6
    assert severities[None] >= 5
    positives = [text for lang, text, expected in CORPUS if lang == language and expected]
    assert set().union(*(assess(text).categories for text in positives)) == set(CATEGORIES)


# --- Severity and categories -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "severity", "categories"),
    [
        ("I want to die", Severity.HIGH, {"suicide"}),
        ("I can't go on", Severity.HIGH, {"suicide"}),
        ("no reason to live", Severity.HIGH, {"suicide"}),
        ("I keep hurting myself", Severity.MEDIUM, {"self_harm"}),
        ("someone is hurting me", Severity.HIGH, {"danger"}),
        ("I cut myself and he is going to kill me", Severity.HIGH, {"self_harm", "danger"}),
        ("see you Saturday at the library", None, set()),
    ],
)
def test_assess_severity_and_categories(
    text: str, severity: Severity | None, categories: set[str]
) -> None:
    assert assess(text) == Assessment(severity=severity, categories=frozenset(categories))


def test_assess_prefers_recall_over_negation() -> None:
    """A reassurance costs a coordinator a minute; a missed plea could cost a life."""
    assert assess("I would never kill myself").severity is Severity.HIGH


def test_assess_empty_and_whitespace() -> None:
    assert assess("") == assess("   \n\t ") == Assessment(severity=None, categories=frozenset())
    assert not assess("").is_risk


@pytest.mark.parametrize(
    "text",
    [
        "میخوام بمیرم",
        "می خوام بمیرم",
        "می\u200cخوام بمیرم",
        "میخوامبمیرم",
        "مي خواهم بميرم",
    ],
)
def test_assess_arabic_script_joined_or_split(text: str) -> None:
    assert assess(text).categories == {"suicide"}


def test_assess_arabic_prefixes() -> None:
    assert assess("وسأنتحر").categories == {"suicide"}
    assert assess("أفكر بالانتحار").categories == {"suicide"}


def test_assess_every_phrase_fires_on_its_own() -> None:
    """Folding a phrase at import and folding a message must agree, for every spelling."""
    from chat.safety import _expand

    missing = [
        (category, expanded)
        for by_category in PHRASES.values()
        for category, phrases in by_category.items()
        for phrase in phrases
        for expanded in _expand(phrase.replace("*", ""))
        if category not in assess(expanded).categories
    ]
    assert missing == []


def test_assess_idioms_alone_are_harmless() -> None:
    from chat.safety import _expand

    flagged = [
        expanded
        for idioms in HARMLESS.values()
        for idiom in idioms
        for expanded in _expand(idiom.replace("*", ""))
        if assess(expanded).is_risk
    ]
    assert flagged == []


@pytest.mark.parametrize(
    "text", ["want to " * 3_000, "می خوام " * 3_000, "ራሴን " * 3_000, "a\u200b" * 10_000]
)
def test_assess_long_messages_stay_fast(text: str) -> None:
    """Phrase prefixes repeated many times must not make the regexes backtrack for long."""
    started = time.perf_counter()
    assess(text)
    assert time.perf_counter() - started < 0.5


# A fixed alphabet of the characters folding cares about; st.characters() would first build
# Hypothesis's Unicode tables, which takes seconds on a fresh checkout.
MESSAGE_TEXT = st.text(
    alphabet=st.sampled_from(
        list("aAéÉiI'’ʼ-. 37١٣۷ \n\tйЇё")
        + list("اأإآٱىيیئكکةهۀەہھؤوےںڵڕګښږېۍـًٌٍَُِّْٰۖ؟،")
        + list("ሀሐኀሠሰዐአፀጸቐቀኸከ፡።")
        + ["\u200b", "\u200c", "\u200d", "\u200e", "\u2060", "\ufeff", "\u061c"]
        + ["ℌ", "ﬃ", "Ａ", "ﻻ", "ß", "İ", "ǅ", "\u0301", "😀"]
    ),
    max_size=200,
)


@given(MESSAGE_TEXT)
def test_assess_never_fails(text: str) -> None:
    assessment = assess(text)
    assert assessment.categories <= set(CATEGORIES)
    assert assessment.is_risk is bool(assessment.categories)


# --- Normalisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        # case
        ("I WANT To Die", "i want to die"),
        ("ВІН", "він"),
        # diacritics, Latin and Cyrillic
        ("je préfère être tuée", "je prefere etre tue"),
        ("vetëvrasje", "vetevrasje"),
        ("убьёт", "убьет"),
        # Arabic harakat, superscript alef and Quranic marks
        ("أُرِيدُ أَنْ أَمُوتَ", "اريد ان اموت"),
        ("هٰذا", "هذا"),
        ("موت\u06d6", "موت"),
        # tatweel
        ("مـــوت", "موت"),
        # zero-width characters and bidi marks
        ("mo\u200bu\u200dt", "mout"),
        ("می\u200cخوام", "میخوام".replace("ی", "ي")),
        ("\ufeffhi\u2060", "hi"),
        ("م\u061cوت", "موت"),
        ("a\u200eb\u200fc", "abc"),
        # Arabic and Persian letter variants
        ("أ إ آ ٱ", "ا ا ا ا"),
        ("ي ى ی ئ", "ي ي ي ي"),
        ("ك ک", "ك ك"),
        ("ة ه ۀ", "ه ه ه"),
        ("ؤ", "و"),
        ("گ پ چ ژ", "گ پ چ ژ"),
        ("کاش", "كاش"),
        # Urdu, Pashto and Sorani letters fold to what a Persian or Arabic keyboard types
        ("ہے ں", "هي ن"),
        ("ۆ ێ ڵ ڕ ە", "و ي ل ر ه"),
        ("ګ ښ ږ ې ۍ", "گ ش ژ ي ي"),
        # repeated letters collapse to one
        ("dieeee", "die"),
        ("مووووت", "موت"),
        ("kill", "kil"),
        # whitespace and punctuation become single spaces; apostrophes vanish
        ("  why...   me?!  ", "why me"),
        ("self-harm", "self harm"),
        ("can't", "cant"),
        ("вб'ю вбʼю", "вбю вбю"),
        ("شو؟ لا، ما بعرف", "شو لا ما بعرف"),
        ("መሞት፡እፈልጋለሁ።", "መሞት እፈልጋለሁ"),
        # Eastern Arabic and Persian digits
        ("ta٣ban ٧ ۷", "ta3ban 7 7"),
        ("１２", "12"),
        # Ge'ez syllables survive; Amharic homophones fold (ሐ/ኀ → ሀ, ሠ → ሰ, ዐ → አ, ፀ → ጸ)
        ("ሕይወቴ", "ህይወቴ"),
        ("ሠላም ዐይን ፀሐይ", "ሰላም አይን ጸሀይ"),
        ("ቐ ኸ", "ቀ ከ"),
    ],
)
def test_normalise_folds(raw: str, folded: str) -> None:
    assert normalise(raw) == folded


def test_normalise_keeps_geez_syllables_even_repeated() -> None:
    assert normalise("ራሴን ማጥፋት") == "ራሴን ማጥፋት"
    assert normalise("ያስፈራራኛል") == "ያስፈራራኛል"  # not "ያስፈራኛል", a different word


@given(MESSAGE_TEXT)
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


# --- Evaluation command ----------------------------------------------------------------------


def test_safety_eval_prints_precision_and_recall(capsys: pytest.CaptureFixture[str]) -> None:
    from chat.safety_eval import main

    assert main() == 0
    output = capsys.readouterr().out
    assert "precision" in output
    assert all(f"\n{language} " in output for language in LANGUAGES | LATIN_SCRIPT)
    assert "\noverall " in output


# --- Purity ----------------------------------------------------------------------------------


PURE_MODULES = [
    "chat/__init__.py",
    "chat/safety/__init__.py",
    "chat/safety/phrases.py",
    "chat/safety_eval.py",
    "tests/chat/safety_corpus.py",  # loaded by the evaluation command
]


def _imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    return names | {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and not node.level
    }


@pytest.mark.parametrize("module", PURE_MODULES)
def test_safety_imports_only_stdlib(module: str) -> None:
    """Every import, at any depth in the file, is the standard library or the detector itself.

    Checked statically rather than by importing in a fresh interpreter: compiling the phrase
    regexes takes long enough to break the one-second test budget on a busy machine, and a
    static check also sees imports hidden inside functions.
    """
    names = _imported_names(PROJECT_ROOT / module)
    foreign = {
        name
        for name in names
        if name.split(".")[0] not in sys.stdlib_module_names and not name.startswith("chat.safety")
    }
    assert foreign == set()
    assert not any(name.split(".")[0] == "django" for name in names)
