import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from peers.demo import (
    DEMO_PASSWORD,
    DEMO_PEOPLE,
    DEMO_TOTP_SECRET,
    GENERATED_NEWCOMERS,
    GENERATED_SUPPORTERS,
    DemoPerson,
    generated_people,
)
from peers.geo import place_lookup
from peers.models import Interest, Language, MatchingRun, Offer, Pairing, User
from peers.roles import Role
from peers.services import (
    consent_grant,
    coordinator_grant,
    newcomer_profile_update,
    profile_about_update,
    profile_interests_update,
    profile_languages_set,
    profile_place_update,
    supporter_pause,
    supporter_profile_update,
    supporter_training_update,
    supporter_verify,
    user_role_add,
)
from peers.services.matching_runs import matching_run_execute
from peers.services.pairing import offer_accept, support_request_create
from peers.services.profiles import LanguageChoice


class Command(BaseCommand):
    help = "Creates the demo people (idempotent: running it again changes nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--newcomers", type=int, default=GENERATED_NEWCOMERS)
        parser.add_argument("--supporters", type=int, default=GENERATED_SUPPORTERS)

    def handle(self, *args, newcomers: int, supporters: int, **options) -> None:
        # Hash once: hashing is deliberately slow and every demo person shares the password.
        self.password_hash = make_password(DEMO_PASSWORD)
        self.languages = {language.code: language for language in Language.objects.all()}
        self.interests = {interest.slug: interest for interest in Interest.objects.all()}
        self.coordinator = None
        created = 0
        crowd = generated_people(newcomers, supporters)
        for label, people in (("people", DEMO_PEOPLE), ("crowd", crowd)):
            total = len(people)
            for start in range(0, total, 25):
                # One transaction per batch: far fewer disk syncs than one per person.
                with transaction.atomic():
                    for person in people[start : start + 25]:
                        created += self._seed_person(person)
                self._progress(label, min(start + 25, total), total)
            self.stdout.write("")
        total = len(DEMO_PEOPLE) + len(crowd)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {created} new, {total} in all."))
        self._seed_matching()
        self._seed_chat()
        self._seed_activities()
        self._print_logins()

    def _seed_person(self, person: DemoPerson) -> bool:
        user, created = User.objects.get_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "email": person.email,
                "password": self.password_hash,
            },
        )
        if person.email:
            EmailAddress.objects.get_or_create(
                user=user, email=person.email, defaults={"verified": True, "primary": True}
            )
        if Role.COORDINATOR in person.roles:
            coordinator_grant(user=user)
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, DEMO_TOTP_SECRET)
            self.coordinator = user
            return created
        if not created:
            return False
        for role in person.roles:
            user_role_add(user=user, role=role)
        user.refresh_from_db()
        self._profile(user, person)
        return True

    def _profile(self, user: User, person: DemoPerson) -> None:
        profile_about_update(user=user, display_name=person.first_name, gender=person.gender)
        profile_place_update(user=user, place=place_lookup(person.town))
        profile_languages_set(
            user=user,
            choices=[
                LanguageChoice(
                    language=self.languages[code],
                    dialect=dialect,
                    is_first=first,
                    level="" if first else "good",
                )
                for code, dialect, first in person.languages
            ],
        )
        profile_interests_update(
            user=user,
            interests=[self.interests[slug] for slug in person.interests],
            availability=list(person.availability),
        )
        for purpose in person.consents:
            consent_grant(user=user, purpose=purpose)
        if user.is_newcomer:
            newcomer_profile_update(
                user=user,
                max_km=person.max_km,
                remote_ok=person.remote_ok,
                wants_gender=person.wants_gender,
                helps=["talk", "activities"],
                about_me="",
            )
        if user.is_supporter:
            self._supporter(user, person)

    def _supporter(self, user: User, person: DemoPerson) -> None:
        supporter_profile_update(
            user=user,
            bio=f"Hello, I am {person.first_name}. I came here a few years ago.",
            capacity=person.capacity,
            radius_km=max(person.max_km, 5),
            remote_ok=person.remote_ok,
            wants_gender=person.wants_gender,
        )
        profile = supporter_training_update(
            user=user,
            course="Peer support training, Refugee Council",
            completed_on=timezone.localdate() - datetime.timedelta(days=200),
            dbs_checked_on=timezone.localdate() - datetime.timedelta(days=180),
            dbs_expires_on=timezone.localdate() + datetime.timedelta(days=900),
        )
        if person.supporter_status in {"active", "paused"}:
            profile = supporter_verify(profile=profile, coordinator=self._coordinator())
        if person.supporter_status == "paused":
            supporter_pause(user=user)

    def _seed_matching(self) -> None:
        """Most newcomers ask for a supporter, one matching run makes offers, and about half
        of them are accepted: the demo shows waiting people, pending offers and pairings."""
        if MatchingRun.objects.exists():
            return
        newcomers = list(User.objects.filter(is_newcomer=True).order_by("pk"))
        for index, newcomer in enumerate(newcomers):
            if index % 10 != 9:  # a few have not asked yet
                support_request_create(newcomer=newcomer)
        run = MatchingRun.objects.create(triggered_by=self._coordinator())
        run = matching_run_execute(run=run)
        accepted = 0
        for index, offer in enumerate(Offer.objects.filter(run=run).order_by("pk")):
            if index % 2 == 0 and offer.supporter.username != "hanna":
                offer_accept(offer=offer, supporter=offer.supporter)
                accepted += 1
        self.stdout.write(
            f"  matching: {run.offers_made} offers made, {accepted} accepted, "
            f"{run.newcomers - run.offers_made} still waiting"
        )

    def _seed_chat(self) -> None:
        """A few messages in the first pairings' conversations, one safeguarding alert, one
        report and one message to the team, all made through the chat services."""
        from chat.models import Message
        from chat.services import message_post, report_create, team_conversation_open

        if Message.objects.exists():
            return
        pairings = list(
            Pairing.objects.filter(status=Pairing.Status.ACTIVE)
            .select_related("conversation", "newcomer", "supporter")
            .order_by("pk")[:12]
        )
        for pairing in pairings:
            for sender, body in (
                (pairing.supporter, "Hello! I am glad we were matched. How are you settling in?"),
                (pairing.newcomer, "Hello, thank you. It is quiet here. Do you like walking?"),
                (pairing.supporter, "Yes! There is a free walking group on Saturdays."),
            ):
                message_post(user=sender, conversation_id=pairing.conversation.pk, body=body)
        if len(pairings) >= 2:
            worried, asked = pairings[0], pairings[1]
            message_post(
                user=worried.newcomer,
                conversation_id=worried.conversation.pk,
                body="Sometimes I feel I can't go on any more.",
            )
            posted = message_post(
                user=asked.supporter,
                conversation_id=asked.conversation.pk,
                body="Could you lend me 50 pounds? And send me a photo of your documents.",
            )
            report_create(
                reporter=asked.newcomer,
                message_id=posted.message.pk,
                reason="money",
                detail="This made me uncomfortable.",
            )
        writer = User.objects.filter(username="omar").first() or pairings[0].newcomer
        team = team_conversation_open(person=writer)
        message_post(
            user=writer,
            conversation_id=team.pk,
            body="Hello team, can my supporter and I meet at the library instead of the cafe?",
        )
        self.stdout.write(f"  chat: {Message.objects.count()} messages, 1 alert, 1 report")

    def _seed_activities(self) -> None:
        """Dave's football club and three more groups with their activities, verified by
        Priya; one group still waiting for her check. Made through the activities services."""
        from activities.models import Organisation
        from activities.services.activities import ActivityFields, activity_create
        from activities.services.organisations import organisation_apply, organisation_verify

        if Organisation.objects.exists():
            return
        descriptions = {
            "sports": "A friendly club run by volunteers. Everyone is welcome, at any level.",
            "women": "A group for women to meet, cook and talk, in a safe and friendly place.",
            "befriending": "Volunteers who walk and talk with people new to the area.",
        }
        dave, _created = User.objects.get_or_create(
            username="dave", defaults={"password": self.password_hash, "first_name": "Dave"}
        )
        groups = [
            # name, kind, town, contact, verified, activities
            (
                "Middlesbrough Welcome FC",
                "sports",
                "Middlesbrough",
                "Just come along, or text Dave on 07700 900123",
                True,
                [
                    dict(
                        title="Saturday football",
                        weekdays=[5],
                        times=(14, 16),
                        languages=["en", "ar", "ti"],
                        interests=["football"],
                        meeting_point="Albert Park, by the café",
                        capacity=30,
                        no_need_to_talk=True,
                        family_friendly=True,
                        description="Friendly football for everyone. Boots provided. No need to "
                        "talk about problems: just play.",
                    ),
                ],
            ),
            (
                "Teesside women's kitchen",
                "women",
                "Middlesbrough",
                "Ask for Ruth at the Methodist church hall, Thursdays",
                True,
                [
                    dict(
                        title="Women's cooking group",
                        weekdays=[3],
                        times=(13, 15),
                        languages=["en", "ar", "ti"],
                        interests=["cooking"],
                        meeting_point="Methodist church hall, Linthorpe Road",
                        capacity=12,
                        women_only=True,
                        food_provided=True,
                        childcare=True,
                        step_free=True,
                        chat_enabled=True,
                        description="We cook a meal together from a different country each week "
                        "and eat it together. Children welcome; there is a crèche.",
                    ),
                ],
            ),
            (
                "Stoke Welcome Walks",
                "befriending",
                "Stoke-on-Trent",
                "welcomewalks@example.org",
                True,
                [
                    dict(
                        title="Wednesday walk in Hanley Park",
                        weekdays=[2],
                        times=(10, 12),
                        languages=["en", "fa"],
                        interests=["walking"],
                        meeting_point="Hanley Park, main gate",
                        travel_reimbursed=True,
                        no_need_to_talk=True,
                        description="An easy walk of about an hour, then tea. Bus fares paid back.",
                    ),
                ],
            ),
            ("Teesside Chess Club", "sports", "Middlesbrough", "chess@example.org", False, []),
        ]
        for name, kind, town, contact, verified, activities in groups:
            organisation = organisation_apply(
                user=dave, name=name, kind=kind, description=descriptions[kind],
                public_contact=contact, towns=[place_lookup(town)],
            )  # fmt: skip
            if not verified:
                continue
            organisation = organisation_verify(
                organisation=organisation, coordinator=self._coordinator()
            )
            for data in activities:
                start, end = data.pop("times")
                activity_create(
                    organisation=organisation,
                    by=dave,
                    fields=ActivityFields(
                        place=place_lookup(town),
                        online=False,
                        schedule="weekly",
                        starts_at=datetime.time(start),
                        ends_at=datetime.time(end),
                        languages=[self.languages[code] for code in data.pop("languages")],
                        interests=[self.interests[slug] for slug in data.pop("interests")],
                        **data,
                    ),
                )
        self.stdout.write("  activities: 4 groups (1 waiting for a check), 3 activities")

    def _coordinator(self) -> User:
        if self.coordinator is None:
            self.coordinator = User.objects.get(username="priya")
        return self.coordinator

    def _progress(self, label: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        self.stdout.write(f"\r  {label:<8} [{bar}] {done}/{total}", ending="")
        self.stdout.flush()

    def _print_logins(self) -> None:
        examples = {
            "newcomer": "selam",
            "peer supporter": "hanna",
            "newcomer + supporter": "omar",
            "coordinator": "priya",
            "group organiser": "dave",
        }
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for role, username in examples.items():
            self.stdout.write(f"  {role:<22} {username}")
        bypass = settings.MFA_TOTP_INSECURE_BYPASS_CODE
        hint = f"the demo accepts the code {bypass}, or " if bypass else ""
        self.stdout.write(
            f"  The coordinator uses two-factor login: {hint}add the secret\n"
            f"  {DEMO_TOTP_SECRET} to an authenticator app."
        )
