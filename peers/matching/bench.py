"""Benchmark: `python -m peers.matching.bench [--sizes small,medium,large] [--seed N]`.

For each size it generates a synthetic UK instance (fixed seed) and, in one fresh process per
size, runs the exact pipeline (time split into candidates / solve / explain; peak memory as
the process's peak resident set size, `resource.getrusage(...).ru_maxrss`, which includes the
interpreter, libraries and the instance's Python objects), then two baselines on the same
instance in the same process: greedy (best pair first) and naive (nested loops calling geopy
per pair, then greedy; timed on a sample and extrapolated when the whole would take over a
minute). Finally it times instant suggestions against 10,000 supporters.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

from .candidates import candidates_build
from .encoding import SupporterIndex, Vocabulary, encode
from .model import MatchInput, Newcomer, Supporter
from .pipeline import excluded_keys, match, result_from_rows
from .scoring import gender_ok, language_factor
from .solver import SolveStats, solve_greedy
from .suggest import suggest
from .synthetic import SIZES, generate

NAIVE_BUDGET_S = 60.0
"""The naive baseline runs in full only when its estimate is under this."""


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _objective(data: MatchInput, chosen: np.ndarray) -> tuple[float, int]:
    result = result_from_rows(data, chosen)
    return result.objective, len(result.pairs)


def greedy_baseline(data: MatchInput) -> dict[str, float]:
    """Greedy on the same allowed pairs (vectorised candidates, best pair first)."""
    started = time.perf_counter()
    vocab = Vocabulary()
    vocab.learn(data.newcomers)
    vocab.learn(data.supporters)
    index = SupporterIndex(data.supporters, vocab=vocab)
    newcomers = encode(data.newcomers, vocab, words=index.words)
    rows_n = {p.id: k for k, p in enumerate(data.newcomers)}
    rows_s = {p.id: k for k, p in enumerate(data.supporters)}
    every = candidates_build(
        newcomers, index, excluded=excluded_keys(data, rows_n, rows_s)
    ).materialise()
    chosen = solve_greedy(len(data.newcomers), index.people.capacity, every)
    seconds = time.perf_counter() - started
    objective, matched = _objective(data, chosen)
    return {"seconds": seconds, "objective": objective, "matched": matched, "pairs": len(every)}


def _naive_score(n: Newcomer, s: Supporter, great_circle) -> float | None:
    """The spec's rules for one pair with geopy's distance (the straightforward way)."""
    d = great_circle((n.lat, n.lon), (s.lat, s.lon)).km
    lang, code = language_factor(n, s)
    if code is None or not gender_ok(n, s) or s.capacity <= 0:
        return None
    limit = min(n.max_km, s.radius_km)
    if d <= limit:
        dist = 1.0 if limit <= 0 else 1.0 - d / limit
    elif n.remote_ok and s.remote_ok:
        dist = 0.0
    else:
        return None
    union = len(n.interests | s.interests)
    interests = len(n.interests & s.interests) / union if union else 0.0
    avail = len(n.availability & s.availability) / len(n.availability) if n.availability else 0.0
    wait = min(n.waiting_days, 90) / 90
    return 0.4 * lang + 0.25 * dist + 0.15 * interests + 0.1 * avail + 0.1 * wait


def _naive_pairs(data: MatchInput, newcomers) -> list[tuple[float, int, int]]:
    from geopy.distance import great_circle

    rows_s = list(enumerate(data.supporters))
    out = []
    for a, n in newcomers:
        for b, s in rows_s:
            if (n.id, s.id) in data.exclude:
                continue
            score = _naive_score(n, s, great_circle)
            if score is not None:
                out.append((score, a, b))
    return out


def naive_baseline(data: MatchInput, sample_pairs: int = 200_000) -> dict[str, object]:
    """Nested loops over every pair calling geopy, then greedy; extrapolated when slow."""
    people = list(enumerate(data.newcomers))
    supporters = max(len(data.supporters), 1)
    sample = people[: max(1, sample_pairs // supporters)]
    started = time.perf_counter()
    _naive_pairs(data, sample)
    per_pair = (time.perf_counter() - started) / (len(sample) * supporters)
    estimate = per_pair * len(people) * supporters
    if estimate > NAIVE_BUDGET_S:
        return {"extrapolated": True, "seconds": estimate, "sample_newcomers": len(sample)}
    started = time.perf_counter()
    pairs = _naive_pairs(data, people)
    pairs.sort(key=lambda p: -p[0])
    left = [s.capacity for s in data.supporters]
    chosen = np.full(len(people), -1, dtype=np.int64)
    for _, a, b in pairs:
        if chosen[a] < 0 and left[b] > 0:
            chosen[a], left[b] = b, left[b] - 1
    seconds = time.perf_counter() - started
    objective, matched = _objective(data, chosen)
    return {"extrapolated": False, "seconds": seconds, "objective": objective, "matched": matched}


def run_size(name: str, seed: int) -> dict[str, object]:
    """One size, all measurements, in this process."""
    n_count, m_count = SIZES[name]
    started = time.perf_counter()
    data = generate(n_count, m_count, seed)
    generated = time.perf_counter() - started
    before = _peak_mb()
    timings: dict[str, float] = {}
    stats = SolveStats()
    started = time.perf_counter()
    result = match(data, timings=timings, stats=stats)
    total = time.perf_counter() - started
    peak = _peak_mb()
    greedy = greedy_baseline(data)
    naive = naive_baseline(data)
    return {
        "size": name,
        "newcomers": n_count,
        "supporters": m_count,
        "capacity": sum(s.capacity for s in data.supporters),
        "generate_s": generated,
        "total_s": total,
        **{f"{k}_s": v for k, v in timings.items() if k in ("candidates", "solve", "explain")},
        "pairs_listed": timings["pairs_listed"],
        "remote_cells": timings["remote_cells"],
        "allowed_pairs": stats.edges,
        "restricted": stats.restricted,
        "violations": stats.violations,
        "fallback": stats.fallback,
        "rss_before_mb": before,
        "peak_rss_mb": peak,
        "objective": result.objective,
        "matched": len(result.pairs),
        "greedy": greedy,
        "naive": naive,
    }


def suggestions(seed: int, supporters: int = 10_000, queries: int = 1_000) -> dict[str, float]:
    """Instant suggestions: index build time, and latency per newcomer for the top 5."""
    data = generate(queries, supporters, seed + 1)
    started = time.perf_counter()
    index = SupporterIndex(data.supporters)
    built = time.perf_counter() - started
    times = []
    for n in data.newcomers:
        started = time.perf_counter()
        suggest(index, n, limit=5)
        times.append(time.perf_counter() - started)
    ms = np.array(times) * 1000
    return {
        "supporters": supporters,
        "queries": queries,
        "index_s": built,
        "median_ms": float(np.median(ms)),
        "p95_ms": float(np.percentile(ms, 95)),
        "max_ms": float(ms.max()),
    }


def _report(r: dict) -> str:
    g, nv = r["greedy"], r["naive"]
    gain = 100.0 * (r["objective"] - g["objective"]) / g["objective"] if g["objective"] else 0.0
    lines = [
        f"== {r['size']}: {r['newcomers']:,} newcomers × {r['supporters']:,} supporters "
        f"(free capacity {r['capacity']:,}); instance generated in {r['generate_s']:.1f} s",
        f"  allowed pairs: {r['allowed_pairs']:,} = {r['pairs_listed']:,} in range (listed) + "
        f"{r['allowed_pairs'] - r['pairs_listed']:,} remote (kept in dense per-language blocks of "
        f"{r['remote_cells']:,} cells; a pair sharing k languages counts k times)",
        f"  exact:  {r['total_s']:.2f} s = candidates {r['candidates_s']:.2f} + solve "
        f"{r['solve_s']:.2f} + explain {r['explain_s']:.2f}; peak RSS {r['peak_rss_mb']:.0f} MB "
        f"(ru_maxrss; {r['rss_before_mb']:.0f} MB before the run)",
        f"          objective {r['objective']:.4f}, matched {r['matched']:,}; solver rounds "
        f"{len(r['restricted'])} on {r['restricted']} pairs, violations {r['violations']}"
        + (" (fell back to all pairs)" if r["fallback"] else ""),
        f"  greedy: {g['seconds']:.2f} s, objective {g['objective']:.4f}, matched "
        f"{g['matched']:,}; exact matches {r['matched'] - g['matched']:+,} people "
        f"(objective {gain:+.3f} %)",
    ]
    if nv["extrapolated"]:
        lines.append(
            f"  naive:  ~{nv['seconds']:,.0f} s EXTRAPOLATED from {nv['sample_newcomers']:,} "
            f"newcomers × all supporters (over {NAIVE_BUDGET_S:.0f} s, not run in full); "
            f"exact end to end is ~{nv['seconds'] / r['total_s']:,.0f}× faster"
        )
    else:
        lines.append(
            f"  naive:  {nv['seconds']:.2f} s, objective {nv['objective']:.4f}, matched "
            f"{nv['matched']:,}; exact end to end is {nv['seconds'] / r['total_s']:,.1f}× faster"
        )
    return "\n".join(lines)


def _child(*args: str) -> dict:
    """Runs this module with `args` in a fresh interpreter and reads its JSON line."""
    command = [sys.executable, "-m", "peers.matching.bench", *args]
    # Our own module with fixed arguments: nothing untrusted reaches the command line.
    done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m peers.matching.bench", description=__doc__)
    parser.add_argument("--sizes", default="small,medium,large", help="comma-separated sizes")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--suggest-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_size(args.one, args.seed)))
        return 0
    if args.suggest_only:
        print(json.dumps(suggestions(args.seed)))
        return 0
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown sizes {unknown}; choose from {sorted(SIZES)}")
    print(f"peers.matching benchmark, seed {args.seed}, {_cpu_line()}")
    for name in sizes:
        # A fresh process per size, so that its peak memory is its own.
        print(_report(_child("--one", name, "--seed", str(args.seed))), flush=True)
    s = _child("--suggest-only", "--seed", str(args.seed))
    print(
        f"== instant suggestions (top 5) with {s['supporters']:,} supporters: index built in "
        f"{s['index_s'] * 1000:.0f} ms once; per newcomer median {s['median_ms']:.1f} ms, "
        f"p95 {s['p95_ms']:.1f} ms, max {s['max_ms']:.1f} ms over {s['queries']:,} newcomers"
    )
    return 0


def _cpu_line() -> str:
    import os
    import platform

    return f"Python {platform.python_version()}, {os.cpu_count()} CPUs"


if __name__ == "__main__":
    sys.exit(main())
