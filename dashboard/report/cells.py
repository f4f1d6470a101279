"""The cells of the dashboard's tables: every number passes the small-number rule here,
and every word is translated when a section is built (in a request, in the reader's
language)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from dashboard import selectors
from dashboard.privacy import WITHHELD, protect, summary_shown, suppress
from peers.reference.languages import language_data, language_name_in

PAGE_ROWS = 10


CHART_BARS = 8


@dataclass(frozen=True)
class Cell:
    """What a table shows in one place, and the number a chart draws for it (`hidden`: the
    small-number rule withheld it; `value` None and not hidden: not a number)."""

    text: str
    value: float | None = None
    hidden: bool = False


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    charted: bool = True


@dataclass
class Table:
    key: str
    caption: str
    columns: list[str]
    rows: list[Row]
    # Columns holding labels (the first ones), the columns drawn, and whether each row is a
    # group of bars (one per drawn column) rather than one bar per row and column.
    label_columns: int = 1
    chart_columns: tuple[int, ...] = (1,)
    grouped: bool = False
    charts: list[tuple[str, SafeString]] = field(default_factory=list)  # (caption, SVG)
    # How many rows there are in all, when only the first were built (for the page).
    total: int | None = None

    @property
    def page_rows(self) -> list[Row]:
        return self.rows[:PAGE_ROWS]

    @property
    def more(self) -> int:
        total = len(self.rows) if self.total is None else self.total
        return max(0, total - len(self.page_rows))


@dataclass
class Section:
    slug: str
    title: str
    intro: str
    figures: list[tuple[str, Cell]]
    tables: list[Table]
    names: list[str] | None = None  # page only: never in a chart or an export
    names_more: int = 0


def fewer_than_five() -> str:
    return _fewer_than_five(get_language() or "")


@lru_cache(maxsize=64)
def _fewer_than_five(language: str) -> str:
    """(Per language: a table of thousands of towns asks for it thousands of times.)"""
    return gettext("fewer than 5")


def withheld() -> str:
    return _withheld(get_language() or "")


@lru_cache(maxsize=64)
def _withheld(language: str) -> str:
    return gettext("withheld")


Shown = int | None | str  # a count, None ("fewer than 5") or WITHHELD


def shown(value: Shown) -> Cell:
    """A count as the small-number rule lets it be shown (`dashboard.privacy`)."""
    if value is None:
        return Cell(fewer_than_five(), None, hidden=True)
    if value == WITHHELD:
        return Cell(withheld(), None, hidden=True)
    return Cell(str(value), float(value))


def people(n: int) -> Cell:
    """A count of people (or of what people did) under the small-number rule."""
    return shown(suppress(n))


def parts_of(parts: list[int], *, total: int) -> tuple[list[Shown], Shown]:
    """Counts that add up to a total shown beside them, and the total: what each may show
    so that no hidden count can be worked out by subtraction (`dashboard.privacy.protect`)."""
    values, total_withheld = protect(parts, total=total)
    return values, WITHHELD if total_withheld else suppress(total)


def numeric(value: Shown) -> bool:
    return isinstance(value, int)


def rank(value: Shown) -> tuple[int, int]:
    """Where a row goes when rows are sorted by this count, most first: the numbers shown,
    then the withheld ones (5 or more), those under 5, and the zeros; the hidden ones all
    alike within their kind (ordered by size, they would tell more than the page says)."""
    if isinstance(value, int):
        return (0, -value) if value else (3, 0)
    return (1, 0) if value == WITHHELD else (2, 0)


def summary(value: float | None, n: int) -> Cell:
    """A median or an average over `n` people: withheld when they are fewer than 5."""
    if n == 0 or value is None:
        return Cell("—", 0.0)
    if not summary_shown(n):
        return Cell(gettext("hidden: fewer than 5 people"), None, hidden=True)
    return Cell(f"{value:.1f}", round(value, 1))


def first_rows(items: list, limit: int | None) -> tuple[list, int]:
    """The first `limit` items (all when None) and how many there are."""
    return (items if limit is None else items[:limit]), len(items)


def label(text: str) -> Cell:
    return Cell(text)


NOTHING = Cell("—")


@lru_cache(maxsize=512)
def _language_name(code: str, ui_language: str) -> str:
    try:
        return language_name_in(code, language_data(code).english_name, ui_language)
    except (ValueError, LookupError):
        return code


def language_name(code: str) -> str:
    return _language_name(code, get_language() or "en") if code else gettext("Not given")


def town_name(town: selectors.Town, *, none: str | None = None) -> str:
    return town.name or (none if none is not None else gettext("Town not given"))


def month_name(month: dt.date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")
