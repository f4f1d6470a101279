"""Cases, reports and what coordinators do about them. Every action is one transaction with a
timeline entry; members hear about hides and closes only after commit."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chat import safety
from chat.groups import broadcast_after_commit, conversation_group, user_group
from chat.models import (
    Case,
    CaseEvent,
    Conversation,
    ConversationAccess,
    Member,
    Message,
    ReportReason,
    Suspension,
)
from chat.selectors import (
    case_context_window,
    coordinator_may_moderate,
    member_names,
    message_payload,
)
from chat.services.conversations import CLOSE_EVENT, team_conversation_open
from peers.models import AuditEvent, Notification, User
from peers.services import audit_record, notification_create
from peers.services.notifications import user_language

REPORT_SEVERITY = {
    ReportReason.SAFETY: Case.Severity.HIGH,
    ReportReason.THREAT: Case.Severity.HIGH,
    ReportReason.SEXUAL: Case.Severity.HIGH,
    ReportReason.MONEY: Case.Severity.MEDIUM,
    ReportReason.UNKIND: Case.Severity.MEDIUM,
    ReportReason.OTHER: Case.Severity.LOW,
}
RISK_SEVERITY = {
    safety.Severity.HIGH: Case.Severity.HIGH,
    safety.Severity.MEDIUM: Case.Severity.MEDIUM,
}
MAX_SUSPENSION_DAYS = 90


def _event(case: Case, action: CaseEvent.Action, actor: User | None = None, note: str = ""):
    return CaseEvent.objects.create(case=case, action=action, actor=actor, note=note)


def _audit(
    case: Case, coordinator: User, action: AuditEvent.Action, subject: User | None, detail: str = ""
) -> None:
    """The audit line for a coordinator's step on a case: whom it was about and the case by
    number; never the words of a message, a warning or a note."""
    audit_record(
        actor=coordinator, action=action, subject=subject, target=f"case {case.pk}", detail=detail
    )


def case_open_for_risk(*, message: Message, assessment: safety.Assessment) -> Case:
    """A message suggested risk: a safeguarding case for coordinators (one open case per
    conversation and person: a second alert is added to it), and, on a pairing, a check-in
    for the supporter from the team."""
    severity = RISK_SEVERITY[assessment.severity]
    categories = ", ".join(sorted(assessment.categories))
    case = (
        Case.objects.select_for_update()
        .filter(
            kind=Case.Kind.SAFEGUARDING,
            conversation_id=message.conversation_id,
            subject_id=message.sender_id,
            status__in=Case.OPEN,
        )
        .first()
    )
    if case is not None:
        if severity > case.severity:
            case.severity = severity
            case.save(update_fields=["severity"])
        _event(case, CaseEvent.Action.RAISED_AGAIN, note=f"message {message.pk}: {categories}")
        return case
    case = Case.objects.create(
        kind=Case.Kind.SAFEGUARDING,
        severity=severity,
        conversation_id=message.conversation_id,
        message=message,
        subject_id=message.sender_id,
    )
    _event(case, CaseEvent.Action.OPENED, note=categories)
    pairing = message.conversation.pairing
    if pairing is not None and message.sender_id == pairing.newcomer_id:
        supporter = User.objects.get(pk=pairing.supporter_id)
        _supporter_check_in(case=case, supporter=supporter)
    return case


def _supporter_check_in(*, case: Case, supporter: User) -> None:
    """Supporters are supported: the team offers a debrief, in the supporter's language."""
    with translation.override(user_language(supporter)):
        text = _(
            "Hello from the Common Ground team. Someone you support may be going through a "
            "very hard time, and we are looking after it. How are you? If you would like to "
            "talk it through (a debrief), just reply here. You are not alone with this."
        )
    _team_message(person=supporter, body=text, coordinator=None)
    _event(case, CaseEvent.Action.CHECK_IN)


def _team_message(*, person: User, body: str, coordinator: User | None) -> Message:
    from chat.services.notify import conversation_notify_soon

    conversation = team_conversation_open(person=person)
    message = Message.objects.create(
        conversation=conversation, sender=coordinator, from_team=True, body=body
    )
    payload = message_payload(message, member_names(conversation=conversation))
    broadcast_after_commit(
        conversation_group(conversation.pk), {"type": "chat.message", "message": payload}
    )
    conversation_notify_soon(conversation_id=conversation.pk)
    return message


