"""Everything Common Ground holds about one person, for them to download (a JSON file or a
readable page), and nothing about anybody else.

The rules that keep other people out:
- the other side of a pairing is "your peer supporter" / "the person you support". A newcomer
  is named only while they consent to share their profile (`share_profile`), exactly as the
  chat names them; a supporter's name is given to the newcomer they support, because the app
  already shows it to that newcomer in the chat and on their page (being named to the people
  you support is part of being a supporter). Nothing else about the other side is included;
- only the messages the person wrote, never anybody else's, each with its conversation
  described ("your peer supporter", "group chat: <activity>"), not named;
- blocks they made, as "a person you blocked"; the record of coordinators opening their
  information with the date and the reason, never the coordinator's name;
- named feedback only (anonymous feedback is linked to nobody, so it cannot be found);
- reports they made: their reason and words, never the reported message.

A fixed number of queries however much there is (about one per section): the tests pin it.
"""

import html

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.template import Context
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from activities.models import CompanionRequest, Organiser, Participation, SessionRating
from activities.recommend import slot_phrase
from chat.models import (
    Case,
    Conversation,
    ConversationAccess,
    Member,
    Message,
    ReportReason,
    Suspension,
)
from feedback.models import Feedback
from peers.matching import Translator
from peers.models import (
    AccessRecord,
    AuditEvent,
    AvoidTopic,
    Block,
    Consent,
    ConsentPurpose,
    Gender,
    Help,
    LanguageLevel,
    Move,
    NewcomerProfile,
    Notification,
    Offer,
    Pairing,
    PersonLanguage,
    Profile,
    RecoveryCode,
    SupporterProfile,
    SupportRequest,
    User,
)
from peers.reference.interests import interest_name
from peers.reference.languages import dialect_name
from peers.roles import Role
from peers.selectors.pairing import offer_reasons, reason_translator
from peers.selectors.roles import user_roles
from peers.services.pairing import HANDED_OVER_NOTE
from peers.templatetags.moving import person_moved_text


def _label(choices, value) -> str:
    """A stored choice in the reader's language (the value itself if it is not a choice)."""
    if value in ("", None):
        return ""
    return str(dict(choices.choices).get(value, value))


def _place(place) -> str:
    return str(place) if place is not None else ""


def data_export_for(*, user: User) -> dict:
    """Everything held about `user`, as plain data with its labels in the active language:
    account, profiles, consents, requests, offers, pairings, the messages they wrote, notices,
    activities, ratings, moves, named feedback, reports they made, and the record of who
    opened their information and why."""
    translator = reason_translator()
    return {
        "account": _account(user),
        "profile": _profile(user, translator),
        "newcomer_profile": _newcomer_profile(user),
        "supporter_profile": _supporter_profile(user),
        "consents": _consents(user),
        "support_requests": _support_requests(user),
        "offers_received": _offers_received(user, translator),
        "pairings": _pairings(user),
        "messages_sent": _messages_sent(user),
        "notifications": _notifications(user),
        "activities": _activities(user),
        "session_ratings": _ratings(user),
        "companion_requests": _companion_requests(user),
        "groups_organised": _groups_organised(user),
        "blocks_made": _blocks(user),
        "moves": _moves(user),
        "feedback": _feedback(user),
        "reports_made": _reports(user),
        "chat_pauses": _suspensions(user),
        "recovery_codes_unused": RecoveryCode.objects.filter(
            user=user, used_at__isnull=True
        ).count(),
        "coordinator_reads": _coordinator_reads(user),
        "audit_lines": _audit_lines(user),
    }


def _account(user: User) -> dict:
    emails = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    factors = Authenticator.objects.filter(user=user).values_list("type", flat=True)
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in emails
        ],
        # The language they read the site in, by its name (the code when it is not one of
        # the site's languages; empty when they never chose).
        "language": str(dict(settings.LANGUAGES).get(user.language, user.language)),
        "roles": sorted(role.label for role in user_roles(user=user)),
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "second_factors": sorted(str(kind) for kind in factors),
    }


