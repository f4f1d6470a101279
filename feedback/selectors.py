"""Feedback reads. Who may see what is decided here: a person sees only their own named
feedback; coordinators see the open queue and each entry, with a name only when it was given,
but never what is about a group they organise, nor what they sent themselves (another
coordinator answers those, as another checks a coordinator's own group)."""

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from activities.models import Activity
from activities.selectors.visibility import activities_visible
from feedback.models import Feedback, PublishedChange
from peers.models import User
from peers.selectors.profiles import greeting_name

# The coordinators' queue, a page at a time: the case queue shows the first page, the full
# queue the rest (a card there is a few lines, never the text: about 400 bytes).
FEEDBACK_QUEUE_PAGE = 50


def feedback_for_coordinator(*, coordinator: User) -> QuerySet:
    """Every entry this coordinator may read and answer: not about an activity of a group she
    organises (a complaint about her group's leader is not hers to read or close), and not
    her own."""
    return Feedback.objects.exclude(activity__organisation__organisers__user=coordinator).exclude(
        user=coordinator
    )


def feedback_concerns(*, feedback: Feedback, coordinator: User) -> bool:
    """Whether this entry is about a group the coordinator organises, or is her own."""
    return not feedback_for_coordinator(coordinator=coordinator).filter(pk=feedback.pk).exists()


def feedback_open_for_coordinators(*, coordinator: User) -> QuerySet:
    """The open feedback and complaints for the case queue: complaints first, then oldest."""
    return (
        feedback_for_coordinator(coordinator=coordinator)
        .filter(status__in=Feedback.OPEN)
        .select_related("activity")
        .annotate(
            complaint_first=Case(
                When(kind=Feedback.Kind.COMPLAINT, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("complaint_first", "created_at", "pk")
    )


def feedback_open_count(*, coordinator: User) -> int:
    """How many are waiting for this coordinator (new or acknowledged)."""
    return (
        feedback_for_coordinator(coordinator=coordinator).filter(status__in=Feedback.OPEN).count()
    )


def feedback_for_user(*, user: User) -> QuerySet:
    """A person's own named feedback, newest first (anonymous feedback is nobody's)."""
    return (
        Feedback.objects.filter(user=user, anonymous=False)
        .select_related("activity")
        .order_by("-created_at", "-pk")
    )


def feedback_of_user_get(*, user: User, reference: str) -> Feedback | None:
    """One of this person's own named entries, by its reference; None for anyone else's."""
    return feedback_for_user(user=user).filter(reference=reference).first()


def feedback_by_reference(*, reference: str, coordinator: User) -> Feedback | None:
    """One entry by the reference a person quotes, whatever its status, if it is this
    coordinator's to read (the coordinator pages check who is asking)."""
    return feedback_for_coordinator(coordinator=coordinator).filter(reference=reference).first()


def feedback_get(*, pk: int, coordinator: User) -> Feedback | None:
    """One entry for this coordinator, if it is hers to read (the coordinator pages check
    who is asking)."""
    return (
        feedback_for_coordinator(coordinator=coordinator)
        .select_related("activity", "user", "responded_by")
        .filter(pk=pk)
        .first()
    )


def feedback_writer_name(*, feedback: Feedback) -> str | None:
    """The name the person gave, for named feedback only; None for anonymous feedback."""
    if feedback.anonymous or feedback.user is None:
        return None
    return greeting_name(user=feedback.user)


def feedback_activity_get(*, pk: int | None, user: User | None) -> Activity | None:
    """The activity a form is about: one anyone can find, or one this person joined."""
    if not pk:
        return None
    found = activities_visible().filter(pk=pk)
    if user is not None and user.is_authenticated:
        found = found | Activity.objects.filter(pk=pk, participations__user=user)
    return found.distinct().first()


def published_changes_public() -> QuerySet:
    """What the public "You said, we did" page lists: published and not withdrawn."""
    return PublishedChange.objects.filter(
        withdrawn_at__isnull=True, published_at__lte=timezone.now()
    ).order_by("-published_at", "-pk")


def published_changes_for_coordinators() -> QuerySet:
    """Every entry, withdrawn ones too, for the coordinators' page."""
    return PublishedChange.objects.order_by("-published_at", "-pk")


def published_change_get(*, pk: int) -> PublishedChange | None:
    return PublishedChange.objects.filter(pk=pk).first()
