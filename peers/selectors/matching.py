"""The matcher's input, read from the database in a fixed handful of queries."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from peers import matching
from peers.models import (
    Block,
    NewcomerProfile,
    Offer,
    Pairing,
    PersonLanguage,
    Profile,
    SupporterProfile,
    SupportRequest,
    User,
)


@dataclass(frozen=True)
class MatchingData:
    """The matcher's input plus what the app needs to act on its answer."""

    input: matching.MatchInput
    requests: dict[str, int]  # newcomer id -> the id of their waiting request
    towns: dict[str, str]  # person id -> town name (for reasons about who is still waiting)
    incomplete: list[int]  # waiting requests whose profile lacks a place or a language


@dataclass(frozen=True)
class _Person:
    lat: float
    lon: float
    town: str
    gender: str
    availability: list


# Who a run reads, as filters from any row that has a `user`: people waiting, and supporters
# who may get an offer. Joins, not IN lists of tens of thousands of ids.
WAITING = Q(user__support_requests__status=SupportRequest.Status.WAITING)
MATCHABLE = Q(
    user__supporter_profile__status=SupporterProfile.Status.ACTIVE,
    user__supporter_profile__verified_at__isnull=False,
)


def _through_profile(who: Q) -> Q:
    """The same filter from a row that has a `profile` instead."""
    return Q(*[(f"profile__{key}", value) for key, value in who.children])


def _people(who: Q) -> dict[int, _Person]:
    """Place and the plain fields of everyone `who` selects, as tuples (tens of thousands of
    model instances would cost more than the query)."""
    rows = (
        Profile.objects.filter(who, place__isnull=False)
        .values_list(
            "user_id", "place__latitude", "place__longitude", "place__near", "place__name",
            "gender", "availability",
        )
    )  # fmt: skip
    return {
        user_id: _Person(lat, lon, near or name, gender, availability or [])
        for user_id, lat, lon, near, name, gender, availability in rows
    }


def _languages_of(who: Q) -> dict[int, tuple[matching.Language, ...]]:
    """Each person's languages, the first language first (PersonLanguage's ordering)."""
    found: dict[int, list[matching.Language]] = {}
    rows = (
        PersonLanguage.objects.filter(_through_profile(who))
        .order_by("profile__user_id", "-is_first", "pk")
        .values_list("profile__user_id", "language_id", "dialect", "is_first")
    )
    for user_id, code, dialect, first in rows:
        found.setdefault(user_id, []).append(
            matching.Language(code=code, dialect=dialect or None, first=first)
        )
    return {user_id: tuple(languages) for user_id, languages in found.items()}


def _interests_of(who: Q) -> dict[int, frozenset[str]]:
    through = Profile.interests.through
    found: dict[int, set[str]] = {}
    rows = through.objects.filter(_through_profile(who)).values_list(
        "profile__user_id", "interest_id"
    )
    for user_id, slug in rows:
        found.setdefault(user_id, set()).add(slug)
    return {user_id: frozenset(slugs) for user_id, slugs in found.items()}


def _person_fields(person: _Person, languages, interests, remote_ok, wants_gender) -> dict:
    """What newcomers and supporters share in the matcher's input."""
    return {
        "lat": person.lat,
        "lon": person.lon,
        "languages": languages,
        "interests": interests,
        "availability": frozenset(person.availability),
        "remote_ok": remote_ok,
        "gender": person.gender or None,
        "wants_gender": wants_gender or None,
    }


def excluded_pairs(*, newcomer_ids=None) -> set[tuple[int, int]]:
    """Pairs never to offer again: declined offers, pairings that ended or are active, blocks."""
    declined = Offer.objects.filter(status=Offer.Status.DECLINED)
    pairings = Pairing.objects.all()
    if newcomer_ids is not None:
        declined = declined.filter(request__newcomer_id__in=newcomer_ids)
        pairings = pairings.filter(newcomer_id__in=newcomer_ids)
    blocks = Block.objects.all()
    if newcomer_ids is not None:
        blocks = blocks.filter(Q(blocker_id__in=newcomer_ids) | Q(blocked_id__in=newcomer_ids))
    pairs = set(declined.values_list("request__newcomer_id", "supporter_id"))
    pairs |= set(pairings.values_list("newcomer_id", "supporter_id"))
    for blocker, blocked in blocks.values_list("blocker_id", "blocked_id"):
        pairs |= {(blocker, blocked), (blocked, blocker)}
    return pairs


