"""Organisations: applying, a coordinator's check, organisers adding organisers, and who may
open each organiser and coordinator page (role × URL → status)."""

import pytest
from django.core.exceptions import ValidationError

from activities.models import Activity, Organisation, Organiser
from activities.selectors.visibility import activities_visible, organisations_visible
from activities.services.organisations import (
    organisation_apply,
    organisation_refuse,
    organisation_verify,
    organiser_add,
)
from peers.models import Notification
from tests.activities.factories import ActivityFactory, OrganisationFactory, organiser_of
from tests.peers.factories import (
    CoordinatorFactory,
    NewcomerFactory,
    SupporterFactory,
    UserFactory,
    place,
)

LOGIN, MFA = "login", "mfa"
OK, FOUND, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405
ANONYMOUS, ORGANISER, OTHER_ORGANISER = "anonymous", "organiser", "other organiser"
NEWCOMER, COORDINATOR, COORDINATOR_NO_TOTP = "newcomer", "coordinator", "coordinator without 2FA"
ACTORS = [ANONYMOUS, ORGANISER, OTHER_ORGANISER, NEWCOMER, COORDINATOR]

APPLY = {
    "name": "Middlesbrough Welcome FC",
    "kind": "sports",
    "description": "Free Saturday football, boots provided.",
    "public_contact": "Come to Albert Park, Saturdays 2 pm",
    "towns": "Middlesbrough, Stockton-on-Tees",
}

# Pages that belong to one organisation (or one of its activities): only its organisers.
OWN_PAGES = [
    ("get", "/groups/{org}/manage/"),
    ("get", "/groups/{org}/edit/"),
    ("post", "/groups/{org}/edit/"),
    ("get", "/groups/{org}/organisers/"),
    ("post", "/groups/{org}/organisers/"),
    ("get", "/groups/{org}/activities/new/"),
    ("post", "/groups/{org}/activities/new/"),
    ("get", "/activities/{activity}/manage/"),
    ("get", "/activities/{activity}/edit/"),
    ("post", "/activities/{activity}/edit/"),
    ("get", "/activities/{activity}/cancel/"),
    ("post", "/activities/{activity}/cancel/"),
]
OWN_EXPECTED = {
    ANONYMOUS: LOGIN,
    ORGANISER: OK,  # a POST of an empty form shows the form again with its messages
    OTHER_ORGANISER: NOT_FOUND,
    NEWCOMER: NOT_FOUND,
    COORDINATOR: NOT_FOUND,  # coordinators check groups; they do not run them
}
TABLE = [
    *[(method, url, actor, OWN_EXPECTED[actor]) for method, url in OWN_PAGES for actor in ACTORS],
    *[
        (method, url, actor, expected)
        for method, url in [("get", "/groups/new/"), ("get", "/groups/mine/")]
        for actor, expected in [
            (ANONYMOUS, LOGIN),
            (ORGANISER, OK),
            (OTHER_ORGANISER, OK),
            (NEWCOMER, OK),
            (COORDINATOR, OK),
        ]
    ],
    ("post", "/groups/new/", ANONYMOUS, LOGIN),
    ("post", "/groups/new/", NEWCOMER, OK),  # empty: the form again, nothing made
    *[
        (method, url, actor, expected)
        for method, url in [
            ("get", "/coordinator/groups/"),
            ("get", "/coordinator/groups/{pending}/"),
            ("post", "/coordinator/groups/{pending}/"),
        ]
        for actor, expected in [
            (ANONYMOUS, LOGIN),
            (ORGANISER, FORBIDDEN),
            (OTHER_ORGANISER, FORBIDDEN),
            (NEWCOMER, FORBIDDEN),
            (COORDINATOR_NO_TOTP, MFA),
            (COORDINATOR, OK),
        ]
    ],
    ("get", "/coordinator/groups/999999/", COORDINATOR, NOT_FOUND),
    ("get", "/groups/999999/manage/", ORGANISER, NOT_FOUND),
    ("get", "/activities/999999/edit/", ORGANISER, NOT_FOUND),
]


