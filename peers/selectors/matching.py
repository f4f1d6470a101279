"""The matcher's input, read from the database in a fixed handful of queries."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
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
    requests: dict[str, SupportRequest]  # newcomer id -> their open request
    towns: dict[str, str]  # person id -> town name (for reasons about who is still waiting)
    incomplete: list[SupportRequest]  # requests whose profile lacks a place or a language


def _languages(profile: Profile) -> tuple[matching.Language, ...]:
    return tuple(
        matching.Language(code=item.language_id, dialect=item.dialect or None, first=item.is_first)
        for item in profile.languages.all()
    )


def _person_fields(profile: Profile, prefs) -> dict:
    """What newcomers and supporters share in the matcher's input."""
    return {
        "lat": profile.place.latitude,
        "lon": profile.place.longitude,
        "languages": _languages(profile),
        "interests": frozenset(i.slug for i in profile.interests.all()),
        "availability": frozenset(profile.availability),
        "remote_ok": prefs.remote_ok,
        "gender": profile.gender or None,
        "wants_gender": prefs.wants_gender or None,
    }


def _profiles(user_ids) -> dict[int, Profile]:
    profiles = (
        Profile.objects.filter(user_id__in=user_ids)
        .select_related("place")
        .prefetch_related(
            Prefetch("languages", queryset=PersonLanguage.objects.only(
                "profile_id", "language_id", "dialect", "is_first"
            )),
            "interests",
        )
    )  # fmt: skip
    return {profile.user_id: profile for profile in profiles}


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
    rows = SupporterProfile.objects.filter(
        status=SupporterProfile.Status.ACTIVE, verified_at__isnull=False
    ).annotate(
        active=Count(
            "user__pairings_as_supporter",
            filter=Q(user__pairings_as_supporter__status=Pairing.Status.ACTIVE),
            distinct=True,
        ),
        pending=Count(
            "user__offers", filter=Q(user__offers__status=Offer.Status.PENDING), distinct=True
        ),
    )
    return {row.user_id: max(0, row.capacity - row.active - row.pending) for row in rows}


def matching_data_build(*, now=None) -> MatchingData:
    """Everyone waiting (without a pending offer) and every supporter with room, as the
    matcher's dataclasses."""
    now = now or timezone.now()
    requests = list(
        SupportRequest.objects.filter(status=SupportRequest.Status.WAITING).order_by(
            "waiting_since", "pk"
        )
    )
    capacity = supporters_with_free_capacity()
    supporter_ids = [user_id for user_id, free in capacity.items() if free > 0]
    newcomer_ids = [request.newcomer_id for request in requests]
    profiles = _profiles([*newcomer_ids, *supporter_ids])
    newcomer_prefs = {
        p.user_id: p for p in NewcomerProfile.objects.filter(user_id__in=newcomer_ids)
    }
    supporter_prefs = {
        p.user_id: p for p in SupporterProfile.objects.filter(user_id__in=supporter_ids)
    }

    newcomers, by_id, towns, incomplete = [], {}, {}, []
    for request in requests:
        profile = profiles.get(request.newcomer_id)
        prefs = newcomer_prefs.get(request.newcomer_id)
        if profile is None or profile.place is None or prefs is None or not _languages(profile):
            incomplete.append(request)
            continue
        key = str(request.newcomer_id)
        newcomers.append(
            matching.Newcomer(
                id=key,
                max_km=prefs.max_km,
                waiting_days=max(0, (now - request.waiting_since).days),
                **_person_fields(profile, prefs),
            )
        )
        by_id[key] = request
        towns[key] = profile.place.near or profile.place.name

    supporters = []
    for user_id in supporter_ids:
        profile = profiles.get(user_id)
        prefs = supporter_prefs[user_id]
        if profile is None or profile.place is None or not _languages(profile):
            continue
        supporters.append(
            matching.Supporter(
                id=str(user_id),
                radius_km=prefs.radius_km,
                capacity=capacity[user_id],
                **_person_fields(profile, prefs),
            )
        )
        towns[str(user_id)] = profile.place.near or profile.place.name

    supporter_keys = {s.id for s in supporters}
    exclude = {
        (str(n), str(s))
        for n, s in excluded_pairs(newcomer_ids=newcomer_ids)
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


def suggestions_for_waiting(*, translator=None, limit_requests: int = 20, per_request: int = 5):
    """For the longest-waiting requests, the best few allowed supporters right now (instant
    suggestions: no solver, so two requests may show the same supporter)."""
    from django.conf import settings

    data = matching_data_build()
    if not data.input.newcomers:
        return []
    weights = matching.Weights(**settings.MATCHING_WEIGHTS)
    index = matching.SupporterIndex(data.input.supporters, weights=weights)
    excluded: dict[str, set[str]] = {}
    for newcomer_id, supporter_id in data.input.exclude:
        excluded.setdefault(newcomer_id, set()).add(supporter_id)
    chosen = data.input.newcomers[:limit_requests]
    suggestions = [
        (
            newcomer,
            matching.suggest(
                index,
                newcomer,
                limit=per_request,
                exclude=excluded.get(newcomer.id, ()),
                translator=translator or matching.ENGLISH,
            ),
        )
        for newcomer in chosen
    ]
    usernames = dict(
        User.objects.filter(
            pk__in=[int(pair.supporter) for _newcomer, pairs in suggestions for pair in pairs]
        ).values_list("pk", "username")
    )
    return [
        {
            "request": data.requests[newcomer.id],
            "town": data.towns.get(newcomer.id, ""),
            "suggestions": [
                {"username": usernames[int(pair.supporter)], "score": pair.score,
                 "reasons": pair.reasons}
                for pair in pairs
            ],
        }
        for newcomer, pairs in suggestions
    ]  # fmt: skip
