from peers.models import AccessRecord, AuditEvent, User


def access_record(*, coordinator: User, subject: User, reason: AccessRecord.Reason) -> None:
    """Records that a coordinator opened someone's private information, and why."""
    AccessRecord.objects.create(coordinator=coordinator, subject=subject, reason=reason)
    audit_record(
        actor=coordinator,
        action=AuditEvent.Action.PRIVATE_READ,
        subject=subject,
        target=str(reason),
    )


def audit_record(
    *,
    actor: User | None,
    action: AuditEvent.Action,
    subject: User | None = None,
    subject_label: str = "",
    actor_label: str = "",
    target: str = "",
    detail: str = "",
) -> AuditEvent:
    """Adds one line to the audit log. `target` names what it was about by reference only
    ("case 12"); `detail` must never carry private content (a message, an "about me");
    `subject_label` and `actor_label` (with no actor) are a deleted account's pseudonym,
    never a name."""
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor.get_username() if actor else actor_label[:150],
        subject=subject,
        subject_label=subject_label[:150],
        action=action,
        target=target[:80],
        detail=detail[:300],
    )
