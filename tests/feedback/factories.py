"""Feedback made the way the app makes it: through the service."""

from feedback.models import Feedback, PublishedChange
from feedback.services import FeedbackCreated, feedback_create, published_change_create
from peers.models import User
from tests.peers.factories import CoordinatorFactory


def feedback_given(
    *,
    user: User | None = None,
    kind: str = Feedback.Kind.FEEDBACK,
    about: str = Feedback.About.GENERAL,
    score: int | None = 4,
    text: str = "The walking group was friendly.",
    anonymous: bool = False,
    language: str = "en",
    activity=None,
    token: str = "",
) -> FeedbackCreated:
    """Feedback (or a complaint) as someone sends it; anonymous for a visitor (user=None)."""
    return feedback_create(
        user=user,
        kind=kind,
        about=about,
        score=score,
        text=text,
        anonymous=anonymous,
        language=language,
        activity=activity,
        token=token,
    )


def complaint_given(**kwargs) -> FeedbackCreated:
    kwargs.setdefault("text", "The group leader was unkind to me.")
    kwargs.setdefault("score", 1)
    return feedback_given(kind=Feedback.Kind.COMPLAINT, **kwargs)


def change_published(
    *, you_said: str = "The chat was hard to find.", we_did: str = "We added a link.", **kw
) -> PublishedChange:
    return published_change_create(
        coordinator=kw.get("coordinator") or CoordinatorFactory(), you_said=you_said, we_did=we_did
    )
