"""People's own words keep their own direction on a right-to-left page: an English bio on an
Arabic page must not read ".a few years ago", nor "(Home Office)" split across its brackets.
Each piece of text a person wrote sits inside <bdi> or an element with dir="auto"."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.conf import settings

from chat.services import case_close, person_warn
from peers.services import (
    consent_grant,
    newcomer_profile_update,
    supporter_profile_update,
    supporter_reject,
)
from peers.services.pairing import person_block, support_request_create
from tests.chat.factories import messages_posted, reported_case
from tests.peers.factories import (
    CoordinatorFactory,
    active_pairing,
    newcomer_ready,
    supporter_ready,
)

pytestmark = pytest.mark.django_db

MARK = "(Home Office, Croydon)"
NAME_SUPPORTER = "Hanna (Home Office, Croydon)."
NAME_NEWCOMER = "Selam (Home Office, Croydon)."
BIO = "I came here a few years ago (Home Office, Croydon)."
ABOUT_ME = "I like cooking (Home Office, Croydon)."
MESSAGE = "See you on Monday (Home Office, Croydon)."
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Isolation(HTMLParser):
    """Finds each place `MARK` appears and whether it is isolated from the page's direction."""

    stack: list[tuple[str, bool]] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)
    found: int = 0

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        isolating = tag == "bdi" or attributes.get("dir") == "auto"
        if tag in {"input", "option"} and MARK in (attributes.get("value") or ""):
            self._seen(isolating, f"<{tag} name={attributes.get('name')}>")
        if tag not in VOID:
            self.stack.append((tag, isolating))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if MARK in data:
            where = "/".join(tag for tag, _iso in self.stack[-3:])
            self._seen(any(iso for _tag, iso in self.stack), f"{where}: {data.strip()[:60]}")

    def _seen(self, isolated: bool, where: str) -> None:
        self.found += 1
        if not isolated:
            self.loose.append(where)


def _loose_text(html: str) -> tuple[int, list[str]]:
    parser = Isolation()
    parser.feed(html)
    return parser.found, parser.loose


@pytest.fixture
def people():
    """A matched pair who wrote in English (with brackets and a full stop), a report and a
    coordinator's warning on it, and a block."""
    coordinator = CoordinatorFactory()
    supporter = supporter_ready(display_name=NAME_SUPPORTER, capacity=2, coordinator=coordinator)
    supporter_profile_update(
        user=supporter, bio=BIO, capacity=2, radius_km=10, remote_ok=False, wants_gender=""
    )
    newcomer = newcomer_ready(display_name=NAME_NEWCOMER)
    newcomer_profile_update(
        user=newcomer, max_km=10, remote_ok=False, wants_gender="", helps=[], about_me=ABOUT_ME
    )
    for purpose in ["share_profile", "share_about_me"]:
        consent_grant(user=newcomer, purpose=purpose)
    conversation = active_pairing(newcomer, supporter).conversation
    messages_posted(conversation, newcomer, 1, MESSAGE)
    case = reported_case(conversation, reason="unkind")
    person_warn(case=case, coordinator=coordinator, user_id=supporter.pk, note=MESSAGE)
    # A second newcomer, blocked by the supporter; a second case, closed with a note.
    blocked = newcomer_ready(display_name=NAME_NEWCOMER)
    person_block(blocker=supporter, blocked=blocked)
    closed = reported_case(active_pairing(newcomer_ready(), supporter).conversation)
    case_close(case=closed, coordinator=coordinator, note=MESSAGE)
    refused = supporter_ready(display_name=NAME_SUPPORTER, status="applied")
    supporter_reject(profile=refused.supporter_profile, coordinator=coordinator, note=BIO)
    both = supporter_ready(display_name=NAME_SUPPORTER)
    both.is_newcomer = True
    both.save(update_fields=["is_newcomer"])
    newcomer_profile_update(
        user=both, max_km=10, remote_ok=False, wants_gender="", helps=[], about_me=ABOUT_ME
    )
    support_request_create(newcomer=both)
    return {
        "newcomer": newcomer,
        "supporter": supporter,
        "coordinator": coordinator,
        "refused": refused,
        "both": both,
        "conversation": conversation.pk,
        "message": conversation.messages.get(body=MESSAGE).pk,
        "case": case.pk,
        "closed": closed.pk,
    }


PAGES = [
    ("newcomer", "/newcomer/"),
    ("newcomer", "/support/"),
    ("newcomer", "/profile/"),
    ("newcomer", "/profile/about/"),
    ("newcomer", "/profile/newcomer/"),
    ("newcomer", "/chat/"),
    ("newcomer", "/chat/{conversation}/"),
    ("supporter", "/chat/{conversation}/messages/{message}/report/"),
    ("supporter", "/supporter/"),
    ("supporter", "/chat/"),
    ("supporter", "/chat/{conversation}/"),
    ("supporter", "/blocks/"),
    ("supporter", "/notifications/"),
    ("supporter", "/profile/supporter/"),
    ("refused", "/supporter/"),
    ("refused", "/notifications/"),
    ("both", "/me/"),
    ("coordinator", "/chat/cases/{case}/"),
    ("coordinator", "/chat/cases/{closed}/"),
]


@pytest.mark.parametrize(("who", "url"), PAGES, ids=[f"{w} {u}" for w, u in PAGES])
def test_peoples_own_text_is_isolated_on_an_arabic_page(client, people, who, url):
    client.force_login(people[who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    response = client.get(url.format(**people))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html
    found, loose = _loose_text(html)
    assert found, f"none of the people's text is on {url}: the test sets up the wrong page"
    assert loose == []


def test_language_names_in_their_own_script_keep_the_lists_direction(client):
    newcomer = newcomer_ready(languages=(("uk", "", True), ("ar", "", False)))
    client.force_login(newcomer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    html = client.get("/profile/").content.decode()

    # The list item keeps the page's direction; the name inside it is isolated, in its language.
    assert '<bdi lang="uk">українська</bdi>' in html
    assert '<li lang="uk"' not in html and '<li dir="ltr"' not in html


def test_a_supporters_own_words_are_isolated_on_the_coordinators_pages(client):
    coordinator = CoordinatorFactory()
    supporter = supporter_ready(display_name=NAME_SUPPORTER, status="applied")
    supporter_profile_update(
        user=supporter, bio=BIO, capacity=2, radius_km=10, remote_ok=False, wants_gender=""
    )
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    for url in [
        "/coordinator/supporters/",
        f"/coordinator/supporters/{supporter.supporter_profile.pk}/",
    ]:
        found, loose = _loose_text(client.get(url).content.decode())
        assert found and loose == [], url
