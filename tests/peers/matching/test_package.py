"""The package's boundaries: no Django, a working benchmark, reproducible instances."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import peers.matching
from peers.matching import Language, MatchInput, Newcomer, Reason, Supporter, Weights
from peers.matching.bench import main as bench_main
from peers.matching.bench import run_size
from peers.matching.synthetic import generate

PACKAGE = Path(peers.matching.__file__).parent


def test_package_imports_no_django_in_a_fresh_interpreter():
    code = (
        "import sys, importlib, pkgutil, peers.matching as m\n"
        "for info in pkgutil.iter_modules(m.__path__):\n"
        "    importlib.import_module('peers.matching.' + info.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'django' or n.startswith('django.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    env = {"PYTHONPATH": str(PACKAGE.parent.parent), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_package_source_never_imports_django(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        assert not any(n == "django" or n.startswith("django.") for n in names), path.name


def test_model_dataclasses_are_frozen_and_normalise_collections():
    n = Newcomer("n1", 53.0, -2.0, [Language("ar", first=True)], ["a", "a"], ["mon-am"])
    assert n.languages == (Language("ar", first=True),)
    assert n.interests == frozenset({"a"}) and isinstance(n.availability, frozenset)
    with pytest.raises(AttributeError):
        n.lat = 1.0  # type: ignore[misc]
    data = MatchInput([n], [], [["n1", "s1"]])
    assert data.exclude == frozenset({("n1", "s1")})
    assert hash(data) == hash(MatchInput((n,), (), {("n1", "s1")}))


def test_model_rejects_a_language_listed_twice():
    with pytest.raises(ValueError, match="twice"):
        Supporter("s1", 53.0, -2.0, [Language("ar"), Language("ar", "syrian")])


def test_model_weights_defaults_are_the_spec():
    w = Weights()
    assert (w.lang, w.dist, w.interests, w.avail, w.wait, w.wait_cap_days) == (
        0.40,
        0.25,
        0.15,
        0.10,
        0.10,
        90,
    )
    with pytest.raises(ValueError):
        Weights(lang=-1)


def test_model_reason_json_round_trip():
    reason = Reason("distance", (("km", 3),))
    assert Reason.from_json(reason.as_json()) == reason
    assert reason.param("km") == 3


def test_synthetic_instances_are_reproducible():
    assert generate(50, 20, seed=3) == generate(50, 20, seed=3)
    assert generate(50, 20, seed=3) != generate(50, 20, seed=4)


def test_bench_small_size_reports_consistent_figures():
    figures = run_size("small", 2024)
    assert figures["matched"] <= figures["newcomers"]
    # Lexicographic: the exact run matches at least as many people as either baseline.
    assert figures["matched"] >= figures["greedy"]["matched"]
    naive = figures["naive"]
    assert naive["extrapolated"] is False
    assert naive["matched"] <= figures["matched"]


def test_bench_rejects_an_unknown_size():
    with pytest.raises(SystemExit):
        bench_main(["--sizes", "huge"])