@pytest.fixture
def world(db):
    organisation = OrganisationFactory(name="Welcome FC")
    organiser = organiser_of(organisation, SupporterFactory())
    other = organiser_of(OrganisationFactory(name="Other club"))
    activity = ActivityFactory(organisation=organisation)
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    organiser_of(pending)
    return {
        ORGANISER: organiser,
        OTHER_ORGANISER: other,
        NEWCOMER: NewcomerFactory(),
        COORDINATOR: CoordinatorFactory(),
        COORDINATOR_NO_TOTP: CoordinatorFactory(with_totp=False),
        "ids": {"org": organisation.pk, "activity": activity.pk, "pending": pending.pk},
    }


def _state():
    return (
        list(Organisation.objects.values_list("pk", "name", "status", "description")),
        list(Organiser.objects.values_list("organisation_id", "user_id")),
        list(Activity.objects.values_list("pk", "title", "status", "capacity")),
        Notification.objects.count(),
    )


@pytest.mark.parametrize(("method", "url", "actor", "expected"), TABLE)
def test_organiser_page_access(client, world, method, url, actor, expected):
    if actor != ANONYMOUS:
        client.force_login(world[actor])
    before = _state()

    response = getattr(client, method)(url.format(**world["ids"]))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == MFA:
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"
    else:
        assert response.status_code == expected
    if method == "post":
        assert _state() == before, "a refused or empty request changes nothing"


@pytest.mark.parametrize(
    ("actor", "url", "data"),
    [
        (OTHER_ORGANISER, "/groups/{org}/edit/", {**APPLY, "name": "Taken over"}),
        (NEWCOMER, "/groups/{org}/organisers/", {"username": "intruder"}),
        (COORDINATOR, "/activities/{activity}/edit/", {"title": "x", "status": "ended"}),
        (OTHER_ORGANISER, "/activities/{activity}/cancel/", {"day": "2030-01-05"}),
        (ORGANISER, "/coordinator/groups/{pending}/", {"decision": "verify"}),
    ],
)
def test_organiser_refused_full_requests_change_nothing(client, world, actor, url, data):
    client.force_login(world[actor])
    intruder = UserFactory(username="intruder")
    before = _state()

    response = client.post(url.format(**world["ids"]), data)

    assert response.status_code in {403, 404}
    assert _state() == before
    assert not Organiser.objects.filter(user=intruder).exists()


# --- Applying ------------------------------------------------------------------------------


def test_organisation_apply_makes_a_pending_group_with_its_first_organiser(client, db):
    dave = UserFactory(username="dave")
    client.force_login(dave)

    response = client.post("/groups/new/", APPLY)

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/groups/{organisation.pk}/manage/"
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.created_by == dave
    assert list(organisation.organisers.values_list("user", flat=True)) == [dave.pk]
    assert {town.name for town in organisation.towns.all()} == {
        "Middlesbrough",
        place("Stockton-on-Tees").name,
    }
    assert not organisations_visible().exists()
    page = client.get(response["Location"]).content.decode()
    assert "Waiting for a coordinator" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"towns": "Nowheresville"}, "We could not find"),
        ({"towns": " , "}, "at least one town"),
        ({"name": ""}, "This field is required"),
        ({"kind": "casino"}, "Select a valid choice"),
        ({"name": "Bad <script>"[:0] + "Bad \u202ename"}, "hidden character"),
    ],
)
def test_organisation_apply_with_bad_input_says_why_and_makes_nothing(client, db, change, message):
    client.force_login(UserFactory())

    response = client.post("/groups/new/", {**APPLY, **change})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organisation.objects.exists()


def test_organisation_apply_service_needs_a_town(db):
    with pytest.raises(ValidationError):
        organisation_apply(
            user=UserFactory(), towns=[], **{k: APPLY[k] for k in APPLY if k != "towns"}
        )
    assert not Organisation.objects.exists()


