"""A newcomer fills in their profile in Arabic on a small phone, with and without JavaScript.

Every profile section is a plain POST form, so the journey must work the same way with scripts
off. The Arabic catalogue does not cover these pages yet, so the steps find things by field name
and URL, never by (translated) wording; the one Arabic-script text checked is a language's
autonym, which comes from the reference data.
"""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from peers.models import Consent, NewcomerProfile, Profile
from tests.browser.journeys import horizontal_overflow, language_switch, sign_up
from tests.peers.factories import PASSWORD

USERNAME = "selam"


def url(path: str) -> re.Pattern[str]:
    """The whole URL of a page on the live server, whatever its port (and #fragment)."""
    return re.compile(rf"^http://[^/]+{re.escape(path)}(#[\w-]*)?$")


def expect_rtl_page(page: Page, path: str) -> None:
    """On `path`, still in Arabic, right to left, and nothing scrolls sideways at 360 px."""
    expect(page).to_have_url(url(path))
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    overflow = horizontal_overflow(page)
    assert overflow == 0, f"{path} scrolls sideways by {overflow} px at 360 px in Arabic"


def field(page: Page, name: str, value: str | None = None) -> Locator:
    """A control of the page's form by its name (and value, for one box of a group)."""
    selector = f"main form [name='{name}']"
    if value is not None:
        selector += f"[value='{value}']"
    return page.locator(selector)


def save_section(page: Page) -> None:
    """The section form's only submit button ("Save and continue", in whatever language)."""
    page.locator("main form button[type=submit]").click()


def consent_form(page: Page, purpose: str) -> Locator:
    return page.locator("#consent form").filter(
        has=page.locator(f"input[type=hidden][name=purpose][value='{purpose}']")
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_newcomer_completes_profile_in_arabic_on_a_small_phone(
    open_page: Callable[..., Page], javascript: bool
):
    page = open_page(java_script_enabled=javascript)
    page.goto("/")
    sign_up(page, username=USERNAME, password=PASSWORD, role="newcomer")
    expect(page).to_have_url(url("/newcomer/"))
    language_switch(page, language="ar")
    expect_rtl_page(page, "/newcomer/")

    # The newcomer page's "continue my profile" button starts at the first section.
    page.locator("section[aria-labelledby=profile-next] a.button").click()
    expect_rtl_page(page, "/profile/about/")
    field(page, "display_name").fill("Selam")
    field(page, "gender").select_option("f")
    save_section(page)

    expect_rtl_page(page, "/profile/place/")
    field(page, "place").fill("Xyzzyville")
    save_section(page)
    expect(page.locator("main .errorlist")).to_be_visible()
    expect_rtl_page(page, "/profile/place/")
    assert Profile.objects.get(user__username=USERNAME).place is None
    # A typo: Enter still sends what was typed, then one tap on "Did you mean …?" saves.
    field(page, "place").fill("Midlesbrough")
    field(page, "place").press("Enter")
    expect_rtl_page(page, "/profile/place/")
    assert Profile.objects.get(user__username=USERNAME).place is None
    page.locator("main button[form=place-suggestion][value=Middlesbrough]").click()

    expect_rtl_page(page, "/profile/languages/")
    field(page, "language_0").select_option("ti")
    expect(field(page, "first_0")).to_be_checked()
    field(page, "first_0").check()
    field(page, "language_1").select_option("ar")
    field(page, "dialect_1").select_option("ar:sudanese")
    field(page, "level_1").select_option("good")
    save_section(page)

    expect_rtl_page(page, "/profile/interests/")
    field(page, "interests", "cooking").check()
    field(page, "interests", "walking").check()
    field(page, "free_mon", "mon-pm").check()
    field(page, "free_thu", "thu-pm").check()
    save_section(page)

    expect_rtl_page(page, "/profile/newcomer/")
    field(page, "max_km").fill("3")
    field(page, "remote_ok").check()
    field(page, "wants_gender").select_option("f")
    field(page, "helps", "talk").check()
    field(page, "about_me").fill("I like to cook for friends.")
    save_section(page)

    expect_rtl_page(page, "/profile/")
    main = page.locator("main")
    expect(main).to_contain_text("Selam")
    expect(main).to_contain_text("Middlesbrough")
    expect(main.locator("[lang=ti]")).to_have_text("ትግርኛ")

    profile = Profile.objects.select_related("place").get(user__username=USERNAME)
    assert profile.display_name == "Selam"
    assert profile.gender == "f"
    assert profile.place is not None
    assert profile.place.name == "Middlesbrough"
    languages = {
        item.language_id: (item.is_first, item.dialect, item.level)
        for item in profile.languages.all()
    }
    assert languages == {"ti": (True, "", ""), "ar": (False, "sudanese", "good")}
    assert profile.availability == ["mon-pm", "thu-pm"]
    assert set(profile.interests.values_list("slug", flat=True)) == {"cooking", "walking"}
    needs = NewcomerProfile.objects.get(user=profile.user)
    assert needs.max_km == 3
    assert needs.remote_ok is True
    assert needs.wants_gender == "f"
    assert needs.helps == ["talk"]
    assert needs.about_me == "I like to cook for friends."

    # Consent: granted with one tap, and withdrawn with another.
    share = consent_form(page, "share_profile")
    share.locator("button[name=action][value=grant]").click()
    expect_rtl_page(page, "/profile/")
    expect(share.locator("button[name=action][value=withdraw]")).to_be_visible()
    granted = Consent.objects.get(user=profile.user, purpose="share_profile")
    assert granted.withdrawn_at is None

    share.locator("button[name=action][value=withdraw]").click()
    expect(share.locator("button[name=action][value=grant]")).to_be_visible()
    expect_rtl_page(page, "/profile/")
    granted.refresh_from_db()
    assert granted.withdrawn_at is not None
    assert not Consent.objects.filter(user=profile.user, withdrawn_at__isnull=True).exists()
