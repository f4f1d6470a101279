"""Who may see what: the one place that decides which organisations and activities newcomers
and the public see, and which ones a person manages."""

from django.db.models import QuerySet

from activities.models import Activity, Organisation
from peers.models import User


def organisations_visible() -> QuerySet:
    """Only organisations a coordinator has verified are ever shown to newcomers or the public."""
    return Organisation.objects.filter(status=Organisation.Status.VERIFIED)


def activities_visible() -> QuerySet:
    """Running activities of verified organisations: what newcomers can find and join."""
    return Activity.objects.filter(
        status=Activity.Status.ACTIVE, organisation__status=Organisation.Status.VERIFIED
    )


def organisations_managed_by(*, user: User) -> QuerySet:
    """The organisations this person is an organiser of (any status: they see their own
    application while it waits)."""
    return Organisation.objects.filter(organisers__user=user)


def activities_managed_by(*, user: User) -> QuerySet:
    """Activities of the organisations this person organises."""
    return Activity.objects.filter(organisation__organisers__user=user)
