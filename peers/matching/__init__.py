"""Exact, explainable matching of newcomers to peer supporters (DESIGN.md, "Matching").

Pure Python + NumPy/SciPy + OR-Tools: plain frozen dataclasses in, plain dataclasses out, no
Django. The app's selectors build a `MatchInput`; its services persist the `MatchResult`.
"""

from .encoding import SupporterIndex
from .explain import ENGLISH, Translator, reason_text, reasons_render, rounded_km
from .jsonio import (
    MatchInputError,
    match_input_from_json,
    match_input_to_json,
    match_result_to_json,
)
from .model import (
    AVAILABILITY_SLOTS,
    DEFAULT_WEIGHTS,
    EARTH_RADIUS_KM,
    WAIT_CAP_DAYS,
    Language,
    MatchInput,
    MatchResult,
    Newcomer,
    Pair,
    Reason,
    ScoreParts,
    Supporter,
    Weights,
)
from .pipeline import match
from .scoring import distance_km, great_circle_km, pair_allowed, score_parts
from .suggest import suggest
from .waiting import waiting_reason, waiting_reasons, waiting_summary

__all__ = [
    "AVAILABILITY_SLOTS",
    "DEFAULT_WEIGHTS",
    "EARTH_RADIUS_KM",
    "ENGLISH",
    "WAIT_CAP_DAYS",
    "Language",
    "MatchInput",
    "MatchInputError",
    "MatchResult",
    "Newcomer",
    "Pair",
    "Reason",
    "ScoreParts",
    "Supporter",
    "SupporterIndex",
    "Translator",
    "Weights",
    "distance_km",
    "great_circle_km",
    "match",
    "match_input_from_json",
    "match_input_to_json",
    "match_result_to_json",
    "pair_allowed",
    "reason_text",
    "reasons_render",
    "rounded_km",
    "score_parts",
    "suggest",
    "waiting_reason",
    "waiting_reasons",
    "waiting_summary",
]
