"""Getting back into an account without an email address (recovery codes, a coordinator's
one-time link), and the allauth pages around it: password reset, email, password change, signup."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.utils import timezone

from peers.adapters import AccountAdapter
from peers.models import PasswordResetLink, RecoveryCode, User
from peers.services.recovery import (
    password_reset_link_create,
    recovery_code_normalise,
    recovery_codes_create,
)
from tests.peers.factories import (
    PASSWORD,
    CoordinatorFactory,
    NewcomerFactory,
    SupporterFactory,
    verified_email_for,
)
from tests.test_pages import check_page

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "brand-New-pass-93"
RECOVER_URL = "/account/recover/"
CODES_URL = "/me/recovery-codes/"
LINKS_URL = "/coordinator/reset-links/"
GENERIC_FAILURE = "That username and recovery code do not match"
EMBEDDING_MARKS = re.compile("[\u202a-\u202e]")
CODE_IN_PAGE = re.compile(r"<code>(\d{4} \d{4} \d{4})</code>")


def recover(client, *, username: str, code: str, password: str = NEW_PASSWORD, **extra):
    data = {"username": username, "code": code, "password1": password, "password2": password}
    return client.post(RECOVER_URL, {**data, **extra})


def logged_in_user_id(client) -> str | None:
    return client.session.get(SESSION_KEY)


def log_in(client, user) -> None:
    """Through the login page, so the session records that the password was just typed."""
    response = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


# --- Recovery codes: made after signup and from the account page ----------------------------


def test_signup_goes_on_to_the_recovery_codes_step(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "selam",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": "newcomer",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"{CODES_URL}?after=signup"
    html = response.content.decode()
    assert "One more step: your recovery codes" in html
    assert 'href="/me/"' in html  # skipping is allowed, and said to be possible later
    shown = client.post(CODES_URL)  # no second password just after signing up
    assert len(CODE_IN_PAGE.findall(shown.content.decode())) == 8


def test_recovery_codes_are_shown_once_and_only_their_hashes_kept(client, newcomer):
    log_in(client, newcomer)

    response = client.post(CODES_URL)

    html = response.content.decode()
    codes = CODE_IN_PAGE.findall(html)
    assert len(codes) == 8 and len(set(codes)) == 8
    assert newcomer.username in html  # the sheet says which account the codes open
    assert "http://testserver/account/recover/" in html  # and where to use them
    stored = list(RecoveryCode.objects.filter(user=newcomer).values_list("code_hash", flat=True))
    assert len(stored) == 8
    for code in codes:
        digits = code.replace(" ", "")
        assert not any(digits in value for value in stored)
    assert "no-store" in response.headers["Cache-Control"]

    again = client.get(CODES_URL).content.decode()
    assert CODE_IN_PAGE.findall(again) == []
    assert "You have 8 unused codes" in again


def test_making_new_codes_asks_first_and_stops_the_old_ones(client, newcomer):
    old_codes = recovery_codes_create(user=newcomer)
    log_in(client, newcomer)

    page = client.get(CODES_URL).content.decode()
    assert "Making new codes stops all your old codes working." in page
    assert "Yes, make new codes" in page and "No, keep my codes" in page
    assert RecoveryCode.objects.filter(user=newcomer).count() == 8  # a GET changes nothing

    client.post(CODES_URL)
    client.logout()

    response = recover(client, username=newcomer.username, code=old_codes[0])
    assert GENERIC_FAILURE in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.check_password(PASSWORD)


def test_a_session_left_logged_in_must_type_the_password_again_to_make_codes(
    client, newcomer, settings
):
    """On a shared phone or library computer, someone else must not make codes that would
    open the account later (or stop the owner's own codes)."""
    old_codes = recovery_codes_create(user=newcomer)
    old_hashes = set(RecoveryCode.objects.filter(user=newcomer).values_list("code_hash", flat=True))
    User.objects.filter(pk=newcomer.pk).update(date_joined=timezone.now() - timedelta(days=30))
    client.force_login(newcomer)  # logged in long ago: no password typed in this session

    assert client.get(CODES_URL).status_code == 200  # reading the page is fine
    response = client.post(CODES_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert CODE_IN_PAGE.findall(response.content.decode()) == []
    stored = RecoveryCode.objects.filter(user=newcomer).values_list("code_hash", flat=True)
    assert set(stored) == old_hashes
    recovered = recover(client.__class__(), username=newcomer.username, code=old_codes[0])
    assert recovered.status_code == 302  # the owner's old codes still work


def test_recovery_codes_page_needs_a_login(client):
    assert client.get(CODES_URL)["Location"].startswith("/accounts/login/")
    assert client.post(CODES_URL)["Location"].startswith("/accounts/login/")
    assert not RecoveryCode.objects.exists()


# --- Using a code: the public page -----------------------------------------------------------


def test_a_recovery_code_sets_a_new_password_once(client, newcomer):
    codes = recovery_codes_create(user=newcomer)

    response = recover(client, username=newcomer.username, code=codes[3])

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    assert RecoveryCode.objects.filter(user=newcomer, used_at__isnull=False).count() == 1
    login = client.post("/accounts/login/", {"login": newcomer.username, "password": NEW_PASSWORD})
    assert login.status_code == 302 and logged_in_user_id(client) == str(newcomer.pk)
    client.logout()

    # The same code a second time does nothing; another code still works.
    again = recover(client, username=newcomer.username, code=codes[3], password="third-Pass-w0rd")
    assert GENERIC_FAILURE in again.content.decode()
    assert recover(client, username=newcomer.username, code=codes[4]).status_code == 302


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code,
        lambda code: code.replace(" ", ""),
        lambda code: code.replace(" ", "-"),
        # Arabic-Indic and Persian digits, as phone keyboards in those languages type them.
        lambda code: code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        lambda code: code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
    ],
    ids=["grouped", "no-spaces", "dashes", "arabic-digits", "persian-digits"],
)
def test_a_recovery_code_is_accepted_however_it_is_typed(client, newcomer, typed):
    (code, *_rest) = recovery_codes_create(user=newcomer)

    response = recover(client, username=newcomer.username.upper(), code=typed(code))

    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    "case",
    ["unknown-username", "wrong-code", "someone-elses-code", "used-code", "too-short"],
)
def test_a_wrong_username_or_code_gets_one_message_and_changes_nothing(client, case):
    selam = NewcomerFactory(username="selam")
    other = NewcomerFactory(username="amina")
    codes = recovery_codes_create(user=selam)
    others_codes = recovery_codes_create(user=other)
    if case == "used-code":
        recover(client, username="selam", code=codes[0], password="first-Change-77")
        selam.refresh_from_db()
    before = selam.password
    username, code = {
        "unknown-username": ("nobody", codes[1]),
        "wrong-code": ("selam", "1111 2222 3333"),
        "someone-elses-code": ("selam", others_codes[0]),
        "used-code": ("selam", codes[0]),
        "too-short": ("selam", codes[1][:6]),
    }[case]

    response = recover(client, username=username, code=code)

    assert response.status_code == 200
    html = response.content.decode()
    assert GENERIC_FAILURE in html
    assert 'role="alert"' in html
    selam.refresh_from_db()
    assert selam.password == before
    assert RecoveryCode.objects.filter(user=selam, used_at__isnull=True).count() == (
        7 if case == "used-code" else 8
    )
    assert logged_in_user_id(client) is None


