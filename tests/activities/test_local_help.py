"""Local help: who may keep each town's list (role × URL → status), adding, changing and
removing services (bad input changes nothing), the directory's national and local help, and
the practical guides (public, translated, printable, no personal data)."""

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.local_help import GUIDES, national_services
from activities.models import LocalService
from activities.services.local_help import (
    local_service_create,
    local_service_delete,
    local_service_update,
)
from chat.crisis import crisis_resources
from tests.activities.factories import ActivityFactory
from tests.peers.factories import (
    CoordinatorFactory,
    NewcomerFactory,
    SupporterFactory,
    newcomer_ready,
    place,
)

pytestmark = pytest.mark.django_db

LOGIN, MFA, OK, FOUND, FORBIDDEN, NOT_FOUND = "login", "mfa", 200, 302, 403, 404
ANONYMOUS, NEWCOMER, SUPPORTER = "anonymous", "newcomer", "supporter"
COORDINATOR, COORDINATOR_NO_TOTP = "coordinator", "coordinator without 2FA"

GOOD = {
    "town": "Middlesbrough",
    "kind": "gp",
    "name": "Linthorpe Surgery",
    "description": "Welcomes new patients; interpreters booked on request.",
    "address": "1 Example Road, Middlesbrough TS1 0AA",
    "contact": "01642 000000",
    "opening_hours": "Monday to Friday, 8:00–18:30",
}

PAGES = [
    ("get", "/coordinator/local-help/"),
    ("get", "/coordinator/local-help/new/"),
    ("post", "/coordinator/local-help/new/"),
    ("get", "/coordinator/local-help/{service}/edit/"),
    ("post", "/coordinator/local-help/{service}/edit/"),
    ("get", "/coordinator/local-help/{service}/delete/"),
    ("post", "/coordinator/local-help/{service}/delete/"),
]
EXPECTED = {
    ANONYMOUS: LOGIN,
    NEWCOMER: FORBIDDEN,
    SUPPORTER: FORBIDDEN,
    COORDINATOR_NO_TOTP: MFA,
    COORDINATOR: OK,
}
TABLE = [
    *[(method, url, actor, EXPECTED[actor]) for method, url in PAGES for actor in EXPECTED],
    ("get", "/coordinator/local-help/999999/edit/", COORDINATOR, NOT_FOUND),
    ("post", "/coordinator/local-help/999999/delete/", COORDINATOR, NOT_FOUND),
]


def add(coordinator=None, **changes) -> LocalService:
    fields = {**GOOD, **changes}
    town = fields.pop("town")
    return local_service_create(
        coordinator=coordinator or CoordinatorFactory(), place=place(town), **fields
    )


def state():
    return list(
        LocalService.objects.order_by("pk").values_list(
            "pk", "place_id", "kind", "name", "description", "address", "contact", "opening_hours"
        )
    )


def directory_url(town: str = "Middlesbrough") -> str:
    return reverse("activities:directory", kwargs={"key": place(town).pk})


@pytest.fixture
def world(db):
    return {
        NEWCOMER: NewcomerFactory(),
        SUPPORTER: SupporterFactory(),
        COORDINATOR: CoordinatorFactory(),
        COORDINATOR_NO_TOTP: CoordinatorFactory(with_totp=False),
        "ids": {"service": add().pk},
    }


@pytest.mark.parametrize(("method", "url", "actor", "expected"), TABLE)
def test_local_help_page_access(client, world, method, url, actor, expected):
    if actor != ANONYMOUS:
        client.force_login(world[actor])
    before = state()

    response = getattr(client, method)(url.format(**world["ids"]))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == MFA:
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"
    elif method == "post" and url.endswith("/delete/") and expected == OK:
        assert response.status_code == FOUND  # a coordinator's confirmed removal
        return
    else:
        assert response.status_code == expected
    if method == "post":
        assert state() == before, "a refused or empty request changes nothing"


def test_local_service_create_from_the_form(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    response = client.post("/coordinator/local-help/new/", {**GOOD, "name": "  Linthorpe  "})

    assert response.status_code == 302
    assert response["Location"] == "/coordinator/local-help/?town=Middlesbrough"
    service = LocalService.objects.get()
    assert (service.place, service.kind, service.name) == (
        place("Middlesbrough"),
        "gp",
        "Linthorpe",
    )
    assert service.added_by == coordinator
    assert service.opening_hours == GOOD["opening_hours"]
    assert "Linthorpe" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"description": ""}, "This field is required."),
        ({"town": ""}, "This field is required."),
        ({"town": "Nowhere-on-Sea"}, "We could not find"),
        ({"kind": "casino"}, "Select a valid choice."),
        ({"name": "Hidden\u202echaracter"}, "hidden character"),
        ({"description": "x" * 301}, "at most 300 characters"),
        ({"contact": "y" * 201}, "at most 200 characters"),
    ],
)
def test_local_service_bad_input_changes_nothing(client, changes, message):
    service = add(name="Original")
    client.force_login(CoordinatorFactory())
    before = state()

    for url in ("/coordinator/local-help/new/", f"/coordinator/local-help/{service.pk}/edit/"):
        response = client.post(url, {**GOOD, **changes})

        assert response.status_code == 200, url
        assert message in response.content.decode(), url
        assert state() == before, url


