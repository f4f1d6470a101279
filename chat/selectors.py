"""Reads about conversations, messages and cases, with permission filtering inside."""

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from chat.models import Case, Conversation, Member, Message, Suspension
from peers.models import Consent, ConsentPurpose, Pairing, Profile, User
from peers.roles import Role
from peers.selectors import has_consent, user_has_totp, user_roles

PAGE_SIZE = 30
CATCH_UP_LIMIT = 200
# What a coordinator sees around a reported or flagged message.
CONTEXT_BEFORE = 20
CONTEXT_AFTER = 5


def person_is_suspended(*, user: User) -> bool:
    """Whether a coordinator has paused this person's chat right now."""
    now = timezone.now()
    return Suspension.objects.filter(user=user, starts_at__lte=now, ends_at__gt=now).exists()


def suspension_current(*, user: User) -> Suspension | None:
    now = timezone.now()
    return Suspension.objects.filter(user=user, starts_at__lte=now, ends_at__gt=now).first()


def conversation_for_member(*, user: User, conversation_id: int) -> Conversation | None:
    """A conversation the person is a member of (read access); None for anyone else's."""
    if not user.is_authenticated or not user.is_active:
        return None
    return (
        Conversation.objects.filter(pk=conversation_id, members__user=user)
        .select_related("pairing", "activity")
        .first()
    )


def may_write(*, user: User, conversation: Conversation, suspended: bool | None = None) -> bool:
    """A member may write in an open conversation unless suspended; a suspended person can
    still write to the team (a suspension must never cut someone off from help). `suspended`
    when the caller has already read it."""
    if not user.is_active or not conversation.is_open:
        return False
    if conversation.kind == Conversation.Kind.TEAM:
        return True
    return not (person_is_suspended(user=user) if suspended is None else suspended)


def conversation_writable_by(*, user: User, conversation_id: int) -> bool:
    """The websocket's gate, checked on connect and on every frame: a member of an open
    conversation who may write in it. A block closes the conversation, so a blocked member
    fails here too."""
    conversation = conversation_for_member(user=user, conversation_id=conversation_id)
    return conversation is not None and may_write(user=user, conversation=conversation)


def member_names(*, conversation: Conversation) -> dict[int | None, str]:
    """How each member is named to the other: a newcomer's name only with their consent."""
    return {key: name for key, (name, _known) in _member_names(conversation).items()}


def conversation_heading(*, conversation: Conversation, viewer: User) -> str:
    """The conversation page's title for this reader, naming the other person if we may."""
    if conversation.kind == Conversation.Kind.TEAM:
        return _("The Common Ground team")
    if conversation.kind == Conversation.Kind.ACTIVITY:
        if conversation.activity is None:
            return _("Activity group")
        return mark_safe(  # noqa: S308 - the sentence is escaped, the title by format_html
            conditional_escape(_("Group chat: %(title)s"))
            % {"title": format_html("<bdi>{}</bdi>", conversation.activity.title)}
        )
    if conversation.kind == Conversation.Kind.PAIRING and conversation.pairing_id is None:
        # The pairing went with the other person's deleted account; the history stays.
        return _("Chat with a deleted account")
    for user_id, (name, known) in _member_names(conversation).items():
        if user_id is not None and user_id != viewer.pk:
            if known:
                # The name keeps its own direction inside a sentence in the reader's language.
                return mark_safe(  # noqa: S308 - the sentence is escaped, the name by format_html
                    conditional_escape(_("Chat with %(name)s"))
                    % {"name": format_html("<bdi>{}</bdi>", name)}
                )
            if conversation.pairing and user_id == conversation.pairing.newcomer_id:
                return _("Chat with the person you support")
            return _("Chat with your peer supporter")
    return _("Chat")


def _member_names(conversation: Conversation) -> dict[int | None, tuple[str, bool]]:
    members = Member.objects.filter(conversation=conversation).select_related("user__profile")
    names: dict[int | None, tuple[str, bool]] = {None: (_("The Common Ground team"), True)}
    newcomer_id = conversation.pairing.newcomer_id if conversation.pairing else None
    for member in members:
        user = member.user
        profile = getattr(user, "profile", None)
        display = profile.display_name if profile and profile.display_name else ""
        shares = (
            user.pk == newcomer_id
            and bool(display)
            and has_consent(user=user, purpose=ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER)
        )
        names[user.pk] = _name_shown(
            conversation=conversation, user=user, display=display, shares_name=shares
        )
    return names


