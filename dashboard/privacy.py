"""Small-number suppression: the one rule every dashboard figure goes through (page tables,
charts and CSV exports alike), so a funder's spreadsheet can never single a person out.

Pure Python: no Django, no database.
"""

THRESHOLD = 5
"""Counts of people from 1 to THRESHOLD - 1 are never shown."""


def suppress(n: int) -> int | None:
    """A count of people as it may be shown: 0 and THRESHOLD or more as they are; 1 to
    THRESHOLD - 1 as None, which every reader of the figures shows as "fewer than 5"."""
    if n < 0:
        raise ValueError(f"a count of people cannot be negative: {n}")
    return n if n == 0 or n >= THRESHOLD else None


def summary_shown(people: int) -> bool:
    """Whether a median or an average computed from this many people may be shown: only when
    their count itself may be shown and is not zero."""
    return suppress(people) not in (None, 0)


WITHHELD = "withheld"
"""A part shown in no number although it is THRESHOLD or more: with the total and the other
parts shown, it would let a hidden part be worked out by subtraction."""


def _pinned(hidden: int, withheld: int, rest: int) -> bool:
    """Whether a reader could still work out a hidden count (1 to THRESHOLD - 1) exactly,
    knowing that `hidden` parts are that small, `withheld` parts are THRESHOLD or more, and
    that together they make `rest` (the total less the parts shown)."""
    if hidden == 0:
        return False
    top = THRESHOLD - 1
    if withheld:
        # Each small part can be 1 up to rest - THRESHOLD × withheld - (the others at 1):
        # one value only when every part is at its least.
        return rest <= THRESHOLD * withheld + hidden
    return hidden == 1 or rest in (hidden, top * hidden)


def protect(parts: list[int], *, total: int) -> tuple[list[int | None | str], bool]:
    """The parts of a total that is shown, as they may be shown: `suppress` for each (None:
    "fewer than 5"), then, while the total less the parts shown would give a hidden one
    away (one hidden part alone, or several that can only be all 1s or all 4s, ...), the
    smallest part still shown is WITHHELD too; when none is left, the total itself must be
    withheld (the second value returned). A total under THRESHOLD is no number to subtract
    from: the parts are only suppressed. (Parts that do not quite make the total, a person
    counted under two first languages say, are judged as a reader would: by subtraction.)"""
    shown: list[int | None | str] = [suppress(n) for n in parts]
    if suppress(total) in (None, 0):
        return shown, False
    while True:
        hidden = sum(1 for value in shown if value is None)
        withheld = sum(1 for value in shown if value == WITHHELD)
        rest = total - sum(value for value in shown if isinstance(value, int))
        if not _pinned(hidden, withheld, rest):
            return shown, False
        left = [k for k, value in enumerate(shown) if isinstance(value, int) and value > 0]
        if not left:
            return shown, True
        shown[min(left, key=lambda k: (parts[k], k))] = WITHHELD
