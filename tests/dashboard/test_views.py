"""The dashboard page and its exports: who may open them (role × URL), small numbers
suppressed in the table, the chart and the CSV alike, a fixed number of queries however many
people, the page rules (weight, labels, no-store) and a right-to-left page."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboard import report
from peers.models import AuditEvent
from tests.activities.factories import OrganisationFactory, organiser_of
from tests.dashboard import factories as make
from tests.dashboard.conftest import build_world
from tests.dashboard.test_charts import rects
from tests.pagecheck import PAGE_BUDGET_BYTES, page_weight
from tests.peers.factories import CoordinatorFactory, NewcomerFactory, SupporterFactory
from tests.test_pages import check_page

pytestmark = pytest.mark.django_db

LOGIN, MFA, OK, FORBIDDEN = "login", "mfa", 200, 403
URLS = ["/coordinator/dashboard/", *[f"/coordinator/dashboard/{s}.csv" for s in report.SECTIONS]]
ACTORS = {
    "visitor": (None, LOGIN),
    "newcomer": (NewcomerFactory, FORBIDDEN),
    "supporter": (SupporterFactory, FORBIDDEN),
    "organiser": (lambda: organiser_of(OrganisationFactory()), FORBIDDEN),
    "coordinator without two-factor": (lambda: CoordinatorFactory(with_totp=False), MFA),
    "coordinator": (CoordinatorFactory, OK),
}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("actor", list(ACTORS))
def test_dashboard_access(client, url, actor):
    make_user, expected = ACTORS[actor]
    if make_user:
        client.force_login(make_user())

    response = client.get(url)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == MFA:
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"
    else:
        assert response.status_code == expected
    exported = AuditEvent.objects.filter(action=AuditEvent.Action.DASHBOARD_EXPORTED)
    assert exported.count() == (1 if expected == OK and url.endswith(".csv") else 0)


@pytest.mark.parametrize("url", ["/coordinator/dashboard/nothing.csv", "/coordinator/dashboard/x"])
def test_unknown_export_is_not_found_and_not_recorded(client, url):
    client.force_login(CoordinatorFactory())

    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.exists()


def test_dashboard_only_answers_get(client):
    client.force_login(CoordinatorFactory())

    assert client.post("/coordinator/dashboard/").status_code == 405
    assert client.post("/coordinator/dashboard/waiting.csv").status_code == 405
    assert not AuditEvent.objects.exists()


# --- Small numbers: the same rule in the table, the chart and the CSV -------------------------


def _waiting_in_hartlepool(n: int) -> None:
    now = timezone.now()
    for _ in range(n):
        make.support_request(make.person("Hartlepool", "so"), now=now)


def _town_chart(html: str) -> ET.Element:
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"')
    markup = html[start : html.index("</svg>", start) + len("</svg>")]
    return ET.fromstring(markup)  # noqa: S314 - our own page


@pytest.mark.parametrize(("people", "shown"), [(4, "fewer than 5"), (5, "5")])
def test_small_numbers_are_suppressed_everywhere(client, people, shown):
    _waiting_in_hartlepool(people)
    client.force_login(CoordinatorFactory())

    html = client.get("/coordinator/dashboard/").content.decode()
    written = client.get("/coordinator/dashboard/waiting.csv").content.decode("utf-8-sig")

    assert f'<th scope="row">Hartlepool</th><td>{shown}</td>' in html
    chart = _town_chart(html)
    assert chart.find(f"{SVG}title").text == "By town: Waiting now"
    assert chart.find(f"{SVG}desc").text == f"Hartlepool: {shown}"
    assert [t.text for t in chart.iter(f"{SVG}text")] == ["Hartlepool", shown]
    (bar,) = rects(chart)
    assert (int(bar["width"]) == 3) is (people < 5)
    assert ["Hartlepool", shown, "0", "—"] in list(csv.reader(io.StringIO(written)))
    assert ["Waiting now", shown] in list(csv.reader(io.StringIO(written)))
    if people < 5:
        cells = {cell for line in csv.reader(io.StringIO(written)) for cell in line}
        assert str(people) not in cells


def test_every_chart_on_the_page_is_well_formed_with_a_text_alternative(client, world):
    client.force_login(CoordinatorFactory())

    html = client.get("/coordinator/dashboard/").content.decode()

    count = html.count("<svg ")
    assert count >= 7, "at least a chart per section"
    position = 0
    for _ in range(count):
        start = html.index("<svg ", position)
        position = html.index("</svg>", start) + len("</svg>")
        svg = ET.fromstring(html[start:position])  # noqa: S314 - our own page
        assert svg.get("role") == "img"
        assert svg.find(f"{SVG}title").text
        assert svg.find(f"{SVG}desc").text
        labelled = svg.get("aria-labelledby").split()
        assert labelled == [svg.find(f"{SVG}title").get("id"), svg.find(f"{SVG}desc").get("id")]


# --- A fixed number of queries ------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", URLS)
def test_query_count_does_not_grow_with_the_data(client, url):
    client.force_login(CoordinatorFactory())
    empty = _queries(client, url)
    build_world(timezone.now())
    small = _queries(client, url)

    make.crowd(towns=25, languages=("ar", "fa", "ti", "so"), per_group=3, now=timezone.now())
    build_world(timezone.now())
    larger = _queries(client, url)

    assert empty == small == larger


def test_page_query_count_is_pinned(client, world, django_assert_max_num_queries):
    client.force_login(CoordinatorFactory())

    with django_assert_max_num_queries(30):
        client.get("/coordinator/dashboard/")


# --- Page rules -------------------------------------------------------------------------------


def test_dashboard_meets_the_page_rules(client, world):
    client.force_login(CoordinatorFactory())

    check_page(client, "/coordinator/dashboard/", private=True)


def test_dashboard_stays_within_the_page_budget_with_many_towns(client):
    make.crowd(towns=60, languages=("ar", "fa", "ti", "so", "ps", "ku"), per_group=1,
               now=timezone.now())  # fmt: skip
    build_world(timezone.now())
    client.force_login(CoordinatorFactory())

    check_page(client, "/coordinator/dashboard/", private=True)
    html = client.get("/coordinator/dashboard/").content.decode()
    assert "more rows in the download." in html


def test_the_demo_dashboard_stays_within_the_page_budget_in_every_language(client):
    """Over the whole demo (six months of history), in Arabic, Persian and Ukrainian too,
    which take two bytes a letter: a <rect> per bar and the rows' indentation took those
    pages over 60 KB."""
    from django.core.management import call_command

    from peers.models import User

    call_command("seed_demo")
    client.force_login(User.objects.get(username="priya"))

    for language in ("en", "ar", "fa", "uk"):
        client.cookies["django_language"] = language
        html = client.get("/coordinator/dashboard/").content.decode()

        assert f'lang="{language}"' in html
        assert page_weight(client, html) <= PAGE_BUDGET_BYTES, language


def test_dashboard_in_arabic_is_right_to_left_with_mirrored_charts(client, world):
    client.force_login(CoordinatorFactory())
    client.cookies["django_language"] = "ar"

    html = client.get("/coordinator/dashboard/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert 'dir="rtl"' in html
    assert html.count('direction="rtl"') == html.count("<svg ")


def test_coordinator_home_links_to_the_dashboard(client):
    client.force_login(CoordinatorFactory())

    assert 'href="/coordinator/dashboard/"' in client.get("/coordinator/").content.decode()


def test_a_chart_of_several_series_names_them_without_a_latin_comma(client, world):
    """A comma is another letter in Arabic and Persian ("،"): the series are set apart by
    a dot, the same in every script."""
    client.force_login(CoordinatorFactory())

    html = client.get("/coordinator/dashboard/").content.decode()

    assert "<figcaption>Accepted · Declined · Expired</figcaption>" in html