def _name_shown(
    *, conversation: Conversation, user: User, display: str, shares_name: bool
) -> tuple[str, bool]:
    """How one member is named to the others, and whether that is their own name: a
    newcomer's only with their consent; in a team conversation, whatever they call themselves."""
    pairing = conversation.pairing
    return _name_rule(
        in_pairing=pairing is not None,
        is_newcomer=pairing is not None and user.pk == pairing.newcomer_id,
        username=user.username,
        display=display,
        shares_name=shares_name,
    )


def _name_rule(
    *, in_pairing: bool, is_newcomer: bool, username: str, display: str, shares_name: bool
) -> tuple[str, bool]:
    if is_newcomer:
        if display and shares_name:
            return display, True
        return _("The person you support"), False
    if in_pairing:
        return (display, True) if display else (_("Your peer supporter"), False)
    return display or username, True


@dataclass(frozen=True)
class Sending:
    """What sending a message needs to know, read with the conversation's row lock."""

    conversation: Conversation
    may_write: bool
    sender_name: str


# The chat's hot path, one statement: the conversation's row (locked), that `user` is a member,
# whether they are suspended now, and what decides their name. Plain SQL because the same read
# through the ORM cost ten times the CPU (2.4 ms against 0.24 ms a message, measured), and
# this runs for every message sent. Table names come from the models.
_SENDING_SQL = """
SELECT c.id, c.kind, c.status, c.pairing_id, c.person_id, pairing.newcomer_id,
    (SELECT profile.display_name FROM {profile} profile WHERE profile.user_id = %s),
    EXISTS (SELECT 1 FROM {consent} consent WHERE consent.user_id = %s
            AND consent.purpose = %s AND consent.withdrawn_at IS NULL),
    EXISTS (SELECT 1 FROM {suspension} suspension WHERE suspension.user_id = %s
            AND suspension.starts_at <= %s AND suspension.ends_at > %s)
FROM {conversation} c
JOIN {member} member ON member.conversation_id = c.id AND member.user_id = %s
LEFT JOIN {pairing} pairing ON pairing.id = c.pairing_id
WHERE c.id = %s
"""
_CONVERSATION_COLUMNS = ("id", "kind", "status", "pairing_id", "person_id")


@cache
def _sending_sql() -> str:
    """_SENDING_SQL for this database, built once per process (it runs for every message)."""
    sql = _SENDING_SQL.format(
        profile=Profile._meta.db_table,
        consent=Consent._meta.db_table,
        suspension=Suspension._meta.db_table,
        conversation=Conversation._meta.db_table,
        member=Member._meta.db_table,
        pairing=Pairing._meta.db_table,
    )
    if connection.features.has_select_for_update_of:
        return sql + " FOR UPDATE OF c"
    if connection.features.has_select_for_update:
        return sql + " FOR UPDATE"
    return sql


