"""Safeguarding detector: does a chat message suggest risk of suicide, self-harm or danger?

Pure Python, no Django. A phrase detector, not an understanding of meaning: it favours recall,
because a false alarm costs a coordinator a minute and a miss can cost a life. Negation is not
handled ("I would never kill myself" is flagged). The phrase lists live in `phrases.py`; see
`chat/SAFETY.md` for the languages, the measured precision and recall, and the caveats.

Why no library: the maintained matchers (spaCy, flashtext, pyahocorasick) bring no folding
for Arabic-script letter variants, Arabizi digits or Ge'ez homophones, and about 2,600 phrase
spellings compile (in a few tenths of a second, on first use) into regular expressions that
check a typical chat message in about a tenth of a millisecond.
"""

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from chat.safety.phrases import HARMLESS, PHRASES

__all__ = ["CATEGORIES", "Assessment", "Severity", "assess", "normalise"]

CATEGORIES = ("suicide", "self_harm", "danger")


class Severity(StrEnum):
    """How urgently a coordinator should look: HIGH for suicide or danger, MEDIUM for self-harm."""

    HIGH = "high"
    MEDIUM = "medium"


@dataclass(frozen=True)
class Assessment:
    """What the detector found in one message."""

    severity: Severity | None  # None: nothing suggesting risk
    categories: frozenset[str]  # a subset of CATEGORIES

    @property
    def is_risk(self) -> bool:
        """True when the message should bring up crisis help and a coordinator."""
        return self.severity is not None


# --- Normalisation ---------------------------------------------------------------------------

_APOSTROPHES = "'\u2019\u2018\u02bc\u02b9`\u00b4"  # deleted, so "can't" = "cant", "вб'ю" = "вбю"


def _ethiopic_homophones() -> dict[int, int]:
    """Ge'ez letters that sound alike in Amharic and are typed interchangeably (ሐ/ኀ→ሀ, ሠ→ሰ …)."""
    series = [  # (first syllable of the variant, first syllable of the folded form, orders)
        (0x1210, 0x1200, 8),  # ሐ → ሀ
        (0x1280, 0x1200, 8),  # ኀ → ሀ
        (0x1220, 0x1230, 8),  # ሠ → ሰ
        (0x12D0, 0x12A0, 7),  # ዐ → አ
        (0x1340, 0x1338, 8),  # ፀ → ጸ
        (0x1250, 0x1240, 7),  # ቐ → ቀ (Tigrinya typed on an Amharic keyboard)
        (0x12B8, 0x12A8, 7),  # ኸ → ከ
    ]
    return {src + i: dst + i for src, dst, orders in series for i in range(orders)}


_FOLD = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian/Urdu digits
        **dict.fromkeys(_APOSTROPHES + "\u0640", ""),  # apostrophes, tatweel
        # Alef, yeh, kaf, heh and waw variants across Arabic, Persian, Urdu, Pashto, Sorani;
        # hamza and madda carriers are already split off by NFKD.
        **dict.fromkeys("أإآٱ", "ا"),
        **dict.fromkeys("ىیئېۍێےۓ", "ي"),
        **dict.fromkeys("ک", "ك"),
        **dict.fromkeys("ةهۀەہۂھۃ", "ه"),
        **dict.fromkeys("ؤۆ", "و"),
        "ں": "ن",
        "ڵ": "ل",
        "ڕ": "ر",
        "ګ": "گ",
        "ښ": "ش",
        "ږ": "ژ",
        **_ethiopic_homophones(),
    }
)
# Ge'ez is left alone: a repeated syllable there is a different word, not a drawn-out one
# (ያስፈራራኛል "he threatens me", ያስፈራኛል "it scares me").
_RUNS = re.compile(r"([^\u1200-\u139f\u2d80-\u2ddf])\1+", re.DOTALL)


def normalise(text: str) -> str:
    """Fold case, marks, letter variants, digits, spacing and repeated letters for matching."""
    # NFKD splits accents, harakat-bearing letters and presentation forms; casefold twice
    # because a compatibility decomposition can produce capitals ("ℌ" → "H").
    decomposed = unicodedata.normalize("NFKD", text.casefold()).casefold().translate(_FOLD)
    kept: list[str] = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category in ("Mn", "Me", "Cf"):  # accents, harakat, Quranic marks, zero-width
            continue
        kept.append(char if category[0] in "LN" or category == "Mc" else " ")
    # A run of one character becomes one: "dieeee" = "die", "مووووت" = "موت", spaces too.
    return _RUNS.sub(r"\1", "".join(kept)).strip()


# --- Phrase compilation ----------------------------------------------------------------------

_ALPHABETIC, _ARABIC, _ETHIOPIC = "alphabetic", "arabic", "ethiopic"
_ARABIC_PREFIX = "(?:[وفبلكس]|ال){0,3}"  # and, so, with, to, like, will, the


def _expand(phrase: str) -> list[str]:
    """Expand the data's one shorthand: "{a,b} c" is the two phrases "a c" and "b c"."""
    parts = re.split(r"\{([^{}]*)\}", phrase)
    options = [part.split(",") if index % 2 else [part] for index, part in enumerate(parts)]
    return [" ".join("".join(choice).split()) for choice in itertools.product(*options)]


