"""Why people are still waiting: the first hard rule that keeps each newcomer unmatched."""

import pytest

from peers.matching import (
    Language,
    MatchInput,
    Newcomer,
    Reason,
    Supporter,
    Translator,
    reason_text,
    waiting_reason,
    waiting_summary,
)

TI = (Language("ti", None, True),)
AR = (Language("ar", "sudanese", True),)


def newcomer(**overrides) -> Newcomer:
    fields = dict(id="n1", lat=54.5762, lon=-1.2348, languages=TI, max_km=5, remote_ok=False)
    fields.update(overrides)
    return Newcomer(**fields)


def supporter(**overrides) -> Supporter:
    fields = dict(id="s1", lat=54.5762, lon=-1.2348, languages=TI, radius_km=5, capacity=1)
    fields.update(overrides)
    return Supporter(**fields)


@pytest.mark.parametrize(
    ("n", "supporters", "key"),
    [
        (newcomer(), [], "no_speaker"),
        (newcomer(), [supporter(languages=AR)], "no_speaker"),
        (newcomer(), [supporter(lat=53.0, lon=-2.18)], "no_speaker_within"),
        (
            newcomer(remote_ok=True),
            [supporter(lat=53.0, lon=-2.18, remote_ok=True)],
            "all_taken",
        ),
        (newcomer(wants_gender="f"), [supporter(gender="m")], "no_gender_match"),
        (newcomer(gender="m"), [supporter(gender="f", wants_gender="f")], "no_gender_match"),
        (newcomer(), [supporter()], "all_taken"),
    ],
)
def test_waiting_reason_names_the_rule_that_blocks(n, supporters, key):
    assert waiting_reason(n, supporters)[0] == key


def test_waiting_summary_counts_by_reason_and_town():
    data = MatchInput(
        newcomers=(newcomer(id="a"), newcomer(id="b"), newcomer(id="c", languages=AR)),
        supporters=(supporter(languages=AR),),
    )

    summary = waiting_summary(data, ["a", "b"], {"a": "Hartlepool", "b": "Hartlepool"})

    assert summary == [
        {"key": "no_speaker", "params": {"language": "ti", "town": "Hartlepool"}, "count": 2}
    ]


def test_dialect_names_are_translated_through_the_translator():
    reason = Reason("language_dialect", (("language", "ar"), ("dialect", "sudanese")))
    translator = Translator(
        language_name=lambda code: {"ar": "Arabic"}[code],
        dialect_name=lambda code, token: f"{code}/{token.title()}",
    )

    assert reason_text(reason, translator) == "You both speak Arabic (ar/Sudanese)"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_waiting_reasons_on_arrays_agree_with_the_rule_by_rule_reference(seed):
    from peers.matching import waiting_reasons
    from peers.matching.synthetic import generate

    data = generate(300, 40, seed=seed)
    everyone = [n.id for n in data.newcomers]
    supporters = list(data.supporters)

    fast = waiting_reasons(data, everyone)

    assert fast == {n.id: waiting_reason(n, supporters) for n in data.newcomers}
    assert {key for key, _params in fast.values()} >= {"no_speaker_within", "all_taken"}
