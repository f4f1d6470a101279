import pytest
from django.core.management import call_command

from peers.demo import DEMO_PASSWORD, DEMO_PEOPLE
from peers.models import User
from peers.roles import Role
from peers.selectors import user_has_totp, user_roles


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_prints_logins(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    snapshot = sorted(User.objects.values_list("username", "is_newcomer", "is_supporter"))

    call_command("seed_demo")
    second = capsys.readouterr().out

    assert len(snapshot) == len(DEMO_PEOPLE)
    assert sorted(User.objects.values_list("username", "is_newcomer", "is_supporter")) == snapshot
    assert f"{len(DEMO_PEOPLE)} new" in first
    assert "0 new" in second
    for username in ("selam", "hanna", "priya", DEMO_PASSWORD):
        assert username in first


@pytest.mark.django_db
def test_seed_demo_gives_every_role_and_a_ready_coordinator(client):
    call_command("seed_demo")

    roles = {role for user in User.objects.all() for role in user_roles(user=user)}
    priya = User.objects.get(username="priya")

    assert roles == {Role.NEWCOMER, Role.SUPPORTER, Role.COORDINATOR}
    assert user_has_totp(user=priya)
    assert User.objects.get(username="omar").is_newcomer
    assert User.objects.get(username="omar").is_supporter


@pytest.mark.django_db
def test_demo_newcomer_without_email_can_log_in(client):
    call_command("seed_demo")

    response = client.post(
        "/accounts/login/", {"login": "selam", "password": DEMO_PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/newcomer/"