# --- The coordinator's check ----------------------------------------------------------------


def test_coordinator_verifies_a_group_and_its_organisers_are_told(client, db):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING, name="Welcome FC")
    dave, sam = organiser_of(organisation), organiser_of(organisation)
    ActivityFactory(organisation=organisation)
    assert not activities_visible().exists()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    queue = client.get("/coordinator/groups/").content.decode()
    assert "Welcome FC" in queue
    response = client.post(f"/coordinator/groups/{organisation.pk}/", {"decision": "verify"})

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED
    assert organisation.decided_by == coordinator
    assert set(
        Notification.objects.filter(kind=Notification.Kind.ORGANISATION_VERIFIED).values_list(
            "user", flat=True
        )
    ) == {dave.pk, sam.pk}
    assert list(organisations_visible()) == [organisation]
    assert activities_visible().count() == 1
    assert "Welcome FC" not in client.get("/coordinator/groups/").content.decode()


def test_coordinator_cannot_check_a_group_she_organises(client, db):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING, name="My own FC")
    coordinator = organiser_of(organisation, CoordinatorFactory())
    client.force_login(coordinator)

    assert "My own FC" not in client.get("/coordinator/groups/").content.decode()
    assert client.get(f"/coordinator/groups/{organisation.pk}/").status_code == 404
    response = client.post(f"/coordinator/groups/{organisation.pk}/", {"decision": "verify"})

    assert response.status_code == 404
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING
    assert not organisations_visible().exists()
    # Her home page does not count it as waiting for her either.
    assert client.get("/coordinator/").context["groups_waiting"] == 0


