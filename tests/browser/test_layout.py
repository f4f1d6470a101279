"""Layout on a small phone (320 px): long unbroken text never widens the page, and opposite
actions never touch."""

from collections.abc import Callable

from playwright.sync_api import Page

from tests.browser.journeys import horizontal_overflow, run_in_thread, session_log_in
from tests.peers.factories import (
    CoordinatorFactory,
    applied_supporter,
    newcomer_ready,
    pending_offer,
    supporter_ready,
)

SMALL_PHONE = {"width": 320, "height": 640}


def test_a_long_unbroken_bio_and_name_wrap_on_a_small_phone(
    open_page: Callable[..., Page], asgi_server: str
):
    def make():
        from peers.models import SupporterProfile
        from peers.services import profile_about_update

        profile = applied_supporter()
        profile_about_update(user=profile.user, display_name="B" * 40, gender="")
        SupporterProfile.objects.filter(pk=profile.pk).update(bio="x" * 600)
        return profile.pk, CoordinatorFactory()

    profile_pk, coordinator = run_in_thread(make)
    page = open_page(viewport=SMALL_PHONE)
    session_log_in(page, user=coordinator, server=asgi_server)

    page.goto(f"/coordinator/supporters/{profile_pk}/")

    assert page.get_by_text("x" * 600).is_visible()
    assert horizontal_overflow(page) == 0


def test_yes_and_no_to_an_offer_do_not_touch(open_page: Callable[..., Page], asgi_server: str):
    def make():
        supporter = supporter_ready()
        pending_offer(newcomer_ready(), supporter)
        return supporter

    supporter = run_in_thread(make)
    page = open_page(viewport=SMALL_PHONE)
    session_log_in(page, user=supporter, server=asgi_server)

    page.goto("/supporter/offers/")

    yes = page.get_by_role("button", name="Yes, I can support them").bounding_box()
    no = page.get_by_role("button", name="Not this time").bounding_box()
    apart_vertically = no["y"] - (yes["y"] + yes["height"])
    apart_sideways = abs(no["x"] - (yes["x"] + yes["width"]))
    assert max(apart_vertically, apart_sideways) >= 12, (yes, no)
    assert horizontal_overflow(page) == 0
