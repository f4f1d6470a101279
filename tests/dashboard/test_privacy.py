"""The small-number rule: one pure function every dashboard figure goes through."""

import pytest

from dashboard.privacy import THRESHOLD, WITHHELD, protect, summary_shown, suppress

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


# --- Parts of a total: nothing hidden can be worked out by subtraction -----------------------


def _possible(shown: list, total: int, *, total_withheld: bool) -> list[tuple[int, ...]]:
    """Every set of parts a reader could infer from what is shown (brute force)."""
    import itertools

    ranges = []
    for value in shown:
        if value is None:
            ranges.append(range(1, THRESHOLD))
        elif value == WITHHELD:
            ranges.append(range(THRESHOLD, total + 1))
        else:
            ranges.append(range(value, value + 1))
    return [parts for parts in itertools.product(*ranges) if total_withheld or sum(parts) == total]


def test_protect_withholds_the_smallest_part_when_one_hidden_part_would_be_the_difference():
    shown, total_withheld = protect([6, 2, 0, 9], total=17)

    assert shown == [WITHHELD, None, 0, 9]
    assert not total_withheld


def test_protect_leaves_alone_what_subtraction_cannot_pin_down():
    assert protect([10, 2, 3], total=15) == ([10, None, None], False)
    assert protect([3, 2], total=5) == ([None, None], False)
    assert protect([3], total=3) == ([None], False)
    assert protect([0, 0], total=0) == ([0, 0], False)


def test_protect_withholds_the_total_when_no_part_is_left_to_withhold():
    assert protect([4, 4], total=8) == ([None, None], True)
    assert protect([1, 5], total=6)[1] is True  # 1 and 5: "fewer than 5" and withheld = 6


def test_protect_judges_parts_that_do_not_quite_make_the_total_as_a_reader_would():
    # 9 shown, 1 hidden, a total of 12: "12 - 9 = 3" would be taken for the hidden part.
    assert protect([9, 1], total=12) == ([WITHHELD, None], False)


@pytest.mark.parametrize(
    "parts",
    [
        [6, 1], [6, 1, 0], [5, 1], [7, 1, 1], [9, 4, 4], [20, 1, 1, 1], [5, 5, 1], [5, 2, 9],
        [12, 3, 1, 1], [8, 4, 1, 4, 4], [30, 2, 2, 6], [6, 6, 1, 1], [5, 1, 5, 1, 5],
    ],
)  # fmt: skip
def test_no_hidden_part_can_be_worked_out_from_what_protect_shows(parts):
    shown, total_withheld = protect(parts, total=sum(parts))

    possible = _possible(shown, sum(parts), total_withheld=total_withheld)
    assert tuple(parts) in possible
    for k, value in enumerate(shown):
        if value is None:
            assert len({option[k] for option in possible}) > 1, (parts, shown)
