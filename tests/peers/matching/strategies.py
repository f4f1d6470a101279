"""Hypothesis strategies for small random matching instances that exercise every rule."""

from hypothesis import strategies as st

from peers.matching import AVAILABILITY_SLOTS, Language, MatchInput, Newcomer, Supporter

CODES = ("ar", "fa", "en")
DIALECTS = (None, "north", "south")
INTERESTS = ("football", "cooking", "walking")
SLOTS = AVAILABILITY_SLOTS[:4]
GENDERS = (None, "f", "m")
# A box of about 20 × 13 km, and limits from "only here" to "anywhere in the box".
LAT, LON = (53.40, 53.58), (-2.35, -2.15)
LIMITS = (0.0, 2.0, 5.0, 10.0, 30.0)


@st.composite
def languages(draw):
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=2, unique=True))
    return tuple(
        Language(code, draw(st.sampled_from(DIALECTS)), draw(st.booleans())) for code in codes
    )


def _common(draw, prefix: str, k: int) -> dict:
    return {
        "id": f"{prefix}{k}",
        "lat": draw(st.floats(*LAT)),
        "lon": draw(st.floats(*LON)),
        "languages": draw(languages()),
        "interests": draw(st.frozensets(st.sampled_from(INTERESTS))),
        "availability": draw(st.frozensets(st.sampled_from(SLOTS))),
        "remote_ok": draw(st.booleans()),
        "gender": draw(st.sampled_from(GENDERS)),
        "wants_gender": draw(st.sampled_from((None, None, "f", "m"))),
    }


@st.composite
def instances(draw, max_newcomers: int = 6, max_supporters: int = 3, max_capacity: int = 2):
    """A MatchInput small enough for brute force: (supporters + 1) ** newcomers leaves."""
    n_count = draw(st.integers(0, max_newcomers))
    m_count = draw(st.integers(0, max_supporters))
    newcomers = [
        Newcomer(
            **_common(draw, "n", k),
            max_km=draw(st.sampled_from(LIMITS)),
            waiting_days=draw(st.integers(0, 200)),
        )
        for k in range(n_count)
    ]
    supporters = [
        Supporter(
            **_common(draw, "s", k),
            radius_km=draw(st.sampled_from(LIMITS)),
            capacity=draw(st.integers(0, max_capacity)),
        )
        for k in range(m_count)
    ]
    exclude = set()
    if n_count and m_count:
        exclude = draw(
            st.sets(
                st.tuples(
                    st.sampled_from([n.id for n in newcomers]),
                    st.sampled_from([s.id for s in supporters]),
                ),
                max_size=2,
            )
        )
    return MatchInput(newcomers, supporters, exclude)


@st.composite
def crowded_instances(draw, newcomers: int = 14, supporters: int = 5):
    """Everyone remote-OK and sharing a code, so that each newcomer has many options and the
    solver's pruning really drops pairs (too big for brute force; compared with no pruning)."""
    people = []
    for k in range(newcomers):
        fields = _common(draw, "n", k)
        fields["remote_ok"] = True
        fields["wants_gender"] = None
        fields["languages"] = (
            Language("ar", draw(st.sampled_from(DIALECTS)), draw(st.booleans())),
        )
        people.append(
            Newcomer(
                **fields,
                max_km=draw(st.sampled_from(LIMITS)),
                waiting_days=draw(st.integers(0, 200)),
            )
        )
    helpers = []
    for k in range(supporters):
        fields = _common(draw, "s", k)
        fields["remote_ok"] = True
        fields["wants_gender"] = None
        fields["languages"] = (
            Language("ar", draw(st.sampled_from(DIALECTS)), True),
            *draw(st.sampled_from([(), (Language("en", None, False),)])),
        )
        helpers.append(
            Supporter(
                **fields, radius_km=draw(st.sampled_from(LIMITS)), capacity=draw(st.integers(1, 3))
            )
        )
    return MatchInput(people, helpers)
