"""Dates and times in each language's own pattern and punctuation (config/formats/), never a
fixed English pattern with a Latin comma inside an Arabic sentence."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

from chat.models import Message
from peers.models import Notification
from peers.services.notifications import notification_create
from tests.chat.factories import messages_posted, pairing_conversation

WHEN = dt.datetime(2026, 12, 3, 14, 5, tzinfo=ZoneInfo("Europe/London"))
NAMES = ["DATE_FORMAT", "DATETIME_FORMAT", "DAY_MONTH_TIME_FORMAT"]


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("name", NAMES)
def test_every_interface_language_has_its_own_date_formats(code, name):
    modules = formats.get_format_modules(code)

    assert modules[0].__name__ == f"config.formats.{code}.formats"
    assert getattr(modules[0], name, None), f"{code} lacks {name}"


@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        ("en", "DAY_MONTH_TIME_FORMAT", "3 Dec, 14:05"),
        ("en", "DATE_FORMAT", "3 Dec 2026"),
        ("en", "DATETIME_FORMAT", "3 Dec 2026, 14:05"),
        ("ar", "DAY_MONTH_TIME_FORMAT", "3 ديسمبر، 14:05"),
        ("ar", "DATE_FORMAT", "3 ديسمبر 2026"),
        ("ar", "DATETIME_FORMAT", "3 ديسمبر 2026، 14:05"),
        ("fa", "DAY_MONTH_TIME_FORMAT", "3 دسامبر، 14:05"),
        ("fa", "DATE_FORMAT", "3 دسامبر 2026"),
        ("fa", "DATETIME_FORMAT", "3 دسامبر 2026، 14:05"),
        ("uk", "DAY_MONTH_TIME_FORMAT", "3 грудня, 14:05"),
        ("uk", "DATE_FORMAT", "3 грудня 2026 р."),
        ("uk", "DATETIME_FORMAT", "3 грудня 2026 р., 14:05"),
    ],
)
def test_dates_follow_the_languages_own_pattern(code, name, expected):
    with translation.override(code):
        shown = Template(f'{{{{ when|date:"{name}" }}}}').render(Context({"when": WHEN}))

    assert shown == expected


def _time_texts(html: str) -> list[str]:
    return re.findall(r"<time datetime=\"[^\"]+\">([^<]+)</time>", html)


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "expected"), [("ar", "3 ديسمبر، 14:05"), ("en", "3 Dec, 14:05")])
def test_chat_message_times_in_the_readers_language(client, code, expected):
    conversation = pairing_conversation()
    messages_posted(conversation, conversation.pairing.supporter, 2)
    Message.objects.filter(conversation=conversation).update(created_at=WHEN)
    client.force_login(conversation.pairing.newcomer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code

    html = client.get(f"/chat/{conversation.pk}/").content.decode()

    assert _time_texts(html) == [expected, expected]
    if code == "ar":
        assert not any("," in text for text in _time_texts(html))


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "expected"), [("ar", "3 ديسمبر، 14:05"), ("en", "3 Dec, 14:05")])
def test_messages_fetched_after_a_reconnect_carry_the_time_as_the_page_shows_it(
    client, code, expected
):
    conversation = pairing_conversation()
    messages_posted(conversation, conversation.pairing.supporter, 1)
    Message.objects.filter(conversation=conversation).update(created_at=WHEN)
    client.force_login(conversation.pairing.newcomer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code

    (message,) = client.get(f"/chat/{conversation.pk}/since/").json()["messages"]

    assert message["created_label"] == expected
    assert message["created"] == WHEN.isoformat()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "expected"),
    [("ar", "3 ديسمبر 2026"), ("uk", "3 грудня 2026 р."), ("en", "3 Dec 2026")],
)
def test_notification_dates_in_the_readers_language(client, newcomer, code, expected):
    notification_create(user=newcomer, kind=Notification.Kind.choices[0][0])
    Notification.objects.filter(user=newcomer).update(created_at=WHEN)
    client.force_login(newcomer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code

    html = client.get("/notifications/").content.decode()

    assert f'<p class="hint">{expected}</p>' in html