def supporters_with_free_capacity() -> dict[int, int]:
    """Verified, active supporters and how many more people each can take now (active
    pairings and pending offers both count against capacity)."""
    used: dict[int, int] = {}
    for rows in (
        Pairing.objects.filter(status=Pairing.Status.ACTIVE),
        Offer.objects.filter(status=Offer.Status.PENDING),
    ):
        for supporter_id, count in (
            rows.values("supporter_id").annotate(n=Count("pk")).values_list("supporter_id", "n")
        ):
            used[supporter_id] = used.get(supporter_id, 0) + count
    return {
        user_id: max(0, capacity - used.get(user_id, 0))
        for user_id, capacity in SupporterProfile.objects.filter(
            status=SupporterProfile.Status.ACTIVE, verified_at__isnull=False
        ).values_list("user_id", "capacity")
    }


def _newcomers_input(requests, who: Q, *, now):
    """Newcomers for the matcher from (request id, newcomer id, waiting since) rows; returns
    them, newcomer key -> request id, towns, and the requests whose profile is unfinished."""
    people, languages, interests = _people(who), _languages_of(who), _interests_of(who)
    # Someone waiting while still paired asked, after a move, for a supporter near their new
    # town (a hand-over): only an in-range supporter helps, never another remote one.
    paired = Pairing.objects.filter(newcomer_id=OuterRef("user_id"), status=Pairing.Status.ACTIVE)
    rows = (
        NewcomerProfile.objects.filter(who)
        .annotate(has_pairing=Exists(paired))
        .values_list("user_id", "max_km", "remote_ok", "wants_gender", "has_pairing")
    )
    prefs = {
        user_id: (max_km, remote_ok and not has_pairing, wants_gender)
        for user_id, max_km, remote_ok, wants_gender, has_pairing in rows
    }
    newcomers, by_id, towns, incomplete = [], {}, {}, []
    for request_id, newcomer_id, waiting_since in requests:
        person, spoken = people.get(newcomer_id), languages.get(newcomer_id)
        if person is None or newcomer_id not in prefs or not spoken:
            incomplete.append(request_id)
            continue
        key = str(newcomer_id)
        max_km, remote_ok, wants_gender = prefs[newcomer_id]
        fields = _person_fields(
            person, spoken, interests.get(newcomer_id, frozenset()), remote_ok, wants_gender
        )
        newcomers.append(
            matching.Newcomer(
                id=key,
                max_km=max_km,
                waiting_days=max(0, (now - waiting_since).days),
                **fields,
            )
        )
        by_id[key] = request_id
        towns[key] = person.town
    return newcomers, by_id, towns, incomplete


def _supporters_input(who: Q, capacity: dict[int, int]):
    """Active supporters for the matcher, free places as their capacity, and their towns.
    Full ones come too, with capacity 0: the matcher never pairs them, but the waiting
    reasons must tell "all taken" from "nobody speaks it within reach"."""
    people, languages, interests = _people(who), _languages_of(who), _interests_of(who)
    prefs = {
        user_id: (radius_km, remote_ok, wants_gender)
        for user_id, radius_km, remote_ok, wants_gender in SupporterProfile.objects.filter(
            who
        ).values_list("user_id", "radius_km", "remote_ok", "wants_gender")
    }
    supporters, towns = [], {}
    for user_id, free in capacity.items():
        person, spoken = people.get(user_id), languages.get(user_id)
        if person is None or not spoken or user_id not in prefs:
            continue
        radius_km, remote_ok, wants_gender = prefs[user_id]
        fields = _person_fields(
            person, spoken, interests.get(user_id, frozenset()), remote_ok, wants_gender
        )
        supporters.append(
            matching.Supporter(id=str(user_id), radius_km=radius_km, capacity=free, **fields)
        )
        towns[str(user_id)] = person.town
    return supporters, towns


def matching_data_build(*, now=None) -> MatchingData:
    """Everyone waiting (without a pending offer) and every supporter with room, as the
    matcher's dataclasses, in a fixed handful of queries of plain values."""
    now = now or timezone.now()
    requests = list(
        SupportRequest.objects.filter(status=SupportRequest.Status.WAITING)
        .order_by("waiting_since", "pk")
        .values_list("pk", "newcomer_id", "waiting_since")
    )
    newcomers, by_id, towns, incomplete = _newcomers_input(requests, WAITING, now=now)
    supporters, supporter_towns = _supporters_input(MATCHABLE, supporters_with_free_capacity())
    towns |= supporter_towns
    supporter_keys = {s.id for s in supporters}
    # All exclusions at once (a few plain queries) rather than an IN list of everyone waiting.
    exclude = {
        (str(n), str(s))
        for n, s in excluded_pairs()
        if str(n) in by_id and str(s) in supporter_keys
    }
    # Someone both waiting and supporting is never offered to themselves.
    exclude |= {(key, key) for key in by_id if key in supporter_keys}
    return MatchingData(
        input=matching.MatchInput(newcomers=newcomers, supporters=supporters, exclude=exclude),
        requests=by_id,
        towns=towns,
        incomplete=incomplete,
    )


