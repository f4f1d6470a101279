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
