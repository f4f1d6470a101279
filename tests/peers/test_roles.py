"""Who may open which page: one table, plus the coordinator two-factor gate."""

import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from peers.roles import Role
from peers.selectors import people_counts_for_coordinator, user_roles
from peers.services import coordinator_grant, user_role_add, user_role_apply
from tests.peers.factories import (
    PASSWORD,
    TOTP_SECRET,
    CoordinatorFactory,
    NewcomerFactory,
    SupporterFactory,
    UserFactory,
)

ACTORS = {
    "anonymous": None,
    "newcomer": lambda: NewcomerFactory(),
    "supporter": lambda: SupporterFactory(),
    "both": lambda: UserFactory(is_newcomer=True, is_supporter=True),
    "coordinator": lambda: CoordinatorFactory(),
    "inactive": lambda: NewcomerFactory(is_active=False),
}

LOGIN = "login"
OK = 200
FORBIDDEN = 403

# page -> expected outcome for each actor ("login" = sent to log in, a path = redirected there)
ACCESS_TABLE = {
    "/newcomer/": {
        "anonymous": LOGIN,
        "newcomer": OK,
        "supporter": FORBIDDEN,
        "both": OK,
        "coordinator": FORBIDDEN,
    },
    "/supporter/": {
        "anonymous": LOGIN,
        "newcomer": FORBIDDEN,
        "supporter": OK,
        "both": OK,
        "coordinator": FORBIDDEN,
    },
    "/coordinator/": {
        "anonymous": LOGIN,
        "newcomer": FORBIDDEN,
        "supporter": FORBIDDEN,
        "both": FORBIDDEN,
        "coordinator": OK,
    },
    "/me/": {
        "anonymous": LOGIN,
        "newcomer": "/newcomer/",
        "supporter": "/supporter/",
        "both": OK,
        "coordinator": "/coordinator/",
    },
    "/": dict.fromkeys(("anonymous", "newcomer", "supporter", "both", "coordinator"), OK),
    "/help/": dict.fromkeys(("anonymous", "newcomer", "supporter", "both", "coordinator"), OK),
}

CASES = [
    (page, actor, expected) for page, row in ACCESS_TABLE.items() for actor, expected in row.items()
]


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "actor", "expected"), CASES)
def test_page_access_by_role(client, page, actor, expected):
    if ACTORS[actor] is not None:
        client.force_login(ACTORS[actor]())

    response = client.get(page)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    elif isinstance(expected, str):
        assert response.status_code == 302
        assert response["Location"] == expected
    else:
        assert response.status_code == expected
    if expected == FORBIDDEN:
        assert "This page is not available to you" in response.content.decode()


@pytest.mark.django_db
def test_inactive_account_holds_no_roles():
    assert user_roles(user=NewcomerFactory(is_active=False)) == frozenset()
    assert user_roles(user=AnonymousUser()) == frozenset()


@pytest.mark.django_db
def test_coordinator_without_second_factor_is_sent_to_set_it_up(client, coordinator_without_totp):
    client.force_login(coordinator_without_totp)

    response = client.get("/coordinator/", follow=True)

    assert response.redirect_chain[0] == ("/accounts/2fa/totp/activate/", 302)
    assert "Coordinators must use two-factor login" in response.content.decode()


@pytest.mark.django_db
def test_coordinator_login_asks_for_the_second_factor(client):
    coordinator = CoordinatorFactory(username="priya")

    response = client.post("/accounts/login/", {"login": "priya", "password": PASSWORD})

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert SESSION_KEY not in client.session

    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert SESSION_KEY not in client.session

    from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time

    counter = next(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(TOTP_SECRET, counter))
    response = client.post("/accounts/2fa/authenticate/", {"code": code}, follow=True)

    assert client.session[SESSION_KEY] == str(coordinator.pk)
    assert response.redirect_chain[-1][0] == "/coordinator/"


@pytest.mark.django_db
def test_coordinator_page_shows_figures_only(client, coordinator):
    NewcomerFactory.create_batch(3, first_name="Zebedee")
    SupporterFactory()
    client.force_login(coordinator)

    response = client.get("/coordinator/")

    assert response.context["counts"] == {"newcomers": 3, "supporters": 1, "coordinators": 1}
    assert "Zebedee" not in response.content.decode()