def _profile(user: User, translator: Translator) -> dict | None:
    profile = (
        Profile.objects.filter(user=user)
        .select_related("place")
        .prefetch_related("interests")
        .first()
    )
    languages = PersonLanguage.objects.filter(profile__user=user).select_related("language")
    if profile is None:
        return None
    return {
        "display_name": profile.display_name,
        "place": _place(profile.place),
        "gender": _label(Gender, profile.gender),
        "interests": [interest_name(interest.slug) for interest in profile.interests.all()],
        "free_times": [slot_phrase(slot, translator) for slot in profile.availability],
        "languages": [
            {
                "language": translator.language_name(language.language_id),
                "code": language.language_id,
                "dialect": dialect_name(language.language_id, language.dialect)
                if language.dialect
                else "",
                "first_language": language.is_first,
                "level": _label(LanguageLevel, language.level),
            }
            for language in languages
        ],
        "updated_at": profile.updated_at,
    }


def _newcomer_profile(user: User) -> dict | None:
    newcomer = NewcomerProfile.objects.filter(user=user).first()
    if newcomer is None:
        return None
    return {
        "about_me": newcomer.about_me,
        "topics_to_avoid": [_label(AvoidTopic, topic) for topic in newcomer.avoid_topics],
        "other_topics_to_avoid": newcomer.avoid_topics_other,
        "how_far_you_can_travel_km": newcomer.max_km,
        "happy_to_talk_by_chat_or_phone": newcomer.remote_ok,
        "supporter_you_would_prefer": _label(Gender, newcomer.wants_gender),
        "what_would_help": [_label(Help, item) for item in newcomer.helps],
        "updated_at": newcomer.updated_at,
    }


def _supporter_profile(user: User) -> dict | None:
    supporter = SupporterProfile.objects.filter(user=user).first()
    if supporter is None:
        return None
    return {
        "about_you": supporter.bio,
        "how_many_people_you_can_support": supporter.capacity,
        "how_far_you_can_travel_km": supporter.radius_km,
        "happy_to_support_by_chat_or_phone": supporter.remote_ok,
        "people_you_would_prefer_to_support": _label(Gender, supporter.wants_gender),
        "training_course": supporter.training_course,
        "training_completed_on": supporter.training_completed_on,
        "dbs_checked_on": supporter.dbs_checked_on,
        "dbs_expires_on": supporter.dbs_expires_on,
        "status": _label(SupporterProfile.Status, supporter.status),
        "applied_at": supporter.applied_at,
        "verified_at": supporter.verified_at,
        "coordinator_note_to_you": supporter.decision_note,
        "earlier_training_records": supporter.recheck_history,
    }


def _consents(user: User) -> list[dict]:
    return [
        {
            "purpose": _label(ConsentPurpose, consent.purpose),
            "code": consent.purpose,
            "granted_at": consent.granted_at,
            "withdrawn_at": consent.withdrawn_at,
        }
        for consent in Consent.objects.filter(user=user).order_by("granted_at", "pk")
    ]


def _support_requests(user: User) -> list[dict]:
    return [
        {
            "asked_at": request.created_at,
            "waiting_since": request.waiting_since,
            "status": _label(SupportRequest.Status, request.status),
            "what_would_help": [_label(Help, item) for item in request.helps],
            "matched_at": request.matched_at,
        }
        for request in SupportRequest.objects.filter(newcomer=user).order_by("created_at", "pk")
    ]


def _offers_received(user: User, translator: Translator) -> list[dict]:
    """Suggestions made to them as a supporter: the fit as they were told it, nobody's name."""
    return [
        {
            "person": _("A person waiting for a peer supporter"),
            "made_at": offer.created_at,
            "answer_by": offer.expires_at,
            "status": _label(Offer.Status, offer.status),
            "answered_at": offer.decided_at,
            "by_chat_or_phone": offer.remote,
            "why_suggested": offer_reasons(offer, translator),
        }
        for offer in Offer.objects.filter(supporter=user).order_by("created_at", "pk")
    ]


def _pairings(user: User) -> list[dict]:
    newcomer_shares_name = Consent.objects.filter(
        user=OuterRef("newcomer"),
        purpose=ConsentPurpose.SHARE_PROFILE_WITH_SUPPORTER,
        withdrawn_at__isnull=True,
    )
    pairings = (
        Pairing.objects.filter(Q(newcomer=user) | Q(supporter=user))
        .select_related("newcomer__profile", "supporter__profile")
        .annotate(newcomer_shares_name=Exists(newcomer_shares_name))
        .order_by("started_at", "pk")
    )
    rows = []
    for pairing in pairings:
        if pairing.supporter_id == user.pk:
            you_were = _("the peer supporter")
            other = _("The person you support")
            if pairing.newcomer_shares_name:
                other = _display_name(pairing.newcomer) or other
        else:
            you_were = _("the person supported")
            other = _display_name(pairing.supporter) or _("Your peer supporter")
        rows.append(
            {
                "you_were": you_were,
                "with": other,
                "status": _label(Pairing.Status, pairing.status),
                "by_chat_or_phone": pairing.remote,
                "started_at": pairing.started_at,
                "ended_at": pairing.ended_at,
                "ended_by_you": pairing.ended_by_id == user.pk,
                # Their own words only: the other person's reason stays with the coordinators.
                "your_reason_for_ending": pairing.end_reason
                if pairing.ended_by_id == user.pk
                else "",
            }
        )
    return rows


