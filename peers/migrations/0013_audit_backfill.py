"""The audit log starts with what was already on record: coordinators' reads of private
information (AccessRecord), reads of conversations through a case (ConversationAccess), the
steps coordinators took on cases (CaseEvent), supporters and groups they checked, and the links
to set a new password they made. Lines are written the way the services write them now, never
with private content (no message, note or reason); running it again adds nothing twice."""

from datetime import datetime, timedelta

from django.db import migrations

# How far apart a record and the audit line a service wrote beside it can be.
SAME_MOMENT = timedelta(seconds=5)

CASE_ACTIONS = {
    "acknowledged": "case_acknowledged",
    "hidden": "message_hidden",
    "warned": "person_warned",
    "suspended": "person_suspended",
    "replied": "team_replied",
    "closed": "case_closed",
    # "read" comes from ConversationAccess, which says how many messages were opened.
}


class _Log:
    """The lines to add, skipping any the services already wrote for the same step."""

    def __init__(self, apps):
        self.AuditEvent = apps.get_model("peers", "AuditEvent")
        self.User = apps.get_model("peers", "User")
        self.existing: dict[tuple, list[datetime]] = {}
        for row in self.AuditEvent.objects.values(
            "action", "actor_id", "subject_id", "target", "at"
        ):
            key = (row["action"], row["actor_id"], row["subject_id"], row["target"])
            self.existing.setdefault(key, []).append(row["at"])
        self.labels = dict(self.User.objects.values_list("pk", "username"))
        self.new = []

    def add(self, *, action, actor_id, at, subject_id=None, target="", detail="", subject_label=""):
        key = (action, actor_id, subject_id, target[:80])
        seen = self.existing.setdefault(key, [])
        if any(abs(at - other) <= SAME_MOMENT for other in seen):
            return
        seen.append(at)
        self.new.append(
            self.AuditEvent(
                action=action,
                actor_id=actor_id,
                actor_label=self.labels.get(actor_id, ""),
                subject_id=subject_id,
                subject_label=subject_label,
                target=target[:80],
                detail=detail[:300],
                at=at,
            )
        )

    def save(self):
        self.AuditEvent.objects.bulk_create(self.new, batch_size=1000)


def _private_reads(apps, log):
    AccessRecord = apps.get_model("peers", "AccessRecord")
    for record in AccessRecord.objects.order_by("pk").iterator():
        log.add(
            action="private_read",
            actor_id=record.coordinator_id,
            subject_id=record.subject_id,
            target=record.reason,
            at=record.at,
        )


def _conversation_reads(apps, log):
    ConversationAccess = apps.get_model("chat", "ConversationAccess")
    for access in ConversationAccess.objects.select_related("case").order_by("pk").iterator():
        log.add(
            action="conversation_read",
            actor_id=access.coordinator_id,
            subject_id=access.case.subject_id,
            target=f"case {access.case_id}",
            detail=f"{len(access.message_ids or [])} messages",
            at=access.at,
        )


def _warned_person(apps, event):
    """A warning's CaseEvent does not name the person: the warning notice sent to a member of
    the case's conversation at that moment does."""
    Member = apps.get_model("chat", "Member")
    Notification = apps.get_model("peers", "Notification")
    members = Member.objects.filter(conversation_id=event.case.conversation_id).values("user_id")
    notice = (
        Notification.objects.filter(
            kind="moderation_warning",
            user_id__in=members,
            created_at__gte=event.at - SAME_MOMENT,
            created_at__lte=event.at + SAME_MOMENT,
        )
        .order_by("pk")
        .first()
    )
    return notice.user_id if notice else None


def _suspended_person(apps, event):
    Suspension = apps.get_model("chat", "Suspension")
    suspension = (
        Suspension.objects.filter(
            case_id=event.case_id,
            by_id=event.actor_id,
            starts_at__gte=event.at - SAME_MOMENT,
            starts_at__lte=event.at + SAME_MOMENT,
        )
        .order_by("pk")
        .first()
    )
    if suspension is None:
        return None, ""
    days = round((suspension.ends_at - suspension.starts_at) / timedelta(days=1))
    return suspension.user_id, f"{days} days"


