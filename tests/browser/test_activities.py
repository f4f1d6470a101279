"""Activities in the browser: a newcomer finds and joins free Saturday football in Arabic on a
small phone with JavaScript off; Dave lists his club and its activity, a coordinator checks it
(logging in with her second factor), and it appears on the town's printable directory.

The Arabic steps find things by field name, URL and structure, never by (translated) wording,
as the Arabic catalogue is still being filled in.
"""

import datetime
import re
from collections.abc import Callable

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import Page, expect

from activities.models import Activity, Organisation, Participation
from activities.services.activities import ActivityFields, activity_create
from activities.services.organisations import organisation_apply, organisation_verify
from peers.models import Interest, Language, User
from tests.browser.journeys import horizontal_overflow, language_switch, log_in, run_in_thread
from tests.peers.factories import (
    PASSWORD,
    TOTP_SECRET,
    CoordinatorFactory,
    UserFactory,
    newcomer_ready,
    place,
)

TOWN = "Middlesbrough"


def url(path: str) -> re.Pattern[str]:
    """The whole URL of a page on the live server, whatever its port, query and #fragment."""
    return re.compile(rf"^http://[^/]+{re.escape(path)}(\?[^#]*)?(#[\w-]*)?$")


def expect_fits(page: Page, what: str) -> None:
    overflow = horizontal_overflow(page)
    assert overflow == 0, f"{what} scrolls sideways by {overflow} px at 360 px"


def expect_rtl_page(page: Page, path: str) -> None:
    """On `path`, in Arabic, right to left, and nothing scrolls sideways at 360 px."""
    expect(page).to_have_url(url(path))
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect_fits(page, f"{path} in Arabic")


def weekly(title: str, *, weekday: int, cost_pence: int = 0, **extra) -> ActivityFields:
    return ActivityFields(
        title=title,
        description=extra.pop("description", "Friendly, and everyone is welcome."),
        place=place(TOWN),
        meeting_point=extra.pop("meeting_point", "Albert Park, by the café"),
        online=False,
        schedule=Activity.Schedule.WEEKLY,
        weekdays=[weekday],
        starts_at=datetime.time(14),
        ends_at=datetime.time(16),
        cost_pence=cost_pence,
        languages=list(Language.objects.filter(code__in=["en", "ar"])),
        **extra,
    )


def verified_club_with_activities() -> dict[str, int]:
    """A checked football club in the newcomer's town: free football on Saturdays, and two
    activities the filters must leave out (a paid Saturday one, a free Wednesday one)."""
    organiser = UserFactory(username="dave")
    coordinator = CoordinatorFactory()
    club = organisation_apply(
        user=organiser,
        name="Middlesbrough Welcome FC",
        kind=Organisation.Kind.SPORTS,
        description="A friendly club run by volunteers.",
        public_contact="Just come along",
        towns=[place(TOWN)],
    )
    club = organisation_verify(organisation=club, coordinator=coordinator)
    football = list(Interest.objects.filter(slug="football"))
    ids = {}
    for key, fields in (
        (
            "free-saturday",
            weekly(
                "Saturday football",
                weekday=5,
                description="Free football. Boots provided. No need to talk about problems.",
                interests=football,
                no_need_to_talk=True,
                capacity=20,
            ),
        ),
        ("paid-saturday", weekly("Saturday five-a-side league", weekday=5, cost_pence=300)),
        ("free-wednesday", weekly("Wednesday training", weekday=2, interests=football)),
    ):
        ids[key] = activity_create(organisation=club, by=organiser, fields=fields).pk
    return ids


def test_newcomer_finds_free_saturday_football_in_arabic_without_javascript(
    open_page: Callable[..., Page],
):
    ids = run_in_thread(verified_club_with_activities)
    newcomer = newcomer_ready(
        town=TOWN,
        languages=(("ar", "sudanese", True),),
        max_km=5,
        interests=["football"],
        availability=["sat-pm"],
    )
    page = open_page(java_script_enabled=False)
    log_in(page, username=newcomer.username, password=PASSWORD)
    expect(page).to_have_url(url("/newcomer/"))
    language_switch(page, language="ar")
    expect_rtl_page(page, "/newcomer/")

    page.goto("/activities/")
    expect_rtl_page(page, "/activities/")
    # Everything running near them is listed before filtering.
    for pk in ids.values():
        expect(page.locator(f"main a[href='/activities/{pk}/']")).to_have_count(1)

    filters = page.locator("main form.filters")
    filters.locator("select[name=day]").select_option("sat")
    filters.locator("input[name=free]").check()
    filters.locator("button[type=submit]").click()

    expect_rtl_page(page, "/activities/")
    assert "day=sat" in page.url and "free=on" in page.url
    expect(filters.locator("select[name=day]")).to_have_value("sat")
    expect(filters.locator("input[name=free]")).to_be_checked()
    cards = page.locator("main ul.activity-list > li")
    expect(cards).to_have_count(1)
    match = cards.locator(f"a[href='/activities/{ids['free-saturday']}/']")
    expect(match).to_have_text("Saturday football")
    # "For you" explains why, in the person's language (distance, interest, free time).
    expect(cards.locator(".reasons .tag")).not_to_have_count(0)
    match.click()

    expect_rtl_page(page, f"/activities/{ids['free-saturday']}/")
    box = page.locator("#participation")
    box.locator(f"form[action='/activities/{ids['free-saturday']}/join/'] button").click()

    expect_rtl_page(page, f"/activities/{ids['free-saturday']}/")
    # The box now says they are coming: no join button, a way to leave, the calendar file.
    expect(box.locator("form[action$='/join/']")).to_have_count(0)
    expect(box.locator("strong").first).to_be_visible()
    expect(box.locator(f"a[href='/activities/{ids['free-saturday']}/leave/']")).to_be_visible()
    expect(
        box.locator(f"a[href='/activities/{ids['free-saturday']}/calendar.ics']")
    ).to_be_visible()
    expect_fits(page, "the activity page after joining")
    statuses = dict(
        Participation.objects.filter(user=newcomer).values_list("activity_id", "status")
    )
    assert statuses == {ids["free-saturday"]: Participation.Status.JOINED}

    page.goto("/activities/mine/")
    expect_rtl_page(page, "/activities/mine/")
    expect(page.locator(f"main a[href='/activities/{ids['free-saturday']}/']")).to_have_count(1)


