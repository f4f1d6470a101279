"""Who may open each pairing page (role × URL → status), and coordinators' hand-made
suggestions."""

import pytest
from django.test.utils import CaptureQueriesContext

from peers.models import MatchingRun, Notification, Offer, Pairing, SupportRequest
from peers.services import consent_grant, newcomer_profile_update
from peers.services.matching_runs import matching_run_start
from peers.services.pairing import (
    offer_accept,
    offer_create,
    person_block,
    support_request_cancel,
    support_request_create,
)
from tests.peers.factories import (
    CoordinatorFactory,
    NewcomerFactory,
    SupporterFactory,
    active_pairing,
    newcomer_ready,
    pending_offer,
    supporter_ready,
)

LOGIN, MFA = "login", "mfa"
OK, FOUND, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405

ANONYMOUS, NEWCOMER, SUPPORTER = "anonymous", "newcomer", "supporter"
OTHER_NEWCOMER, OTHER_SUPPORTER = "other newcomer", "other supporter"
COORDINATOR, COORDINATOR_NO_TOTP = "coordinator", "coordinator without 2FA"

# The newcomer and the supporter are paired; the supporter also has a pending offer.
PAIRING_ACTIONS = ["end", "change", "block"]
TABLE = [
    *[
        ("get", "/support/", actor, expected)
        for actor, expected in [
            (ANONYMOUS, LOGIN),
            (NEWCOMER, OK),
            (OTHER_NEWCOMER, OK),
            (SUPPORTER, FORBIDDEN),
            (COORDINATOR, FORBIDDEN),
        ]
    ],
    *[
        ("post", url, actor, expected)
        for url in ["/support/ask/", "/support/cancel/"]
        for actor, expected in [
            (ANONYMOUS, LOGIN),
            (NEWCOMER, FOUND),
            (OTHER_NEWCOMER, FOUND),
            (SUPPORTER, FORBIDDEN),
            (COORDINATOR, FORBIDDEN),
        ]
    ],
    ("get", "/support/ask/", NEWCOMER, NOT_ALLOWED),
    ("get", "/support/cancel/", NEWCOMER, NOT_ALLOWED),
    *[
        ("get", "/supporter/offers/", actor, expected)
        for actor, expected in [
            (ANONYMOUS, LOGIN),
            (NEWCOMER, FORBIDDEN),
            (SUPPORTER, OK),
            (OTHER_SUPPORTER, OK),
            (COORDINATOR, FORBIDDEN),
        ]
    ],
    *[
        ("post", f"/supporter/offers/{{offer}}/{answer}/", actor, expected)
        for answer in ["accept", "decline"]
        for actor, expected in [
            (ANONYMOUS, LOGIN),
            (NEWCOMER, FORBIDDEN),
            (SUPPORTER, FOUND),
            (OTHER_SUPPORTER, NOT_FOUND),
            (COORDINATOR, FORBIDDEN),
        ]
    ],
    ("get", "/supporter/offers/{offer}/accept/", SUPPORTER, NOT_ALLOWED),
    ("post", "/supporter/offers/{offer}/maybe/", SUPPORTER, NOT_FOUND),
    ("post", "/supporter/offers/999999/accept/", SUPPORTER, NOT_FOUND),
    *[
        ("post", f"/pairings/{{pairing}}/{action}/", actor, expected)
        for action in PAIRING_ACTIONS
        for actor, expected in [
            (ANONYMOUS, LOGIN),
            (NEWCOMER, FOUND),
            (SUPPORTER, FOUND),
            (OTHER_NEWCOMER, NOT_FOUND),
            (OTHER_SUPPORTER, NOT_FOUND),
            (COORDINATOR, FORBIDDEN),
        ]
    ],
    # A GET asks first (a confirmation page that changes nothing); only a POST acts.
    *[("get", f"/pairings/{{pairing}}/{action}/", NEWCOMER, OK) for action in PAIRING_ACTIONS],
    ("get", "/pairings/{pairing}/block/", OTHER_NEWCOMER, NOT_FOUND),
    ("post", "/pairings/999999/end/", NEWCOMER, NOT_FOUND),
    *[
        (method, url, actor, expected)
        for method, url in [
            ("get", "/coordinator/matching/"),
            ("post", "/coordinator/matching/run/"),
            ("get", "/coordinator/matching/{run}/"),
            ("get", "/coordinator/matching/requests/{waiting}/"),
            ("post", "/coordinator/matching/requests/{waiting}/"),
        ]
        for actor, expected in [
            (ANONYMOUS, LOGIN),
            (NEWCOMER, FORBIDDEN),
            (SUPPORTER, FORBIDDEN),
            (COORDINATOR_NO_TOTP, MFA),
            (COORDINATOR, OK if method == "get" or "requests" in url else FOUND),
        ]
    ],
    ("get", "/coordinator/matching/run/", COORDINATOR, NOT_ALLOWED),
    ("post", "/coordinator/matching/", COORDINATOR, NOT_ALLOWED),
    ("get", "/coordinator/matching/999999/", COORDINATOR, NOT_FOUND),
    ("get", "/coordinator/matching/requests/999999/", COORDINATOR, NOT_FOUND),
    # Someone already offered is not on the waiting list: back to it, with a word why.
    ("get", "/coordinator/matching/requests/{offered}/", COORDINATOR, FOUND),
]


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    newcomer, supporter = newcomer_ready(), supporter_ready(capacity=2)
    pairing = active_pairing(newcomer, supporter)
    offer = pending_offer(newcomer_ready(), supporter)
    with django_capture_on_commit_callbacks(execute=True):
        run = matching_run_start()  # nobody is waiting: it finishes with no offers
    run.refresh_from_db()
    waiting = support_request_create(newcomer=newcomer_ready(town="Cardiff"))
    assert run.status == MatchingRun.Status.DONE
    return {
        NEWCOMER: newcomer,
        SUPPORTER: supporter,
        OTHER_NEWCOMER: NewcomerFactory(),
        OTHER_SUPPORTER: SupporterFactory(),
        COORDINATOR: CoordinatorFactory(),
        COORDINATOR_NO_TOTP: CoordinatorFactory(with_totp=False),
        "ids": {
            "offer": offer.pk,
            "pairing": pairing.pk,
            "run": run.pk,
            "waiting": waiting.pk,
            "offered": offer.request_id,
        },
    }


