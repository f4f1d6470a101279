"""After a session, a person who joined rates it 1–5 with an optional comment: once a
session, within two weeks of it."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Participation, SessionRating
from activities.schedule import LONDON
from activities.selectors.ratings import RATING_DAYS, sessions_on
from peers.models import User


def _session_check(*, activity: Activity, participation: Participation, day: date, now) -> None:
    """The session took place (real, ended, not called off), is recent, and the person had
    joined by then."""
    sessions = sessions_on(activity, day, dated=activity.dates.all())
    if not sessions:
        raise ValidationError(
            _("There was no session of this activity on that day."), code="no_session"
        )
    if activity.cancellations.filter(date=day).exists():
        raise ValidationError(
            _("This session was called off, so there is nothing to rate."), code="cancelled"
        )
    ended = [session for session in sessions if session.ends <= now]
    if not ended:
        raise ValidationError(_("You can rate this session once it has ended."), code="not_ended")
    if day < now.astimezone(LONDON).date() - timedelta(days=RATING_DAYS):
        raise ValidationError(
            _("Sessions can be rated for two weeks after they happen. This one is older."),
            code="too_old",
        )
    if participation.created_at >= ended[-1].ends:
        raise ValidationError(
            _("You joined after this session, so there is nothing to rate."),
            code="joined_later",
        )


def session_rating_check(
    *, user: User, activity: Activity, session_date: date, now: datetime | None = None
) -> Participation:
    """Why this person may not rate this session (a ValidationError), or their participation:
    they joined, the session took place and ended at most two weeks ago, not rated yet."""
    now = now or timezone.now()
    participation = None
    if user.is_authenticated:
        participation = Participation.objects.filter(
            activity=activity, user=user, status=Participation.Status.JOINED
        ).first()
    if participation is None:
        raise ValidationError(
            _("Only people who joined this activity can rate its sessions."), code="not_joined"
        )
    _session_check(activity=activity, participation=participation, day=session_date, now=now)
    already = SessionRating.objects.filter(
        participation__activity=activity, participation__user=user, session_date=session_date
    )
    if already.exists():
        raise ValidationError(
            _("You have already rated this session. Thank you!"), code="already_rated"
        )
    return participation


@transaction.atomic
def session_rate(
    *,
    user: User,
    activity: Activity,
    session_date: date,
    rating: int | str,
    comment: str = "",
    now: datetime | None = None,
) -> SessionRating:
    """A person who joined the activity rates one of its recent sessions that took place:
    once a session (a second rating is refused, the first one stands)."""
    # The person's row first, locked: two ratings sent at once cannot both pass the checks.
    list(
        Participation.objects.select_for_update()
        .filter(activity=activity, user=user, status=Participation.Status.JOINED)
        .values_list("pk", flat=True)
    )
    participation = session_rating_check(
        user=user, activity=activity, session_date=session_date, now=now
    )
    session_rating = SessionRating(
        participation=participation,
        session_date=session_date,
        rating=rating,
        comment=(comment or "").strip(),
    )
    session_rating.full_clean()
    session_rating.save()
    return session_rating
