"""Feedback pages: who may open each (role × URL → status), the form and its bad input, the
thanks page, following by reference (right, wrong secret, unknown reference, rate limit), a
person's own list, the coordinators' queue, detail and answer, the notice in the person's
language, "You said, we did", and the page rules."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext, pgettext

from feedback.models import Feedback, PublishedChange
from feedback.selectors import FEEDBACK_QUEUE_PAGE as QUEUE_PAGE
from feedback.services import feedback_acknowledge, feedback_resolve, published_change_withdraw
from feedback.services.privacy import feedback_person_forget
from peers.models import AuditEvent, Notification
from tests.activities.factories import ActivityFactory, OrganisationFactory, organiser_of
from tests.feedback.factories import change_published, complaint_given, feedback_given
from tests.pagecheck import PAGE_BUDGET_BYTES, page_facts, page_weight
from tests.peers.factories import (
    CoordinatorFactory,
    NewcomerFactory,
    SupporterFactory,
    newcomer_ready,
)

pytestmark = pytest.mark.django_db

LOGIN, MFA, OK, FOUND, FORBIDDEN, NOT_FOUND = "login", "mfa", 200, 302, 403, 404
VISITOR, NEWCOMER, SUPPORTER, ORGANISER = "visitor", "newcomer", "supporter", "organiser"
COORDINATOR, COORDINATOR_NO_TOTP = "coordinator", "coordinator without 2FA"
ACTORS = [VISITOR, NEWCOMER, SUPPORTER, ORGANISER, COORDINATOR_NO_TOTP, COORDINATOR]
PROMISE = (
    "What you tell us here is never shared with the Home Office or any other authority, "
    "and it cannot affect an asylum claim."
)
TOKEN = re.compile(r'name="token" value="([^"]+)"')
SECRET_SHOWN = re.compile(r'<code id="secret">([A-Z0-9 ]+)</code>')

# Pages for everyone, visitors included.
OPEN_PAGES = [("get", "/feedback/"), ("get", "/feedback/follow/"), ("get", "/you-said-we-did/")]
# Coordinator pages, with what a coordinator with two-factor gets.
COORDINATOR_PAGES = [
    ("get", "/coordinator/feedback/{feedback}/", {}, OK),
    ("post", "/coordinator/feedback/{feedback}/acknowledge/", {}, FOUND),
    ("post", "/coordinator/feedback/{feedback}/resolve/", {"response": "Thank you"}, OK),
    ("get", "/coordinator/you-said-we-did/", {}, OK),
    ("post", "/coordinator/you-said-we-did/", {"you_said": "", "we_did": ""}, 400),
    ("get", "/coordinator/you-said-we-did/{change}/withdraw/", {}, OK),
    ("post", "/coordinator/you-said-we-did/{change}/withdraw/", {}, FOUND),
    ("get", "/chat/cases/", {}, OK),
    ("get", "/coordinator/feedback/", {}, OK),
    ("get", "/coordinator/feedback/?reference={reference}", {}, FOUND),
]
COORDINATOR_EXPECTED = {
    VISITOR: LOGIN,
    NEWCOMER: FORBIDDEN,
    SUPPORTER: FORBIDDEN,
    ORGANISER: FORBIDDEN,
    COORDINATOR_NO_TOTP: MFA,
}
TABLE = [
    *[(method, url, {}, actor, OK) for method, url in OPEN_PAGES for actor in ACTORS],
    *[("get", "/feedback/mine/", {}, actor, LOGIN if actor == VISITOR else OK) for actor in ACTORS],
    *[
        (method, url, data, actor, COORDINATOR_EXPECTED.get(actor, coordinator_gets))
        for method, url, data, coordinator_gets in COORDINATOR_PAGES
        for actor in ACTORS
    ],
    ("get", "/coordinator/feedback/999999/", {}, COORDINATOR, NOT_FOUND),
    ("post", "/coordinator/feedback/999999/acknowledge/", {}, COORDINATOR, NOT_FOUND),
    ("post", "/coordinator/feedback/999999/resolve/", {"response": "x"}, COORDINATOR, NOT_FOUND),
    ("get", "/coordinator/you-said-we-did/999999/withdraw/", {}, COORDINATOR, NOT_FOUND),
    ("post", "/coordinator/you-said-we-did/999999/withdraw/", {}, COORDINATOR, NOT_FOUND),
    ("get", "/coordinator/feedback/{feedback}/acknowledge/", {}, COORDINATOR, 405),
]


@pytest.fixture
def world(organiser):
    complaint = complaint_given(user=NewcomerFactory())
    return {
        NEWCOMER: NewcomerFactory(),
        SUPPORTER: SupporterFactory(),
        ORGANISER: organiser,
        COORDINATOR: CoordinatorFactory(),
        COORDINATOR_NO_TOTP: CoordinatorFactory(with_totp=False),
        "ids": {
            "feedback": complaint.feedback.pk,
            "reference": complaint.feedback.reference,
            "change": change_published().pk,
        },
    }


def _state():
    return (
        list(Feedback.objects.order_by("pk").values_list("pk", "status", "response")),
        list(PublishedChange.objects.order_by("pk").values_list("pk", "withdrawn_at")),
        Notification.objects.count(),
    )


@pytest.mark.parametrize(("method", "url", "data", "actor", "expected"), TABLE)
def test_feedback_page_access(client, world, method, url, data, actor, expected):
    if actor != VISITOR:
        client.force_login(world[actor])
    before = _state()

    response = getattr(client, method)(url.format(**world["ids"]), data)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == MFA:
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"
    else:
        assert response.status_code == expected
    if expected != FOUND:
        assert _state() == before, "a refused request, or one that only asks, changes nothing"


# --- The form ---------------------------------------------------------------------------------


def _token(client, url="/feedback/") -> str:
    return TOKEN.search(client.get(url).content.decode()).group(1)


def test_form_shows_the_promise_the_faces_in_words_and_the_links(client):
    html = client.get("/feedback/").content.decode()

    assert PROMISE in html
    assert html.index(PROMISE) < html.index('<form method="post" action="/feedback/"')
    assert "<legend>How was it? (you can skip this)</legend>" in html
    for value, word in [(1, "Very bad"), (2, "Bad"), (3, "OK"), (4, "Good"), (5, "Very good")]:
        assert re.search(
            rf'<input type="radio" name="score" value="{value}"[^>]*id="(id_score_\d)"', html
        )
        assert re.search(rf'<span aria-hidden="true">[^<]+</span> {word}</label>', html), word
    assert 'href="/you-said-we-did/"' in html
    assert 'href="/feedback/follow/"' in html
    # A visitor cannot choose to give their name: there is none.
    assert 'name="anonymous"' not in html
    assert "sent without your name (anonymous)" in html


def test_form_offers_anonymity_to_a_logged_in_person(client):
    client.force_login(NewcomerFactory())

    html = client.get("/feedback/").content.decode()

    assert 'name="anonymous"' in html
    assert "Send without my name (anonymous)" in html
    assert 'href="/feedback/mine/"' in html


def test_every_page_footer_links_to_feedback_and_you_said_we_did(client):
    for url in ["/", "/help/", "/activities/", "/accounts/login/"]:
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        assert 'href="/feedback/"' in footer, url
        assert 'href="/you-said-we-did/"' in footer, url
    client.force_login(NewcomerFactory())
    footer = client.get("/newcomer/").content.decode().split('<footer class="site-footer">')[1]
    assert 'href="/feedback/"' in footer


def test_form_prefills_what_it_is_about_and_the_activity(client):
    activity = ActivityFactory(title="Thursday cooking")

    html = client.get(f"/feedback/?about=activity&activity={activity.pk}").content.decode()

    assert re.search(r'<option value="activity" selected>', html)
    assert f'name="activity" value="{activity.pk}"' in html
    assert "Thursday cooking" in html
    token = TOKEN.search(html).group(1)
    client.post(
        "/feedback/",
        {
            "token": token,
            "kind": "feedback",
            "about": "activity",
            "activity": activity.pk,
            "score": "5",
            "text": "",
        },
    )
    assert Feedback.objects.get().activity == activity


def test_form_ignores_an_activity_nobody_may_see(client):
    hidden = ActivityFactory(title="Secret club", organisation__status="pending")

    html = client.get(f"/feedback/?about=activity&activity={hidden.pk}").content.decode()

    assert "Secret club" not in html
    assert f'name="activity" value="{hidden.pk}"' not in html


def test_thanks_page_shows_reference_and_secret_once_in_the_post_response(client):
    token = _token(client)

    response = client.post(
        "/feedback/",
        {
            "token": token,
            "kind": "complaint",
            "about": "activity",
            "score": "1",
            "text": "The leader was unkind.",
        },
    )

    assert response.status_code == 200  # no redirect carrying them
    html = response.content.decode()
    stored = Feedback.objects.get()
    assert f'<code id="reference">{stored.reference}</code>' in html
    secret = SECRET_SHOWN.search(html).group(1)
    assert "Write these down now, or print this page" in html
    assert "http://testserver/feedback/follow/" in html
    assert "no-store" in response["Cache-Control"]
    # Shown once: it is not on any page after.
    assert secret not in client.get("/feedback/follow/").content.decode()
    assert secret.replace(" ", "") not in stored.secret_hash


def test_the_same_form_sent_twice_shows_the_same_reference_and_secret(client):
    token = _token(client)
    data = {"token": token, "kind": "complaint", "about": "chat", "text": "Rude messages"}

    first = client.post("/feedback/", data).content.decode()
    second = client.post("/feedback/", data).content.decode()

    assert Feedback.objects.count() == 1
    assert SECRET_SHOWN.search(first).group(1) == SECRET_SHOWN.search(second).group(1)


def test_named_thanks_page_links_to_the_persons_own_list(client):
    client.force_login(NewcomerFactory())

    html = client.post(
        "/feedback/",
        {"token": _token(client), "kind": "feedback", "about": "general", "score": "4"},
    ).content.decode()

    stored = Feedback.objects.get()
    assert f'href="/feedback/mine/{stored.reference}/"' in html
    assert 'id="secret"' not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kind": "feedback", "about": "general", "score": "7", "text": "hi"},
            "Please choose one of the five faces.",
        ),
        (
            {"kind": "complaint", "about": "general", "score": "1", "text": "   "},
            "Please tell us what happened, so that we can look into it.",
        ),
        (
            {"kind": "feedback", "about": "general", "text": "x" * 2001},
            "Please keep it under 2000 characters (you wrote 2001).",
        ),
        (
            {"kind": "feedback", "about": "general", "text": ""},
            "Please choose a face or write a few words.",
        ),
        (
            {"kind": "", "about": "general", "text": "hello"},
            "Please choose feedback or a complaint.",
        ),
        (
            {"kind": "feedback", "about": "the moon", "text": "hello"},
            "Please choose what it is about.",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(client, data, message):
    client.force_login(NewcomerFactory())

    response = client.post("/feedback/", {"token": _token(client), **data})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Feedback.objects.exists()


# --- Following --------------------------------------------------------------------------------


def _follow(client, reference, secret):
    return client.post("/feedback/follow/", {"reference": reference, "secret": secret})


def test_follow_shows_status_and_answer_with_the_right_secret(client):
    created = complaint_given(anonymous=True)
    feedback_acknowledge(feedback=created.feedback, coordinator=CoordinatorFactory())

    html = _follow(client, created.feedback.reference, created.secret).content.decode()
    assert "A coordinator is looking into it." in html

    feedback_resolve(
        feedback=created.feedback, coordinator=CoordinatorFactory(), response="We spoke to them."
    )
    response = _follow(client, created.feedback.reference.lower(), created.secret.lower())

    assert response.status_code == 200
    html = response.content.decode()
    assert "We spoke to them." in html
    assert "Answered" in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("wrong", ["secret", "reference"])
def test_follow_says_one_thing_for_a_wrong_secret_or_an_unknown_reference(client, wrong):
    created = complaint_given(anonymous=True)
    feedback_resolve(feedback=created.feedback, coordinator=CoordinatorFactory(), response="Ok.")
    reference, secret = created.feedback.reference, created.secret
    if wrong == "secret":
        secret = "ABCD EFGH JKLM NPQR"
    else:
        reference = "CG-ZZZZZZ"

    response = _follow(client, reference, secret)

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "We could not find anything with that reference and secret. "
        "Please check both and try again."
    ) in html
    assert "Ok." not in html


def test_follow_is_rate_limited_per_address(client):
    created = complaint_given(anonymous=True)
    for number in range(20):
        assert _follow(client, f"CG-2222{number % 10}2", "WRONG").status_code == 400

    response = _follow(client, created.feedback.reference, created.secret)

    assert response.status_code == 429
    assert "Too many tries. Please wait 15 minutes and try again." in response.content.decode()


def test_wrong_tries_on_a_reference_never_lock_its_owner_out(client):
    """Someone who saw a reference cannot stop its owner reading the answer from elsewhere."""
    created = complaint_given(anonymous=True)
    for _ in range(10):
        response = client.post(
            "/feedback/follow/",
            {"reference": created.feedback.reference, "secret": "WRONG"},
            REMOTE_ADDR="198.51.100.9",
        )
        assert response.status_code == 400

    response = _follow(client, created.feedback.reference, created.secret)

    assert response.status_code == 200


def test_follow_fields_are_left_to_right_and_not_remembered_by_the_browser(client):
    html = client.get("/feedback/follow/").content.decode()

    for name in ("reference", "secret"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'dir="ltr"' in field and 'autocomplete="off"' in field, field


def test_named_feedback_cannot_be_followed_by_reference(client):
    named = complaint_given(user=NewcomerFactory())

    assert _follow(client, named.feedback.reference, "").status_code == 400


# --- A person's own list ----------------------------------------------------------------------


def test_mine_lists_only_the_persons_named_feedback(client, django_assert_max_num_queries):
    person, other = NewcomerFactory(), NewcomerFactory()
    activity = ActivityFactory(title="Thursday cooking")
    mine = [
        complaint_given(user=person, text=f"My complaint {n}", about="activity", activity=activity)
        for n in range(5)
    ]
    complaint_given(user=person, anonymous=True, text="Sent without my name")
    complaint_given(user=other, text="Someone else's words")
    feedback_resolve(feedback=mine[0].feedback, coordinator=CoordinatorFactory(), response="Done!")
    client.force_login(person)

    with django_assert_max_num_queries(8):
        html = client.get("/feedback/mine/").content.decode()

    for created in mine:
        assert f'id="{created.feedback.reference}"' in html
    assert "Done!" in html
    assert "Sent without my name" not in html
    assert "Someone else" not in html


# --- Coordinators -----------------------------------------------------------------------------


def test_case_queue_lists_open_feedback_complaints_first_then_oldest(
    client, django_assert_max_num_queries
):
    from datetime import timedelta

    from django.utils import timezone

    old_feedback = feedback_given(text="Old feedback").feedback
    new_complaint = complaint_given(text="New complaint").feedback
    old_complaint = complaint_given(text="Old complaint", user=NewcomerFactory()).feedback
    answered = complaint_given(text="Answered one").feedback
    feedback_resolve(feedback=answered, coordinator=CoordinatorFactory(), response="Done")
    Feedback.objects.filter(pk__in=[old_feedback.pk, old_complaint.pk]).update(
        created_at=timezone.now() - timedelta(days=9)
    )
    client.force_login(CoordinatorFactory())

    with django_assert_max_num_queries(12):
        html = client.get("/chat/cases/").content.decode()

    section = html.split('id="feedback-queue"')[1]
    order = [section.index(f.reference) for f in (old_complaint, new_complaint, old_feedback)]
    assert order == sorted(order)
    assert answered.reference not in section
    assert "9 days old" in section
    assert "1 of 5 (Very bad)" in section
    # No names in the queue.
    assert old_complaint.user.username not in section


def test_case_queue_query_count_does_not_grow_with_the_feedback(
    client, django_assert_max_num_queries
):
    client.force_login(CoordinatorFactory())
    for _ in range(3):
        complaint_given(about="activity", activity=ActivityFactory())
    with django_assert_max_num_queries(12) as few:
        client.get("/chat/cases/")
    for _ in range(15):
        complaint_given(about="activity", activity=ActivityFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/chat/cases/")


def test_feedback_beyond_the_case_queue_is_on_the_full_queue(client, django_assert_max_num_queries):
    complaints = [complaint_given(text=f"Complaint {n}").feedback for n in range(QUEUE_PAGE)]
    newest = feedback_given(text="Newest feedback").feedback
    client.force_login(CoordinatorFactory())

    section = client.get("/chat/cases/").content.decode().split('id="feedback-queue"')[1]
    assert newest.reference not in section
    assert f"of {QUEUE_PAGE + 1} waiting" in section
    assert 'href="/coordinator/feedback/?page=2"' in section

    with django_assert_max_num_queries(12):
        html = client.get("/coordinator/feedback/?page=2").content.decode()

    assert f'href="/coordinator/feedback/{newest.pk}/"' in html
    assert complaints[0].reference not in html
    assert client.get("/coordinator/feedback/").content.decode().count('class="card"') > QUEUE_PAGE


def test_full_queue_query_count_does_not_grow_with_the_feedback(
    client, django_assert_max_num_queries
):
    client.force_login(CoordinatorFactory())
    complaint_given(about="activity", activity=ActivityFactory())
    with django_assert_max_num_queries(12) as few:
        client.get("/coordinator/feedback/")
    for _ in range(15):
        complaint_given(about="activity", activity=ActivityFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/coordinator/feedback/")


def test_coordinator_finds_feedback_by_the_reference_a_person_quotes(client):
    answered = complaint_given(user=NewcomerFactory()).feedback
    feedback_resolve(feedback=answered, coordinator=CoordinatorFactory(), response="Done.")
    client.force_login(CoordinatorFactory())

    typed = answered.reference.lower().replace("-", " ")
    response = client.get("/coordinator/feedback/", {"reference": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/coordinator/feedback/{answered.pk}/"
    missing = client.get("/coordinator/feedback/", {"reference": "CG-ZZZZZZ"})
    assert missing.status_code == 200
    assert "No feedback or complaint has that reference." in missing.content.decode()


def test_named_feedback_whose_account_is_gone_promises_no_reference_or_secret(client):
    person = newcomer_ready(display_name="Selam")
    complaint = complaint_given(user=person).feedback
    feedback_person_forget(user=person)  # what deleting the account does to it
    client.force_login(CoordinatorFactory())
    detail = f"/coordinator/feedback/{complaint.pk}/"

    html = client.get(detail).content.decode()
    asked = client.post(f"{detail}resolve/", {"response": "Thank you."}).content.decode()

    assert "no longer linked to an account" in html
    assert "Anonymous" not in html
    for page in (html, asked):
        assert "nobody will read your answer" in page
        assert "reference and secret" not in page


def test_a_reference_in_a_heading_stays_whole_and_left_to_right(client):
    person = NewcomerFactory()
    complaint = complaint_given(user=person).feedback
    client.force_login(person)
    whole = f'<bdi class="reference" dir="ltr">{complaint.reference}</bdi>'

    mine = client.get(f"/feedback/mine/{complaint.reference}/").content.decode()
    client.force_login(CoordinatorFactory())
    detail = client.get(f"/coordinator/feedback/{complaint.pk}/").content.decode()

    for html in (mine, detail):
        assert whole in re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert (
        ".reference { white-space: nowrap; }"
        in (settings.BASE_DIR / "static/css/site.css").read_text()
    )


@pytest.mark.parametrize("whose", ["about her group", "her own"])
def test_a_coordinator_never_reads_or_answers_feedback_about_her_group_or_her_own(client, whose):
    """A complaint about a group's leader is not for that leader to read or close, even when
    she is a coordinator: another coordinator answers it."""
    leader = CoordinatorFactory()
    if whose == "about her group":
        group = OrganisationFactory()
        organiser_of(group, leader)
        activity = ActivityFactory(organisation=group, title="Thursday cooking")
        complaint = complaint_given(anonymous=True, about="activity", activity=activity).feedback
    else:
        complaint = complaint_given(user=leader).feedback
    other = complaint_given(text="Someone else's").feedback
    client.force_login(leader)
    detail = f"/coordinator/feedback/{complaint.pk}/"

    cases = client.get("/chat/cases/").content.decode()
    queue = client.get("/coordinator/feedback/").content.decode()
    home = client.get("/coordinator/").content.decode()

    for html in (cases, queue):
        assert complaint.reference not in html
        assert other.reference in html
    assert "1 open feedback or complaint" in home
    assert client.get(detail).status_code == 404
    assert client.post(f"{detail}acknowledge/").status_code == 404
    assert (
        client.post(f"{detail}resolve/", {"response": "Fine", "confirmed": "yes"}).status_code
        == 404
    )
    found = client.get("/coordinator/feedback/", {"reference": complaint.reference})
    assert found.status_code == 200 and "No feedback or complaint has that reference." in (
        found.content.decode()
    )
    for service in (feedback_acknowledge, feedback_resolve):
        kwargs = {"response": "Fine"} if service is feedback_resolve else {}
        with pytest.raises(PermissionDenied):
            service(feedback=complaint, coordinator=leader, **kwargs)
    assert Feedback.objects.get(pk=complaint.pk).status == Feedback.Status.NEW
    # Another coordinator has it in her queue and answers it.
    client.force_login(CoordinatorFactory())
    assert complaint.reference in client.get("/chat/cases/").content.decode()
    assert client.get(detail).status_code == 200


def test_coordinator_sees_a_name_only_for_named_feedback(client):
    person = newcomer_ready(display_name="Selam")
    named = complaint_given(user=person).feedback
    anonymous = complaint_given(user=newcomer_ready(display_name="Hiwet"), anonymous=True).feedback
    client.force_login(CoordinatorFactory())

    named_html = client.get(f"/coordinator/feedback/{named.pk}/").content.decode()
    anonymous_html = client.get(f"/coordinator/feedback/{anonymous.pk}/").content.decode()

    assert "Selam" in named_html
    assert "Hiwet" not in anonymous_html
    assert "Anonymous: we do not know who sent it" in anonymous_html


def test_coordinator_acknowledges_then_answers_after_a_confirmation(client):
    person = NewcomerFactory(language="ar")
    complaint = complaint_given(user=person, language="ar").feedback
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    detail = f"/coordinator/feedback/{complaint.pk}/"

    response = client.post(f"{detail}acknowledge/")
    assert response["Location"] == detail
    assert Feedback.objects.get(pk=complaint.pk).status == Feedback.Status.ACKNOWLEDGED

    asked = client.post(f"{detail}resolve/", {"response": "We spoke to the group leader."})
    assert asked.status_code == 200
    assert "Are you sure?" in asked.content.decode()
    assert Feedback.objects.get(pk=complaint.pk).status == Feedback.Status.ACKNOWLEDGED

    back = client.post(f"{detail}resolve/", {"response": "Draft", "confirmed": "no"})
    assert back.status_code == 200 and "Draft</textarea>" in back.content.decode()

    done = client.post(
        f"{detail}resolve/", {"response": "We spoke to the group leader.", "confirmed": "yes"}
    )
    assert done["Location"] == "/chat/cases/"
    stored = Feedback.objects.get(pk=complaint.pk)
    assert (stored.status, stored.response) == (
        Feedback.Status.RESOLVED,
        "We spoke to the group leader.",
    )
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.FEEDBACK_ANSWERED, subject=person
    ).exists()

    again = client.post(f"{detail}resolve/", {"response": "Again", "confirmed": "yes"}, follow=True)
    assert "This has already been answered." in again.content.decode()
    assert Feedback.objects.get(pk=complaint.pk).response == "We spoke to the group leader."


def test_answer_needs_words(client):
    complaint = complaint_given().feedback
    client.force_login(CoordinatorFactory())

    response = client.post(
        f"/coordinator/feedback/{complaint.pk}/resolve/", {"response": "  ", "confirmed": "yes"}
    )

    assert response.status_code == 400
    assert "Please write the answer the person will read." in response.content.decode()
    assert Feedback.objects.get(pk=complaint.pk).status == Feedback.Status.NEW


def test_the_answer_reaches_the_person_in_their_language(client):
    person = NewcomerFactory(language="ar")
    complaint = complaint_given(user=person, language="ar").feedback
    feedback_resolve(
        feedback=complaint, coordinator=CoordinatorFactory(), response="تحدثنا مع المجموعة."
    )
    notice = Notification.objects.get(user=person)
    assert notice.kind == Notification.Kind.FEEDBACK_ANSWERED
    client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    notices = client.get("/notifications/").content.decode()
    mine = client.get(notice.link).content.decode()

    with translation.override("ar"):
        kind_label = gettext("We have answered your feedback")
        answered = pgettext("feedback status", "Answered")
        complaint_label = gettext("Complaint")
    assert '<html lang="ar" dir="rtl">' in notices
    assert kind_label in notices
    assert f'href="/feedback/mine/{complaint.reference}/"' in notices
    assert '<html lang="ar" dir="rtl">' in mine
    assert answered in mine and complaint_label in mine
    assert "تحدثنا مع المجموعة." in mine
    # Opening it answers the notice.
    assert Notification.objects.get(pk=notice.pk).read_at is not None


def test_a_persons_own_entry_is_nobody_elses(client):
    mine = complaint_given(user=NewcomerFactory(), text="My own words").feedback
    anonymous = complaint_given(user=mine.user, anonymous=True).feedback
    client.force_login(NewcomerFactory())

    assert client.get(f"/feedback/mine/{mine.reference}/").status_code == 404
    client.force_login(mine.user)
    assert client.get(f"/feedback/mine/{anonymous.reference}/").status_code == 404
    assert "My own words" in client.get(f"/feedback/mine/{mine.reference}/").content.decode()


# --- You said, we did -------------------------------------------------------------------------


def test_you_said_we_did_shows_published_and_hides_withdrawn(client, django_assert_max_num_queries):
    shown = change_published(you_said="The chat was hard to find", we_did="We added a link")
    gone = change_published(you_said="Withdrawn words", we_did="Old change")
    published_change_withdraw(change=gone, coordinator=CoordinatorFactory())
    for number in range(5):
        change_published(you_said=f"Point {number}")

    with django_assert_max_num_queries(3):
        response = client.get("/you-said-we-did/")

    html = response.content.decode()
    assert shown.you_said in html and shown.we_did in html
    assert "Withdrawn words" not in html
    # Not for shared caches: the page holds the visitor's own CSRF token, and a withdrawn
    # entry must leave it at once.
    assert "public" not in response.get("Cache-Control", "")
    assert 'href="/feedback/"' in html.split("<footer")[0]


def test_coordinator_publishes_and_withdraws_after_a_confirmation(client):
    client.force_login(CoordinatorFactory())

    response = client.post(
        "/coordinator/you-said-we-did/",
        {"you_said": "Sessions clash with Friday prayers", "we_did": "We moved them."},
    )
    assert response.status_code == 302
    change = PublishedChange.objects.get()
    assert "Sessions clash with Friday prayers" in client.get("/you-said-we-did/").content.decode()

    asked = client.get(f"/coordinator/you-said-we-did/{change.pk}/withdraw/")
    assert "Withdraw this from the public page?" in asked.content.decode()
    assert PublishedChange.objects.get().withdrawn_at is None

    client.post(f"/coordinator/you-said-we-did/{change.pk}/withdraw/")
    assert PublishedChange.objects.get().withdrawn_at is not None
    assert "Sessions clash" not in client.get("/you-said-we-did/").content.decode()


def test_publish_form_refuses_empty_fields(client):
    client.force_login(CoordinatorFactory())

    response = client.post("/coordinator/you-said-we-did/", {"you_said": " ", "we_did": ""})

    assert response.status_code == 400
    assert "Please write what people told us." in response.content.decode()
    assert not PublishedChange.objects.exists()


# --- Page rules -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [None, "newcomer", "coordinator"])
def test_feedback_pages_meet_the_page_rules(client, who):
    complaint = complaint_given(text="Long words " * 150, anonymous=True).feedback
    for _ in range(30):
        complaint_given(text="Another one")
        change_published(you_said="Long " * 100, we_did="Long " * 200)
    urls = ["/feedback/", "/feedback/follow/", "/you-said-we-did/"]
    if who == "newcomer":
        client.force_login(NewcomerFactory())
        urls.append("/feedback/mine/")
    elif who == "coordinator":
        client.force_login(CoordinatorFactory())
        urls += [
            "/chat/cases/",
            "/coordinator/feedback/",
            f"/coordinator/feedback/{complaint.pk}/",
            "/coordinator/you-said-we-did/",
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        facts = page_facts(html)
        assert facts.unlabelled_fields() == [], url
        assert all(src.startswith("/static/") for src in facts.scripts), url
        assert page_weight(client, html) <= PAGE_BUDGET_BYTES, url
