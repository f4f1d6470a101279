import re

import pytest

from peers.matching import Language, MatchInput, Reason, Translator, match, score_parts
from peers.matching.explain import pair_explain, reason_parts, reason_text, rounded_km

from .reference import newcomer, north, supporter


@pytest.mark.parametrize(
    ("km", "shown"),
    [
        (0.0, None),
        (0.99, None),
        (1.0, 1),
        (1.49, 1),
        (1.5, 2),
        (2.4, 2),
        (9.49, 9),
        (9.6, 10),
        (10.0, 10),
        (12.4, 10),
        (12.5, 15),
        (17.6, 20),
        (283.0, 285),
    ],
)
def test_rounded_km(km, shown):
    assert rounded_km(km) == shown


@pytest.mark.parametrize(
    ("km", "sentence"),
    [(0.4, "Less than 1 km apart"), (2.3, "About 2 km apart"), (13.0, "About 15 km apart")],
)
def test_reasons_distance_sentences(km, sentence):
    n, s = newcomer(max_km=20), supporter(radius_km=20, **north(km))
    assert sentence in pair_explain(n, s, score_parts(n, s)).reasons


def test_reasons_built_from_the_score_parts():
    n = newcomer(
        languages=(Language("ti", "eritrean", True),),
        interests={"football", "cooking"},
        availability={"sat-pm"},
        waiting_days=40,
    )
    s = supporter(
        languages=(Language("ti", "eritrean", False),),
        interests={"football", "music"},
        availability={"sat-pm", "sun-am"},
        **north(2.2),
    )
    reasons = pair_explain(n, s, score_parts(n, s)).reasons
    assert reasons == (
        "You both speak ti (eritrean)",
        "About 2 km apart",
        "Both enjoy football",
        "Free at the same times",
        "Has been waiting 40 days",
    )


def test_reasons_leave_out_parts_that_are_zero():
    n, s = newcomer(waiting_days=3), supporter(**north(0.2))
    assert pair_explain(n, s, score_parts(n, s)).reasons == (
        "You both speak ar",
        "Less than 1 km apart",
    )


def test_reasons_differing_dialects_name_only_the_language():
    n = newcomer(languages=(Language("ar", "sudanese", True),))
    s = supporter(languages=(Language("ar", "syrian", True),))
    assert pair_explain(n, s, score_parts(n, s)).reasons[0] == "You both speak ar"


def test_reasons_remote_pair_says_so_and_gives_no_distance():
    n, s = newcomer(remote_ok=True), supporter(remote_ok=True, **north(120))
    reasons = pair_explain(n, s, score_parts(n, s)).reasons
    assert "Remote support (by chat)" in reasons
    assert not any("km" in r for r in reasons)


def test_reasons_never_reveal_a_location():
    n = newcomer(lat=53.481234, lon=-2.242612, interests={"chess"})
    s = supporter(lat=53.502345, lon=-2.210987, interests={"chess"})
    result = match(MatchInput([n], [s]))
    text = " ".join(result.pairs[0].reasons)
    assert not re.search(r"\d+\.\d", text)  # no decimals: no coordinates, no exact distance
    assert "53" not in text and "2.2" not in text


def test_reasons_translate_with_injected_functions():
    catalog = {
        "You both speak %(language)s": "Ihr sprecht beide %(language)s",
        "About %(km)s km apart": "Etwa %(km)s km entfernt",
    }
    plural_calls = []

    def ngettext(singular, plural, number):
        plural_calls.append(number)
        return singular if number == 1 else plural

    translator = Translator(
        gettext=lambda m: catalog.get(m, m),
        ngettext=ngettext,
        language_name={"ar": "Arabisch"}.get,
        interest_name=str.upper,
    )
    n = newcomer(interests={"football"}, waiting_days=20)
    s = supporter(interests={"football"}, **north(3))
    reasons = match(MatchInput([n], [s]), translator=translator).pairs[0].reasons
    assert reasons[:3] == (
        "Ihr sprecht beide Arabisch",
        "Etwa 3 km entfernt",
        "Both enjoy FOOTBALL",
    )
    assert plural_calls == [20]


def test_reasons_are_kept_as_keys_for_later_translation():
    n, s = newcomer(interests={"walking", "art"}), supporter(interests={"walking", "art"})
    parts = reason_parts(n, s, score_parts(n, s))
    assert [r.key for r in parts] == ["language", "near", "interests"]
    stored = [r.as_json() for r in parts]
    assert stored[2] == {"key": "interests", "params": {"interests": ["art", "walking"]}}
    rebuilt = tuple(Reason.from_json(r) for r in stored)
    assert rebuilt == parts
    assert reason_text(rebuilt[2]) == "Both enjoy art, walking"
    pair = pair_explain(n, s, score_parts(n, s))
    assert pair.parts == parts


def test_reason_text_rejects_an_unknown_key():
    with pytest.raises(ValueError, match="unknown reason"):
        reason_text(Reason("nonsense"))
