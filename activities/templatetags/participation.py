"""The participation box's own context, so the activity page's view needs nothing extra:
`{% participation_box_for activity as box %}` for the person reading the page."""

from django import template

from activities.selectors.participation import (
    ParticipationBox,
    companion_asks_for_supporter,
    participation_box_for,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def participation_box(context, activity) -> ParticipationBox:
    """Where the reader stands with this activity: joined, waiting (and their number), the
    places left, and their "come with me" ask."""
    return participation_box_for(user=context["request"].user, activity=activity)


@register.simple_tag(takes_context=True)
def companion_asks_received(context, activity) -> list:
    """The "come with me" asks the reader (a supporter) received about this activity."""
    return list(companion_asks_for_supporter(user=context["request"].user, activity=activity))


@register.simple_tag(takes_context=True)
def activity_conversation_id(context, activity) -> int | None:
    """The activity's group chat, when it is on and the reader is in it."""
    from chat.selectors import activity_conversation_for_member

    return activity_conversation_for_member(user=context["request"].user, activity=activity)