def team_case_touch(*, conversation: Conversation, message: Message) -> Case:
    """A person wrote to the team: their open team case, or a new one, goes in the queue."""
    case = (
        Case.objects.select_for_update()
        .filter(kind=Case.Kind.TEAM, conversation=conversation, status__in=Case.OPEN)
        .first()
    )
    if case is None:
        case = Case.objects.create(
            kind=Case.Kind.TEAM,
            conversation=conversation,
            message=message,
            subject_id=conversation.person_id,
        )
        _event(case, CaseEvent.Action.OPENED)
    return case


@transaction.atomic
def report_create(*, reporter: User, message_id: int, reason: str, detail: str = "") -> Case:
    """A member reports a message in their conversation; a case opens for coordinators."""
    message = (
        Message.objects.select_related("conversation")
        .filter(pk=message_id, conversation__members__user=reporter)
        .first()
    )
    if message is None:
        raise PermissionDenied
    if reason not in ReportReason.values:
        raise ValidationError(_("Please choose a reason."))
    if message.sender_id == reporter.pk or message.from_team:
        raise ValidationError(_("You cannot report your own message or the team's."))
    case = Case.objects.create(
        kind=Case.Kind.REPORT,
        severity=REPORT_SEVERITY[ReportReason(reason)],
        conversation=message.conversation,
        message=message,
        subject_id=message.sender_id,
        reporter=reporter,
        reason=reason,
        detail=detail.strip()[:1000],
    )
    _event(case, CaseEvent.Action.OPENED)
    return case


def _case_for(coordinator: User, case: Case, *, open_only: bool = True) -> Case:
    if not coordinator_may_moderate(user=coordinator):
        raise PermissionDenied
    # Only the case's row: its conversation may be gone (deleted with an account), and a lock
    # cannot reach the empty side of an outer join.
    case = (
        Case.objects.select_for_update(of=("self",)).select_related("conversation").get(pk=case.pk)
    )
    if open_only and not case.is_open:
        raise ValidationError(_("This case is closed."))
    return case


@transaction.atomic
def case_acknowledge(*, case: Case, coordinator: User) -> Case:
    """A coordinator says they are looking at it."""
    case = _case_for(coordinator, case)
    if case.status == Case.Status.NEW:
        case.status = Case.Status.ACKNOWLEDGED
        case.save(update_fields=["status"])
        _event(case, CaseEvent.Action.ACKNOWLEDGED, coordinator)
        _audit(case, coordinator, AuditEvent.Action.CASE_ACKNOWLEDGED, case.subject)
    return case


@transaction.atomic
def case_messages_open(*, case: Case, coordinator: User) -> list[Message]:
    """The only way a coordinator reads a conversation: through an open case, a bounded
    window, and an audit row saying who, when, which case and which messages."""
    case = _case_for(coordinator, case)
    window = case_context_window(case=case)
    ids = [message.pk for message in window]
    ConversationAccess.objects.create(
        coordinator=coordinator, case=case, conversation=case.conversation, message_ids=ids
    )
    _event(case, CaseEvent.Action.READ, coordinator, note=f"{len(ids)} messages")
    _audit(
        case,
        coordinator,
        AuditEvent.Action.CONVERSATION_READ,
        case.subject,
        detail=f"{len(ids)} messages",
    )
    return window


@transaction.atomic
def message_hide(*, case: Case, coordinator: User, message_id: int) -> Message:
    """Hides a message in the case's conversation; members see it removed, live and on reload."""
    case = _case_for(coordinator, case)
    message = (
        Message.objects.select_for_update()
        .filter(pk=message_id, conversation=case.conversation)
        .first()
    )
    if message is None:
        raise ValidationError(_("That message is not part of this case."))
    if message.hidden_at is None:
        message.hidden_at, message.hidden_by = timezone.now(), coordinator
        message.save(update_fields=["hidden_at", "hidden_by"])
        broadcast_after_commit(
            conversation_group(case.conversation_id), {"type": "chat.hidden", "id": message.pk}
        )
        _event(case, CaseEvent.Action.HIDDEN, coordinator, note=f"message {message.pk}")
        _audit(
            case,
            coordinator,
            AuditEvent.Action.MESSAGE_HIDDEN,
            message.sender,
            detail=f"message {message.pk}",
        )
    return message