@dataclass(frozen=True)
class Suggestion:
    """A supporter who could be offered to one waiting person now, with the fit explained."""

    supporter_id: int
    username: str
    display_name: str
    score: float
    distance_km: float | None
    remote: bool
    reasons: tuple[str, ...]
    parts: tuple  # the reasons as data, kept with an offer made from this suggestion


def suggestions_for_request(
    *, request: SupportRequest, translator=None, limit: int = 5, now=None
) -> list[Suggestion]:
    """The best few supporters with a free place for one waiting person, best first, computed
    for that person alone: only supporters who speak one of their languages are read, so this
    costs the same however many people wait. (No solver: two people may be shown the same
    supporter; `offer_create` still checks every rule when one is picked.)"""
    from django.conf import settings

    now = now or timezone.now()
    who = Q(user_id=request.newcomer_id)
    newcomers, _by_id, _towns, _incomplete = _newcomers_input(
        [(request.pk, request.newcomer_id, request.waiting_since)], who, now=now
    )
    if not newcomers:
        return []
    newcomer = newcomers[0]
    speakers = PersonLanguage.objects.filter(
        language_id__in={language.code for language in newcomer.languages}
    ).values("profile__user_id")
    supporters, _towns = _supporters_input(
        MATCHABLE & Q(user_id__in=speakers), supporters_with_free_capacity()
    )
    supporters = [s for s in supporters if s.id != newcomer.id]
    if not supporters:
        return []
    never = {str(s) for n, s in excluded_pairs(newcomer_ids=[request.newcomer_id])}
    index = matching.SupporterIndex(
        supporters, weights=matching.Weights(**settings.MATCHING_WEIGHTS)
    )
    pairs = matching.suggest(
        index, newcomer, limit=limit, exclude=never, translator=translator or matching.ENGLISH
    )
    names = {
        user_id: (username, display_name or "")
        for user_id, username, display_name in User.objects.filter(
            pk__in=[int(pair.supporter) for pair in pairs]
        ).values_list("pk", "username", "profile__display_name")
    }
    return [
        Suggestion(
            supporter_id=int(pair.supporter),
            username=names[int(pair.supporter)][0],
            display_name=names[int(pair.supporter)][1],
            score=pair.score,
            distance_km=None if pair.remote else pair.distance_km,
            remote=pair.remote,
            reasons=tuple(pair.reasons),
            parts=tuple(reason.as_json() for reason in pair.parts),
        )
        for pair in pairs
        if int(pair.supporter) in names
    ]


def waiting_requests_for_coordinator() -> QuerySet:
    """Everyone waiting for a match, oldest first, with what the waiting list shows;
    `hand_over`: they still have a supporter and ask for one near the town they moved to."""
    paired = Pairing.objects.filter(
        newcomer_id=OuterRef("newcomer_id"), status=Pairing.Status.ACTIVE
    )
    return (
        SupportRequest.objects.filter(status=SupportRequest.Status.WAITING)
        .annotate(hand_over=Exists(paired))
        .select_related("newcomer__profile__place")
        .prefetch_related(
            Prefetch(
                "newcomer__profile__languages",
                queryset=PersonLanguage.objects.select_related("language"),
            )
        )
        .order_by("waiting_since", "pk")
    )


def person_language_label(item: PersonLanguage) -> str:
    """ "ትግርኛ — Tigrinya (Eritrean)": a person's language and dialect for coordinators."""
    from django.utils.translation import get_language

    from peers.reference.languages import dialect_name, language_label

    label = language_label(
        item.language_id, item.language.autonym, item.language.english_name, get_language() or "en"
    )
    return f"{label} ({dialect_name(item.language_id, item.dialect)})" if item.dialect else label


def waiting_rows(requests: list[SupportRequest]) -> list[dict]:
    """A waiting list's rows: the person's name, languages (with dialects), town, since when,
    whether it is a hand-over after a move, and why the last run left them waiting, as a
    sentence (or nothing before a run saw them)."""
    from peers.selectors.pairing import waiting_reason_texts

    rows = []
    for request in requests:
        profile = getattr(request.newcomer, "profile", None)
        place = profile.place if profile else None
        rows.append(
            {
                "request": request,
                "name": (profile.display_name if profile else "") or request.newcomer.username,
                "languages": [
                    person_language_label(item)
                    for item in (profile.languages.all() if profile else [])
                ],
                "town": (place.near or place.name) if place else "",
                "hand_over": getattr(request, "hand_over", False),
            }
        )
    reasons = [
        {**row["request"].waiting_reason, "params": {
            **row["request"].waiting_reason.get("params", {}), "town": row["town"]}}
        for row in rows
    ]  # fmt: skip
    for row, reason, text in zip(rows, reasons, waiting_reason_texts(reasons), strict=True):
        row["reason"] = text if reason.get("key") else ""
    return rows
