"""Feedback in the browser: a newcomer with JavaScript off, reading Persian, complains without
her name from the footer link and takes down her reference and secret; a coordinator (logged
in with her second factor) finds it in the case queue and answers it; the newcomer reads the
answer with her reference and secret. The stored complaint never points at her account.

The Persian steps find things by field name, URL and structure, never by (translated) wording,
as the Persian catalogue is still being filled in.
"""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from feedback.models import Feedback
from tests.browser.journeys import horizontal_overflow, language_switch, log_in
from tests.browser.test_activities import coordinator_log_in, url
from tests.peers.factories import PASSWORD, CoordinatorFactory, newcomer_ready

COMPLAINT = "The leader of the cooking group was unkind to me."
ANSWER = "Thank you for telling us. We have spoken to the group's leader."
REFERENCE = re.compile(r"^CG-[2-9A-HJ-NP-Z]{6}$")
SECRET = re.compile(r"^[2-9A-HJ-NP-Z]{4}( [2-9A-HJ-NP-Z]{4}){3}$")


def expect_persian_page(page: Page, path: str) -> None:
    """On `path`, in Persian, right to left, and nothing scrolls sideways at 360 px."""
    expect(page).to_have_url(url(path))
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    overflow = horizontal_overflow(page)
    assert overflow == 0, f"{path} in Persian scrolls sideways by {overflow} px at 360 px"


def test_anonymous_complaint_in_persian_without_javascript_is_answered_and_read_by_reference(
    open_page: Callable[..., Page],
):
    newcomer = newcomer_ready(languages=(("fa", "", True),), display_name="Shirin")
    coordinator = CoordinatorFactory()

    # The newcomer, JavaScript off, switches to Persian and follows the footer link.
    page = open_page(java_script_enabled=False)
    log_in(page, username=newcomer.username, password=PASSWORD)
    expect(page).to_have_url(url("/newcomer/"))
    language_switch(page, language="fa")
    expect_persian_page(page, "/newcomer/")
    page.locator("footer a[href='/feedback/']").click()
    expect_persian_page(page, "/feedback/")

    form = page.locator("main form[action='/feedback/']")
    form.locator("input[name=kind][value=complaint]").check()
    form.locator("select[name=about]").select_option("activity")
    form.locator("input[name=score][value='1']").check()
    form.locator("textarea[name=text]").fill(COMPLAINT)
    form.locator("input[name=anonymous]").check()
    form.locator("button[type=submit]").click()

    # The thanks page is the POST's own answer: reference and secret, shown this once.
    expect_persian_page(page, "/feedback/")
    reference = page.locator("#reference").inner_text().strip()
    secret = page.locator("#secret").inner_text().strip()
    assert REFERENCE.match(reference), reference
    assert SECRET.match(secret), secret
    stored = Feedback.objects.get(reference=reference)
    assert (stored.kind, stored.about, stored.score, stored.text) == (
        "complaint",
        "activity",
        1,
        COMPLAINT,
    )
    assert stored.user_id is None and stored.anonymous
    assert stored.language == "fa"
    assert (stored.created_at.hour, stored.created_at.minute, stored.created_at.second) == (0, 0, 0)

    # A coordinator, with her second factor, finds it in the case queue and answers it.
    desk = open_page()
    coordinator_log_in(desk, user=coordinator)
    desk.goto("/chat/cases/")
    queue = desk.locator("#feedback-queue + ol")
    queue.locator(f"a[href='/coordinator/feedback/{stored.pk}/']").click()
    expect(desk).to_have_url(url(f"/coordinator/feedback/{stored.pk}/"))
    expect(desk.locator("main")).to_contain_text(COMPLAINT)
    expect(desk.locator("main")).to_contain_text("Anonymous: we do not know who sent it")
    expect(desk.locator("main")).not_to_contain_text("Shirin")
    desk.get_by_role("button", name="Acknowledge").click()
    expect(desk).to_have_url(url(f"/coordinator/feedback/{stored.pk}/"))
    desk.get_by_label("Your answer (the person reads it)").fill(ANSWER)
    desk.get_by_role("button", name="Answer and close").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Are you sure?")
    desk.get_by_role("button", name="Yes, send the answer and close").click()
    expect(desk).to_have_url(url("/chat/cases/"))
    expect(desk.locator(f"a[href='/coordinator/feedback/{stored.pk}/']")).to_have_count(0)
    stored.refresh_from_db()
    assert (stored.status, stored.response) == (Feedback.Status.RESOLVED, ANSWER)

    # The newcomer follows it with her reference and secret, and reads the answer.
    page.goto("/feedback/")
    page.locator("main a[href='/feedback/follow/']").click()
    expect_persian_page(page, "/feedback/follow/")
    follow = page.locator("main form[action='/feedback/follow/']")
    follow.locator("input[name=reference]").fill(reference.lower())
    follow.locator("input[name=secret]").fill(secret)
    follow.locator("button[type=submit]").click()
    expect_persian_page(page, "/feedback/follow/")
    expect(page.locator("main")).to_contain_text(ANSWER)
    expect(page.locator("main")).to_contain_text(reference)

    # Still nothing ties it to her account.
    stored.refresh_from_db()
    assert stored.user_id is None
    assert not Feedback.objects.filter(user=newcomer).exists()