def test_coordinator_refuses_with_a_reason_the_organisers_read(client, db):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    dave = organiser_of(organisation)
    client.force_login(CoordinatorFactory())

    response = client.post(
        f"/coordinator/groups/{organisation.pk}/",
        {"decision": "refuse", "note": "We could not reach you on the number given."},
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.REFUSED
    notice = Notification.objects.get(user=dave)
    assert notice.kind == Notification.Kind.ORGANISATION_REFUSED
    assert notice.note == "We could not reach you on the number given."
    assert notice.link == f"/groups/{organisation.pk}/manage/"
    assert not organisations_visible().exists()
    client.force_login(dave)
    page = client.get(notice.link).content.decode()
    assert "We could not reach you on the number given." in page
    assert f"/groups/{organisation.pk}/activities/new/" not in page


def test_coordinator_refusing_without_a_reason_changes_nothing(client, db):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    organiser_of(organisation)
    client.force_login(CoordinatorFactory())

    response = client.post(f"/coordinator/groups/{organisation.pk}/", {"decision": "refuse"})

    assert response.status_code == 200
    assert "Please give a reason" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING
    assert not Notification.objects.exists()


def test_organisation_decided_once_only(db):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    coordinator = CoordinatorFactory()
    organisation_verify(organisation=organisation, coordinator=coordinator)

    with pytest.raises(ValidationError):
        organisation_verify(organisation=organisation, coordinator=coordinator)
    with pytest.raises(ValidationError):
        organisation_refuse(organisation=organisation, coordinator=coordinator, note="no")
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED


def test_organisation_queue_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    client.force_login(CoordinatorFactory())
    for _ in range(3):
        organiser_of(OrganisationFactory(status=Organisation.Status.PENDING))
    client.get("/coordinator/groups/")
    with django_assert_max_num_queries(12) as few:
        client.get("/coordinator/groups/")
    for _ in range(20):
        organiser_of(OrganisationFactory(status=Organisation.Status.PENDING, towns=["Leeds"]))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/coordinator/groups/")
    assert response.content.decode().count('<li class="card">') == 23


# --- Organisers -----------------------------------------------------------------------------


def test_organiser_adds_another_organiser_by_username_who_is_told(client, db):
    organisation = OrganisationFactory()
    dave = organiser_of(organisation)
    amina = UserFactory(username="amina")
    client.force_login(dave)

    response = client.post(f"/groups/{organisation.pk}/organisers/", {"username": "Amina"})

    assert response.status_code == 302
    assert organisation.organisers.filter(user=amina, added_by=dave).exists()
    notice = Notification.objects.get(user=amina)
    assert notice.kind == Notification.Kind.ORGANISER_ADDED
    assert notice.link == f"/groups/{organisation.pk}/manage/"
    client.force_login(amina)
    assert client.get(notice.link).status_code == 200


@pytest.mark.parametrize(
    ("username", "message"),
    [("nobody-here", "We could not find anyone"), ("dave", "already an organiser")],
)
def test_organiser_add_with_a_wrong_username_says_why(client, db, username, message):
    organisation = OrganisationFactory()
    dave = organiser_of(organisation, UserFactory(username="dave"))
    client.force_login(dave)

    response = client.post(f"/groups/{organisation.pk}/organisers/", {"username": username})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert organisation.organisers.count() == 1
    assert not Notification.objects.exists()


def test_organiser_add_service_refuses_someone_not_an_organiser(db):
    organisation = OrganisationFactory()
    UserFactory(username="amina")

    with pytest.raises(ValidationError):
        organiser_add(organisation=organisation, added_by=UserFactory(), username="amina")
    assert not organisation.organisers.exists()


def test_organiser_sees_only_their_own_groups(client, db, django_assert_max_num_queries):
    dave = UserFactory()
    mine = OrganisationFactory(name="Welcome FC")
    organiser_of(mine, dave)
    organiser_of(OrganisationFactory(name="Somebody else's club"))
    client.force_login(dave)

    page = client.get("/groups/mine/").content.decode()

    assert "Welcome FC" in page
    assert "Somebody else" not in page
    for number in range(10):
        organiser_of(OrganisationFactory(name=f"Club {number}"), dave)
    with django_assert_max_num_queries(10):
        client.get("/groups/mine/")


def test_dashboard_and_role_pages_offer_to_list_or_manage_a_group(client, db):
    newcomer = NewcomerFactory()
    client.force_login(newcomer)
    assert "/groups/new/" in client.get("/newcomer/").content.decode()

    organisation = OrganisationFactory(name="Welcome FC")
    organiser_of(organisation, newcomer)
    page = client.get("/newcomer/").content.decode()
    assert f"/groups/{organisation.pk}/manage/" in page

    both = UserFactory(is_newcomer=True, is_supporter=True)
    client.force_login(both)
    assert "/groups/new/" in client.get("/me/").content.decode()
    client.force_login(SupporterFactory())
    assert "/groups/new/" in client.get("/supporter/").content.decode()


def test_coordinator_home_links_to_the_groups_queue(client, db):
    OrganisationFactory(status=Organisation.Status.PENDING)
    client.force_login(CoordinatorFactory())

    page = client.get("/coordinator/").content.decode()

    assert "/coordinator/groups/" in page
    assert "1 group waiting for a check" in page


def test_organiser_pages_meet_the_page_rules(client, world):
    from tests.test_pages import check_page

    client.force_login(world[ORGANISER])
    for url in [
        "/groups/new/",
        "/groups/mine/",
        "/groups/{org}/manage/",
        "/groups/{org}/edit/",
        "/groups/{org}/organisers/",
        "/groups/{org}/activities/new/",
        "/activities/{activity}/manage/",
        "/activities/{activity}/edit/",
        "/activities/{activity}/cancel/",
    ]:
        check_page(client, url.format(**world["ids"]), private=True)
    client.force_login(world[COORDINATOR])
    for url in ["/coordinator/groups/", "/coordinator/groups/{pending}/"]:
        check_page(client, url.format(**world["ids"]), private=True)
