import datetime
import random

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
from peers.demo_chat import chat_history_seed
from peers.demo_feedback import activity_history_seed, feedback_seed
from peers.demo_history import HISTORY_NEWCOMERS, HISTORY_TOWNS, NEWCOMER_PREFIX
from peers.demo_seed import history_seed, people_bulk_create
from peers.demo_stories import moves_seed, selam_paired_with_hanna
from peers.geo import place_lookup
from peers.models import Interest, Language, MatchingRun, Offer, Pairing, SupportRequest, User
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
from peers.services.pairing import offer_accept
from peers.services.profiles import LanguageChoice


class Command(BaseCommand):
    help = "Creates the demo people (idempotent: running it again changes nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--newcomers", type=int, default=GENERATED_NEWCOMERS)
        parser.add_argument("--supporters", type=int, default=GENERATED_SUPPORTERS)
        parser.add_argument(
            "--history",
            type=int,
            default=HISTORY_NEWCOMERS,
            help="newcomers in the six months of matching history (0: no history)",
        )

    def handle(self, *args, newcomers: int, supporters: int, history: int, **options) -> None:
        # Hash once: hashing is deliberately slow and every demo person shares the password.
        self.password_hash = make_password(DEMO_PASSWORD)
        self.languages = {language.code: language for language in Language.objects.all()}
        self.interests = {interest.slug: interest for interest in Interest.objects.all()}
        self.coordinator = None
        created = 0
        crowd = generated_people(newcomers, supporters)
        total = len(DEMO_PEOPLE)
        for start in range(0, total, 25):
            # One transaction per batch: far fewer disk syncs than one per person.
            with transaction.atomic():
                for person in DEMO_PEOPLE[start : start + 25]:
                    created += self._seed_person(person)
            self._progress("people", min(start + 25, total), total)
        self.stdout.write("")
        created += self._seed_crowd(crowd)
        total = len(DEMO_PEOPLE) + len(crowd)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {created} new, {total} in all."))
        self._seed_matching(history=history)
        self._seed_chat()
        self._seed_chat_history()
        self._seed_activities()
        self._seed_activity_history()
        self._seed_feedback()
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

    def _seed_crowd(self, crowd: list[DemoPerson]) -> int:
        """The generated crowd, written in bulk as the profile services would leave them
        (their profiles are not the point, and person by person took most of the seeding
        time); someone already there is left alone. Returns how many were new."""
        rng = random.Random(len(crowd))  # noqa: S311 - demo data, not security
        now = timezone.now()
        existing = set(
            User.objects.filter(username__in=[p.username for p in crowd]).values_list(
                "username", flat=True
            )
        )
        new = [person for person in crowd if person.username not in existing]
        places = {town: place_lookup(town) for town in {person.town for person in new}}
        with transaction.atomic():
            people_bulk_create(
                new,
                places=places,
                coordinator=self._coordinator(),
                password=self.password_hash,
                joined={
                    p.username: now - datetime.timedelta(days=rng.randint(75, 400)) for p in new
                },
                now=now,
            )
        if crowd:
            self._progress("crowd", len(crowd), len(crowd))
            self.stdout.write("")
        return len(new)

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

    def _seed_matching(self, *, history: int) -> None:
        """Six months of weekly matching runs over extra people in the North East and Stoke
        (peers.demo_history), then today's run: most generated newcomers have asked for a
        supporter over the last weeks, the run makes offers and about half are accepted, so
        the demo shows waiting people (and why), pending offers and pairings."""
        if MatchingRun.objects.exists():
            return
        now = timezone.now()
        places = {town: place_lookup(town) for town in HISTORY_TOWNS}
        with transaction.atomic():
            if history:
                history_seed(
                    coordinator=self._coordinator(),
                    places=places,
                    newcomers=history,
                    now=now,
                    report=self.stdout.write,
                )
            selam_paired_with_hanna(now=now)
            moved = moves_seed(now=now, places=places)
            self.stdout.write(f"  moving town: {moved} people moved, Selam among them")
            self._seed_live_run()

    def _seed_live_run(self) -> None:
        rng = random.Random(5)  # noqa: S311 - demo data, not security
        now = timezone.now()
        newcomers = list(
            User.objects.filter(is_newcomer=True)
            .exclude(username__startswith=NEWCOMER_PREFIX)
            .exclude(support_requests__isnull=False)
            .order_by("pk")
        )
        # Over the last ten weeks, most have asked (as `support_request_create` records it;
        # in bulk: nobody here has a request yet, and hundreds one by one are slow).
        asked = SupportRequest.objects.bulk_create(
            [
                SupportRequest(
                    newcomer=newcomer,
                    helps=["talk", "activities"],
                    waiting_since=now - datetime.timedelta(hours=rng.randint(2, 24 * 70)),
                )
                for index, newcomer in enumerate(newcomers)
                if index % 10 != 9  # a few have not asked yet
            ]
        )
        for request in asked:
            request.created_at = request.waiting_since
        SupportRequest.objects.bulk_update(asked, ["created_at"])
        run = MatchingRun.objects.create(triggered_by=self._coordinator())
        run = matching_run_execute(run=run)
        accepted = 0
        for index, offer in enumerate(Offer.objects.filter(run=run).order_by("pk")):
            if index % 2 == 0 and offer.supporter.username != "hanna":
                offer_accept(offer=offer, supporter=offer.supporter)
                accepted += 1
        self.stdout.write(
            f"  matching today: {run.offers_made} offers made, {accepted} accepted, "
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
            Pairing.objects.filter(
                status=Pairing.Status.ACTIVE, newcomer__username__startswith="newcomer-"
            )
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

    def _seed_chat_history(self) -> None:
        """Months of chat and the cases coordinators handled (peers.demo_chat). Everything
        else seeded writes its messages now, so one in the past means this was done."""
        from chat.models import Message

        if Message.objects.filter(
            created_at__lt=timezone.now() - datetime.timedelta(days=1)
        ).exists():
            return
        with transaction.atomic():
            chat_history_seed(coordinator=self._coordinator(), report=self.stdout.write)

    def _seed_activities(self) -> None:
        """Dave's football club and a few dozen more groups across the demo towns, verified by
        Priya (one still waiting for her check), their activities with generated newcomers
        joined (some full, with a waiting list), and local help in every demo town. Made
        through the activities services; a group or a help entry that exists is left alone."""
        from activities.demo import DEMO_GROUPS, DEMO_LOCAL_HELP, DEMO_ORGANISERS
        from activities.models import LocalService, Organisation

        places = {town: place_lookup(town) for town in {g.town for g in DEMO_GROUPS}}
        places |= {town: place_lookup(town) for town in DEMO_LOCAL_HELP}
        existing = set(Organisation.objects.values_list("name", flat=True))
        organisers = {
            username: User.objects.get_or_create(
                username=username,
                defaults={"password": self.password_hash, "first_name": first_name},
            )[0]
            for username, first_name in (("dave", "Dave"), *DEMO_ORGANISERS)
        }
        newcomers = list(
            User.objects.filter(is_newcomer=True, username__startswith="newcomer-")
            .select_related("profile__place")
            .order_by("pk")
        )
        groups = activities = joined = 0
        for index, group in enumerate(DEMO_GROUPS):
            if group.name in existing:
                continue
            with transaction.atomic():
                made, joins = self._seed_group(
                    group,
                    organiser=organisers[group.organiser],
                    place=places[group.town],
                    newcomers=newcomers,
                    offset=index * 7,
                )
            groups += 1
            activities += made
            joined += joins
        services = 0
        known = set(LocalService.objects.values_list("place_id", "name"))
        with transaction.atomic():
            for town, entries in DEMO_LOCAL_HELP.items():
                for entry in entries:
                    if (places[town].pk, entry.name) in known:
                        continue
                    service = LocalService(
                        place=places[town], added_by=self._coordinator(), **vars(entry)
                    )
                    service.full_clean()
                    service.save()
                    services += 1
        self.stdout.write(
            f"  activities: {groups} new groups, {activities} activities, {joined} people "
            f"joined or waiting, {services} local help entries"
        )

    def _seed_activity_history(self) -> None:
        """People joining over the months and rating sessions (peers.demo_feedback)."""
        from activities.models import SessionRating

        if SessionRating.objects.exists():
            return
        with transaction.atomic():
            activity_history_seed(report=self.stdout.write)

    def _seed_feedback(self) -> None:
        """Feedback, complaints and "You said, we did" over the months (peers.demo_feedback)."""
        from feedback.models import Feedback

        if Feedback.objects.exists():
            return
        with transaction.atomic():
            feedback_seed(coordinator=self._coordinator(), report=self.stdout.write)

    def _seed_group(
        self, group, *, organiser: User, place, newcomers: list[User], offset: int
    ) -> tuple[int, int]:
        from activities.services.activities import ActivityFields, activity_create
        from activities.services.organisations import organisation_apply, organisation_verify
        from activities.services.participation import activity_join

        organisation = organisation_apply(
            user=organiser,
            name=group.name,
            kind=group.kind,
            description=group.description,
            public_contact=group.contact,
            towns=[place],
        )
        if not group.verified:
            return 0, 0
        organisation = organisation_verify(
            organisation=organisation, coordinator=self._coordinator()
        )
        joins = 0
        for item in group.activities:
            (start_h, start_m), (end_h, end_m) = item.times
            activity = activity_create(
                organisation=organisation,
                by=organiser,
                fields=ActivityFields(
                    title=item.title,
                    description=item.description,
                    place=None if item.online else place,
                    meeting_point=item.meeting_point,
                    online=item.online,
                    schedule="weekly",
                    weekdays=list(item.weekdays),
                    starts_at=datetime.time(start_h, start_m),
                    ends_at=datetime.time(end_h, end_m),
                    cost_pence=item.cost_pence,
                    capacity=item.capacity,
                    languages=[self.languages[code] for code in item.languages],
                    interests=[self.interests[slug] for slug in item.interests],
                    **dict.fromkeys(item.flags, True),
                ),
            )
            women_only = "women_only" in item.flags
            # People from the town first, then anyone (a short bus ride), rotated so that
            # different activities get different people.
            pool = [
                user
                for user in newcomers[offset:] + newcomers[:offset]
                if not women_only or user.profile.gender == "f"
            ]
            pool.sort(key=lambda user: user.profile.place_id != place.pk)
            for user in pool[: item.joiners]:
                activity_join(user=user, activity=activity)
                joins += 1
        return len(group.activities), joins

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