def _display_name(person: User) -> str:
    profile = getattr(person, "profile", None)
    return profile.display_name if profile is not None else ""


def _conversation_label(conversation: Conversation, user: User) -> str:
    if conversation.kind == Conversation.Kind.TEAM:
        return _("The Common Ground team")
    if conversation.kind == Conversation.Kind.ACTIVITY:
        if conversation.activity is None:
            return _("Activity group")
        return _("Group chat: %(title)s") % {"title": conversation.activity.title}
    pairing = conversation.pairing
    if pairing is None:
        return _("Chat with a deleted account")
    if pairing.supporter_id == user.pk:
        return _("Chat with the person you support")
    return _("Chat with your peer supporter")


def _messages_sent(user: User) -> list[dict]:
    """Their own messages only, team replies written as the team excepted (those are the
    team's)."""
    messages = (
        Message.objects.filter(sender=user, from_team=False)
        .select_related("conversation__pairing", "conversation__activity")
        .order_by("pk")
    )
    return [
        {
            "conversation": message.conversation_id,
            "in": _conversation_label(message.conversation, user),
            "sent_at": message.created_at,
            "text": message.body,
            "hidden_by_a_moderator": message.is_hidden,
        }
        for message in messages
    ]


def _notifications(user: User) -> list[dict]:
    notifications = list(Notification.objects.filter(user=user).order_by("created_at", "pk"))
    # One context for all of them, so who still shares their town is read once.
    context = Context({"notifications": notifications})
    return [
        {
            "notice": _label(Notification.Kind, notification.kind),
            "note": _notice_note(notification, context),
            "link": notification.link,
            "created_at": notification.created_at,
            "read_at": notification.read_at,
        }
        for notification in notifications
    ]


def _notice_note(notification: Notification, context: Context) -> str:
    """A notice's note in words, as the notices page says it. "The person you support has
    moved" is stored as data (the newcomer's id, their town): it reads as that page's
    sentence, with the town only while the newcomer still shares it; a pairing handed over
    to a supporter near a new town is stored as a code."""
    if notification.kind == Notification.Kind.PERSON_MOVED:
        return html.unescape(strip_tags(person_moved_text(context, notification)))
    if (
        notification.kind == Notification.Kind.PAIRING_ENDED
        and notification.note == HANDED_OVER_NOTE
    ):
        return _(
            "The person you supported now has a supporter near the town they moved to, so "
            "your pairing has ended. Thank you for staying with them. You can still read your "
            "chat."
        )
    return notification.note


def _activities(user: User) -> list[dict]:
    participations = (
        Participation.objects.filter(user=user)
        .select_related("activity__organisation")
        .order_by("created_at", "pk")
    )
    return [
        {
            "activity": participation.activity.title,
            "group": participation.activity.organisation.name,
            "status": _label(Participation.Status, participation.status),
            "since": participation.created_at,
            "changed_at": participation.changed_at,
        }
        for participation in participations
    ]


def _ratings(user: User) -> list[dict]:
    ratings = (
        SessionRating.objects.filter(participation__user=user)
        .select_related("participation__activity")
        .order_by("session_date", "pk")
    )
    return [
        {
            "activity": rating.participation.activity.title,
            "session_date": rating.session_date,
            "rating": rating.rating,
            "comment": rating.comment,
            "rated_at": rating.created_at,
        }
        for rating in ratings
    ]


def _companion_requests(user: User) -> list[dict]:
    asks = (
        CompanionRequest.objects.filter(Q(newcomer=user) | Q(supporter=user))
        .select_related("activity")
        .order_by("created_at", "pk")
    )
    return [
        {
            "activity": ask.activity.title,
            "asked": _("You asked your peer supporter to come with you")
            if ask.newcomer_id == user.pk
            else _("The person you support asked you to come with them"),
            "status": _label(CompanionRequest.Status, ask.status),
            "asked_at": ask.created_at,
            "answered_at": ask.answered_at,
        }
        for ask in asks
    ]


