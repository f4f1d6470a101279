"""The small-number rule: one pure function every dashboard figure goes through."""

import pytest

from dashboard.privacy import THRESHOLD, summary_shown, suppress

pytestmark = pytest.mark.no_reference_data


@pytest.mark.parametrize(
    ("n", "shown"),
    [(0, 0), (1, None), (2, None), (3, None), (4, None), (5, 5), (6, 6), (50_000, 50_000)],
)
def test_suppress_hides_counts_of_one_to_four_people(n, shown):
    assert suppress(n) == shown


def test_suppress_threshold_is_five():
    assert THRESHOLD == 5


def test_suppress_refuses_a_negative_count():
    with pytest.raises(ValueError, match="negative"):
        suppress(-1)


@pytest.mark.parametrize(("people", "shown"), [(0, False), (1, False), (4, False), (5, True)])
def test_summary_shown_only_from_five_people(people, shown):
    assert summary_shown(people) is shown
