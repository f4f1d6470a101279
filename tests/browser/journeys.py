"""Steps a person takes in the browser, shared by the journeys in this folder.

Locators follow what a person sees (labels, roles, button text) where the page is ours; the
English wording is fine because every context opens with an English locale.
"""

import re

from playwright.sync_api import Page, expect

# The signup page renders labels with Django's label_tag ("Password:", "Password (again):").
USERNAME_LABEL = re.compile(r"^Username\b")
PASSWORD_LABEL = re.compile(r"^Password:?$")
PASSWORD_AGAIN_LABEL = re.compile(r"^Password \(again\)")
ROLE_LABELS = {
    "newcomer": re.compile(r"^I am new here"),
    "supporter": re.compile(r"^I am a trained peer supporter"),
}


def sign_up(page: Page, *, username: str, password: str, role: str) -> None:
    """From any page: follow "Join" in the header and create an account with no email."""
    page.get_by_role("navigation").get_by_role("link", name="Join").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_label(PASSWORD_AGAIN_LABEL).fill(password)
    page.get_by_role("radio", name=ROLE_LABELS[role]).check()
    page.get_by_role("button", name="Create my account").click()


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