def totp_code() -> str:
    """The code the coordinator's authenticator app shows now."""
    return format_hotp_value(hotp_value(TOTP_SECRET, next(yield_hotp_counters_from_time())))


def coordinator_log_in(page: Page, *, user: User) -> None:
    """Password, then the second factor, as a coordinator logs in every time."""
    log_in(page, username=user.username, password=PASSWORD)
    expect(page).to_have_url(url("/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_code())
    page.locator("main form [type=submit]").first.click()
    expect(page).not_to_have_url(url("/accounts/2fa/authenticate/"))


def test_organiser_lists_an_activity_a_coordinator_verifies_it_and_it_is_in_the_directory(
    open_page: Callable[..., Page],
):
    dave = UserFactory(username="dave", first_name="Dave")
    coordinator = CoordinatorFactory()
    town = place(TOWN)
    directory = f"/places/{town.pk}/directory/"

    # Dave applies to list his club.
    page = open_page()
    log_in(page, username=dave.username, password=PASSWORD)
    page.goto("/groups/new/")
    expect_fits(page, "the form to list a group")
    page.get_by_label("Name of your group").fill("Middlesbrough Welcome FC")
    page.get_by_label("What kind of group is it?").select_option("sports")
    page.get_by_label("What does your group do?").fill(
        "Free football for newcomers, run by volunteers."
    )
    page.get_by_label("How can newcomers reach you?").fill("Text Dave on 07700 900123")
    page.get_by_label("Towns you work in").fill(TOWN)
    page.get_by_role("button", name="Send for a check").click()

    organisation = Organisation.objects.get(name="Middlesbrough Welcome FC")
    assert organisation.status == Organisation.Status.PENDING
    expect(page).to_have_url(url(f"/groups/{organisation.pk}/manage/"))
    expect(page.locator("main")).to_contain_text("Waiting for a coordinator's check")

    # He adds Saturday football before the check (nobody else sees it yet).
    page.get_by_role("link", name="Add an activity").click()
    expect(page).to_have_url(url(f"/groups/{organisation.pk}/activities/new/"))
    expect_fits(page, "the activity form")
    page.get_by_label("Title").fill("Saturday football")
    page.get_by_label("What happens?").fill(
        "Friendly football, 2 to 4 pm. Boots provided. No need to talk about problems."
    )
    page.get_by_label("Town or postcode district").fill(TOWN)
    page.get_by_label("Where to meet").fill("Albert Park, by the café")
    page.locator("input[name=weekdays][value='5']").check()
    page.get_by_label("Starts at").fill("14:00")
    page.get_by_label("Ends at").fill("16:00")
    page.locator("input[name=no_need_to_talk]").check()
    page.locator("input[name=interests][value=football]").check()
    page.locator("input[name=languages][value=en]").check()
    page.get_by_label("How many places?").fill("30")
    page.get_by_role("button", name="Save").click()

    activity = Activity.objects.get(organisation=organisation)
    expect(page).to_have_url(url(f"/activities/{activity.pk}/manage/"))
    assert activity.is_free
    assert activity.weekdays == [5]
    assert (activity.starts_at, activity.ends_at) == (datetime.time(14), datetime.time(16))

    anonymous = open_page()
    anonymous.goto(directory)
    expect(anonymous.locator("main")).not_to_contain_text("Middlesbrough Welcome FC")
    assert anonymous.goto(f"/activities/{activity.pk}/").status == 404

    # The coordinator logs in with her second factor and checks the club.
    checker = open_page()
    coordinator_log_in(checker, user=coordinator)
    checker.goto("/coordinator/groups/")
    checker.get_by_role("link", name="Middlesbrough Welcome FC").click()
    expect(checker).to_have_url(url(f"/coordinator/groups/{organisation.pk}/"))
    expect(checker.locator("main dl")).to_contain_text("dave")
    checker.get_by_role("button", name=re.compile(r"^Verify")).click()
    expect(checker).to_have_url(url("/coordinator/groups/"))
    expect(checker.locator("main")).to_contain_text("No group is waiting.")
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED
    assert organisation.decided_by == coordinator

    # Anyone finds it on the town's directory page, chosen by typing the town's name.
    anonymous.goto("/places/")
    anonymous.locator("main form input[name=town]").fill(TOWN)
    anonymous.locator("main form [type=submit]").click()
    expect(anonymous).to_have_url(url(directory))
    expect_fits(anonymous, "the town directory")
    main = anonymous.locator("main")
    expect(main.get_by_role("heading", name="Middlesbrough Welcome FC")).to_be_visible()
    listed = main.locator(f"a[href='/activities/{activity.pk}/']")
    expect(listed).to_have_text("Saturday football")
    expect(main).to_contain_text("Albert Park, by the café")
    expect(main).not_to_contain_text("dave")

    # Dave's page now says the club is verified.
    page.goto(f"/groups/{organisation.pk}/manage/")
    expect(page.locator("main")).to_contain_text("Verified")
