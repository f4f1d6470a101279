"""Sign-up, login, logout, email verification and password change, through allauth's real views."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from peers.models import User
from tests.peers.factories import PASSWORD, NewcomerFactory, verified_email_for

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"


def signup_data(**overrides) -> dict:
    data = {
        "username": "selam",
        "email": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "role": "newcomer",
    }
    data.update(overrides)
    return data


def logged_in_user_id(client) -> str | None:
    return client.session.get(SESSION_KEY)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "home", "flag"),
    [
        ("newcomer", "/newcomer/", "is_newcomer"),
        ("supporter", "/supporter/", "is_supporter"),
    ],
)
def test_signup_without_email_logs_in_and_lands_on_role_home(client, role, home, flag):
    response = client.post(SIGNUP_URL, signup_data(role=role), follow=True)

    user = User.objects.get(username="selam")
    # One step first: recovery codes (tests/peers/test_recovery.py); then their own page.
    assert response.redirect_chain[-1][0] == "/me/recovery-codes/?after=signup"
    response = client.get("/me/", follow=True)
    assert response.redirect_chain[-1][0] == home
    assert response.status_code == 200
    assert logged_in_user_id(client) == str(user.pk)
    assert getattr(user, flag) is True
    assert {user.is_newcomer, user.is_supporter} == {True, False}
    assert not EmailAddress.objects.filter(user=user).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_signup_with_email_requires_verification_before_login(client):
    response = client.post(SIGNUP_URL, signup_data(email="selam@example.org"))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["selam@example.org"]

    # Logging in before verifying sends the person back to the "check your email" page.
    response = client.post(LOGIN_URL, {"login": "selam", "password": PASSWORD})
    assert response["Location"] == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    client.post(link.group(1))
    assert EmailAddress.objects.get(email="selam@example.org").verified

    response = client.post(LOGIN_URL, {"login": "selam@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(User.objects.get(username="selam").pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"role": ""}, "role", "Please choose why you are joining."),
        ({"role": "coordinator"}, "role", "Select a valid choice."),
        ({"username": ""}, "username", "This field is required."),
        ({"password2": "something-else-42"}, "password2", "You must type the same password"),
        ({"password1": "abc", "password2": "abc"}, "password1", "too short"),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
    ],
)
def test_signup_bad_input_shows_message_and_creates_nothing(client, overrides, field, message):
    response = client.post(SIGNUP_URL, signup_data(**overrides))

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_signup_taken_username_is_refused(client):
    NewcomerFactory(username="selam")

    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_login_with_username_goes_to_role_home(client):
    user = NewcomerFactory(username="amina")

    response = client.post(LOGIN_URL, {"login": "amina", "password": PASSWORD}, follow=True)

    assert logged_in_user_id(client) == str(user.pk)
    assert response.redirect_chain[-1][0] == "/newcomer/"


@pytest.mark.django_db
def test_login_with_verified_email(client):
    user = NewcomerFactory()
    verified_email_for(user, "amina@example.org")

    client.post(LOGIN_URL, {"login": "amina@example.org", "password": PASSWORD})

    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_login_wrong_password_is_refused_with_message(client):
    NewcomerFactory(username="amina")

    response = client.post(LOGIN_URL, {"login": "amina", "password": "wrong-password"})

    assert response.status_code == 200
    assert logged_in_user_id(client) is None
    assert "not correct" in response.content.decode()


@pytest.mark.django_db
def test_login_failures_are_rate_limited(client):
    NewcomerFactory(username="amina")
    for _attempt in range(5):
        client.post(LOGIN_URL, {"login": "amina", "password": "wrong-password"})

    # Even the right password is refused while the limit holds.
    response = client.post(LOGIN_URL, {"login": "amina", "password": PASSWORD})

    html = response.content.decode()
    assert "Too many wrong passwords for this account" in html
    assert "try again in 5 minutes" in html  # says when
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_one_address_shared_by_many_people_does_not_lock_them_all_out(client):
    """A library computer: ten people each mistype twice, then the eleventh logs in."""
    for number in range(10):
        NewcomerFactory(username=f"reader{number}")
        for _attempt in range(2):
            client.post(LOGIN_URL, {"login": f"reader{number}", "password": "wrong-password"})
    NewcomerFactory(username="eleventh")

    response = client.post(LOGIN_URL, {"login": "eleventh", "password": PASSWORD})

    assert response.status_code == 302
    assert logged_in_user_id(client) is not None


@pytest.mark.django_db
def test_a_locked_account_does_not_lock_another_account_on_the_same_address(client):
    NewcomerFactory(username="amina")
    NewcomerFactory(username="selam")
    for _attempt in range(6):
        client.post(LOGIN_URL, {"login": "amina", "password": "wrong-password"})

    response = client.post(LOGIN_URL, {"login": "selam", "password": PASSWORD})

    assert response.status_code == 302


@pytest.mark.django_db
def test_logout_needs_post_and_ends_session(client, newcomer):
    client.force_login(newcomer)

    assert client.get("/accounts/logout/").status_code == 200
    assert logged_in_user_id(client) == str(newcomer.pk)

    response = client.post("/accounts/logout/")

    assert response["Location"] == "/"
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_password_change_takes_effect(client, newcomer):
    client.force_login(newcomer)
    new_password = "another-Long-pass-77"

    client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )

    newcomer.refresh_from_db()
    assert newcomer.check_password(new_password)


@pytest.mark.django_db
def test_password_change_with_wrong_old_password_changes_nothing(client, newcomer):
    client.force_login(newcomer)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": "x-Long-pass-77", "password2": "x-Long-pass-77"},
    )

    assert response.status_code == 200
    newcomer.refresh_from_db()
    assert newcomer.check_password(PASSWORD)


@pytest.mark.django_db
def test_login_page_offers_each_way_back_in_once(client):
    html = client.get("/accounts/login/").content.decode()

    assert html.count('href="/accounts/password/reset/"') == 1
    assert html.count('href="/account/recover/"') == 1
