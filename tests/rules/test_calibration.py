"""Calibration arithmetic: matching findings to ground truth, precision, recall, coverage,
and complete evidence: a finding citing what its bundle lacks fails calibration."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from harness.commands.calibrate import lab_apps, render, scenario_path
from harness.errors import InputError
from harness.evidence.contents import read_bundle
from harness.evidence.report.citations import unresolved_citations
from harness.hostlab.calibration import SuiteResult, compare, describe, failed_run, found_key
from harness.hostlab.labapp import ExpectedFinding
from harness.model import DataCategory, Phase
from harness.rules.pack import load_rule_pack
from tests.conftest import REPO_ROOT
from tests.evidence.builders import build_bundle

D, A = DataCategory.DEVICE_ID, DataCategory.ANDROID_ID
PRE = Phase.PRE_CONSENT


def test_exact_match_is_all_true_positives() -> None:
    expected = [ExpectedFinding("collect-before-consent", D, PRE)]
    run = compare("a", "s", expected, [("collect-before-consent", "device_id", "pre_consent", "x")])
    assert run.ok and run.true_positives == 1 and not run.extra and not run.missing


def test_a_named_collector_must_match() -> None:
    expected = [ExpectedFinding("share-before-consent", D, PRE, "Umeng")]
    wrong = compare("a", "s", expected, [("share-before-consent", "device_id", "pre_consent", "X")])
    assert len(wrong.missing) == 1 and len(wrong.extra) == 1


def test_two_findings_where_one_was_expected_is_one_false_positive() -> None:
    expected = [ExpectedFinding("beyond-necessary", A, None)]
    found = [
        ("beyond-necessary", "android_id", "", "first_party"),
        ("beyond-necessary", "android_id", "", "Umeng"),
    ]
    run = compare("a", "s", expected, found)
    assert run.true_positives == 1 and len(run.extra) == 1


def test_named_expectations_are_matched_before_loose_ones() -> None:
    # The loose one must not take the finding the named one needs.
    expected = [
        ExpectedFinding("beyond-necessary", A, None),
        ExpectedFinding("beyond-necessary", A, None, "Umeng"),
    ]
    found = [
        ("beyond-necessary", "android_id", "", "Umeng"),
        ("beyond-necessary", "android_id", "", "first_party"),
    ]
    assert compare("a", "s", expected, found).ok


def test_suite_totals_and_rule_coverage() -> None:
    good = compare(
        "a", "s1", [ExpectedFinding("collect-before-consent", D, PRE)],
        [("collect-before-consent", "device_id", "pre_consent", "first_party")],
    )  # fmt: skip
    extra = compare("b", "s1", [], [("background-collection", "location", "post_consent", "x")])
    missed = compare("b", "s2", [ExpectedFinding("forced-permission", D, None)], [])
    rules = ("collect-before-consent", "background-collection", "forced-permission")
    suite = SuiteResult((good, extra, missed), rules)
    assert (suite.tp, suite.fp, suite.fn) == (1, 1, 1)
    assert suite.precision == 0.5 and suite.recall == 0.5
    # Found but not expected does not count as tripped; expected but missed neither.
    assert suite.rules_tripped() == ["collect-before-consent"]
    assert suite.rules_untripped() == ["background-collection", "forced-permission"]
    assert not suite.passed
    summary = suite.summary_json()
    assert summary["apps"] == 2 and summary["runs"] == 3 and summary["precision"] == 0.5


def test_a_failed_run_counts_its_expectations_as_missed() -> None:
    run = failed_run("a", "s", [ExpectedFinding("forced-permission", D, None)], "infra_fault: x")
    suite = SuiteResult((run,), ("forced-permission",))
    assert suite.recall == 0.0 and suite.precision == 1.0 and not suite.passed
    assert suite.summary_json()["errors"] == 1


def test_no_findings_and_no_expectations_is_perfect() -> None:
    suite = SuiteResult((compare("c", "s", [], []),), ())
    assert suite.precision == 1.0 and suite.recall == 1.0 and suite.passed


def test_found_key_and_describe() -> None:
    row = {"rule": "beyond-necessary", "category": "imsi", "phase": None, "collector": "个推"}
    assert found_key(row) == ("beyond-necessary", "imsi", "", "个推")
    assert describe(found_key(row)) == "beyond-necessary / imsi / - / 个推"
    assert (
        describe(ExpectedFinding("forced-permission", D, None)) == "forced-permission / device_id"
    )


def test_every_lab_app_scenario_resolves_and_the_suite_is_big_enough() -> None:
    apps = [a for a in lab_apps(REPO_ROOT / "lab", None) if a.expected_findings]
    assert len(apps) >= 6
    names = {a.name for a in apps}
    assert {"calibration", "compliant", "refusal", "tracker", "overreach", "pushy"} <= names
    for app in apps:
        for scenario, _ in app.expected_findings:
            assert scenario_path(app, scenario).is_file()
    compliant = next(a for a in apps if a.name == "compliant")
    assert all(not expected for _, expected in compliant.expected_findings)
    # Every rule of the pack is expected from some app.
    expected_rules = {e.rule for a in apps for _, es in a.expected_findings for e in es}
    assert set(load_rule_pack().rules) <= expected_rules


def test_a_scenario_nowhere_to_be_found_is_an_input_error() -> None:
    (app,) = lab_apps(REPO_ROOT / "lab", "compliant")
    with pytest.raises(InputError) as caught:
        scenario_path(app, "no-such-scenario")
    assert caught.value.path == app.folder / "app.yaml"


def test_a_device_run_passes_without_tripping_every_rule() -> None:
    # The device kit alone trips only its own rules; the host lab's apps must trip them all.
    good = compare(
        "kit", "s1", [ExpectedFinding("collect-before-consent", D, PRE)],
        [("collect-before-consent", "device_id", "pre_consent", "first_party")],
    )  # fmt: skip
    rules = ("collect-before-consent", "forced-permission")
    assert not SuiteResult((good,), rules).passed
    on_device = SuiteResult((good,), rules, every_rule=False)
    assert on_device.passed
    assert on_device.rules_untripped() == ["forced-permission"]  # still reported
    assert on_device.summary_json()["every_rule_required"] is False
    missed = compare("kit", "s2", [ExpectedFinding("forced-permission", D, None)], [])
    assert not SuiteResult((good, missed), rules, every_rule=False).passed


def test_a_collector_named_by_another_name_of_the_same_sdk_matches() -> None:
    """Ground truth may name an SDK as a reference list or its vendor does (个推, 友盟统计,
    AutoNavi / Amap): the SDK database knows them as one; another SDK never matches."""
    from harness.sdk import SdkDatabase

    same = SdkDatabase.load().same_sdk
    finding = ("collect-before-consent", "device_id", "pre_consent", "Getui Push")
    for name, matches in (("个推", True), ("Getui Push", True), ("Umeng Analytics", False)):
        expected = ExpectedFinding(
            rule="collect-before-consent",
            category=DataCategory.DEVICE_ID,
            phase=Phase.PRE_CONSENT,
            collector=name,
        )
        result = compare("app", "s", [expected], [finding], same=same)
        assert (result.true_positives == 1) is matches, name
    assert same("友盟统计", "Umeng Analytics") and same("AutoNavi / Amap", "AMap")
    assert not same("first_party", "Getui Push")


def _calibrated(bundle: Path) -> SuiteResult:
    """One run scored as `harness calibrate` scores it: its findings against themselves as
    ground truth (so precision = recall = 1.0), and its bundle's citations checked."""
    rows = json.loads((bundle / "findings.json").read_text(encoding="utf-8"))
    found = [found_key(row) for row in rows]
    expected = [
        ExpectedFinding(
            r["rule"],
            DataCategory(r["category"]) if r["category"] else None,
            Phase(r["phase"]) if r["phase"] else None,
        )
        for r in rows
    ]
    dangling = unresolved_citations(read_bundle(bundle))
    run = compare("sample", "first-launch-accept", expected, found, dangling=dangling)
    return SuiteResult((run,), tuple(sorted({r["rule"] for r in rows})))