def test_a_weak_new_password_is_refused_and_the_code_kept(client, newcomer):
    codes = recovery_codes_create(user=newcomer)

    response = recover(client, username=newcomer.username, code=codes[0], password="12345678")

    assert response.status_code == 200
    assert "entirely numeric" in response.content.decode()
    assert not RecoveryCode.objects.filter(user=newcomer, used_at__isnull=False).exists()
    newcomer.refresh_from_db()
    assert newcomer.check_password(PASSWORD)


def test_mismatched_new_passwords_are_refused_before_any_code_is_tried(client, newcomer):
    codes = recovery_codes_create(user=newcomer)

    response = recover(client, username=newcomer.username, code=codes[0], password2="other-Pass-1")

    assert "You must type the same password each time." in response.content.decode()
    assert not RecoveryCode.objects.filter(used_at__isnull=False).exists()


def test_guessing_codes_is_limited_per_username(client, newcomer):
    codes = recovery_codes_create(user=newcomer)
    for attempt in range(5):
        recover(client, username=newcomer.username, code=f"0000 0000 000{attempt}")

    # Even the right code is refused while the limit holds; nothing changes.
    response = recover(client, username=newcomer.username, code=codes[0])

    html = response.content.decode()
    assert "Too many tries. Please wait 15 minutes" in html
    newcomer.refresh_from_db()
    assert newcomer.check_password(PASSWORD)
    # Another person on the same computer is not locked out by it.
    amina = NewcomerFactory(username="amina")
    amina_codes = recovery_codes_create(user=amina)
    assert recover(client, username="amina", code=amina_codes[0]).status_code == 302


