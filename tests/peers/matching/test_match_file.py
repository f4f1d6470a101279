"""`manage.py match_file IN.json OUT.json`: round trip and every malformed-input case."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from peers.matching.jsonio import match_input_from_json, match_input_to_json
from peers.matching.synthetic import generate

from .reference import ref_score

BASE_DIR = Path(__file__).resolve().parents[3]

DESIGN_EXAMPLE = {
    "newcomers": [
        {
            "id": "n1",
            "lat": 53.41,
            "lon": -2.98,
            "languages": [
                {"code": "ar", "dialect": "sudanese", "first": True},
                {"code": "en", "first": False},
            ],
            "interests": ["football", "cooking"],
            "availability": ["mon-am", "sat-pm"],
            "max_km": 10,
            "remote_ok": True,
            "gender": "f",
            "wants_gender": "f",
            "waiting_days": 12,
        },
        {
            "id": "n2",
            "lat": 51.5,
            "lon": -0.12,
            "languages": [{"code": "ti", "first": True}],
            "interests": [],
            "availability": [],
            "max_km": 5,
            "remote_ok": False,
            "waiting_days": 0,
        },
    ],
    "supporters": [
        {
            "id": "s1",
            "lat": 53.40,
            "lon": -2.95,
            "languages": [{"code": "ar", "dialect": "sudanese", "first": True}],
            "interests": ["football"],
            "availability": ["sat-pm"],
            "radius_km": 15,
            "remote_ok": False,
            "gender": "f",
            "wants_gender": None,
            "capacity": 2,
        },
        {
            "id": "s9",
            "lat": 53.40,
            "lon": -2.95,
            "languages": [{"code": "ar", "dialect": None, "first": False}],
            "interests": [],
            "availability": [],
            "radius_km": 15,
            "remote_ok": True,
            "gender": "f",
            "capacity": 1,
        },
    ],
    "exclude": [["n1", "s9"]],
}


def run(tmp_path, document, *, raw: str | None = None):
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(raw if raw is not None else json.dumps(document), encoding="utf-8")
    call_command("match_file", str(source), str(target))
    return json.loads(target.read_text(encoding="utf-8"))


def test_match_file_writes_the_design_output_shape(tmp_path):
    out = run(tmp_path, DESIGN_EXAMPLE)
    assert set(out) == {"pairs", "unmatched", "objective"}
    (pair,) = out["pairs"]
    assert set(pair) == {"newcomer", "supporter", "score", "distance_km", "remote", "reasons"}
    assert (pair["newcomer"], pair["supporter"], pair["remote"]) == ("n1", "s1", False)
    data = match_input_from_json(DESIGN_EXAMPLE)
    assert pair["score"] == pytest.approx(ref_score(data.newcomers[0], data.supporters[0]))
    assert pair["distance_km"] == pytest.approx(2.28, abs=0.01)
    assert pair["reasons"] == [
        "You both speak Arabic (sudanese)",
        "About 2 km apart",
        "Both enjoy football",
        "Free at the same times",
    ]
    assert out["unmatched"] == ["n2"]
    assert out["objective"] == pytest.approx(1 + pair["score"])
    assert not list(tmp_path.glob(".*.tmp"))


def test_match_file_round_trip_of_a_synthetic_instance(tmp_path):
    data = generate(120, 40, seed=5)
    document = match_input_to_json(data)
    assert match_input_from_json(json.loads(json.dumps(document))) == data
    out = run(tmp_path, document)
    assert len(out["pairs"]) + len(out["unmatched"]) == 120
    assert out["objective"] == pytest.approx(sum(1 + p["score"] for p in out["pairs"]))


def test_match_file_accepts_absent_and_null_optional_fields(tmp_path):
    document = copy.deepcopy(DESIGN_EXAMPLE)
    for person in document["newcomers"] + document["supporters"]:
        person.pop("gender", None)
        person["wants_gender"] = None
        for lang in person["languages"]:
            lang.pop("dialect", None)
    del document["exclude"]
    out = run(tmp_path, document)
    assert {p["supporter"] for p in out["pairs"]} <= {"s1", "s9"}


def test_match_file_remote_pair_in_the_output(tmp_path):
    document = copy.deepcopy(DESIGN_EXAMPLE)
    document["exclude"] = []
    document["supporters"][0]["capacity"] = 0
    document["newcomers"][0]["wants_gender"] = None
    document["supporters"][1]["lat"] = 55.86  # Glasgow: out of range, both remote-OK
    out = run(tmp_path, document)
    (pair,) = out["pairs"]
    assert pair["supporter"] == "s9" and pair["remote"] is True
    assert "Remote support (by chat)" in pair["reasons"]


def _set(path: str, value):
    def change(doc):
        *parents, last = path.split("/")
        node = doc
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if value is DELETE:
            del node[int(last) if isinstance(node, list) else last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
        return doc

    return change


DELETE = object()

MALFORMED = [
    # (case, change, expected words in the message)
    (
        "missing lat",
        _set("newcomers/0/lat", DELETE),
        ['newcomers[0] (id "n1")', '"lat"', "missing"],
    ),
    (
        "mistyped lat",
        _set("newcomers/0/lat", "53.4"),
        ['newcomers[0] (id "n1")', '"lat"', "number"],
    ),
    ("boolean lat", _set("newcomers/0/lat", True), ['newcomers[0] (id "n1")', '"lat"', "number"]),
    (
        "lat above 90",
        _set("newcomers/1/lat", 90.5),
        ['newcomers[1] (id "n2")', '"lat"', "between -90 and 90"],
    ),
    (
        "lat below -90",
        _set("supporters/0/lat", -91),
        ['supporters[0] (id "s1")', '"lat"', "between -90 and 90"],
    ),
    (
        "lon outside 180",
        _set("supporters/1/lon", 181),
        ['supporters[1] (id "s9")', '"lon"', "between -180 and 180"],
    ),
    (
        "lon below -180",
        _set("newcomers/0/lon", -180.01),
        ['newcomers[0] (id "n1")', '"lon"', "between"],
    ),
    (
        "unknown slot",
        _set("newcomers/0/availability/1", "sat-night"),
        ['newcomers[0] (id "n1")', '"availability[1]"', "sat-night"],
    ),
    (
        "slot with capitals",
        _set("supporters/0/availability/0", "Sat-pm"),
        ['supporters[0] (id "s1")', '"availability[0]"'],
    ),
    (
        "negative capacity",
        _set("supporters/1/capacity", -1),
        ['supporters[1] (id "s9")', '"capacity"', "negative"],
    ),
    (
        "fractional capacity",
        _set("supporters/1/capacity", 1.5),
        ['supporters[1] (id "s9")', '"capacity"', "whole"],
    ),
    (
        "capacity as text",
        _set("supporters/1/capacity", "2"),
        ['supporters[1] (id "s9")', '"capacity"'],
    ),
    (
        "missing capacity",
        _set("supporters/1/capacity", DELETE),
        ['supporters[1] (id "s9")', '"capacity"', "missing"],
    ),
    (
        "negative max_km",
        _set("newcomers/0/max_km", -1),
        ['newcomers[0] (id "n1")', '"max_km"', "at least 0"],
    ),
    (
        "negative radius_km",
        _set("supporters/0/radius_km", -0.5),
        ['supporters[0] (id "s1")', '"radius_km"', "at least 0"],
    ),
    ("infinite radius_km", None, ['supporters[0] (id "s1")', '"radius_km"', "finite"]),
    (
        "negative waiting_days",
        _set("newcomers/1/waiting_days", -3),
        ['newcomers[1] (id "n2")', '"waiting_days"', "negative"],
    ),
    (
        "missing waiting_days",
        _set("newcomers/1/waiting_days", DELETE),
        ['newcomers[1] (id "n2")', '"waiting_days"', "missing"],
    ),
    (
        "remote_ok as text",
        _set("newcomers/0/remote_ok", "yes"),
        ['newcomers[0] (id "n1")', '"remote_ok"', "true or false"],
    ),
    (
        "missing remote_ok",
        _set("supporters/0/remote_ok", DELETE),
        ['supporters[0] (id "s1")', '"remote_ok"', "missing"],
    ),
    (
        "duplicate newcomer id",
        _set("newcomers/1/id", "n1"),
        ['newcomers[1] (id "n1")', '"id"', "newcomers[0]"],
    ),
    (
        "duplicate supporter id",
        _set("supporters/1/id", "s1"),
        ['supporters[1] (id "s1")', '"id"', "supporters[0]"],
    ),
    ("missing id", _set("supporters/1/id", DELETE), ["supporters[1]", '"id"', "missing"]),
    ("numeric id", _set("newcomers/0/id", 7), ["newcomers[0]", '"id"', "string"]),
    ("unknown newcomer in exclude", _set("exclude/0", ["n7", "s9"]), ["exclude[0]", '"n7"']),
    ("unknown supporter in exclude", _set("exclude/0", ["n1", "s7"]), ["exclude[0]", '"s7"']),
    ("exclude item shape", _set("exclude/0", ["n1"]), ["exclude[0]", "pair"]),
    ("exclude not a list", _set("exclude", {"n1": "s9"}), ["input", '"exclude"', "list"]),
    (
        "upper-case code",
        _set("newcomers/0/languages/0/code", "AR"),
        ['newcomers[0] (id "n1")', '"languages[0].code"', "'AR'"],
    ),
    (
        "region in code",
        _set("supporters/0/languages/0/code", "ar-SD"),
        ['supporters[0] (id "s1")', '"languages[0].code"', "shape"],
    ),
    (
        "long code",
        _set("newcomers/1/languages/0/code", "tigrinya"),
        ['newcomers[1] (id "n2")', '"languages[0].code"', "shape"],
    ),
    (
        "code missing",
        _set("newcomers/1/languages/0/code", DELETE),
        ['newcomers[1] (id "n2")', '"languages[0].code"', "missing"],
    ),
    (
        "first missing",
        _set("newcomers/1/languages/0/first", DELETE),
        ['newcomers[1] (id "n2")', '"languages[0].first"', "missing"],
    ),
    (
        "dialect with spaces",
        _set("newcomers/0/languages/0/dialect", "north sudan"),
        ['newcomers[0] (id "n1")', '"languages[0].dialect"'],
    ),
    (
        "language not an object",
        _set("newcomers/0/languages/1", "en"),
        ['newcomers[0] (id "n1")', '"languages[1]"', "object"],
    ),
    (
        "language twice",
        _set("newcomers/0/languages/1/code", "ar"),
        ['newcomers[0] (id "n1")', '"languages[1].code"', "twice"],
    ),
    (
        "languages not a list",
        _set("supporters/0/languages", "ar"),
        ['supporters[0] (id "s1")', '"languages"', "list"],
    ),
    (
        "interest not a string",
        _set("newcomers/0/interests/0", 3),
        ['newcomers[0] (id "n1")', '"interests[0]"'],
    ),
    ("empty gender", _set("supporters/0/gender", ""), ['supporters[0] (id "s1")', '"gender"']),
    (
        "wants_gender as number",
        _set("newcomers/0/wants_gender", 1),
        ['newcomers[0] (id "n1")', '"wants_gender"'],
    ),
    ("person not an object", _set("supporters/1", ["s9"]), ["supporters[1]", "object"]),
    ("missing supporters", _set("supporters", DELETE), ["input", '"supporters"', "missing"]),
    ("newcomers not a list", _set("newcomers", {}), ["input", '"newcomers"', "list"]),
    ("top level not an object", lambda doc: [doc], ["input", "object"]),
]


@pytest.mark.parametrize(("case", "change", "words"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_match_file_rejects_malformed_input_and_writes_nothing(tmp_path, case, change, words):
    document = copy.deepcopy(DESIGN_EXAMPLE)
    if change is None:  # JSON's Infinity cannot be built by json.dumps with allow_nan=False
        raw = json.dumps(document).replace('"radius_km": 15', '"radius_km": Infinity', 1)
    else:
        raw = json.dumps(change(document))
    target = tmp_path / "out.json"
    with pytest.raises(CommandError) as failure:
        run(tmp_path, None, raw=raw)
    message = str(failure.value)
    for word in words:
        assert word in message, f"{case}: {word!r} not in {message!r}"
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["in.json"]


def test_match_file_rejects_text_that_is_not_json(tmp_path):
    with pytest.raises(CommandError, match="not valid JSON"):
        run(tmp_path, None, raw='{"newcomers": [')
    assert not (tmp_path / "out.json").exists()


def test_match_file_missing_input_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("match_file", str(tmp_path / "nope.json"), str(tmp_path / "out.json"))


def test_match_file_failure_leaves_an_existing_output_untouched(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("previous run", encoding="utf-8")
    bad = copy.deepcopy(DESIGN_EXAMPLE)
    bad["newcomers"][0]["lat"] = 100
    (tmp_path / "in.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("match_file", str(tmp_path / "in.json"), str(target))
    assert target.read_text(encoding="utf-8") == "previous run"


def _manage(*args: str, importtime: bool = False) -> subprocess.CompletedProcess:
    command = [sys.executable, *(["-X", "importtime"] if importtime else []), "manage.py", *args]
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        command, cwd=BASE_DIR, capture_output=True, text=True, timeout=120
    )


def test_manage_py_match_file_starts_without_django(tmp_path):
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps(DESIGN_EXAMPLE))

    finished = _manage("match_file", str(source), str(target), importtime=True)

    assert finished.returncode == 0, finished.stderr
    imported = {line.split("|")[-1].strip() for line in finished.stderr.splitlines()}
    assert "peers.matching" in imported
    assert not {name for name in imported if name.split(".")[0] in {"django", "allauth"}}
    call_command("match_file", str(source), str(tmp_path / "django.json"))
    assert json.loads(target.read_text()) == json.loads((tmp_path / "django.json").read_text())
    assert finished.stdout.startswith("Matched 1 of 2 newcomers")


def test_manage_py_match_file_fails_as_the_django_command_does(tmp_path):
    finished = _manage("match_file", str(tmp_path / "missing.json"), str(tmp_path / "out.json"))

    assert finished.returncode == 1
    assert finished.stderr.startswith("CommandError: Cannot read")
    assert not (tmp_path / "out.json").exists()