@pytest.mark.parametrize(("method", "url", "actor", "expected"), TABLE)
def test_pairing_page_access(client, world, method, url, actor, expected):
    if actor != ANONYMOUS:
        client.force_login(world[actor])

    response = getattr(client, method)(url.format(**world["ids"]))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == MFA:
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    ("actor", "url"),
    [
        (ANONYMOUS, "/supporter/offers/{offer}/accept/"),
        (NEWCOMER, "/supporter/offers/{offer}/accept/"),
        (OTHER_SUPPORTER, "/supporter/offers/{offer}/accept/"),
        (COORDINATOR, "/supporter/offers/{offer}/accept/"),
        (ANONYMOUS, "/pairings/{pairing}/end/"),
        (OTHER_NEWCOMER, "/pairings/{pairing}/block/"),
        (OTHER_SUPPORTER, "/pairings/{pairing}/end/"),
        (COORDINATOR, "/pairings/{pairing}/end/"),
        (NEWCOMER, "/support/ask/"),  # a GET: refused, nothing asked for
    ],
)
def test_pairing_refused_requests_change_nothing(client, world, actor, url):
    if actor != ANONYMOUS:
        client.force_login(world[actor])
    before = (
        list(Offer.objects.values_list("pk", "status")),
        list(Pairing.objects.values_list("pk", "status")),
        SupportRequest.objects.count(),
    )

    if url == "/support/ask/":
        client.get(url)
    else:
        client.post(url.format(**world["ids"]))

    after = (
        list(Offer.objects.values_list("pk", "status")),
        list(Pairing.objects.values_list("pk", "status")),
        SupportRequest.objects.count(),
    )
    assert after == before


