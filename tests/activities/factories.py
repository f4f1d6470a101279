"""Test data for organisations and activities, made the way the app makes them where it can."""

import datetime

import factory

from activities.models import Activity, Organisation, Organiser
from peers.models import Place, User
from tests.peers.factories import UserFactory, place


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A verified organisation working in Middlesbrough (pass status="pending" for one that a
    coordinator has not checked)."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Welcome group {n}")
    kind = Organisation.Kind.SPORTS
    description = "Free football for newcomers, every Saturday."
    public_contact = "Come along, or call 01642 000000"
    status = Organisation.Status.VERIFIED

    @factory.post_generation
    def towns(self, create, extracted, **kwargs):
        if create:
            self.towns.set([place(name) for name in (extracted or ["Middlesbrough"])])


def organiser_of(organisation: Organisation, user: User | None = None) -> User:
    """A person who manages this organisation."""
    user = user or UserFactory()
    Organiser.objects.create(organisation=organisation, user=user)
    return user


class ActivityFactory(factory.django.DjangoModelFactory):
    """Saturday football in Middlesbrough, 2–4 pm, free, in English and Arabic."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Saturday football {n}")
    description = "Friendly football, boots provided, no need to talk about problems."
    place = factory.LazyFunction(lambda: place("Middlesbrough"))
    meeting_point = "Albert Park, by the café"
    schedule = Activity.Schedule.WEEKLY
    weekdays = factory.LazyFunction(lambda: [5])
    starts_at = datetime.time(14, 0)
    ends_at = datetime.time(16, 0)
    no_need_to_talk = True

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create:
            self.languages.set(extracted if extracted is not None else ["en", "ar"])

    @factory.post_generation
    def interests(self, create, extracted, **kwargs):
        if create:
            self.interests.set(extracted if extracted is not None else ["football"])


__all__ = ["ActivityFactory", "OrganisationFactory", "Place", "organiser_of"]


def joined(activity: Activity, user: User | None = None, *, status: str = "joined"):
    """A person coming to (or waiting for) an activity, as a row: the joining service is
    another part's, and these tests are about what organisers see."""
    from activities.models import Participation

    user = user or UserFactory(is_newcomer=True)
    Participation.objects.create(activity=activity, user=user, status=status)
    return user
