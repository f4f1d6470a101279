"""Precision and recall of the safeguarding detector on the labelled corpus, per language.

Run from the project root: ``python -m chat.safety_eval``. Pure Python (no Django): the corpus
module is loaded from its path, so pytest is not needed. It counts CORPUS and HARD_CASES (the
messages the detector is known to get wrong), so the figures include its known failures.
"""

import importlib.util
import sys
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from types import ModuleType

from chat.safety import Severity, assess

CORPUS_PATH = Path(__file__).resolve().parent.parent / "tests" / "chat" / "safety_corpus.py"

Example = tuple[str, str, Severity | None]


@dataclass
class Tally:
    """Detection counts for one language; "positive" means the message suggests risk."""

    true_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0
    false_positive: int = 0
    wrong_severity: int = 0  # detected, but HIGH for MEDIUM or the reverse

    def add(self, *, expected: Severity | None, found: Severity | None) -> None:
        """Count one example."""
        if expected is None:
            if found is None:
                self.true_negative += 1
            else:
                self.false_positive += 1
        elif found is None:
            self.false_negative += 1
        else:
            self.true_positive += 1
            self.wrong_severity += found != expected

    @property
    def positives(self) -> int:
        return self.true_positive + self.false_negative

    @property
    def negatives(self) -> int:
        return self.true_negative + self.false_positive

    @property
    def precision(self) -> float | None:
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        return self.true_positive / self.positives if self.positives else None


def load_corpus(path: Path = CORPUS_PATH) -> ModuleType:
    """Import the corpus module by file path, without pytest or the tests package."""
    spec = importlib.util.spec_from_file_location("safety_corpus", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the safety corpus from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluate(examples: Iterable[Example]) -> tuple[dict[str, Tally], list[tuple[Example, str]]]:
    """Tally every example per language; also return the misclassified ones."""
    tallies: dict[str, Tally] = {}
    mistakes: list[tuple[Example, str]] = []
    for example in examples:
        language, text, expected = example
        found = assess(text).severity
        tallies.setdefault(language, Tally()).add(expected=expected, found=found)
        if found != expected:
            mistakes.append((example, found or "none"))
    return tallies, mistakes


def _ratio(value: float | None) -> str:
    return "   –" if value is None else f"{value:4.0%}"


def format_table(tallies: dict[str, Tally]) -> list[str]:
    """One row per language and an overall row: counts, precision and recall."""
    overall = Tally()
    for tally in tallies.values():
        for field in fields(Tally):
            setattr(overall, field.name, getattr(overall, field.name) + getattr(tally, field.name))
    header = f"{'language':<9}{'pos':>5}{'neg':>5}{'TP':>5}{'FN':>5}{'TN':>5}{'FP':>5}"
    header += f"{'sev≠':>6}{'precision':>11}{'recall':>8}"
    rule = "-" * len(header)
    rows = [header, rule]
    for language, tally in [*sorted(tallies.items()), ("", None), ("overall", overall)]:
        if tally is None:
            rows.append(rule)
            continue
        rows.append(
            f"{language:<9}{tally.positives:>5}{tally.negatives:>5}{tally.true_positive:>5}"
            f"{tally.false_negative:>5}{tally.true_negative:>5}{tally.false_positive:>5}"
            f"{tally.wrong_severity:>6}{_ratio(tally.precision):>11}{_ratio(tally.recall):>8}"
        )
    return rows


def main() -> int:
    """Print the per-language table and the misclassified messages; always exit 0."""
    corpus = load_corpus()
    tallies, mistakes = evaluate([*corpus.CORPUS, *corpus.HARD_CASES])
    print("\n".join(format_table(tallies)))
    print(f"\n{len(corpus.CORPUS)} corpus messages + {len(corpus.HARD_CASES)} known hard cases.")
    if mistakes:
        print("Misclassified (expected → found):")
        for (language, text, expected), found in mistakes:
            print(f"  [{language}] {text!r}: {expected or 'none'} → {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