def test_calibration_requires_every_cited_record_in_the_bundle(tmp_path: Path) -> None:
    complete = build_bundle(tmp_path / "complete").path
    suite = _calibrated(complete)
    assert suite.precision == suite.recall == 1.0 and suite.passed  # the control passes

    broken = tmp_path / "broken"
    shutil.copytree(complete, broken)
    rows = json.loads((broken / "findings.json").read_text(encoding="utf-8"))
    # Declared in the bundle's manifest (app_identity): resolves. Not declared: dangles.
    rows[0]["evidence"].append({"kind": "manifest", "id": "android.permission.READ_PHONE_STATE"})
    rows[0]["evidence"].append({"kind": "manifest", "id": "android.permission.READ_CONTACTS"})
    rows[1]["evidence"].append({"kind": "event", "id": "ev9999999"})
    (broken / "findings.json").write_text(json.dumps(rows), encoding="utf-8")
    suite = _calibrated(broken)
    assert suite.precision == suite.recall == 1.0
    assert not suite.passed
    (run,) = suite.runs
    assert run.dangling == (
        "F1: manifest android.permission.READ_CONTACTS",
        "F2: event ev9999999",
    )
    assert suite.summary_json()["incomplete_evidence"] == 1
    table = render(suite)
    assert "INCOMPLETE" in table
    assert "cites what the bundle lacks: F2: event ev9999999" in table


def test_every_rule_of_the_pack_has_ground_truth() -> None:
    # With every calibration shard exact (tests/rules/test_calibration_hostlab_*.py), this is
    # what makes every rule of the pack tripped by some lab app.
    expected = {
        finding.rule
        for app in lab_apps(REPO_ROOT / "lab", None)
        for _, findings in app.expected_findings
        for finding in findings
    }
    assert set(load_rule_pack().rules) <= expected


def test_the_calibration_shards_partition_the_lab() -> None:
    from tests.rules.calibration_shards import SHARDS, shard_apps

    shards = [shard_apps(k) for k in range(SHARDS)]
    every = [app.name for app in lab_apps(REPO_ROOT / "lab", None) if app.expected_findings]
    assert sorted(name for shard in shards for name in shard) == sorted(every)
    assert "tracker" in shards[0]  # the rescoring test reads its bundles
