"""Dashboard figures on the known world of conftest.py: each table as the page shows it and as
the CSV export writes it, small numbers suppressed the same way in both."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from dashboard import report
from dashboard.selectors import months_back
from peers.models import AuditEvent, Pairing, SupportRequest
from tests.dashboard import factories as make
from tests.dashboard.conftest import MATCHED, build_world
from tests.peers.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db
FEWER = "fewer than 5"
HIDDEN = "hidden: fewer than 5 people"
WITHHELD = "withheld"
NO = "—"


def rows(section: report.Section, key: str) -> list[list[str]]:
    (table,) = [table for table in section.tables if table.key == key]
    return [[cell.text for cell in row.cells] for row in table.rows]


def figures(section: report.Section) -> dict[str, str]:
    return {name: cell.text for name, cell in section.figures}


def test_waiting_list_and_time_to_match(world):
    section = report.waiting_section(now=world["now"])

    assert figures(section) == {
        "Waiting now": "10",
        "Matched in the last 90 days": "8",
        "Median days to match": "3.5",  # 1, 2, 2, 3 | 4, 6, 8, 10
    }
    # 6 and 5 in Middlesbrough would give Stockton's 4 and 3 away (10 - 6, 8 - 5).
    assert rows(section, "waiting-town") == [
        ["Middlesbrough", WITHHELD, WITHHELD, "6.0"],
        ["Stockton-on-Tees", FEWER, FEWER, HIDDEN],
    ]
    assert rows(section, "waiting-language") == [
        ["Tigrinya", WITHHELD, WITHHELD, "6.0"],
        ["Arabic", FEWER, FEWER, HIDDEN],
    ]


def _hand_over(*, now, town: str = "Middlesbrough") -> None:
    """A newcomer paired long ago who moved and asked for a local supporter while still
    paired: the new request keeps the first one's place (waiting since 180 days ago) and is
    matched 5 days ago, after 175 days of "waiting" with a supporter all along."""
    days = lambda n: now - dt.timedelta(days=n)  # noqa: E731
    newcomer = make.person(town, "ti")
    first = make.support_request(
        newcomer, now=now, status=MATCHED, waited_days=30, matched_days_ago=150
    )
    pairing = make.pairing(newcomer, make.active_supporter("Hartlepool", capacity=2))
    Pairing.objects.filter(pk=pairing.pk).update(request=first, started_at=days(150))
    local = make.support_request(
        newcomer, now=now, status=MATCHED, waited_days=175, matched_days_ago=5
    )
    SupportRequest.objects.filter(pk=local.pk).update(created_at=days(20))


def test_the_time_to_match_leaves_out_hand_overs(world):
    for _ in range(5):
        _hand_over(now=world["now"])

    section = report.waiting_section(now=world["now"])

    assert figures(section)["Matched in the last 90 days"] == "8"
    assert figures(section)["Median days to match"] == "3.5"
    assert rows(section, "waiting-town")[0][::3] == ["Middlesbrough", "6.0"]


def test_the_time_to_match_leaves_out_hand_overs_in_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        report.waiting_section(now=world["now"])
    for _ in range(5):
        _hand_over(now=world["now"])
    with CaptureQueriesContext(connection) as after:
        report.waiting_section(now=world["now"])

    assert len(after.captured_queries) == len(before.captured_queries)


def test_offers_by_month(world):
    section = report.offers_section(now=world["now"])
    months = [date_format(month, "YEAR_MONTH_FORMAT") for month in months_back(now=world["now"])]

    assert rows(section, "offers-month") == [
        *[[month, "0", "0", "0", "0", "0"] for month in months[:4]],
        [months[4], "8", "5", FEWER, FEWER, "0"],
        # 6 made, 5 expired: the one still open would be 6 - 5.
        [months[5], WITHHELD, "0", "0", WITHHELD, FEWER],
    ]


def test_supporters_load_and_who_is_inactive(world):
    section = report.supporters_section(now=world["now"])

    # 7 supporters: 5 with room (1 of 2) and 2 supporting nobody (0 of 1). With the 5
    # shown, 7 - 5 would give the 2 away; with the places (12) and people supported (5)
    # shown, so would 12 - 2 × 5.
    assert figures(section) == {
        "Active supporters": "7",
        "People they can support": WITHHELD,
        "People they support now": WITHHELD,
        "Inactive for 30 days": FEWER,
    }
    assert rows(section, "supporters-load") == [
        ["Full: supporting as many people as they can", "0"],
        ["Supporting someone, with room for more", WITHHELD],
        ["Supporting nobody now", FEWER],
    ]
    hanna, yonas = world["idle"]
    assert section.names == [f"Hanna ({hanna.username})", f"Yonas ({yonas.username})"]


def test_coverage_gaps_worst_first_and_arrivals(world):
    section = report.coverage_section(now=world["now"])

    assert rows(section, "coverage-gaps") == [
        ["Middlesbrough", "Tigrinya", "5", FEWER],
        ["Stockton-on-Tees", "Arabic", FEWER, "0"],
    ]
    assert rows(section, "coverage-arrivals") == [["Stockton-on-Tees", "5"]]


def test_activity_participation_and_ratings(world):
    section = report.activities_section(now=world["now"])

    assert rows(section, "activities-kind") == [
        ["Sports club", "6", FEWER, "5", "4.0"],
        ["Women's group", FEWER, "0", FEWER, HIDDEN],
    ]
    assert rows(section, "activities-town") == [
        ["Middlesbrough", "6", FEWER],
        ["Stockton-on-Tees", FEWER, "0"],
    ]


def test_feedback_scores(world):
    section = report.feedback_section(now=world["now"])

    # 4.2 from 9 scores, 5 of them 5s: the 3 fours and 1 one could be worked out.
    assert figures(section) == {"Scores given": "9", "Average score (1 to 5)": WITHHELD}
    assert rows(section, "feedback-scores") == [
        ["5 · Very good", "5"],
        ["4 · Good", FEWER],
        ["3 · OK", "0"],
        ["2 · Bad", "0"],
        ["1 · Very bad", FEWER],
    ]


def test_complaints_and_cases_by_status_and_age(world):
    section = report.cases_section(now=world["now"])

    assert rows(section, "cases-complaints") == [
        ["New", "7", WITHHELD, "0", FEWER],  # 7 - 5 would be the 2 older ones
        ["Acknowledged", FEWER, "0", FEWER, "0"],
        ["Answered in the last 90 days", "5", NO, NO, NO],
    ]
    assert rows(section, "cases-cases") == [
        ["Report", "Acknowledged", FEWER, "0", "0", FEWER],
        ["Safeguarding alert", "New", "5", "0", "5", "0"],
        ["Safeguarding alert", "Closed in the last 90 days", FEWER, NO, NO, NO],
    ]


def test_an_empty_service_shows_zeros_and_no_medians(db):
    now = timezone.now()

    waiting = report.waiting_section(now=now)
    feedback = report.feedback_section(now=now)

    assert figures(waiting) == {
        "Waiting now": "0",
        "Matched in the last 90 days": "0",
        "Median days to match": NO,
    }
    assert rows(waiting, "waiting-town") == []
    assert figures(feedback)["Average score (1 to 5)"] == NO


# --- The page and the exports show the same figures -----------------------------------------


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


@pytest.mark.parametrize("section", list(report.SECTIONS))
def test_each_export_writes_the_tables_of_the_page(client, world, section):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    expected = report.SECTIONS[section](now=world["now"])

    response = client.get(f"/coordinator/dashboard/{section}.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"common-ground-{section}-" in response["Content-Disposition"]
    written = csv_rows(response)
    for table in expected.tables:
        start = written.index([table.caption])
        assert written[start + 1] == table.columns
        body = written[start + 2 : start + 2 + len(table.rows)]
        assert body == [[cell.text for cell in row.cells] for row in table.rows]
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.target) == (
        coordinator,
        AuditEvent.Action.DASHBOARD_EXPORTED,
        f"dashboard {section}",
    )


def test_exports_carry_counts_but_never_the_names_of_inactive_supporters(client, world):
    client.force_login(CoordinatorFactory())

    written = csv_rows(client.get("/coordinator/dashboard/supporters.csv"))

    assert ["Inactive for 30 days", FEWER] in written
    assert not any("Hanna" in cell or "Yonas" in cell for line in written for cell in line)


def test_the_page_shows_every_table_and_the_inactive_names(client, world):
    client.force_login(CoordinatorFactory())

    html = client.get("/coordinator/dashboard/").content.decode()

    for slug in report.SECTIONS:
        assert f'href="/coordinator/dashboard/{slug}.csv"' in html
    middlesbrough = f"<td>{WITHHELD}</td><td>{WITHHELD}</td><td>6.0</td>"
    assert f'<th scope="row">Middlesbrough</th>{middlesbrough}' in html
    assert f'<th scope="row">Stockton-on-Tees</th><td>{FEWER}</td>' in html
    hanna, yonas = world["idle"]
    assert f"<bdi>Hanna ({hanna.username})</bdi>" in html
    assert f"<bdi>Yonas ({yonas.username})</bdi>" in html
    assert not AuditEvent.objects.exists(), "reading the page is not an export"


def test_the_page_lists_only_the_first_rows_and_points_to_the_export(client, world, monkeypatch):
    monkeypatch.setattr(report.cells, "PAGE_ROWS", 1)
    client.force_login(CoordinatorFactory())

    html = client.get("/coordinator/dashboard/").content.decode()

    assert "Middlesbrough</th><td>6</td>" in html
    assert "Stockton-on-Tees</th><td>fewer" not in html.split('id="offers"')[0]
    assert "1 more row in the download." in html


def test_csv_cells_never_start_a_spreadsheet_formula():
    section = report.Section(
        slug="x",
        title="T",
        intro="",
        figures=[],
        tables=[report.Table("t", "C", ["Town", "n"], [report.Row([report.label("=1+1")])])],
    )

    assert "'=1+1" in report.section_csv(section)


def test_build_world_is_reusable_at_another_time(db):
    """The fixture builds relative to any `now` (the query-count test builds it twice)."""
    build_world(timezone.now())
    build_world(timezone.now())


# --- Nothing hidden can be worked out from what is shown -------------------------------------


def test_hidden_rows_are_listed_by_name_not_by_size(db):
    """Ordered by size, "fewer than 5" rows would tell which is larger (and, below a total,
    how large): they are listed alike, by name, after the numbers."""
    now = timezone.now()
    for town, n in (("Hartlepool", 9), ("Sunderland", 4), ("Darlington", 1)):
        for _ in range(n):
            make.support_request(make.person(town, "ti"), now=now)
            make.move(make.person(town), to=town, on=now.date())

    waiting = report.waiting_section(now=now)
    arrivals = report.coverage_section(now=now)

    assert rows(waiting, "waiting-town") == [
        ["Hartlepool", "9", "0", NO],
        ["Darlington", FEWER, "0", NO],
        ["Sunderland", FEWER, "0", NO],
    ]
    assert rows(arrivals, "coverage-arrivals") == [
        ["Hartlepool", "9"],
        ["Darlington", FEWER],
        ["Sunderland", FEWER],
    ]


def test_the_average_score_is_shown_when_every_count_of_a_score_is(db):
    now = timezone.now()
    for score in (5, 4):
        for _ in range(5):
            make.feedback(score=score, created=now)

    section = report.feedback_section(now=now)

    assert figures(section) == {"Scores given": "10", "Average score (1 to 5)": "4.5"}


def test_places_and_people_supported_are_shown_when_every_load_is(db):
    loaded = [make.active_supporter(capacity=2) for _ in range(10)]
    for supporter in loaded[:5]:  # 5 full, 5 with room, 5 supporting nobody
        make.pairing(make.person(), supporter)
        make.pairing(make.person(), supporter)
    for supporter in loaded[5:]:
        make.pairing(make.person(), supporter)
    for _ in range(5):
        make.active_supporter(capacity=1)

    section = report.supporters_section(now=timezone.now())

    assert figures(section)["People they can support"] == "25"
    assert figures(section)["People they support now"] == "15"
    assert rows(section, "supporters-load") == [
        ["Full: supporting as many people as they can", "5"],
        ["Supporting someone, with room for more", "5"],
        ["Supporting nobody now", "5"],
    ]


def test_a_total_is_withheld_when_its_parts_cannot_hide_a_small_one(db):
    """1 declined and 5 expired make 6: "fewer than 5" and "withheld" could only be 1 and
    5, so the month's total is withheld as well."""
    from peers.models import Offer

    now = timezone.now()
    request = make.support_request(make.person(), now=now)
    supporter = make.active_supporter()
    for status, count in ((Offer.Status.DECLINED, 1), (Offer.Status.EXPIRED, 5)):
        for _ in range(count):
            make.offer(request, supporter, status=status, created=now)

    section = report.offers_section(now=now)

    assert rows(section, "offers-month")[-1][1:] == [WITHHELD, "0", FEWER, WITHHELD, "0"]


def test_each_export_says_what_its_words_in_place_of_numbers_mean(client, world):
    client.force_login(CoordinatorFactory())

    written = csv_rows(client.get("/coordinator/dashboard/waiting.csv"))

    assert ["Middlesbrough", WITHHELD, WITHHELD, "6.0"] in written
    notes = " ".join(line[0] for line in written[-2:])
    assert "“fewer than 5”" in notes and "“withheld”" in notes


def test_speakers_within_reach_who_are_only_full_are_no_coverage_gap(db):
    """Since full supporters count in the waiting reasons, "all full or taken" means a
    speaker is within reach: the gaps are "no speaker" and "no speaker within reach"."""
    now = timezone.now()
    for key in ("all_taken", "no_gender_match", "no_speaker_within", "no_speaker"):
        for _ in range(5):
            make.support_request(make.person("Hartlepool", "ti"), now=now, reason=(key, "ti"))

    section = report.coverage_section(now=now)

    (gaps, _arrivals) = section.tables
    assert rows(section, "coverage-gaps") == [["Hartlepool", "Tigrinya", "10", "5"]]
    assert gaps.columns[3] == "Of whom: no speaker anywhere"
    assert "room" not in section.intro and "not a gap" in section.intro
