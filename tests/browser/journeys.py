"""Steps a person takes in the browser, shared by the journeys in this folder.

Locators follow what a person sees (labels, roles, button text) where the page is ours; the
English wording is fine because every context opens with an English locale.
"""

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import Page, expect

from peers.models import User

# The signup page renders labels with Django's label_tag ("Password:", "Password (again):").
USERNAME_LABEL = re.compile(r"^Username\b")
PASSWORD_LABEL = re.compile(r"^Password:?$")
PASSWORD_AGAIN_LABEL = re.compile(r"^Password \(again\)")
ROLE_LABELS = {
    "newcomer": re.compile(r"^I am new here"),
    "supporter": re.compile(r"^I am a trained peer supporter"),
}


def sign_up(page: Page, *, username: str, password: str, role: str) -> None:
    """From any page: follow "Join" in the header and create an account with no email, then
    take the recovery codes that follow."""
    page.get_by_role("navigation").get_by_role("link", name="Join").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_label(PASSWORD_AGAIN_LABEL).fill(password)
    page.get_by_role("radio", name=ROLE_LABELS[role]).check()
    page.get_by_role("button", name="Create my account").click()
    recovery_codes_take(page)


def recovery_codes_take(page: Page) -> None:
    """The step after signup: show the recovery codes, "write them down", continue."""
    expect(page).to_have_url(re.compile(r"/me/recovery-codes/\?after=signup$"))
    page.get_by_role("button", name="Show my recovery codes").click()
    expect(page.locator("ol.recovery-codes li")).to_have_count(8)
    page.get_by_role("link", name="I have written them down: continue").click()


def log_in(page: Page, *, username: str, password: str) -> None:
    """Log in on allauth's stock login page (fields by name: its wording is allauth's)."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form[action$='/accounts/login/'] [type=submit]").click()


def language_switch(page: Page, *, language: str) -> None:
    """From an English page: choose a language with the footer form (Django's set_language)."""
    footer = page.locator("footer")
    footer.locator("select#language-select").select_option(language)
    footer.get_by_role("button", name="Change language").click()


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    return max(0, scroll_width - page.viewport_size["width"])


# --- Chat -----------------------------------------------------------------------------------

# chat.js says this in #chat-state once its websocket is open (English pages only).
CHAT_LIVE = re.compile(r"^Live\b")
# The crisis box's heading in English (templates/chat/crisis_help.html).
CRISIS_HEADING_EN = "You are not alone. Help is there now."


def session_log_in(page: Page, *, user: User, server: str) -> None:
    """Logs `user` in by giving the page's browser context a real session cookie made with
    Django's test client: no login form and no second-factor stage (a coordinator must still
    *have* an authenticator set up, as every coordinator page checks)."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": server}])


def chat_wait_live(page: Page) -> None:
    """Waits until the conversation page's script says the chat is live; then marks the page,
    so `same_page` can tell later that nothing reloaded it."""
    expect(page.locator("#chat-state")).to_have_text(CHAT_LIVE)
    page.evaluate("window.__notReloaded = true")


def chat_open_live(page: Page, *, conversation_id: int) -> None:
    """Opens a conversation page and waits until it is live (see `chat_wait_live`)."""
    page.goto(f"/chat/{conversation_id}/")
    chat_wait_live(page)


def same_page(page: Page) -> bool:
    """Whether the page is still the document `chat_wait_live` marked (no reload, no POST)."""
    return page.evaluate("window.__notReloaded === true")


def chat_send(page: Page, *, text: str) -> None:
    """Types a message in the conversation page's form and presses "Send"."""
    form = page.locator("#chat-form")
    form.get_by_label("Your message").fill(text)
    form.get_by_role("button", name="Send").click()


def run_in_thread[T](function: Callable[..., T], /, **kwargs: Any) -> T:
    """Calls a service from a thread of its own, with its own database connection.

    Playwright's sync API keeps an event loop running in the test thread, where asgiref's
    `async_to_sync` (which the after-commit broadcasts use) refuses to run.
    """

    def call() -> T:
        try:
            return function(**kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()