def _hidden_message(apps, event):
    Message = apps.get_model("chat", "Message")
    number = event.note.removeprefix("message ").strip()
    if not number.isdigit():
        return None, ""
    sender_id = Message.objects.filter(pk=int(number)).values_list("sender_id", flat=True).first()
    return sender_id, f"message {number}"


def _case_steps(apps, log):
    CaseEvent = apps.get_model("chat", "CaseEvent")
    events = (
        CaseEvent.objects.filter(action__in=CASE_ACTIONS, actor__isnull=False)
        .select_related("case__conversation")
        .order_by("pk")
    )
    for event in events.iterator():
        subject_id, detail = event.case.subject_id, ""
        if event.action == "hidden":
            subject_id, detail = _hidden_message(apps, event)
        elif event.action == "warned":
            subject_id = _warned_person(apps, event)
        elif event.action == "suspended":
            subject_id, detail = _suspended_person(apps, event)
        elif event.action == "replied" and event.case.conversation_id:
            subject_id = event.case.conversation.person_id
        log.add(
            action=CASE_ACTIONS[event.action],
            actor_id=event.actor_id,
            subject_id=subject_id,
            target=f"case {event.case_id}",
            detail=detail,
            at=event.at,
        )


def _supporter_checks(apps, log):
    SupporterProfile = apps.get_model("peers", "SupporterProfile")
    for profile in SupporterProfile.objects.order_by("pk").iterator():
        target = f"supporter application {profile.pk}"
        # Checks of an earlier training record: when, but not by whom.
        for entry in profile.recheck_history or []:
            if entry.get("verified_at"):
                log.add(
                    action="supporter_verified",
                    actor_id=None,
                    subject_id=profile.user_id,
                    target=target,
                    at=datetime.fromisoformat(entry["verified_at"]),
                )
        if profile.verified_by_id is None:
            continue
        if profile.verified_at is not None:
            log.add(
                action="supporter_verified",
                actor_id=profile.verified_by_id,
                subject_id=profile.user_id,
                target=target,
                at=profile.verified_at,
            )
        elif profile.status == "rejected":
            log.add(
                action="supporter_rejected",
                actor_id=profile.verified_by_id,
                subject_id=profile.user_id,
                target=target,
                detail="time of the application's last change",
                at=profile.updated_at,
            )


def _group_checks(apps, log):
    Organisation = apps.get_model("activities", "Organisation")
    decided = Organisation.objects.filter(
        decided_by__isnull=False, decided_at__isnull=False, status__in=["verified", "refused"]
    )
    for organisation in decided.order_by("pk").iterator():
        log.add(
            action=f"organisation_{organisation.status}",
            actor_id=organisation.decided_by_id,
            target=f"group {organisation.pk}",
            at=organisation.decided_at,
        )


def _reset_links(apps, log):
    PasswordResetLink = apps.get_model("peers", "PasswordResetLink")
    for link in (
        PasswordResetLink.objects.filter(created_by__isnull=False).order_by("pk").iterator()
    ):
        hours = round((link.expires_at - link.created_at) / timedelta(hours=1))
        log.add(
            action="reset_link_made",
            actor_id=link.created_by_id,
            subject_id=link.user_id,
            target=f"reset link {link.pk}",
            detail=f"valid {hours} hours",
            at=link.created_at,
        )


def audit_backfill(apps, schema_editor):
    log = _Log(apps)
    for source in (
        _private_reads,
        _conversation_reads,
        _case_steps,
        _supporter_checks,
        _group_checks,
        _reset_links,
    ):
        source(apps, log)
    log.save()


class Migration(migrations.Migration):
    dependencies = [
        ("peers", "0012_dispersal_audit_and_topics"),
        ("chat", "0003_activity_conversations"),
        ("activities", "0004_local_help_and_ratings"),
    ]

    operations = [migrations.RunPython(audit_backfill, migrations.RunPython.noop)]
