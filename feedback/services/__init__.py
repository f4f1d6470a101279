"""Feedback writes. Import from here: `from feedback.services import …`."""

from feedback.services.feedback import (
    FeedbackCreated,
    FeedbackNotFound,
    feedback_acknowledge,
    feedback_create,
    feedback_follow,
    feedback_follow_allowed,
    feedback_resolve,
    published_change_create,
    published_change_withdraw,
    submission_token_new,
)

__all__ = [
    "FeedbackCreated",
    "FeedbackNotFound",
    "feedback_acknowledge",
    "feedback_create",
    "feedback_follow",
    "feedback_follow_allowed",
    "feedback_resolve",
    "published_change_create",
    "published_change_withdraw",
    "submission_token_new",
]