# --- Coordinators' hand-made suggestions ---------------------------------------------------


def _propose(client, request_pk, supporter, note="Both from Asmara; she asked for a woman"):
    return client.post(
        f"/coordinator/matching/requests/{request_pk}/",
        {"supporter": getattr(supporter, "pk", supporter), "note": note},
    )


@pytest.mark.django_db
def test_matching_request_page_ranks_the_supporters_who_fit_with_the_fit_shown(client):
    near = supporter_ready(town="Middlesbrough", languages=(("ar", "sudanese", True),))
    farther = supporter_ready(town="Stockton-on-Tees", languages=(("ar", "", True),))
    supporter_ready(town="Middlesbrough", languages=(("ti", "", True),))  # no shared language
    supporter_ready(town="Middlesbrough", languages=(("ar", "", True),), status="paused")
    newcomer = newcomer_ready(town="Middlesbrough", languages=(("ar", "sudanese", True),))
    request = support_request_create(newcomer=newcomer)
    client.force_login(CoordinatorFactory())

    response = client.get(f"/coordinator/matching/requests/{request.pk}/")

    suggestions = response.context["suggestions"]
    assert [s.supporter_id for s in suggestions] == [near.pk, farther.pk]
    assert suggestions[0].score > suggestions[1].score
    html = response.content.decode()
    assert "Fit: " in html and "You both speak" in html
    assert "Arabic (Sudanese)" in html  # the person's language and dialect
    assert 'type="radio"' in html and "username" in html


