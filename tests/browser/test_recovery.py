"""Getting back in without email, in the browser: recovery codes used from the login page with
JavaScript off, and the email page laid out right to left on a small phone."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.journeys import (
    horizontal_overflow,
    language_switch,
    run_in_thread,
    session_log_in,
)
from tests.peers.factories import PASSWORD, NewcomerFactory, verified_email_for

NEW_PASSWORD = "brand-New-pass-93"


def test_codes_from_signup_get_selam_back_in_without_javascript(open_page: Callable[..., Page]):
    page = open_page(java_script_enabled=False)
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Join").click()
    page.get_by_label(re.compile(r"^Username\b")).fill("selam")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.get_by_role("radio", name=re.compile(r"^I am new here")).check()
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("One more step: your recovery codes")
    page.get_by_role("button", name="Show my recovery codes").click()
    code = page.locator("ol.recovery-codes code").first.inner_text()
    assert horizontal_overflow(page) == 0
    page.get_by_role("link", name="I have written them down: continue").click()
    expect(page).to_have_url(re.compile(r"/newcomer/$"))
    page.goto("/accounts/logout/")
    page.locator("main form button[type=submit]").click()

    page.goto("/accounts/login/")
    page.get_by_role("link", name="No email? Use a recovery code").click()
    page.get_by_label("Your username").fill("selam")
    page.get_by_label("One of your recovery codes").fill(code)
    page.get_by_label(re.compile(r"^New Password:?$")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"^New Password \(again\)")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my new password").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.locator(".messages")).to_contain_text("Your new password is set")
    page.locator("input[name=login]").fill("selam")
    page.locator("input[name=password]").fill(NEW_PASSWORD)
    page.locator("form[action$='/accounts/login/'] [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/newcomer/$"))


def test_email_page_reads_right_to_left_on_a_small_phone(
    open_page: Callable[..., Page], asgi_server: str
):
    def make():
        person = NewcomerFactory()
        verified_email_for(person, "selam.long.address@example.org")
        return person

    person = run_in_thread(make)
    page = open_page()
    session_log_in(page, user=person, server=asgi_server)
    page.goto("/accounts/email/")
    language_switch(page, language="ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    assert horizontal_overflow(page) == 0
    # Each radio sits beside its address, at the start (right) of the line.
    radio = page.locator("main input[type=radio]").first.bounding_box()
    label = page.locator("main .choices label").first.bounding_box()
    assert radio["x"] > label["x"], (radio, label)
    assert label["y"] <= radio["y"] + radio["height"] / 2 <= label["y"] + label["height"]
    # The buttons start at the same (right) edge whichever line they wrap onto.
    buttons = page.locator("main .actions button")
    rows: dict[int, float] = {}
    for index in range(buttons.count()):
        box = buttons.nth(index).bounding_box()
        row = round(box["y"])
        rows[row] = max(rows.get(row, 0), box["x"] + box["width"])
    assert len({round(edge) for edge in rows.values()}) == 1, rows
    # The address itself reads left to right.
    address = page.locator("main .choices bdi").first
    expect(address).to_have_attribute("dir", "ltr")
    expect(address).to_have_text("selam.long.address@example.org")