@override_settings(
    ACCOUNT_RATE_LIMITS={"recover_with_code": "3/h/ip,100/15m/key"},
)
def test_guessing_codes_is_limited_per_address(client):
    NewcomerFactory(username="selam")
    for number in range(3):
        recover(client, username=f"person{number}x", code="0000 0000 0000")

    response = recover(client, username="selam", code="0000 0000 0000")

    assert "Too many tries" in response.content.decode()


def test_recovering_lifts_a_lock_from_wrong_passwords(client, newcomer):
    codes = recovery_codes_create(user=newcomer)
    for _attempt in range(5):
        client.post("/accounts/login/", {"login": newcomer.username, "password": "wrong"})

    recover(client, username=newcomer.username, code=codes[0])
    response = client.post(
        "/accounts/login/", {"login": newcomer.username, "password": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(newcomer.pk)


def test_recovery_code_digits_are_read_in_any_script():
    assert recovery_code_normalise("١٢٣٤ 5678-۹۰۱۲") == "123456789012"


# --- A coordinator's one-time link -----------------------------------------------------------


def link_create_data(**overrides) -> dict:
    data = {"username": "selam", "identity_checked": "on", "note": "Met at the drop-in."}
    return {**data, **overrides}


@pytest.mark.parametrize("actor", [None, "newcomer", "supporter", "coordinator_without_totp"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_coordinators_with_two_factor_can_make_links(client, request, actor, method):
    NewcomerFactory(username="selam")
    if actor:
        client.force_login(request.getfixturevalue(actor))

    response = getattr(client, method)(LINKS_URL, link_create_data() if method == "post" else {})

    if actor is None:
        assert response["Location"].startswith("/accounts/login/")
    elif actor == "coordinator_without_totp":
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"
    else:
        assert response.status_code == 403
    assert not PasswordResetLink.objects.exists()


def test_a_coordinator_makes_a_link_that_is_shown_once_and_recorded(client, coordinator):
    selam = NewcomerFactory(username="selam")
    client.force_login(coordinator)

    response = client.post(LINKS_URL, link_create_data(username="Selam"))

    assert response["Location"] == "/coordinator/reset-links/new/"
    shown = client.get(response["Location"])
    html = shown.content.decode()
    assert "no-store" in shown.headers["Cache-Control"]
    url = re.search(r'value="(http://testserver/account/reset/[^"]+/)"', html).group(1)
    token = url.rstrip("/").rsplit("/", 1)[1]
    link = PasswordResetLink.objects.get()
    assert (link.user, link.created_by, link.note) == (selam, coordinator, "Met at the drop-in.")
    assert token not in link.token_hash
    assert link.expires_at - link.created_at == timedelta(hours=24)
    # Shown once: a second look sends the coordinator back to make a new one if needed.
    assert client.get("/coordinator/reset-links/new/")["Location"] == LINKS_URL
    # The record lists it: when, for whom, by whom, the note.
    listing = client.get(LINKS_URL).content.decode()
    assert "Met at the drop-in." in listing and "selam" in listing
    assert coordinator.username in listing


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"identity_checked": ""}, "Please confirm that you have checked who the person is."),
        ({"note": ""}, "This field is required."),
        ({"note": "x" * 301}, "Ensure this value has at most 300 characters"),
        ({"username": "nobody"}, "There is no active account with this username."),
    ],
)
def test_a_link_needs_a_confirmed_check_a_note_and_a_real_person(
    client, coordinator, overrides, message
):
    NewcomerFactory(username="selam")
    client.force_login(coordinator)

    response = client.post(LINKS_URL, link_create_data(**overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PasswordResetLink.objects.exists()


@pytest.mark.parametrize("target", ["coordinator", "staff", "self"])
def test_coordinator_and_staff_accounts_are_not_reset_this_way(client, coordinator, target):
    person = {
        "coordinator": lambda: CoordinatorFactory(username="selam"),
        "staff": lambda: NewcomerFactory(username="selam", is_staff=True),
        "self": lambda: coordinator,
    }[target]()
    client.force_login(coordinator)

    response = client.post(LINKS_URL, link_create_data(username=person.username))

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not PasswordResetLink.objects.exists()


def test_the_person_sets_a_new_password_with_the_link_once(client, coordinator):
    selam = NewcomerFactory(username="selam")
    created = password_reset_link_create(coordinator=coordinator, username="selam", note="Known")
    url = f"/account/reset/{created.token}/"

    page = client.get(url)
    assert page.status_code == 200
    assert "no-store" in page.headers["Cache-Control"]
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response["Location"] == "/accounts/login/"
    selam.refresh_from_db()
    assert selam.check_password(NEW_PASSWORD)
    created.link.refresh_from_db()
    assert created.link.used_at is not None

    again = client.get(url)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    refused = client.post(url, {"password1": "another-Pass-55", "password2": "another-Pass-55"})
    assert refused.status_code == 410
    selam.refresh_from_db()
    assert selam.check_password(NEW_PASSWORD)


def test_an_expired_link_says_so_and_changes_nothing(client, coordinator):
    selam = NewcomerFactory(username="selam")
    created = password_reset_link_create(coordinator=coordinator, username="selam", note="Known")
    past = timezone.now() - timedelta(hours=25)
    PasswordResetLink.objects.update(created_at=past, expires_at=past + timedelta(hours=24))
    url = f"/account/reset/{created.token}/"

    assert "has expired" in client.get(url).content.decode()
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 410
    selam.refresh_from_db()
    assert selam.check_password(PASSWORD)


def test_an_unknown_link_says_it_is_not_valid(client):
    response = client.get("/account/reset/not-a-real-token/")

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_a_newer_link_replaces_the_older_one(client, coordinator):
    NewcomerFactory(username="selam")
    first = password_reset_link_create(coordinator=coordinator, username="selam", note="One")
    password_reset_link_create(coordinator=coordinator, username="selam", note="Two")

    response = client.get(f"/account/reset/{first.token}/")

    assert response.status_code == 410
    assert "a newer link replaced it" in response.content.decode()


@pytest.mark.parametrize("someone_else", ["coordinator", "supporter"])
def test_someone_logged_in_as_another_person_cannot_use_the_link(
    client, coordinator, supporter, someone_else
):
    selam = NewcomerFactory(username="selam")
    created = password_reset_link_create(coordinator=coordinator, username="selam", note="Known")
    client.force_login({"coordinator": coordinator, "supporter": supporter}[someone_else])
    url = f"/account/reset/{created.token}/"

    page = client.get(url)
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert page.status_code == response.status_code == 403
    assert "This link is for someone else" in response.content.decode()
    selam.refresh_from_db()
    assert selam.check_password(PASSWORD)
    created.link.refresh_from_db()
    assert created.link.used_at is None


def test_a_weak_password_through_the_link_is_refused_and_the_link_kept(client, coordinator):
    NewcomerFactory(username="selam")
    created = password_reset_link_create(coordinator=coordinator, username="selam", note="Known")

    response = client.post(
        f"/account/reset/{created.token}/", {"password1": "selam", "password2": "selam"}
    )

    assert response.status_code == 200
    assert "too short" in response.content.decode()
    created.link.refresh_from_db()
    assert created.link.used_at is None


# --- allauth's pages around it ---------------------------------------------------------------


def test_password_reset_page_takes_a_username_without_the_browsers_email_check(client):
    page = client.get("/accounts/password/reset/").content.decode()

    email_input = re.search(r"<input[^>]*name=\"email\"[^>]*>", page).group(0)
    assert 'type="email"' not in email_input
    assert 'inputmode="email"' in email_input
    assert re.search(r"<form[^>]*action=\"/accounts/password/reset/\"[^>]*novalidate", page)
    assert f'href="{RECOVER_URL}"' in page and f'href="{RECOVER_URL}#ask-the-team"' in page

    response = client.post("/accounts/password/reset/", {"email": "selam"})

    html = response.content.decode()
    assert "This is not an email address." in html
    assert "use one of your recovery codes" in html


def test_the_recover_page_says_how_to_ask_the_team(client, settings):
    html = client.get(RECOVER_URL).content.decode()
    assert 'id="ask-the-team"' in html
    assert "write to the team for you" in html

    settings.TEAM_CONTACT = "01642 000000, weekdays 10am to 4pm"
    assert "01642 000000" in client.get(RECOVER_URL).content.decode()


def test_login_page_points_to_the_recovery_codes(client):
    assert f'href="{RECOVER_URL}"' in client.get("/accounts/login/").content.decode()


def test_email_page_says_email_is_optional_and_does_not_push(client, newcomer):
    client.force_login(newcomer)

    html = client.get("/accounts/email/").content.decode()

    assert "Email address (optional)" in html
    assert "You do not need an email address" in html
    assert "You should really add an email address" not in html
    assert f'href="{CODES_URL}"' in html


def test_removing_an_email_address_asks_first(client, newcomer):
    verified_email_for(newcomer, "selam@example.org")
    client.force_login(newcomer)
    page = client.get("/accounts/email/").content.decode()
    assert 'formaction="/account/email/remove/"' in page

    confirm = client.post("/account/email/remove/", {"email": "selam@example.org"})

    html = confirm.content.decode()
    assert "Remove this email address?" in html
    assert 'name="action_remove"' in html and 'action="/accounts/email/"' in html
    assert EmailAddress.objects.filter(user=newcomer).exists()

    client.post("/accounts/email/", {"email": "selam@example.org", "action_remove": ""})
    assert not EmailAddress.objects.filter(user=newcomer).exists()


def test_asking_to_remove_someone_elses_address_shows_nothing_of_it(client, newcomer):
    other = NewcomerFactory()
    verified_email_for(other, "amina@example.org")
    client.force_login(newcomer)

    response = client.post("/account/email/remove/", {"email": "amina@example.org"})

    assert response["Location"] == "/accounts/email/"
    assert client.get("/account/email/remove/").status_code == 405


class NestingCheck(HTMLParser):
    """Block content where HTML forbids it: a list or a div inside a paragraph or a span (the
    parser then closes the paragraph, and the span a field points to is left empty)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.errors: list[str] = []
        self.ids: dict[str, str] = {}
        self._capture: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"ul", "ol", "div"} and any(t in {"p", "span"} for t in self.open):
            self.errors.append(f"<{tag}> inside {self.open}")
        if tag not in {"input", "br", "meta", "link", "img", "hr"}:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass


def test_password_change_page_has_valid_help_linked_to_the_field(client, newcomer):
    client.force_login(newcomer)

    html = client.get("/accounts/password/change/").content.decode()

    checker = NestingCheck()
    checker.feed(html)
    assert checker.errors == []
    described = re.search(r'<input[^>]*name="password1"[^>]*>', html).group(0)
    assert 'aria-describedby="id_password1_helptext"' in described
    help_block = re.search(r'<div class="hint" id="id_password1_helptext">(.*?)</div>', html, re.S)
    assert help_block and "<li>" in help_block.group(1)


def test_signup_says_the_username_limit_beside_the_field(client):
    html = client.get("/accounts/signup/").content.decode()

    username = re.search(r'<input[^>]*name="username"[^>]*>', html).group(0)
    assert 'maxlength="150"' in username
    assert 'aria-describedby="id_username_helptext"' in username
    hint = re.search(r'<div class="hint" id="id_username_helptext">(.*?)</div>', html, re.S)
    assert hint and "3 to 150 characters" in hint.group(1)


def test_newcomer_account_section_links_recovery_codes_and_email(client, newcomer):
    client.force_login(newcomer)

    html = client.get("/newcomer/").content.decode()
    section = html[html.index('id="account"') :]

    assert f'href="{CODES_URL}"' in section
    assert 'href="/accounts/email/"' in section


def test_the_account_page_everyone_reaches_links_recovery_codes(client, supporter):
    client.force_login(supporter)

    html = client.get("/accounts/password/change/").content.decode()

    assert f'href="{CODES_URL}"' in html and 'href="/accounts/email/"' in html


def test_coordinator_home_links_to_reset_links(client, coordinator):
    client.force_login(coordinator)

    assert f'href="{LINKS_URL}"' in client.get("/coordinator/").content.decode()


# --- Arabic: no stray left-to-right embeddings from allauth's catalog -------------------------


def test_allauth_arabic_messages_reach_pages_without_embedding_marks(client, newcomer):
    client.cookies["django_language"] = "ar"
    mismatch = {"password1": NEW_PASSWORD, "password2": "other-Pass-11"}

    signup = client.post(
        "/accounts/signup/", {"username": "amal", "role": "newcomer", **mismatch}
    ).content.decode()
    client.force_login(newcomer)
    change = client.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, **mismatch}
    ).content.decode()
    changed = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    ).content.decode()
    email = client.get("/accounts/email/").content.decode()

    for html in (signup, change, changed, email):
        assert 'lang="ar"' in html
        assert EMBEDDING_MARKS.findall(html) == []
    # The messages really were the ones allauth's catalog marks (in Arabic, without the marks).
    assert "يجب عليك كتابة كلمة المرور نفسها في كل مرة." in change
    assert "تم تغيير كلمة المرور بنجاح." in changed


def test_email_subjects_carry_no_embedding_marks():
    assert AccountAdapter().format_email_subject("مرحبا\u202a.\u202c") == "[Common Ground] مرحبا."


# --- Every new page meets the page rules -----------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "url"),
    [
        (None, RECOVER_URL),
        ("newcomer", CODES_URL),
        ("newcomer", f"{CODES_URL}?after=signup"),
        ("coordinator", LINKS_URL),
    ],
)
def test_recovery_pages_meet_the_page_rules(client, actor, url):
    if actor:
        maker = {"newcomer": NewcomerFactory, "coordinator": CoordinatorFactory}[actor]
        client.force_login(maker())
    check_page(client, url, private=actor is not None)


def test_reset_link_page_meets_the_page_rules(client, coordinator):
    NewcomerFactory(username="selam")
    created = password_reset_link_create(coordinator=coordinator, username="selam", note="Known")
    check_page(client, f"/account/reset/{created.token}/")


def test_supporters_also_reach_their_recovery_codes(client):
    client.force_login(SupporterFactory())
    assert client.get(CODES_URL).status_code == 200
