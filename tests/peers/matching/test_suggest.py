import pytest

from peers.matching import Language, SupporterIndex
from peers.matching.suggest import suggest
from peers.matching.synthetic import generate

from .reference import newcomer, north, ref_score, supporter


def brute_top(n, helpers, limit=5, exclude=()):
    ranked = sorted(
        (-score, s.id)
        for s in helpers
        if s.id not in exclude and (score := ref_score(n, s)) is not None
    )
    return [sid for _, sid in ranked[:limit]]


def test_suggest_matches_brute_force_top_five():
    data = generate(150, 800, seed=21)
    index = SupporterIndex(data.supporters)
    for n in data.newcomers:
        got = suggest(index, n)
        assert [p.supporter for p in got] == brute_top(n, data.supporters)
        for p in got:
            s = data.supporters[index.row[p.supporter]]
            assert p.score == pytest.approx(ref_score(n, s), abs=1e-12)
            assert p.reasons


def test_suggest_respects_exclusions_and_limit():
    helpers = [supporter(f"s{k}", **north(k)) for k in range(8)]
    index = SupporterIndex(helpers)
    n = newcomer()
    assert [p.supporter for p in suggest(index, n, limit=3)] == ["s0", "s1", "s2"]
    got = suggest(index, n, limit=3, exclude={"s0", "s2", "nobody"})
    assert [p.supporter for p in got] == ["s1", "s3", "s4"]
    assert suggest(index, n, limit=0) == ()


def test_suggest_ties_are_broken_by_supporter_id():
    index = SupporterIndex([supporter("s2"), supporter("s1"), supporter("s3")])
    assert [p.supporter for p in suggest(index, newcomer(), limit=2)] == ["s1", "s2"]


def test_suggest_with_tokens_the_index_has_never_seen():
    index = SupporterIndex(
        [
            supporter("s1", languages=(Language("ar", "syrian", True),), gender="f"),
            supporter("s2", languages=(Language("ar", None, True),), interests={"chess"}),
        ]
    )
    # An unknown dialect still differs from a given one; unknown interests still count.
    n = newcomer(
        languages=(Language("ar", "yemeni", True), Language("zz", first=False)),
        interests={"chess", "poetry"},
    )
    got = {p.supporter: p.score for p in suggest(index, n)}
    assert got["s1"] == pytest.approx(ref_score(n, index.supporters[0]))
    assert got["s2"] == pytest.approx(ref_score(n, index.supporters[1]))
    # A wanted gender nobody in the index has rules everyone out.
    assert suggest(index, newcomer(wants_gender="x")) == ()
    assert suggest(index, newcomer(languages=(Language("zz", first=True),))) == ()


def test_suggest_remote_and_capacity():
    index = SupporterIndex(
        [
            supporter("far", remote_ok=True, **north(200)),
            supporter("full", capacity=0),
        ]
    )
    assert [p.supporter for p in suggest(index, newcomer(remote_ok=True))] == ["far"]
    assert suggest(index, newcomer(remote_ok=False)) == ()