@pytest.mark.django_db
def test_people_counts_are_not_inflated_by_several_groups(coordinator):
    from django.contrib.auth.models import Group

    coordinator.is_newcomer = True
    coordinator.save()
    coordinator.groups.add(Group.objects.create(name="another"))

    assert people_counts_for_coordinator() == {"newcomers": 1, "supporters": 0, "coordinators": 1}


@pytest.mark.django_db
def test_role_add_gives_the_other_role(client, newcomer):
    client.force_login(newcomer)

    response = client.post("/me/roles/add/", {"role": "supporter"})

    newcomer.refresh_from_db()
    assert newcomer.is_supporter and newcomer.is_newcomer
    assert response["Location"] == "/supporter/"
    assert client.get("/supporter/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "", "organiser"])
def test_role_add_refuses_other_roles_and_changes_nothing(client, newcomer, role):
    client.force_login(newcomer)

    response = client.post("/me/roles/add/", {"role": role}, follow=True)

    newcomer.refresh_from_db()
    assert (newcomer.is_newcomer, newcomer.is_supporter) == (True, False)
    assert user_roles(user=newcomer) == {Role.NEWCOMER}
    assert "Please choose newcomer or peer supporter." in response.content.decode()


@pytest.mark.django_db
def test_role_add_needs_login_and_post(client, newcomer):
    assert client.post("/me/roles/add/", {"role": "supporter"})["Location"].startswith(
        "/accounts/login/"
    )
    client.force_login(newcomer)
    assert client.get("/me/roles/add/").status_code == 405


@pytest.mark.django_db
def test_user_role_add_is_idempotent(newcomer):
    assert user_role_add(user=newcomer, role=Role.NEWCOMER) is False
    assert user_role_add(user=newcomer, role=Role.SUPPORTER) is True
    assert user_role_add(user=newcomer, role=Role.SUPPORTER) is False


def test_coordinator_role_cannot_be_self_chosen():
    with pytest.raises(ValidationError):
        user_role_apply(user=UserFactory.build(), role=Role.COORDINATOR)


@pytest.mark.django_db
def test_make_coordinator_grants_and_revokes(capsys):
    person = SupporterFactory(username="priya")

    call_command("make_coordinator", "Priya")
    assert Role.COORDINATOR in user_roles(user=type(person).objects.get(pk=person.pk))
    assert "is now a coordinator" in capsys.readouterr().out

    call_command("make_coordinator", "priya")
    assert "was already a coordinator" in capsys.readouterr().out

    call_command("make_coordinator", "priya", "--revoke")
    assert Role.COORDINATOR not in user_roles(user=type(person).objects.get(pk=person.pk))


@pytest.mark.django_db
def test_make_coordinator_unknown_username_fails():
    with pytest.raises(CommandError, match="No account"):
        call_command("make_coordinator", "nobody")


@pytest.mark.django_db
def test_coordinator_grant_is_idempotent(newcomer):
    assert coordinator_grant(user=newcomer) is True
    assert coordinator_grant(user=newcomer) is False


@pytest.mark.django_db
def test_the_second_factor_code_field_suits_a_phone(client):
    CoordinatorFactory(username="priya")
    client.post("/accounts/login/", {"login": "priya", "password": PASSWORD})

    html = client.get("/accounts/2fa/authenticate/").content.decode()

    field = re.search(r'<input[^>]*name="code"[^>]*>', html).group(0)
    assert 'inputmode="numeric"' in field
    assert 'autocomplete="one-time-code"' in field


@pytest.mark.django_db
def test_a_failed_login_is_announced_and_the_field_asks_for_a_username(client):
    html = client.post(
        "/accounts/login/", {"login": "nobody", "password": "wrong-password"}
    ).content.decode()

    assert re.search(r'<div role="alert">\s*<ul class="errorlist nonfield">', html)
    field = re.search(r'<input[^>]*name="login"[^>]*>', html).group(0)
    assert 'autocomplete="username"' in field
