"""Rating offers for the pages a person who joined sees: `{% sessions_to_rate_mine joined as
offers %}` on "My activities" (one query for every row), `{% sessions_to_rate_here activity as
to_rate %}` on the activity page, and `{% session_rating_form activity session %}` for one
session's form."""

from django import template

from activities.selectors.ratings import (
    RatingSummary,
    activity_rating_summary,
    sessions_to_rate,
    sessions_to_rate_for_rows,
)
from activities.views.ratings import rating_form_for

register = template.Library()


@register.simple_tag(takes_context=True)
def sessions_to_rate_mine(context, rows) -> dict:
    """Each joined activity's recent sessions the reader has not rated yet, by activity id."""
    return sessions_to_rate_for_rows(user=context["request"].user, rows=rows)


@register.filter
def sessions_of(offers: dict, activity_id: int) -> list:
    """`offers|sessions_of:activity.pk`: that activity's sessions to rate."""
    return offers.get(activity_id, [])


@register.simple_tag(takes_context=True)
def sessions_to_rate_here(context, activity) -> list:
    """This activity's recent sessions the reader (joined) has not rated yet."""
    return sessions_to_rate(user=context["request"].user, activity=activity)


@register.inclusion_tag("activities/session_rating_offer.html", takes_context=True)
def session_rating_form(context, activity, session) -> dict:
    """One session's rating form, coming back to the page it is on."""
    request = context["request"]
    return {
        "activity": activity,
        "session": session,
        "form": rating_form_for(activity.pk, session.day),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def rating_summary(activity) -> RatingSummary:
    """For the organiser's page (which checks who may see it): the average and the comments,
    never who rated."""
    return activity_rating_summary(activity=activity)
