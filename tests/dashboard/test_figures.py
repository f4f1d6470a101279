"""Dashboard figures on the known world of conftest.py: each table as the page shows it and as
the CSV export writes it, small numbers suppressed the same way in both."""

import csv
import io

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from dashboard import report
from dashboard.selectors import months_back
from peers.models import AuditEvent
from tests.dashboard.conftest import build_world
from tests.peers.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db
FEWER = "fewer than 5"
HIDDEN = "hidden: fewer than 5 people"
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
    assert rows(section, "waiting-town") == [
        ["Middlesbrough", "6", "5", "6.0"],
        ["Stockton-on-Tees", FEWER, FEWER, HIDDEN],
    ]
    assert rows(section, "waiting-language") == [
        ["Tigrinya", "6", "5", "6.0"],
        ["Arabic", FEWER, FEWER, HIDDEN],
    ]


def test_offers_by_month(world):
    section = report.offers_section(now=world["now"])
    months = [date_format(month, "YEAR_MONTH_FORMAT") for month in months_back(now=world["now"])]

    assert rows(section, "offers-month") == [
        *[[month, "0", "0", "0", "0", "0"] for month in months[:4]],
        [months[4], "8", "5", FEWER, FEWER, "0"],
        [months[5], "6", "0", "0", "5", FEWER],
    ]


def test_supporters_load_and_who_is_inactive(world):
    section = report.supporters_section(now=world["now"])

    assert figures(section) == {
        "Active supporters": "7",
        "People they can support": "12",
        "People they support now": "5",
        "Inactive for 30 days": FEWER,
    }
    assert rows(section, "supporters-load") == [["0 of 1", FEWER], ["1 of 2", "5"]]
    assert section.names == ["Hanna", "Yonas"]


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

    assert figures(section) == {"Scores given": "9", "Average score (1 to 5)": "4.2"}
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
        ["New", "7", "5", "0", FEWER],
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
    assert '<th scope="row">Middlesbrough</th><td>6</td><td>5</td><td>6.0</td>' in html
    assert f'<th scope="row">Stockton-on-Tees</th><td>{FEWER}</td>' in html
    assert "<bdi>Hanna</bdi>" in html and "<bdi>Yonas</bdi>" in html
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
