"""The practical guides for pages outside the activities app (the "Help now" page)."""

from django import template

from activities.local_help import GUIDES, Guide

register = template.Library()


@register.simple_tag
def practical_guides() -> tuple[Guide, ...]:
    return GUIDES
