"""Every page: works without JavaScript, within the weight budget, labelled, our own assets."""

import pytest

from tests.pagecheck import PAGE_BUDGET_BYTES, page_facts, page_weight
from tests.peers.factories import CoordinatorFactory, NewcomerFactory, SupporterFactory, UserFactory

PUBLIC_PAGES = [
    "/",
    "/help/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/activities/",
    "/places/",
    "/guides/",
    "/guides/register-with-a-gp/",
    "/guides/free-prescriptions-hc2/",
    "/guides/ask-for-an-interpreter/",
]
PRIVATE_PAGES = [
    ("newcomer", "/newcomer/"),
    ("supporter", "/supporter/"),
    ("both", "/me/"),
    ("coordinator", "/coordinator/"),
    ("newcomer", "/accounts/password/change/"),
    ("newcomer", "/accounts/email/"),
    ("newcomer", "/accounts/logout/"),
    ("newcomer", "/accounts/2fa/"),
    ("coordinator", "/accounts/2fa/"),
    ("newcomer", "/profile/"),
    ("newcomer", "/profile/about/"),
    ("newcomer", "/profile/place/"),
    ("newcomer", "/profile/languages/"),
    ("newcomer", "/profile/interests/"),
    ("newcomer", "/profile/newcomer/"),
    ("supporter", "/profile/supporter/"),
    ("supporter", "/profile/training/"),
    ("supporter", "/notifications/"),
    ("coordinator", "/coordinator/supporters/"),
    ("newcomer", "/support/"),
    ("supporter", "/supporter/offers/"),
    ("coordinator", "/coordinator/matching/"),
    ("coordinator", "/coordinator/local-help/"),
    ("coordinator", "/coordinator/local-help/new/"),
]
MAKERS = {
    "newcomer": NewcomerFactory,
    "supporter": SupporterFactory,
    "both": lambda: UserFactory(is_newcomer=True, is_supporter=True),
    "coordinator": CoordinatorFactory,
}


def check_page(client, url: str, *, private: bool = False) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    facts = page_facts(html)

    assert facts.html_attrs.get("lang") == "en"
    assert facts.html_attrs.get("dir") == "ltr"
    assert 'href="#main"' in html and "main" in facts.ids, "skip link and its target"
    assert all(src.startswith("/static/") for src in facts.scripts), facts.scripts
    assert facts.unlabelled_fields() == []
    assert page_weight(client, html) <= PAGE_BUDGET_BYTES
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    if private:  # shared phones and library computers: nothing of a logged-in person's is kept
        assert "no-store" in response.headers.get("Cache-Control", ""), url


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_meets_the_page_rules(client, url):
    check_page(client, url)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/help/"])
def test_public_pages_may_be_cached_until_someone_logs_in(client, url):
    assert "no-store" not in client.get(url).headers.get("Cache-Control", "")

    client.force_login(NewcomerFactory())

    assert "no-store" in client.get(url).headers["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(("actor", "url"), PRIVATE_PAGES)
def test_private_page_meets_the_page_rules(client, actor, url):
    client.force_login(MAKERS[actor]())
    check_page(client, url, private=True)


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client, settings):
    settings.DEBUG = False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_help_page_lists_crisis_lines(client):
    html = client.get("/help/").content.decode()

    for number in ('href="tel:999"', 'href="tel:116123"', 'href="tel:111"'):
        assert number in html


@pytest.mark.django_db
def test_chat_and_moderation_pages_meet_the_page_rules(client, settings):
    from chat.services import message_post, report_create, team_conversation_open
    from peers.services.pairing import person_block
    from tests.chat.factories import pairing_conversation

    settings.CHAT_RATE_LIMIT_MESSAGES = 100
    conversation = pairing_conversation()
    newcomer, supporter = conversation.pairing.newcomer, conversation.pairing.supporter
    for number in range(40):
        message_post(user=supporter, conversation_id=conversation.pk, body=f"Hello {number} " * 20)
    posted = message_post(user=newcomer, conversation_id=conversation.pk, body="I can't go on")
    case = report_create(reporter=supporter, message_id=posted.message.pk, reason="unkind")
    team = team_conversation_open(person=newcomer)
    other = pairing_conversation(supporter=supporter)
    person_block(blocker=other.pairing.newcomer, blocked=supporter)
    block = other.pairing.newcomer.blocks_made.get()

    client.force_login(newcomer)
    for url in [
        "/chat/",
        f"/chat/{conversation.pk}/",
        f"/chat/{team.pk}/",
        f"/pairings/{conversation.pairing.pk}/block/",
        f"/pairings/{conversation.pairing.pk}/end/",
        f"/pairings/{conversation.pairing.pk}/change/",
    ]:
        check_page(client, url, private=True)
    client.force_login(supporter)
    check_page(
        client, f"/chat/{conversation.pk}/messages/{posted.message.pk}/report/", private=True
    )
    check_page(client, f"/chat/{other.pk}/", private=True)  # closed by the block
    client.force_login(other.pairing.newcomer)
    check_page(client, "/blocks/", private=True)
    check_page(client, f"/blocks/{block.pk}/lift/", private=True)
    client.force_login(CoordinatorFactory())
    check_page(client, "/chat/cases/", private=True)
    check_page(client, f"/chat/cases/{case.pk}/", private=True)


@pytest.mark.django_db
@pytest.mark.parametrize(("actor", "url"), [(None, "/"), ("newcomer", "/newcomer/")])
def test_pages_that_mention_activities_lead_to_them(client, actor, url):
    """No promise without a path: the start page and the newcomer's page link to finding."""
    if actor:
        client.force_login(MAKERS[actor]())

    html = client.get(url).content.decode()

    assert 'href="/activities/"' in html
    assert "Find activities near you" in html


@pytest.mark.django_db
def test_finding_and_directory_pages_meet_the_page_rules(client):
    from tests.activities.factories import ActivityFactory, OrganisationFactory
    from tests.peers.factories import newcomer_ready, place

    for number in range(25):  # a full page of results, the heaviest case
        ActivityFactory(
            organisation=OrganisationFactory(kind=["sports", "women", "esol"][number % 3]),
            description="Friendly, free, boots provided. " * 40,
            food_provided=True,
            travel_reimbursed=True,
        )
    activity = ActivityFactory()
    middlesbrough = place("Middlesbrough").pk
    public = [
        "/activities/",
        "/activities/?town=Middlesbrough&km=10&day=sat&part=pm&free=on&language=ar",
        "/activities/?km=abc&town=Nowhere-on-Sea",
        f"/activities/{activity.pk}/",
        "/places/",
        "/places/?town=Middlesbrugh",
        f"/places/{middlesbrough}/directory/",
    ]
    for url in public:
        check_page(client, url)
    client.force_login(newcomer_ready(languages=(("ar", "", True),), interests=["football"]))
    for url in ["/activities/", "/activities/?order=near", f"/activities/{activity.pk}/"]:
        check_page(client, url, private=True)