def _script(folded: str) -> str:
    """The script of a normalised phrase, which decides its boundaries and spacing."""
    for char in folded:
        if "\u0600" <= char <= "\u08ff":
            return _ARABIC
        if "\u1200" <= char <= "\u139f" or "\u2d80" <= char <= "\u2ddf":
            return _ETHIOPIC
    return _ALPHABETIC


@functools.cache
def _fold_word(word: str) -> tuple[str, ...]:
    """normalise() one word of phrase data; brace expansion repeats words, so remember them."""
    return tuple(normalise(word).split())


def _tokens(phrase: str) -> tuple[str, tuple[str, ...]]:
    """(script, regex pieces) for one expanded phrase; "*" ending a word allows any ending."""
    words: list[tuple[str, bool]] = []
    for raw in phrase.split():
        parts = _fold_word(raw.rstrip("*"))
        words += [(part, raw.endswith("*") and i == len(parts) - 1) for i, part in enumerate(parts)]
    script = _script("".join(word for word, _ in words))
    # Arabic-script and Ge'ez writers join and split words freely ("میخوام" / "می خوام"), so a
    # space may appear or vanish between any two letters; alphabetic phrases only between words.
    # normalise() leaves single ASCII spaces, so " ?" is the whole of "optional whitespace".
    anywhere = script != _ALPHABETIC
    tokens: list[str] = []
    last = ""
    for word, open_end in words:
        for position, char in enumerate(word):
            gap = " ?" if last and (anywhere or position == 0) else ""
            literal = char if char.isalnum() else re.escape(char)
            if char == last and position == 0:  # "kill lonely" written joined is "kilonely"
                tokens.append(f"(?:{gap}{literal})?")
            else:
                tokens.append(gap + literal)
            last = char
        if open_end:
            tokens.append(r"\w*" if script == _ALPHABETIC else r"\S*")
            last = "\0"
    return script, tuple(tokens)


type _Trie = dict[str, _Trie]


def _alternation(sequences: Iterable[tuple[str, ...]]) -> str:
    """A regex matching any of the token sequences, shared prefixes merged (fast to compile)."""
    trie: _Trie = {}
    for sequence in sequences:
        node = trie
        for token in sequence:
            node = node.setdefault(token, {})
        node[""] = {}

    def render(node: _Trie) -> str:
        branches = [token + render(child) for token, child in sorted(node.items()) if token]
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return f"(?:{'|'.join(branches)}){'?' if '' in node else ''}" if branches else ""

    return render(trie)


def _compile(phrases: Iterable[str]) -> re.Pattern[str]:
    """One regex for many phrases, with word boundaries suited to each script."""
    found: dict[str, set[tuple[str, ...]]] = {_ALPHABETIC: set(), _ARABIC: set(), _ETHIOPIC: set()}
    for phrase in phrases:
        for expanded in _expand(phrase):
            script, tokens = _tokens(expanded)
            found[script].add(tokens)
    edges = {  # what may stand before and after a phrase, per script
        _ALPHABETIC: (r"\b(?:", r")\b"),
        _ARABIC: (rf"(?<!\S){_ARABIC_PREFIX}(?:", r")(?!\S)"),
        _ETHIOPIC: ("(?:", ")"),  # Ge'ez words take prefixes and suffixes freely: no boundary
    }
    alternatives = [
        edges[script][0] + _alternation(sequences) + edges[script][1]
        for script, sequences in found.items()
        if sequences
    ]
    return re.compile("|".join(alternatives) or r"(?!)")


@functools.cache
def _patterns() -> tuple[dict[str, re.Pattern[str]], re.Pattern[str]]:
    """The compiled rules, built on first use: a process that never reads a message (a
    management command, a worker doing other work) does not pay for them."""
    patterns = {
        category: _compile(
            phrase for by_category in PHRASES.values() for phrase in by_category.get(category, ())
        )
        for category in CATEGORIES
    }
    harmless = _compile(phrase for phrases in HARMLESS.values() for phrase in phrases)
    return patterns, harmless


_SEVERITY = {"suicide": Severity.HIGH, "danger": Severity.HIGH, "self_harm": Severity.MEDIUM}
_NONE = Assessment(severity=None, categories=frozenset())


def assess(text: str) -> Assessment:
    """Flag a message whose wording suggests risk of suicide, self-harm or immediate danger."""
    # Idioms ("dying of laughter", "مردم از خنده") are blanked out first, so the die-words in
    # them cannot complete a risk phrase; the bar is not a letter, so nothing matches across it.
    patterns, harmless = _patterns()
    folded = harmless.sub(" | ", normalise(text))
    found = frozenset(category for category, regex in patterns.items() if regex.search(folded))
    if not found:
        return _NONE
    high = any(_SEVERITY[category] is Severity.HIGH for category in found)
    return Assessment(severity=Severity.HIGH if high else Severity.MEDIUM, categories=found)
