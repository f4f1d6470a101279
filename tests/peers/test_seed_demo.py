import pytest
from django.core.management import call_command

from activities.models import Organisation
from peers.demo import DEMO_PASSWORD, DEMO_PEOPLE, generated_people
from peers.models import NewcomerProfile, PersonLanguage, Profile, SupporterProfile, User
from peers.roles import Role
from peers.selectors import user_has_totp, user_roles

SMALL = {"newcomers": 12, "supporters": 6}


def snapshot() -> list:
    return sorted(
        User.objects.values_list(
            "username",
            "is_newcomer",
            "is_supporter",
            "profile__place__name",
            "profile__display_name",
        )
    )


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_prints_logins(capsys):
    call_command("seed_demo", **SMALL)
    first = capsys.readouterr().out
    before = snapshot()

    call_command("seed_demo", **SMALL)
    second = capsys.readouterr().out

    total = len(DEMO_PEOPLE) + SMALL["newcomers"] + SMALL["supporters"]
    assert len(before) == total + 1  # and Dave, who runs the groups
    assert Organisation.objects.count() == 4
    assert snapshot() == before
    assert PersonLanguage.objects.count() == sum(
        len(p.languages)
        for p in [*DEMO_PEOPLE, *generated_people(**SMALL)]
        if p.roles != (Role.COORDINATOR,)
    )
    assert f"{total} new" in first
    assert "0 new" in second
    for text in (
        "selam",
        "hanna",
        "priya",
        "dave",
        DEMO_PASSWORD,
        "[##############################]",
    ):
        assert text in first


@pytest.mark.django_db
def test_seed_demo_gives_every_role_real_profiles_and_a_ready_coordinator():
    call_command("seed_demo", **SMALL)

    roles = {role for user in User.objects.all() for role in user_roles(user=user)}
    assert roles == {Role.NEWCOMER, Role.SUPPORTER, Role.COORDINATOR}
    assert user_has_totp(user=User.objects.get(username="priya"))
    selam = Profile.objects.get(user__username="selam")
    assert selam.place.name == "Middlesbrough"
    assert [(item.language_id, item.is_first) for item in selam.languages.all()] == [
        ("ti", True),
        ("ar", False),
    ]
    assert NewcomerProfile.objects.get(user__username="selam").max_km == 3
    assert SupporterProfile.objects.get(user__username="hanna").is_matchable
    assert SupporterProfile.objects.get(user__username="dawit").status == "applied"
    assert SupporterProfile.objects.get(user__username="iryna").status == "paused"


def test_generated_people_are_deterministic_and_realistic():
    people = generated_people()

    assert people == generated_people()
    assert len(people) == 400
    first_languages = [p.languages[0][0] for p in people]
    assert first_languages.count("ar") > first_languages.count("ka")
    assert len({p.town for p in people}) >= 20
    assert all(p.languages[0][2] for p in people)


@pytest.mark.django_db
def test_demo_newcomer_without_email_can_log_in(client):
    call_command("seed_demo", newcomers=0, supporters=0)

    response = client.post(
        "/accounts/login/", {"login": "selam", "password": DEMO_PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/newcomer/"


@pytest.mark.django_db
def test_seed_demo_lists_daves_club_and_activities_made_through_the_services():
    from activities.selectors.visibility import activities_visible, organisations_visible

    call_command("seed_demo", **SMALL)

    assert set(organisations_visible().values_list("name", flat=True)) == {
        "Middlesbrough Welcome FC",
        "Teesside women's kitchen",
        "Stoke Welcome Walks",
    }
    assert Organisation.objects.get(name="Teesside Chess Club").status == "pending"
    assert activities_visible().count() == 3
    football = activities_visible().get(title="Saturday football")
    assert football.organisation.organisers.get().user.username == "dave"