def conversation_for_sending(*, user: User, conversation_id: int) -> Sending | None:
    """Locks the conversation (when `user` is a member) and reads, in the same one query, what
    decides the send: whether they are suspended and how they are named. Must run inside a
    transaction; None for anyone who is not a member."""
    sql = _sending_sql()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    purpose = ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER.value
    params = [user.pk, user.pk, purpose, user.pk, now, now, user.pk, int(conversation_id)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    *columns, newcomer_id, display, shares_name, suspended = row
    # Only these fields are loaded; any other is read from the database if ever asked for.
    conversation = Conversation.from_db(connection.alias, _CONVERSATION_COLUMNS, columns)
    name, _known = _name_rule(
        in_pairing=conversation.pairing_id is not None,
        is_newcomer=newcomer_id is not None and newcomer_id == user.pk,
        username=user.username,
        display=display or "",
        shares_name=bool(shares_name),
    )
    return Sending(
        conversation=conversation,
        may_write=may_write(user=user, conversation=conversation, suspended=bool(suspended)),
        sender_name=name,
    )


def deleted_account_name() -> str:
    """Who wrote a message whose writer has deleted their account, in the reader's language."""
    return _("A deleted account")


def deleted_account_body() -> str:
    """What such a message says now (its text was removed with the account)."""
    return _("Message from a deleted account")


def message_time_label(created: dt.datetime) -> str:
    """When a message was sent, as the conversation page shows it in the active language."""
    return formats.date_format(timezone.localtime(created), "DAY_MONTH_TIME_FORMAT")


def message_payload(message: Message, names: dict[int | None, str]) -> dict:
    """A message as the websocket contract sends it (a hidden one without its text), with its
    time already written the way the page writes it ("created_label"), in the active language."""
    sender = None if message.from_team else message.sender_id
    if message.sender_deleted:
        sender_name, body = deleted_account_name(), deleted_account_body()
    else:
        sender_name = names.get(sender, _("Someone"))
        body = "" if message.is_hidden else message.body
    payload = {
        "type": "message",
        "id": message.pk,
        "conversation": message.conversation_id,
        "sender": sender,
        "sender_name": sender_name,
        "body": body,
        "hidden": message.is_hidden,
        "created": message.created_at.isoformat(),
        "created_label": message_time_label(message.created_at),
        "client_id": message.client_id,
    }
    if message.sender_deleted:
        payload["deleted"] = True  # only then: the contract's message is otherwise unchanged
    return payload


@dataclass(frozen=True)
class HistoryPage:
    messages: list[Message]
    earlier_before: int | None  # the id to ask "earlier messages" before, when there are any


def messages_page(*, conversation: Conversation, before: int | None = None) -> HistoryPage:
    """One page of history, newest last, by id: two queries however long the history is."""
    query = Message.objects.filter(conversation=conversation)
    if before is not None:
        query = query.filter(pk__lt=before)
    newest_first = list(query.order_by("-pk")[: PAGE_SIZE + 1])
    has_earlier = len(newest_first) > PAGE_SIZE
    page = list(reversed(newest_first[:PAGE_SIZE]))
    return HistoryPage(messages=page, earlier_before=page[0].pk if has_earlier else None)


def messages_after(*, conversation: Conversation, after: int) -> list[Message]:
    """What a reconnecting page missed since the last id it has."""
    return list(
        Message.objects.filter(conversation=conversation, pk__gt=after).order_by("pk")[
            :CATCH_UP_LIMIT
        ]
    )


def memberships_for_user(*, user: User) -> QuerySet:
    """The person's conversations (as their memberships), open first, newest first, each
    with its unread count: one query however many there are."""
    return (
        Member.objects.filter(user=user)
        .select_related(
            "conversation__pairing__newcomer__profile",
            "conversation__pairing__supporter__profile",
            "conversation__activity",
        )
        .annotate(
            unread=_unread_count(),
            # A supporter sees the newcomer's name only while the newcomer consents.
            newcomer_shares_name=Exists(
                Consent.objects.filter(
                    user=OuterRef("conversation__pairing__newcomer"),
                    purpose=ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER,
                    withdrawn_at__isnull=True,
                )
            ),
        )
        .order_by("conversation__status", "-conversation__created_at")
    )


def _unread_count() -> Count:
    return Count(
        "conversation__messages",
        filter=Q(conversation__messages__pk__gt=F("last_read_id"))
        & ~Q(conversation__messages__sender=F("user"))
        & Q(conversation__messages__hidden_at__isnull=True),
    )


def unread_message_count(*, user: User) -> int:
    """Unread chat messages across all the person's conversations (for the navigation)."""
    return Member.objects.filter(user=user).aggregate(unread=_unread_count())["unread"]


# --- Coordinators ---------------------------------------------------------------------------


def coordinator_may_moderate(*, user: User) -> bool:
    """Coordinator rights and a second factor: the same rule as every coordinator page."""
    return Role.COORDINATOR in user_roles(user=user) and user_has_totp(user=user)


def cases_for_coordinator(*, include_closed: bool = False) -> QuerySet:
    """The one queue: severity first, then oldest."""
    cases = Case.objects.select_related("conversation", "subject__profile")
    if not include_closed:
        cases = cases.exclude(status=Case.Status.CLOSED)
    return cases.order_by("-severity", "created_at", "pk")


def case_get(*, pk: int) -> Case | None:
    return (
        Case.objects.select_related("conversation__pairing", "message", "subject", "reporter")
        .filter(pk=pk)
        .first()
    )


def case_context_window(*, case: Case) -> list[Message]:
    """The flagged or reported message with a bounded window around it; for a team case, the
    latest messages of the person's line to the team."""
    messages = Message.objects.filter(conversation=case.conversation)
    if case.message_id is None or case.kind == Case.Kind.TEAM:
        return list(reversed(messages.order_by("-pk")[: CONTEXT_BEFORE + CONTEXT_AFTER]))
    before = list(messages.filter(pk__lt=case.message_id).order_by("-pk")[:CONTEXT_BEFORE])
    rest = list(messages.filter(pk__gte=case.message_id).order_by("pk")[: CONTEXT_AFTER + 1])
    return [*reversed(before), *rest]


def activity_conversation_for_member(*, user: User, activity) -> int | None:
    """The id of an activity's open group conversation, for one of its members."""
    if not user.is_authenticated or not getattr(activity, "chat_enabled", False):
        return None
    return (
        Conversation.objects.filter(
            activity=activity, members__user=user, status=Conversation.Status.OPEN
        )
        .values_list("pk", flat=True)
        .first()
    )
