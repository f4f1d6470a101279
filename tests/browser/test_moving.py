""" "I have been moved" in Arabic on a small phone with JavaScript off: Selam is moved from
Middlesbrough to Stoke-on-Trent, picks the town from "Did you mean", keeps Hanna (now by
chat), sees a walk in Stoke, and Hanna finds the notice that leads to their chat.

Steps find things by field name and URL, never by (translated) wording."""

import re
from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import Page, expect

from peers.models import Move, Notification, Pairing
from tests.activities.factories import ActivityFactory, OrganisationFactory
from tests.browser.journeys import horizontal_overflow, language_switch, log_in, session_log_in
from tests.peers.factories import (
    PASSWORD,
    active_pairing,
    newcomer_ready,
    place,
    supporter_ready,
)


def url(path: str) -> re.Pattern[str]:
    return re.compile(rf"^http://[^/]+{re.escape(path)}(#[\w-]*)?$")


def expect_rtl_page(page: Page, path: str) -> None:
    expect(page).to_have_url(url(path))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    overflow = horizontal_overflow(page)
    assert overflow == 0, f"{path} scrolls sideways by {overflow} px at 360 px in Arabic"


def test_newcomer_tells_us_she_has_been_moved_without_javascript(
    open_page: Callable[..., Page], asgi_server: str
):
    selam = newcomer_ready(display_name="Selam", interests=["walking"])
    hanna = supporter_ready(display_name="Hanna")
    pairing = active_pairing(selam, hanna)
    walk = ActivityFactory(
        organisation=OrganisationFactory(towns=["Stoke-on-Trent"]),
        title="Walk in Hanley Park",
        place=place("Stoke-on-Trent"),
        languages=["ti"],
        interests=["walking"],
    )

    page = open_page(java_script_enabled=False)
    log_in(page, username=selam.username, password=PASSWORD)
    language_switch(page, language="ar")
    expect_rtl_page(page, "/newcomer/")
    page.locator("main a[href='/moved/']").click()

    expect_rtl_page(page, "/moved/")
    form = page.locator("main form").first
    expect(form.locator("input[name=moved_on]")).to_have_value(timezone.localdate().isoformat())
    form.locator("input[name=place]").fill("Stoke-on-Tremt")
    form.locator("input[name=wants_local_supporter]").check()
    form.locator("button[type=submit]:not([form])").click()

    expect_rtl_page(page, "/moved/")  # not found: "Did you mean", nothing changed yet
    assert not Move.objects.exists()
    page.locator("button[form=move-suggestion][value='Stoke-on-Trent']").click()

    expect_rtl_page(page, "/moved/done/")
    expect(page.locator(f"main a[href='/activities/{walk.pk}/']")).to_have_count(1)
    directory = f"/places/{place('Stoke-on-Trent').pk}/directory/"
    expect(page.locator(f"main a[href='{directory}']")).to_have_count(1)
    expect(page.locator(f"main a[href='/chat/{pairing.conversation.pk}/']")).to_have_count(1)
    move = Move.objects.get(user=selam)
    assert (move.to_place.name, move.wants_local_supporter, move.name_shared) == (
        "Stoke-on-Trent",
        True,
        False,
    )
    pairing.refresh_from_db()
    assert (pairing.status, pairing.remote) == (Pairing.Status.ACTIVE, True)

    other = open_page(java_script_enabled=False)
    session_log_in(other, user=hanna, server=asgi_server)
    other.goto("/notifications/")
    notice = Notification.objects.get(user=hanna, kind=Notification.Kind.PERSON_MOVED)
    other.locator(f"main a[href='{notice.link}']").first.click()  # the newest first
    expect(other).to_have_url(url(f"/chat/{pairing.conversation.pk}/"))
