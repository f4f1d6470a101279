"""Benchmark: rank 10,000 activities for one person (`python -m activities.bench`).

Prints the time to encode the activities as arrays, to rank them with reasons for the first
page, and the naive one-at-a-time baseline (the matcher's scalar `score_parts` per activity),
and checks both give the same order. A command, not a test: tests check correctness only.
"""

from __future__ import annotations

import argparse
import random
import time

from activities.recommend import ActivityFacts, ActivityIndex, Person, rank, rank_naive
from peers.matching.model import AVAILABILITY_SLOTS, Language

CODES = ("en", "ar", "ti", "fa", "ps", "ku", "so", "ur", "uk", "fr", "am", "sq", "vi", "prs")
INTERESTS = (
    "football cricket running walking swimming cooking gardening art music sewing reading "
    "english-practice computers volunteering parenting chess-games nature coffee-chat"
).split()


def synthetic_activities(count: int, seed: int = 11) -> list[ActivityFacts]:
    """Activities scattered over England (1 in 10 online), 1–3 languages, 1–3 interests,
    1–3 weekly slots."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    activities = []
    for i in range(count):
        online = rng.random() < 0.1
        activities.append(
            ActivityFacts(
                id=i + 1,
                lat=None if online else rng.uniform(50.4, 55.0),
                lon=None if online else rng.uniform(-3.5, 1.4),
                online=online,
                languages=frozenset(rng.sample(CODES, rng.randint(1, 3))),
                interests=frozenset(rng.sample(INTERESTS, rng.randint(1, 3))),
                slots=frozenset(rng.sample(AVAILABILITY_SLOTS, rng.randint(1, 3))),
            )
        )
    return activities


SELAM = Person(
    lat=54.5762,
    lon=-1.2348,  # Middlesbrough
    languages=(Language("ti", first=True), Language("ar"), Language("en")),
    interests=frozenset({"cooking", "walking"}),
    availability=frozenset({"mon-pm", "tue-pm", "wed-pm", "thu-pm", "fri-pm"}),
    max_km=200,  # wide, so that thousands of activities are allowed and ranked
    remote_ok=True,
)


def best_of(repeats: int, work) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best * 1000, result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)

    activities = synthetic_activities(args.activities)
    encode_ms, index = best_of(args.repeats, lambda: ActivityIndex(activities))
    rank_ms, ranked = best_of(args.repeats, lambda: rank(SELAM, index, explain=20))
    naive_ms, baseline = best_of(max(1, args.repeats // 3), lambda: rank_naive(SELAM, activities))

    same = [r.id for r in ranked] == [r.id for r in baseline] and all(
        abs(a.score - b.score) < 1e-9 for a, b in zip(ranked, baseline, strict=True)
    )
    print(f"activities:               {len(activities):>8,}")
    print(f"allowed for the person:   {len(ranked):>8,}")
    print(f"encode as arrays:         {encode_ms:>8.1f} ms (once per list)")
    print(f"rank + reasons (top 20):  {rank_ms:>8.1f} ms")
    print(f"encode + rank:            {encode_ms + rank_ms:>8.1f} ms (budget 100 ms)")
    print(f"naive score_parts loop:   {naive_ms:>8.1f} ms")
    print(f"speed-up (rank vs naive): {naive_ms / rank_ms:>8.1f} ×")
    print(f"same order and scores:    {'yes' if same else 'NO'}")
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
