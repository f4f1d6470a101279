"""The "your groups" box on a person's own pages."""

from django import template

from activities.selectors.visibility import organisations_managed_by

register = template.Library()


@register.inclusion_tag("activities/organiser_links.html", takes_context=True)
def organiser_links(context) -> dict:
    """The groups this person manages (one query), or the way to list one."""
    user = context["request"].user
    groups = list(organisations_managed_by(user=user).order_by("name", "pk").values("pk", "name"))
    return {"groups": groups}
