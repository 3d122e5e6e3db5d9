"""excessive-frequency under the pack's default window and under the store-review profile
(at most one read a second; an identifier at most 3 times a session), chosen per run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.errors import InputError
from harness.model import DataCategory
from harness.rules.pack import DEFAULT_RULE_PACK, load_rule_pack
from tests.rules.builders import profile, read, scored, timeline

RULE = "excessive-frequency"
AID = DataCategory.ANDROID_ID


def _found(times: list[float], category: DataCategory = AID, frequency_profile: str | None = None):  # type: ignore[no-untyped-def]
    pack = load_rule_pack(frequency_profile=frequency_profile)
    events = [read(i, t, category) for i, t in enumerate(times)]
    found = scored(timeline(events, end=400.0), profile(), pack=pack).findings
    return [f for f in found if f.rule == RULE]


def test_the_profile_is_named_cited_and_versioned_apart_from_the_default() -> None:
    default = load_rule_pack()
    store = load_rule_pack(frequency_profile="store-review")
    assert store.version == f"{default.version}+store-review"
    rule = store.rules[RULE]
    assert rule.params["window_s"] == 1 and rule.params["max_reads"] == 1
    assert rule.params["max_identifier_reads"] == 3
    assert "应用商店" in rule.regulation.zh and "store" in rule.regulation.en
    assert rule.regulation.zh.startswith(default.rules[RULE].regulation.zh)
    assert {k: v for k, v in store.rules.items() if k != RULE} == {
        k: v for k, v in default.rules.items() if k != RULE
    }


def test_four_identifier_reads_minutes_apart_trip_only_the_store_profile() -> None:
    times = [12.0, 72.0, 132.0, 192.0]
    assert _found(times) == []
    (finding,) = _found(times, frequency_profile="store-review")
    assert finding.details["limits_broken"] == ["session"]
    assert finding.count == 4 and len(finding.evidence) == 4  # up to the first over the cap
    assert finding.rule_pack.endswith("+store-review")
    assert "应用商店" in finding.regulation


def test_three_identifier_reads_are_within_the_store_profile() -> None:
    assert _found([12.0, 72.0, 132.0], frequency_profile="store-review") == []


def test_two_reads_within_a_second_break_the_store_window_for_any_category() -> None:
    # The location is not an identifier: no session cap, but the one-a-second window holds.
    loc = DataCategory.LOCATION
    (finding,) = _found([12.0, 12.5], loc, frequency_profile="store-review")
    assert finding.details["limits_broken"] == ["window"]
    assert "max_identifier_reads" not in finding.details
    assert _found([12.0, 13.0, 14.0, 15.0, 16.0], loc, frequency_profile="store-review") == []
    assert _found([12.0, 12.5], loc) == []  # the default window allows it


def test_the_default_window_is_unchanged() -> None:
    every_2s = [12.0 + 2 * i for i in range(16)]
    (finding,) = _found(every_2s)
    assert finding.details["limits_broken"] == ["window"]
    assert finding.details["window_s"] == 30 and finding.details["max_reads"] == 10


def test_an_unknown_profile_is_an_input_error_naming_the_known_ones() -> None:
    with pytest.raises(InputError, match=r"no frequency profile .strict.*store-review"):
        load_rule_pack(frequency_profile="strict")


def test_a_bad_profile_threshold_is_located_in_the_pack(tmp_path: Path) -> None:
    text = DEFAULT_RULE_PACK.read_text(encoding="utf-8")
    bad = tmp_path / "pack.yaml"
    bad.write_text(text.replace("max_identifier_reads: 3", "max_identifier_reads: 0"), "utf-8")
    with pytest.raises(InputError) as caught:
        load_rule_pack(bad)
    message = str(caught.value)
    assert "frequency_profiles.store-review.params.max_identifier_reads" in message
    line = (
        text.splitlines().index(
            next(row for row in text.splitlines() if "max_identifier_reads: 3" in row)
        )
        + 1
    )
    assert f":{line}" in message


def test_harness_score_with_the_store_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main
    from tests.commands.test_score import make_bundle

    bundle = make_bundle(tmp_path)  # Umeng reads the Android ID 12 times, every 0.5 s
    status = main(["score", str(bundle), "--frequency-profile", "store-review"])
    out = capsys.readouterr().out.strip().splitlines()
    assert status == 0
    result = Path(out[-1])
    assert result.name.endswith(f"-{load_rule_pack().version}_store-review")  # a safe name
    rows = json.loads((result / "findings.json").read_text(encoding="utf-8"))
    (frequency,) = [r for r in rows if r["rule"] == RULE]
    assert frequency["details"]["limits_broken"] == ["window", "session"]
    assert frequency["rule_pack"].endswith("+store-review")
    record = json.loads((result / "scoring.json").read_text(encoding="utf-8"))
    assert record["rule_pack"]["version"].endswith("+store-review")


def test_a_suite_names_its_frequency_profile(tmp_path: Path) -> None:
    from harness.suite.spec import load_suite

    path = tmp_path / "s.yaml"
    path.write_text(
        "name: s\napps: [compliant]\nscenarios: [first-launch-accept]\n"
        "frequency_profile: store-review\n",
        encoding="utf-8",
    )
    assert load_suite(path).frequency_profile == "store-review"
    path.write_text(
        "name: s\napps: [compliant]\nscenarios: [first-launch-accept]\n", encoding="utf-8"
    )
    assert load_suite(path).frequency_profile is None


def test_an_unknown_profile_on_the_command_line_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from harness.cli import main
    from tests.commands.test_score import make_bundle

    bundle = make_bundle(tmp_path)
    assert main(["score", str(bundle), "--frequency-profile", "nope"]) == 2
    assert "no frequency profile 'nope'" in capsys.readouterr().err
