"""A "the person you support has moved" notice, rendered from its data in the reader's
language when they read it."""

import json

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from peers.selectors.moving import newcomers_sharing_profile

register = template.Library()


def _sentence(*, remote: bool, km, town: bool) -> str:
    if remote:
        if km is None:
            return gettext("They are now too far away to meet: you can carry on by chat.")
        if town:
            return gettext(
                "They now live in %(town)s, about %(km)s km away: too far to meet, but you can "
                "carry on by chat."
            )
        return gettext(
            "They now live about %(km)s km away: too far to meet, but you can carry on by chat."
        )
    if km is None:
        if town:
            return gettext(
                "They now live in %(town)s, less than 1 km away. Your pairing carries on as before."
            )
        return gettext("They now live less than 1 km away. Your pairing carries on as before.")
    if town:
        return gettext(
            "They now live in %(town)s, about %(km)s km away. Your pairing carries on as before."
        )
    return gettext("They now live about %(km)s km away. Your pairing carries on as before.")


_SHARING = "peers.moving.sharing"


def _note(notification) -> dict:
    try:
        data = json.loads(notification.note or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _sharing(context, notification) -> set[int]:
    """Who of the newcomers named on this page's notices shares their town now: read once per
    page, for every notice on it, so the page costs the same however many there are."""
    sharing = context.render_context.get(_SHARING)
    if sharing is None:
        notices = context.get("notifications") or [notification]
        ids = {
            _note(n).get("newcomer") for n in [*notices, notification] if n.kind == "person_moved"
        }
        sharing = newcomers_sharing_profile(user_ids={i for i in ids if isinstance(i, int)})
        context.render_context[_SHARING] = sharing
    return sharing


@register.simple_tag(takes_context=True)
def person_moved_text(context, notification) -> SafeString:
    """What a PERSON_MOVED notice says: still meeting or now by chat, the rounded distance,
    and the new town only while the newcomer consents to share it with their supporter."""
    data = _note(notification)
    town = str(data.get("town") or "")
    if town and data.get("newcomer") not in _sharing(context, notification):
        town = ""
    km = data.get("km")
    sentence = _sentence(remote=bool(data.get("remote")), km=km, town=bool(town))
    # The sentence is escaped before the town, already escaped inside <bdi>, is put in.
    return mark_safe(  # noqa: S308 - both parts are escaped
        conditional_escape(sentence)
        % {"town": format_html("<bdi>{}</bdi>", town), "km": conditional_escape(km)}
    )
