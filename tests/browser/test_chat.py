"""Chat in the browser: two people talking live, a report that ends with a coordinator hiding
the message, crisis help without JavaScript in Arabic, and a block that closes the other
person's page at once.

Each person has a browser context of their own, logged in with a real session cookie. Data is
made through the services; a service called while pages are open runs in a thread of its own
(`run_in_thread`). Without REDIS_URL the server's channel layer lives only in the server
process, so only a request the server handles can reach its sockets; with Redis, a service
called from this process (as Celery or a management command would) reaches them too.
"""

import os
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Locator, Page, expect

from chat.models import Case, Conversation, Message
from chat.services import message_post
from peers.models import User
from peers.services.pairing import person_block
from tests.browser.journeys import (
    CRISIS_HEADING_EN,
    chat_open_live,
    chat_send,
    chat_wait_live,
    language_switch,
    run_in_thread,
    same_page,
    session_log_in,
)
from tests.chat.factories import pairing_conversation
from tests.peers.factories import CoordinatorFactory, NewcomerFactory, SupporterFactory

# Chat needs no places or languages: skip reloading them after each flush (seconds each).
pytestmark = pytest.mark.no_reference_data

REMOVED = "This message was removed by a moderator."
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
# "I cannot go on": the safeguarding rules must recognise it in Arabic.
CRISIS_AR = "لا أستطيع الاستمرار"


def url(path: str) -> re.Pattern[str]:
    """The whole URL of a page on the live server, whatever its port (and #fragment)."""
    return re.compile(rf"^http://[^/]+{re.escape(path)}(#[\w-]*)?$")


@pytest.fixture
def conversation(transactional_db: None) -> Conversation:
    # Everyone logs in with a session cookie: no password to hash (the server's hasher is
    # deliberately slow).
    return pairing_conversation(
        newcomer=NewcomerFactory(password=None), supporter=SupporterFactory(password=None)
    )


@pytest.fixture
def members(conversation: Conversation) -> tuple[User, User]:
    """The conversation's newcomer and supporter."""
    pairing = conversation.pairing
    return pairing.newcomer, pairing.supporter


@pytest.fixture
def page_for(open_page: Callable[..., Page], asgi_server: str) -> Callable[..., Page]:
    """A fresh browser context for one person, already logged in."""

    def open_(user: User, **context_options: Any) -> Page:
        page = open_page(**context_options)
        session_log_in(page, user=user, server=asgi_server)
        return page

    return open_


def messages_with(page: Page, text: str) -> Locator:
    """The items of the page's chat log that contain `text`."""
    return page.locator("#chat-log > li", has_text=text)


def test_chat_messages_appear_live_for_both_people(
    page_for: Callable[..., Page], conversation: Conversation, members: tuple[User, User]
):
    newcomer, supporter = members
    hello = "Hello, I arrived in Middlesbrough last week."
    reply = "Welcome! Shall we meet at the library on Tuesday?"
    newcomer_page = page_for(newcomer)
    chat_open_live(newcomer_page, conversation_id=conversation.pk)
    supporter_page = page_for(supporter)
    chat_open_live(supporter_page, conversation_id=conversation.pk)

    chat_send(newcomer_page, text=hello)
    expect(messages_with(supporter_page, hello)).to_have_count(1)
    sent = Message.objects.get(conversation=conversation, sender=newcomer)
    on_supporter_page = supporter_page.locator(f"#m{sent.pk}")
    expect(on_supporter_page).to_contain_text(hello)
    expect(on_supporter_page.get_by_role("link", name="Report")).to_be_visible()
    expect(newcomer_page.locator(f"#m{sent.pk} .who")).to_have_text("You")
    expect(newcomer_page.get_by_label("Your message")).to_have_value("")

    chat_send(supporter_page, text=reply)
    expect(messages_with(newcomer_page, reply)).to_have_count(1)
    # The reply came over the same socket after any echo of the first message, so a duplicate
    # of either would be on the pages by now.
    expect(messages_with(newcomer_page, hello)).to_have_count(1)
    expect(messages_with(supporter_page, reply)).to_have_count(1)
    expect(messages_with(supporter_page, hello)).to_have_count(1)
    assert same_page(newcomer_page), "the newcomer's page reloaded"
    assert same_page(supporter_page), "the supporter's page reloaded"
    stored = Message.objects.filter(conversation=conversation).values_list("body", flat=True)
    assert list(stored) == [hello, reply]


