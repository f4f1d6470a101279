"""Joining as a newcomer on a small phone, with and without JavaScript, then reading in Arabic."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.journeys import horizontal_overflow, language_switch, log_in, sign_up
from tests.peers.factories import PASSWORD, NewcomerFactory

NEWCOMER_HOME = re.compile(r"^http://[^/]+/newcomer/$")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_signup_newcomer_lands_on_home_then_switches_to_arabic(
    open_page: Callable[..., Page], javascript: bool
):
    page = open_page(java_script_enabled=javascript)
    page.goto("/")
    assert horizontal_overflow(page) == 0, "the start page scrolls sideways at 360 px"

    sign_up(page, username="amal", password=PASSWORD, role="newcomer")

    expect(page).to_have_url(NEWCOMER_HOME)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, amal")
    assert horizontal_overflow(page) == 0, "the newcomer page scrolls sideways at 360 px"

    language_switch(page, language="ar")

    expect(page).to_have_url(NEWCOMER_HOME)
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("select#language-select")).to_have_value("ar")
    expect(page.locator("header").get_by_role("navigation")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_contain_text("amal")
    assert horizontal_overflow(page) == 0, "the newcomer page scrolls sideways in Arabic"


def test_signup_page_fits_a_small_phone(page: Page):
    page.goto("/accounts/signup/")

    expect(page.get_by_role("button", name="Create my account")).to_be_visible()
    assert horizontal_overflow(page) == 0


def test_coordinator_page_refuses_a_logged_in_newcomer(page: Page):
    newcomer = NewcomerFactory()
    log_in(page, username=newcomer.username, password=PASSWORD)
    expect(page).to_have_url(NEWCOMER_HOME)

    response = page.goto("/coordinator/")

    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("This page is not available to you")
    expect(page.locator("header").get_by_role("navigation")).to_have_count(1)