def test_local_service_edit_shows_and_saves_every_field(client):
    service = add()
    client.force_login(CoordinatorFactory())

    page = client.get(f"/coordinator/local-help/{service.pk}/edit/").content.decode()
    assert 'value="Linthorpe Surgery"' in page and 'value="Middlesbrough"' in page

    changed = {**GOOD, "town": "Stockton-on-Tees", "kind": "food", "name": "Food Share"}
    response = client.post(f"/coordinator/local-help/{service.pk}/edit/", changed)

    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.place, service.kind, service.name) == (
        place("Stockton-on-Tees"),
        "food",
        "Food Share",
    )


def test_local_service_delete_asks_first(client):
    service = add()
    client.force_login(CoordinatorFactory())

    page = client.get(f"/coordinator/local-help/{service.pk}/delete/")

    assert page.status_code == 200
    assert "Remove this service?" in page.content.decode()
    assert LocalService.objects.filter(pk=service.pk).exists()

    response = client.post(f"/coordinator/local-help/{service.pk}/delete/")

    assert response.status_code == 302
    assert not LocalService.objects.filter(pk=service.pk).exists()


def test_local_service_services_check_every_field():
    service = add()
    before = state()

    with pytest.raises(ValidationError):
        add(kind="casino")
    with pytest.raises(ValidationError):
        add(name="")
    with pytest.raises(ValidationError):
        local_service_update(
            service=service,
            place=place("Middlesbrough"),
            kind="gp",
            name="n" * 121,
            description="ok",
        )

    assert state() == before
    local_service_delete(service=service)
    assert state() == []


def test_coordinator_home_links_to_local_help(client):
    client.force_login(CoordinatorFactory())

    assert 'href="/coordinator/local-help/"' in client.get("/coordinator/").content.decode()


def test_coordinator_list_filters_by_town(client):
    add(name="Teesside GP")
    add(town="Stoke-on-Trent", name="Potteries Food Bank", kind="food")
    client.force_login(CoordinatorFactory())

    html = client.get("/coordinator/local-help/", {"town": "Stoke-on-Trent"}).content.decode()

    assert "Potteries Food Bank" in html and "Teesside GP" not in html


def test_directory_shows_national_services_with_phone_links(client):
    html = client.get(directory_url()).content.decode()

    for text in (
        'href="tel:999"',
        'href="tel:111"',
        'href="tel:116123"',
        'href="tel:08088010503"',
        "0808 8010 503",
        "Migrant Help",
        "Refugee Council",
        'href="https://www.refugeecouncil.org.uk/"',
        "Citizens Advice",
        'href="https://www.citizensadvice.org.uk/"',
        "choose option 2",
        "Free, any time, day or night, to talk.",
    ):
        assert text in html, text


def test_national_services_agree_with_the_crisis_help():
    """The same numbers and words a person in crisis is shown in the chat and on /help/."""
    crisis = {line["href"]: line for line in crisis_resources()}
    shared = [service for service in national_services() if service.href in crisis]

    assert {service.href for service in shared} == {"tel:999", "tel:111", "tel:116123"}
    for service in shared:
        assert service.contact == crisis[service.href]["contact"]
        assert crisis[service.href]["when"] in [str(purpose) for purpose in service.purposes]


def test_directory_shows_the_towns_local_help_by_kind(client):
    add(kind="food", name="Middlesbrough Food Bank", address="", opening_hours="")
    add()
    add(town="Stoke-on-Trent", name="Potteries Drop-in", kind="dropin")

    response = client.get(directory_url())

    html = response.content.decode()
    groups = response.context["local_help"]
    assert [group.kind for group in groups] == ["gp", "food"]  # the kinds' order, GPs first
    for text in (
        "GP practice that welcomes newcomers",
        "Linthorpe Surgery",
        GOOD["address"],
        GOOD["contact"],
        GOOD["opening_hours"],
        "Food bank or free meals",
        "Middlesbrough Food Bank",
    ):
        assert text in html, text
    assert "Potteries Drop-in" not in html
    assert html.index("Local help") < html.index("Help anywhere in England")