def test_chat_reported_message_hidden_by_coordinator_disappears_live(
    page_for: Callable[..., Page], conversation: Conversation, members: tuple[User, User]
):
    newcomer, supporter = members
    unkind = "You are useless and I do not want your help."
    posted = run_in_thread(
        message_post, user=newcomer, conversation_id=conversation.pk, body=unkind
    )
    message_id = posted.message.pk
    newcomer_page = page_for(newcomer)
    chat_open_live(newcomer_page, conversation_id=conversation.pk)
    expect(newcomer_page.locator(f"#m{message_id}")).to_contain_text(unkind)

    supporter_page = page_for(supporter)
    supporter_page.goto(f"/chat/{conversation.pk}/")
    supporter_page.locator(f"#m{message_id}").get_by_role("link", name="Report").click()
    expect(supporter_page).to_have_url(
        url(f"/chat/{conversation.pk}/messages/{message_id}/report/")
    )
    supporter_page.get_by_role("radio", name="Unkind or insulting").check()
    supporter_page.get_by_label(re.compile(r"^Anything else")).fill("It came out of nowhere.")
    supporter_page.get_by_role("button", name="Send the report").click()
    expect(supporter_page).to_have_url(url(f"/chat/{conversation.pk}/"))
    expect(supporter_page.locator("main .messages")).to_contain_text("Thank you for telling us.")
    chat_wait_live(supporter_page)

    coordinator_page = page_for(CoordinatorFactory(password=None))
    coordinator_page.goto("/chat/cases/")
    case = Case.objects.get(kind=Case.Kind.REPORT, message_id=message_id)
    coordinator_page.get_by_role("link", name=f"Case {case.pk}: Report", exact=True).click()
    expect(coordinator_page).to_have_url(url(f"/chat/cases/{case.pk}/"))
    expect(coordinator_page.locator("main dl")).to_contain_text("Unkind or insulting")
    expect(coordinator_page.locator("main dl")).to_contain_text("It came out of nowhere.")
    reported = coordinator_page.locator(f"#m{message_id}")
    expect(reported).to_contain_text(unkind)
    reported.get_by_role("button", name="Hide this message").click()
    # A step that cannot be undone asks first; nothing is hidden until the coordinator confirms.
    expect(coordinator_page.get_by_role("heading", name="Are you sure?")).to_be_visible()
    assert not Message.objects.get(pk=message_id).is_hidden
    coordinator_page.get_by_role("button", name="Yes, go ahead").click()
    expect(coordinator_page).to_have_url(url(f"/chat/cases/{case.pk}/"))
    expect(coordinator_page.locator("main .messages")).to_contain_text(
        "The message is hidden for everyone in the conversation."
    )

    # Both members' open pages change without a reload: the sender's and the reporter's.
    for page in (newcomer_page, supporter_page):
        item = page.locator(f"#m{message_id}")
        expect(item).to_contain_text(REMOVED)
        expect(item).not_to_contain_text(unkind)
        expect(item.get_by_role("link", name="Report")).to_have_count(0)
        assert same_page(page), "the page reloaded instead of changing live"

    newcomer_page.reload()
    expect(newcomer_page.locator(f"#m{message_id}")).to_contain_text(REMOVED)
    expect(newcomer_page.locator("body")).not_to_contain_text(unkind)


def in_arabic(text: str) -> str:
    """What the Arabic catalog says for an English text of the UI."""
    with translation.override("ar"):
        return translation.gettext(text)


def test_chat_without_javascript_in_arabic_shows_crisis_help(
    page_for: Callable[..., Page], conversation: Conversation, members: tuple[User, User]
):
    newcomer, _supporter = members
    newcomer.language = "ar"
    newcomer.save(update_fields=["language"])
    arabic_heading = in_arabic(CRISIS_HEADING_EN)
    assert arabic_heading != CRISIS_HEADING_EN, "locale/ar lacks the crisis heading"
    page = page_for(newcomer, java_script_enabled=False)
    page.goto(f"/chat/{conversation.pk}/")
    language_switch(page, language="ar")
    expect(page).to_have_url(url(f"/chat/{conversation.pk}/"))
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    help_box = page.locator("#crisis-help")
    expect(help_box).to_be_hidden()

    form = page.locator("#chat-form")
    form.get_by_label(in_arabic("Your message")).fill(CRISIS_AR)
    form.get_by_role("button", name=in_arabic("Send")).click()

    expect(page).to_have_url(url(f"/chat/{conversation.pk}/"))
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("#chat-log > li.own")).to_have_text(re.compile(re.escape(CRISIS_AR)))
    expect(help_box).to_be_visible()
    expect(help_box).to_contain_text("116 123")
    expect(help_box.locator("a[href='tel:116123']")).to_be_visible()
    # The box is in the reader's language: Arabic words, not the English ones.
    heading = help_box.get_by_role("heading")
    expect(heading).to_have_text(arabic_heading)
    expect(heading).to_have_text(ARABIC_LETTER)
    expect(help_box.locator("li").first).to_have_text(ARABIC_LETTER)
    assert Case.objects.filter(
        kind=Case.Kind.SAFEGUARDING, conversation=conversation, subject=newcomer
    ).exists()


@pytest.mark.parametrize(
    "blocked_by",
    [
        "the-page",
        pytest.param(
            "a-service-call",
            marks=pytest.mark.skipif(
                not os.environ.get("REDIS_URL"),
                reason="without REDIS_URL this process cannot reach the server's channel layer",
            ),
        ),
    ],
)
def test_chat_block_closes_both_open_pages_live(
    page_for: Callable[..., Page],
    conversation: Conversation,
    members: tuple[User, User],
    blocked_by: str,
):
    newcomer, supporter = members
    newcomer_page = page_for(newcomer)
    chat_open_live(newcomer_page, conversation_id=conversation.pk)
    supporter_page = page_for(supporter)
    chat_open_live(supporter_page, conversation_id=conversation.pk)

    if blocked_by == "the-page":
        # The supporter blocks from a second tab, so their chat tab stays open as well.
        tab = supporter_page.context.new_page()
        tab.goto(f"/chat/{conversation.pk}/")
        tab.get_by_role("link", name="Block this person").click()
        tab.get_by_role("button", name="Yes, block this person").click()
        expect(tab.locator("main .messages")).to_contain_text("Blocked.")
    else:
        run_in_thread(person_block, blocker=supporter, blocked=newcomer)

    for page in (newcomer_page, supporter_page):
        state = page.locator("#chat-state")
        expect(state).to_contain_text("This conversation is closed for you now")
        expect(state).to_contain_text("4403")
        expect(page.locator("#chat-form")).to_be_hidden()
        assert same_page(page), "the page reloaded instead of closing live"
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.CLOSED
