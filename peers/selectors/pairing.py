"""Reads about requests, offers and pairings, permission-filtered for each kind of reader."""

import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext

from peers import matching
from peers.models import (
    Block,
    Language,
    MatchingRun,
    Offer,
    Pairing,
    SupporterProfile,
    SupportRequest,
    User,
)
from peers.reference.interests import interest_name
from peers.reference.languages import dialect_name, language_label, language_name_in

ESTIMATE_WINDOW = timedelta(days=180)
ESTIMATE_MIN_SAMPLES = 5


def reason_translator() -> matching.Translator:
    """Reasons in the reader's language: Django's gettext, language names as people know them."""
    names = {language.code: language for language in Language.objects.all()}
    ui_language = get_language() or "en"

    def language_name(code: str) -> str:
        language = names.get(code)
        if language is None:
            return code
        return language_label(code, language.autonym, language.english_name, ui_language)

    return matching.Translator(
        gettext=gettext,
        ngettext=ngettext,
        language_name=language_name,
        interest_name=interest_name,
        dialect_name=dialect_name,
    )


def offer_reasons(offer: Offer, translator: matching.Translator | None = None) -> list[str]:
    """An offer's stored reasons as sentences in the reader's language."""
    translator = translator or reason_translator()
    reasons = tuple(matching.Reason.from_json(item) for item in offer.reasons)
    return list(matching.reasons_render(reasons, translator))


@dataclass(frozen=True)
class RequestStatus:
    request: SupportRequest | None
    pairing: Pairing | None
    position: int | None
    estimate_days: int | None


def support_status_for_newcomer(*, newcomer: User) -> RequestStatus:
    """Where the newcomer is: waiting (their place in the queue and a realistic estimate from
    recent matches), offered, or paired."""
    pairing = (
        Pairing.objects.filter(newcomer=newcomer, status=Pairing.Status.ACTIVE)
        .select_related("supporter__profile", "supporter__supporter_profile", "conversation")
        .first()
    )
    request = SupportRequest.objects.filter(
        newcomer=newcomer, status__in=SupportRequest.OPEN
    ).first()
    position = None
    if request is not None:
        position = (
            SupportRequest.objects.filter(
                status__in=SupportRequest.OPEN, waiting_since__lt=request.waiting_since
            ).count()
            + 1
        )
    return RequestStatus(
        request=request, pairing=pairing, position=position, estimate_days=wait_estimate_days()
    )


def asked_beside_a_pairing() -> Exists:
    """Whether a request was made while its newcomer had an active pairing: a hand-over
    after a move (peers/services/moving.py). It keeps the first request's place in the
    queue, so from `waiting_since` it "waited" the months they had a supporter."""
    return Exists(
        Pairing.objects.filter(
            newcomer_id=OuterRef("newcomer_id"), started_at__lt=OuterRef("created_at")
        )
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=OuterRef("created_at")))
        .exclude(request_id=OuterRef("pk"))
    )


def wait_estimate_days() -> int | None:
    """The median wait of people matched in the last six months, or None with too few.
    Hand-overs are left out: their person had a supporter while they "waited"."""
    since = timezone.now() - ESTIMATE_WINDOW
    waits = [
        (matched_at - waiting_since).total_seconds() / 86400
        for waiting_since, matched_at in SupportRequest.objects.filter(
            status=SupportRequest.Status.MATCHED, matched_at__gte=since
        )
        .exclude(asked_beside_a_pairing())
        .values_list("waiting_since", "matched_at")
    ]
    if len(waits) < ESTIMATE_MIN_SAMPLES:
        return None
    return max(1, round(statistics.median(waits)))


@dataclass(frozen=True)
class SupporterPlaces:
    capacity: int
    used: int
    offers_waiting: int


def supporter_places_for_supporter(*, supporter: User) -> SupporterPlaces | None:
    """How many of the places a supporter offers their active pairings fill, and how many
    suggestions wait for their answer (counted apart: nobody is theirs to support yet); None
    unless they are verified and supporting (active or paused)."""
    capacity = (
        SupporterProfile.objects.filter(
            user=supporter,
            status__in=[SupporterProfile.Status.ACTIVE, SupporterProfile.Status.PAUSED],
        )
        .values_list("capacity", flat=True)
        .first()
    )
    if capacity is None:
        return None
    return SupporterPlaces(
        capacity=capacity,
        used=Pairing.objects.filter(supporter=supporter, status=Pairing.Status.ACTIVE).count(),
        offers_waiting=offers_for_supporter(supporter=supporter).count(),
    )


def offers_for_supporter(*, supporter: User) -> QuerySet:
    """The supporter's own pending offers, oldest first."""
    return (
        Offer.objects.filter(supporter=supporter, status=Offer.Status.PENDING)
        .select_related("request__newcomer")
        .order_by("created_at", "pk")
    )


def offer_for_supporter(*, supporter: User, pk: int) -> Offer:
    """One of the supporter's own offers; anyone else's is "not found"."""
    return get_object_or_404(Offer.objects.select_related("request"), pk=pk, supporter=supporter)


def pairings_for_user(*, user: User) -> QuerySet:
    """The person's active pairings, whichever side they are on."""
    return (
        Pairing.objects.filter(status=Pairing.Status.ACTIVE)
        .filter(_either_side(user))
        .select_related("newcomer__profile", "supporter__profile", "conversation")
    )


def pairing_for_member(*, user: User, pk: int) -> Pairing:
    """One pairing the person is in; anyone else's is "not found"."""
    return get_object_or_404(Pairing.objects.filter(_either_side(user)), pk=pk)


def blocks_made_by(*, user: User) -> QuerySet:
    """The person's own blocks (never the blocks others made of them)."""
    return Block.objects.filter(blocker=user).select_related("blocked__profile").order_by("-pk")


def _either_side(user: User) -> Q:
    return Q(newcomer=user) | Q(supporter=user)


def matching_runs_for_coordinator() -> QuerySet:
    return MatchingRun.objects.select_related("triggered_by")[:20]


def waiting_reason_texts(items: list[dict]) -> list[str]:
    """`waiting_reason_text` for a list, reading the languages they name once."""
    codes = {item.get("params", {}).get("language", "") for item in items}
    names = dict(Language.objects.filter(code__in=codes).values_list("code", "english_name"))
    return [waiting_reason_text(item, names) for item in items]


def waiting_reason_text(item: dict, english_names: dict[str, str] | None = None) -> str:
    """A run's "why still waiting" entry as a sentence for coordinators."""
    params = {"town": "", **item.get("params", {})}
    code = params.get("language", "")
    if english_names is None:
        english_names = dict(Language.objects.filter(code=code).values_list("code", "english_name"))
    english = english_names.get(code)
    if english:
        params["language"] = language_name_in(code, english, get_language() or "en")
    texts = {
        "no_speaker": gettext("No %(language)s speaker among active supporters (%(town)s)"),
        "no_speaker_within": gettext(
            "No %(language)s speaker within %(km)s km of %(town)s, and no remote option"
        ),
        "no_gender_match": gettext(
            "No %(language)s speaker near %(town)s of the gender they asked for"
        ),
        "all_taken": gettext(
            "%(language)s speakers near %(town)s are full, or went to people who fitted "
            "better or waited longer"
        ),
        "profile_incomplete": gettext("Profile not finished (town or languages missing)"),
    }
    return texts.get(item.get("key"), item.get("key", "")) % params