def test_directory_without_local_help_says_so(client):
    html = client.get(directory_url()).content.decode()

    assert "No local services are listed for this town yet." in html


def test_directory_and_help_page_link_to_every_guide(client):
    for url in (directory_url(), "/help/", "/guides/"):
        html = client.get(url).content.decode()
        for guide in GUIDES:
            assert f'href="/guides/{guide.slug}/"' in html, (url, guide.slug)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("url", ["/guides/", *[f"/guides/{guide.slug}/" for guide in GUIDES]])
def test_guides_render_without_login(client, url, language):
    client.cookies["django_language"] = language

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")
    assert "<script" not in html
    assert "{%" not in html and "{{" not in html


def test_guides_say_what_is_generally_true(client):
    gp = client.get("/guides/register-with-a-gp/").content.decode()
    hc2 = client.get("/guides/free-prescriptions-hc2/").content.decode()
    interpreter = client.get("/guides/ask-for-an-interpreter/").content.decode()

    assert "You do not need proof of address, proof of immigration status" in gp
    assert "HC1" in hc2 and "HC2" in hc2
    for covered in ("prescriptions", "dental", "eye tests", "travel to hospital"):
        assert covered in hc2, covered
    assert "free" in interpreter and "woman interpreter" in interpreter
    assert "dialect" in interpreter


def test_unknown_guide_is_404(client):
    assert client.get("/guides/no-such-guide/").status_code == 404


def test_directory_and_guides_show_no_personal_data(client):
    coordinator = CoordinatorFactory(username="coord_priya")
    add(coordinator=coordinator)
    ActivityFactory()
    newcomer_ready(display_name="Selam")

    for url in (directory_url(), "/guides/", f"/guides/{GUIDES[0].slug}/"):
        html = client.get(url).content.decode()
        for private in ("coord_priya", coordinator.email or "@example", "Selam"):
            assert private not in html, (url, private)


def test_print_rules_cover_local_help_and_guides(client):
    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    printed = "".join(part.split("}\n}")[0] for part in css.split("@media print")[1:])

    assert "size: A4" in css
    for rule in (".site-header", ".no-print", ".national-services", ".guide"):
        assert rule in printed, rule
    for url in (directory_url(), f"/guides/{GUIDES[1].slug}/"):
        html = client.get(url).content.decode()
        assert 'class="site-header"' in html and 'class="printed"' in html, url


def test_directory_query_count_does_not_grow_with_local_help(client):
    add()
    with CaptureQueriesContext(connection) as first:
        client.get(directory_url())
    for number in range(12):
        add(name=f"Service {number}", kind=["gp", "food", "dropin", "english"][number % 4])

    with CaptureQueriesContext(connection) as then:
        response = client.get(directory_url())

    assert len(response.context["local_help"]) == 4
    assert len(then) == len(first)


def test_coordinator_list_query_count_does_not_grow(client):
    client.force_login(CoordinatorFactory())
    add()
    with CaptureQueriesContext(connection) as first:
        client.get("/coordinator/local-help/")
    for number in range(12):
        add(name=f"Service {number}", town=["Middlesbrough", "Stoke-on-Trent"][number % 2])

    with CaptureQueriesContext(connection) as then:
        client.get("/coordinator/local-help/")

    assert len(then) == len(first)


def test_guides_need_no_database(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        client.get("/guides/")
        client.get(f"/guides/{GUIDES[0].slug}/")


def test_directory_with_much_local_help_meets_the_page_rules(client):
    from tests.activities.factories import OrganisationFactory
    from tests.test_pages import check_page

    for number in range(25):  # the finding pages' heaviest case, plus a full list of help
        ActivityFactory(
            organisation=OrganisationFactory(kind=["sports", "women", "esol"][number % 3]),
            description="Friendly, free, boots provided. " * 40,
        )
    for number in range(20):
        add(
            name=f"Service {number} " + "n" * 100,
            kind=LocalService.Kind.values[number % 6],
            description="d" * 300,
            address="a" * 200,
            contact="c" * 200,
            opening_hours="h" * 200,
        )

    check_page(client, directory_url())
    client.force_login(CoordinatorFactory())
    check_page(client, "/coordinator/local-help/", private=True)


def test_the_interpreter_card_is_in_english_and_says_what_it_says_in_the_readers_language(client):
    client.cookies["django_language"] = "ar"

    html = client.get("/guides/ask-for-an-interpreter/").content.decode()

    assert "Please book an interpreter for my appointments." in html  # for the receptionist
    assert html.count("____________") == 4  # the card, and again in Arabic below it