def _groups_organised(user: User) -> list[dict]:
    memberships = Organiser.objects.filter(user=user).select_related("organisation").order_by("pk")
    return [
        {"group": organiser.organisation.name, "since": organiser.created_at}
        for organiser in memberships
    ]


def _blocks(user: User) -> list[dict]:
    return [
        {"person": _("A person you blocked"), "blocked_at": block.created_at}
        for block in Block.objects.filter(blocker=user).order_by("created_at", "pk")
    ]


def _moves(user: User) -> list[dict]:
    moves = (
        Move.objects.filter(user=user)
        .select_related("from_place", "to_place")
        .order_by("created_at", "pk")
    )
    return [
        {
            "from": _place(move.from_place),
            "to": _place(move.to_place),
            "moved_on": move.moved_on,
            "name_shared_with_coordinators_of_the_new_area": move.name_shared,
            "wanted_a_local_supporter": move.wants_local_supporter,
            "pairing_became_remote": move.pairing_became_remote,
            "told_us_at": move.created_at,
        }
        for move in moves
    ]


def _feedback(user: User) -> list[dict]:
    items = Feedback.objects.filter(user=user).select_related("activity").order_by("created_at")
    return [
        {
            "reference": item.reference,
            "kind": _label(Feedback.Kind, item.kind),
            "about": _label(Feedback.About, item.about),
            "activity": item.activity.title if item.activity else "",
            "score": _label(Feedback.Score, item.score),
            "text": item.text,
            "status": _label(Feedback.Status, item.status),
            "written_at": item.created_at,
            "our_answer": item.response,
            "answered_at": item.responded_at,
        }
        for item in items
    ]


def _reports(user: User) -> list[dict]:
    return [
        {
            "reason": _label(ReportReason, case.reason),
            "your_words": case.detail,
            "reported_at": case.created_at,
            "status": _label(Case.Status, case.status),
        }
        for case in Case.objects.filter(reporter=user).order_by("created_at", "pk")
    ]


def _suspensions(user: User) -> list[dict]:
    return [
        {"from": pause.starts_at, "until": pause.ends_at, "reason_given": pause.reason}
        for pause in Suspension.objects.filter(user=user).order_by("starts_at", "pk")
    ]


def _coordinator_reads(user: User) -> list[dict]:
    """Each time a coordinator opened their information or read part of one of their
    conversations through a case: when and why, never who."""
    reads = [
        {
            "what": _("your information"),
            "at": record.at,
            "because": _label(AccessRecord.Reason, record.reason),
        }
        for record in AccessRecord.objects.filter(subject=user).order_by("at", "pk")
    ]
    theirs = Member.objects.filter(user=user, conversation=OuterRef("conversation"))
    accesses = ConversationAccess.objects.filter(Exists(theirs)).order_by("at", "pk")
    reads += [
        {
            "what": _("part of one of your conversations"),
            "at": access.at,
            "because": _("a report or a safety alert needed a coordinator to look"),
        }
        for access in accesses
    ]
    return sorted(reads, key=lambda read: read["at"])


def _audit_lines(user: User) -> list[dict]:
    """The audit log's lines about them (the coordinator's name left out)."""
    return [
        {"what": _label(AuditEvent.Action, event.action), "at": event.at, "about": event.target}
        for event in AuditEvent.objects.filter(subject=user).order_by("at", "pk")
    ]


def account_delete_preview(*, user: User) -> dict:
    """What deleting their account would change for others, for the confirmation page: an
    active pairing that would end (as the newcomer, or as the supporter, whose newcomer then
    waits again), activities whose place would go to the next person, and groups left
    without an organiser."""
    alone = (
        Organiser.objects.filter(user=user)
        .annotate(
            others=Count("organisation__organisers", filter=~Q(organisation__organisers__user=user))
        )
        .filter(others=0)
        .select_related("organisation")
    )
    active = Pairing.objects.filter(status=Pairing.Status.ACTIVE)
    return {
        "pairings": active.filter(newcomer=user).count(),
        "supported": active.filter(supporter=user).count(),
        "activities": Participation.objects.filter(
            user=user, status__in=Participation.CURRENT
        ).count(),
        "groups_alone": [organiser.organisation for organiser in alone.order_by("pk")],
        "is_coordinator": Role.COORDINATOR in user_roles(user=user),
        "by_password": user.has_usable_password(),
    }