@pytest.mark.django_db
def test_matching_proposal_creates_an_offer_recording_who_and_why(client):
    coordinator = CoordinatorFactory()
    supporter = supporter_ready(town="Middlesbrough", languages=(("ti", "", True),))
    request = support_request_create(newcomer=newcomer_ready())
    client.force_login(coordinator)

    response = _propose(client, request.pk, supporter)

    assert response.status_code == 302 and response["Location"] == "/coordinator/matching/"
    offer = Offer.objects.get()
    assert (offer.request, offer.supporter, offer.proposed_by) == (request, supporter, coordinator)
    assert offer.proposal_note == "Both from Asmara; she asked for a woman"
    assert offer.run is None
    assert offer.score > 0 and offer.reasons  # the fit the coordinator saw goes with it
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.OFFERED
    assert Notification.objects.filter(
        user=supporter, kind=Notification.Kind.OFFER_RECEIVED
    ).exists()
    client.force_login(supporter)
    assert "Suggested by a coordinator." in client.get("/supporter/offers/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", ["applied", "paused", "withdrawn", "rejected", "not a supporter", "nobody"]
)
def test_matching_proposal_refuses_anyone_not_among_the_suggestions(client, status):
    supporter_ready()  # someone who does fit, so the form is shown
    if status == "nobody":
        person = 999999
    elif status == "not a supporter":
        person = newcomer_ready()
    else:
        person = supporter_ready(status=status)
    request = support_request_create(newcomer=newcomer_ready())
    client.force_login(CoordinatorFactory())

    response = _propose(client, request.pk, person)

    assert response.status_code == 200
    assert "Please pick one of the suggested supporters" in response.content.decode()
    assert not Offer.objects.exists()
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.WAITING


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"supporter": "", "note": "x"}, "supporter"),
        ({"supporter": "abc", "note": "x"}, "supporter"),
        ({"supporter": "ok", "note": ""}, "note"),
    ],
)
def test_matching_proposal_with_bad_input_shows_errors_and_creates_nothing(client, data, field):
    supporter = supporter_ready()
    request = support_request_create(newcomer=newcomer_ready())
    if data["supporter"] == "ok":
        data = {**data, "supporter": str(supporter.pk)}
    client.force_login(CoordinatorFactory())

    response = client.post(f"/coordinator/matching/requests/{request.pk}/", data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Offer.objects.exists()


def _offered(request, supporter):
    offer_create(request=request, supporter=supporter)


def _matched(request, supporter):
    offer_accept(offer=offer_create(request=request, supporter=supporter), supporter=supporter)


def _cancelled(request, supporter):
    support_request_cancel(newcomer=request.newcomer)


@pytest.mark.django_db
@pytest.mark.parametrize("make", [_offered, _matched, _cancelled, None])
def test_matching_proposal_for_a_request_not_waiting_changes_nothing(client, make):
    first, chosen = supporter_ready(), supporter_ready()
    request = support_request_create(newcomer=newcomer_ready())
    pk = request.pk
    if make is None:
        pk = 999999
    else:
        make(request, first)
    offers_before = list(Offer.objects.values_list("pk", "status"))
    client.force_login(CoordinatorFactory())

    response = _propose(client, pk, chosen)

    if make is None:
        assert response.status_code == 404
    else:
        assert response.status_code == 302 and response["Location"] == "/coordinator/matching/"
        page = client.get(response["Location"]).content.decode()
        assert "This person is not waiting any more" in page
    assert list(Offer.objects.values_list("pk", "status")) == offers_before
    assert not Offer.objects.filter(supporter=chosen).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who_blocked", ["newcomer", "supporter"])
def test_matching_proposal_never_suggests_a_pair_that_blocked_each_other(client, who_blocked):
    newcomer, supporter = newcomer_ready(), supporter_ready(capacity=2)
    pairing = active_pairing(newcomer, supporter)
    if who_blocked == "newcomer":
        person_block(blocker=newcomer, blocked=supporter)
    else:
        person_block(blocker=supporter, blocked=newcomer)
    assert Pairing.objects.get(pk=pairing.pk).status == Pairing.Status.ENDED
    request = support_request_create(newcomer=newcomer)
    client.force_login(CoordinatorFactory())

    page = client.get(f"/coordinator/matching/requests/{request.pk}/")
    _propose(client, request.pk, supporter)

    assert page.context["suggestions"] == []
    assert not Offer.objects.filter(request=request).exists()


@pytest.mark.django_db
def test_matching_proposal_never_suggests_the_newcomer_themselves(client):
    both = supporter_ready()
    both.is_newcomer = True
    both.save(update_fields=["is_newcomer"])
    newcomer_profile_update(
        user=both, max_km=10, remote_ok=False, wants_gender="", helps=[], about_me=""
    )
    request = support_request_create(newcomer=both)
    client.force_login(CoordinatorFactory())

    page = client.get(f"/coordinator/matching/requests/{request.pk}/")
    _propose(client, request.pk, both)

    assert page.context["suggestions"] == []
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_matching_overview_lists_waiting_people_with_languages_town_wait_and_reason(
    client, django_capture_on_commit_callbacks
):
    supporter_ready(town="Cardiff", languages=(("ti", "", True),))
    waiting = newcomer_ready(
        town="Middlesbrough", languages=(("ar", "sudanese", True),), display_name="Selam"
    )
    request = support_request_create(newcomer=waiting)
    before_run = client
    before_run.force_login(CoordinatorFactory())
    assert (
        "Not looked at by a run yet." in before_run.get("/coordinator/matching/").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        matching_run_start()

    html = client.get("/coordinator/matching/").content.decode()

    assert f"/coordinator/matching/requests/{request.pk}/" in html
    assert "<bdi>Selam</bdi>" in html
    assert "Arabic (Sudanese)" in html
    assert "Middlesbrough" in html and "waiting" in html
    assert "No Arabic speaker among active supporters (Middlesbrough)" in html


@pytest.mark.django_db
def test_matching_overview_never_rebuilds_the_matcher_input(client, monkeypatch):
    from peers.selectors import matching as selectors

    def refuse(*args, **kwargs):
        raise AssertionError("the page rebuilt a whole run's input")

    monkeypatch.setattr(selectors, "matching_data_build", refuse)
    monkeypatch.setattr(selectors, "_newcomers_input", refuse)
    support_request_create(newcomer=newcomer_ready())
    supporter_ready()
    client.force_login(CoordinatorFactory())

    assert client.get("/coordinator/matching/").status_code == 200


@pytest.mark.django_db
def test_matching_run_now_goes_to_a_worker_and_never_runs_in_the_request(
    client, django_capture_on_commit_callbacks
):
    """As with REDIS_URL set: tasks are not eager, so the web request only queues the run."""
    from config.celery import app as celery_app

    support_request_create(newcomer=newcomer_ready())
    supporter_ready()
    client.force_login(CoordinatorFactory())
    celery_app.conf.task_always_eager = False
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/coordinator/matching/run/")
    finally:
        celery_app.conf.task_always_eager = True

    run = MatchingRun.objects.get()
    assert response["Location"] == f"/coordinator/matching/{run.pk}/"
    assert run.status == MatchingRun.Status.PENDING  # queued for a worker, not run here
    assert not Offer.objects.exists()


# --- Query counts on list pages ------------------------------------------------------------


def _queries(client, url) -> int:
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_offer_list_queries_do_not_grow_with_each_offer(client):
    supporter = supporter_ready(capacity=5)
    client.force_login(supporter)

    def one_more():
        newcomer = newcomer_ready()
        consent_grant(user=newcomer, purpose="share_profile")
        pending_offer(newcomer, supporter, reasons=[{"key": "near", "params": {}}])

    one_more()
    with_one = _queries(client, "/supporter/offers/")
    for _ in range(3):
        one_more()
    with_four = _queries(client, "/supporter/offers/")

    assert with_four == with_one


OVERVIEW_QUERY_BOUND = 20


@pytest.mark.django_db
def test_matching_overview_queries_do_not_grow_with_the_people_waiting(client):
    coordinator = CoordinatorFactory()
    supporter_ready(capacity=5, coordinator=coordinator)
    client.force_login(coordinator)
    support_request_create(newcomer=newcomer_ready())
    with_one = _queries(client, "/coordinator/matching/")
    for town in ["TS1", "Stockton-on-Tees", "Cardiff", "Middlesbrough"]:
        support_request_create(
            newcomer=newcomer_ready(
                town=town, languages=(("ar", "sudanese", True), ("ti", "", False))
            )
        )
    with_five = _queries(client, "/coordinator/matching/")

    assert with_five == with_one <= OVERVIEW_QUERY_BOUND


@pytest.mark.django_db
def test_pairing_end_view_keeps_the_reason_for_coordinators_only(client):
    newcomer, supporter = newcomer_ready(), supporter_ready()
    pairing = active_pairing(newcomer, supporter)
    client.force_login(supporter)

    client.post(f"/pairings/{pairing.pk}/end/", {"reason": "Moving away"})

    pairing.refresh_from_db()
    assert (pairing.status, pairing.end_reason) == (Pairing.Status.ENDED, "Moving away")
    # Ending again (a second tab) is refused politely, nothing changes.
    response = client.post(f"/pairings/{pairing.pk}/end/", {"reason": "again"}, follow=True)
    assert "This pairing has already ended." in response.content.decode()
    pairing.refresh_from_db()
    assert pairing.end_reason == "Moving away"


@pytest.mark.django_db
def test_offer_list_shares_nothing_consented_only_for_the_matched_supporter(client):
    newcomer = newcomer_ready(display_name="Hiwet")
    newcomer_profile_update(
        user=newcomer,
        max_km=10,
        remote_ok=False,
        wants_gender="",
        helps=["talk"],
        about_me="I miss my sister in Kassala",
    )
    consent_grant(user=newcomer, purpose="share_profile")
    consent_grant(user=newcomer, purpose="share_about_me")
    supporter = supporter_ready()
    pending_offer(newcomer, supporter)
    client.force_login(supporter)

    html = client.get("/supporter/offers/").content.decode()

    assert "Hiwet" not in html
    assert "I miss my sister in Kassala" not in html