def _case_member(case: Case, user_id: int) -> User:
    member = (
        Member.objects.filter(conversation=case.conversation, user_id=user_id)
        .select_related("user")
        .first()
    )
    if member is None:
        raise ValidationError(_("That person is not part of this case."))
    return member.user


@transaction.atomic
def person_warn(*, case: Case, coordinator: User, user_id: int, note: str) -> None:
    """A warning, shown to the person in their language, with the coordinator's words."""
    case = _case_for(coordinator, case)
    person = _case_member(case, user_id)
    notification_create(
        user=person,
        kind=Notification.Kind.MODERATION_WARNING,
        note=note.strip(),
        link=reverse("chat:conversation", args=[case.conversation_id]),
    )
    _event(case, CaseEvent.Action.WARNED, coordinator, note=note.strip())
    _audit(case, coordinator, AuditEvent.Action.PERSON_WARNED, person)


@transaction.atomic
def person_suspend(
    *, case: Case, coordinator: User, user_id: int, days: int, reason: str = ""
) -> Suspension:
    """Pauses a person's chat: their sockets close at once in every process, and they cannot
    reconnect or post until it ends."""
    case = _case_for(coordinator, case)
    if not 1 <= days <= MAX_SUSPENSION_DAYS:
        raise ValidationError(
            _("Choose between 1 and %(days)s days.") % {"days": MAX_SUSPENSION_DAYS}
        )
    person = _case_member(case, user_id)
    now = timezone.now()
    suspension = Suspension.objects.create(
        user=person,
        case=case,
        by=coordinator,
        reason=reason.strip(),
        starts_at=now,
        ends_at=now + timedelta(days=days),
    )
    broadcast_after_commit(user_group(person.pk), CLOSE_EVENT)
    # To the conversation the case is about, which says until when (and where the team is).
    notification_create(
        user=person,
        kind=Notification.Kind.SUSPENDED,
        note=reason.strip(),
        link=reverse("chat:conversation", args=[case.conversation_id]),
    )
    _event(case, CaseEvent.Action.SUSPENDED, coordinator, note=f"{days} days. {reason}".strip())
    _audit(case, coordinator, AuditEvent.Action.PERSON_SUSPENDED, person, detail=f"{days} days")
    return suspension


@transaction.atomic
def team_reply(*, case: Case, coordinator: User, body: str) -> Message:
    """A coordinator answers a person's team conversation, as the team."""
    from chat.services.messages import message_body_clean

    case = _case_for(coordinator, case)
    if case.conversation.kind != Conversation.Kind.TEAM:
        raise ValidationError(_("Only messages to the team can be answered here."))
    text = message_body_clean(body)
    message = _team_message(person=case.conversation.person, body=text, coordinator=coordinator)
    _event(case, CaseEvent.Action.REPLIED, coordinator)
    _audit(case, coordinator, AuditEvent.Action.TEAM_REPLIED, case.conversation.person)
    return message


@transaction.atomic
def case_close(*, case: Case, coordinator: User, note: str) -> Case:
    """Closes a case with a note; a reporter hears, in their language, that it was handled."""
    case = _case_for(coordinator, case)
    note = note.strip()
    case.status, case.closed_at, case.closing_note = Case.Status.CLOSED, timezone.now(), note
    case.save(update_fields=["status", "closed_at", "closing_note"])
    _event(case, CaseEvent.Action.CLOSED, coordinator, note=note)
    _audit(case, coordinator, AuditEvent.Action.CASE_CLOSED, case.subject)
    if case.kind == Case.Kind.REPORT and case.reporter_id:
        notification_create(
            user=case.reporter,
            kind=Notification.Kind.REPORT_HANDLED,
            link=reverse("chat:conversation", args=[case.conversation_id]),
        )
    return case
