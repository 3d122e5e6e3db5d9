"""Nightly regression: new, fixed and unchanged findings per app; the gate; junit.xml."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main
from harness.model import Severity
from harness.results.diff import DiffStatus, diff_runs
from harness.results.location import index_url
from harness.results.query import parse_day
from harness.results.records import FindingRow, SessionRow
from harness.results.store import open_index
from harness.session.orchestrator import OutcomeKind
from harness.testkit.bundles import attempt, finding, job, sealed_bundle


def _session(run: str, app: str, outcome: str = "ok", sealed: bool | None = None) -> SessionRow:
    sealed = outcome == "ok" if sealed is None else sealed
    error = "" if outcome == "ok" else "boom"
    run_id = f"R-{run}-{app}" if sealed else ""
    return SessionRow(
        f"{run}/{app}#1", run, app, "sc", "lab-1", "h", 1, True, outcome, error, "", run_id,
        0.0, 1.0, 0,
    )  # fmt: skip


def _finding(run: str, app: str, rule: str, severity: str = "high") -> FindingRow:
    return FindingRow(f"{run}/{app}#1", run, app, "sc", "lab-1", 0.0, rule, "device_id",
                      "pre_consent", severity, "first_party", rule, 1)  # fmt: skip


def test_new_fixed_unchanged_per_app() -> None:
    diffs = diff_runs(
        [_session("B", "a"), _session("B", "gone")],
        [_finding("B", "a", "kept"), _finding("B", "a", "fixed-one")],
        [_session("C", "a"), _session("C", "fresh"), _session("C", "crashy", "app_fault")],
        [_finding("C", "a", "kept"), _finding("C", "a", "new-one", "low"),
         _finding("C", "fresh", "x")],
    )  # fmt: skip
    by_app = {d.app: d for d in diffs}
    a = by_app["a"]
    assert a.status is DiffStatus.COMPARED
    assert [f.rule for f in a.new] == ["new-one"]
    assert [f.rule for f in a.fixed] == ["fixed-one"]
    assert [f.rule for f in a.unchanged] == ["kept"]
    assert by_app["fresh"].status is DiffStatus.NO_BASELINE
    assert [f.rule for f in by_app["fresh"].new] == ["x"]
    assert by_app["crashy"].status is DiffStatus.FAILED and by_app["crashy"].error == "boom"
    assert by_app["gone"].status is DiffStatus.DROPPED
    # The gate: a new low finding passes a high gate, not a low one.
    assert a.gated(Severity.HIGH) == () and len(a.gated(Severity.LOW)) == 1


def test_a_crash_with_a_sealed_bundle_is_compared() -> None:
    (d,) = diff_runs(
        [_session("B", "a")],
        [_finding("B", "a", "kept")],
        [_session("C", "a", "app_fault", sealed=True)],
        [_finding("C", "a", "kept"), _finding("C", "a", "before-the-crash")],
    )
    assert d.status is DiffStatus.COMPARED and d.outcome == "app_fault"
    assert [f.rule for f in d.new] == ["before-the-crash"]


def test_a_failed_baseline_session_means_no_baseline() -> None:
    (d,) = diff_runs(
        [_session("B", "a", "infra_fault")], [], [_session("C", "a")], [_finding("C", "a", "r")]
    )
    assert d.status is DiffStatus.NO_BASELINE and d.baseline_outcome == "infra_fault"
    assert [f.rule for f in d.new] == ["r"]


def _night(index: Any, tmp_path: Path, run: str, day: str, found: dict[str, list[dict[str, Any]]],
           faults: dict[str, str] | None = None, suite: str = "nightly",
           hour: int = 2) -> None:  # fmt: skip
    started = parse_day(day) + hour * 3600  # the run's start decides which day it belongs to
    index.begin_suite_run(run, suite, "h", len(found) + len(faults or {}), started)
    for app, items in found.items():
        j = job(run, app)
        bundle = sealed_bundle(tmp_path / run, app, items)
        index.record_attempt(j, attempt(j, OutcomeKind.OK, bundle, started=started), final=True)
    for app, error in (faults or {}).items():
        j = job(run, app)
        index.record_attempt(
            j, attempt(j, OutcomeKind.APP_FAULT, error=error, started=started), final=True
        )
    index.end_suite_run(run)


@pytest.fixture
def nights(tmp_path: Path) -> str:
    location = str(tmp_path / "index.sqlite")
    with open_index(index_url(location)) as index:
        _night(index, tmp_path, "S1", "2025-03-01", {
            "calibration": [finding("collect-before-consent", "device_id")],
            "shop": [finding("beyond-necessary", "location", "medium")],
        })  # fmt: skip
        _night(index, tmp_path, "S2", "2025-03-02", {
            "calibration": [finding("collect-before-consent", "device_id"),
                            finding("collect-after-refusal", "android_id", "high")],
            "shop": [],
        }, faults={"crashy": "FATAL EXCEPTION: main"})  # fmt: skip
    return location


def test_cli_diff_against_a_date_gates_on_new_high_findings_and_writes_junit(
    nights: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junit = tmp_path / "out" / "junit.xml"
    status = main(["diff", "--index", nights, "--baseline", "2025-03-01", "--junit", str(junit)])
    out = capsys.readouterr().out
    assert status == 1
    assert "S2 against baseline S1" in out
    assert "calibration · first-launch-accept: 1 new, 0 fixed, 1 unchanged" in out
    assert "+ collect-after-refusal android_id" in out
    assert "shop · first-launch-accept: 0 new, 1 fixed, 0 unchanged" in out
    assert "crashy · first-launch-accept: session failed (app_fault)" in out
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    failed = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert [c.get("classname") for c in failed] == ["calibration"]
    assert "collect-after-refusal" in (failed[0].find("failure").text or "")  # type: ignore[union-attr]


def test_cli_diff_passes_when_nothing_new_reaches_the_gate(
    nights: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junit = tmp_path / "junit.xml"
    # S1 against itself: nothing new.
    assert main(["diff", "--index", nights, "--run", "S1", "--baseline", "S1",
                 "--junit", str(junit)]) == 0  # fmt: skip
    # 'previous' resolves to the run before --run.
    assert main(["diff", "--index", nights, "--baseline", "previous", "--fail-on", "high",
                 "--junit", str(junit)]) == 1  # fmt: skip
    assert "S2 against baseline S1" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("baseline", "fragment"),
    [("2024-12-31", "no suite run started on 2024-12-31"), ("S9", "no suite run with id 'S9'"),
     ("2025-13-01", "expected a date")],
)  # fmt: skip
def test_cli_diff_unknown_baseline_exits_2(
    nights: str, tmp_path: Path, baseline: str, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["diff", "--index", nights, "--baseline", baseline,
                   "--junit", str(tmp_path / "j.xml")])  # fmt: skip
    assert status == 2
    assert fragment in capsys.readouterr().err


def test_cli_results_filters(nights: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["results", "--index", nights, "--findings", "--rule",
                 "collect-after-refusal"]) == 0  # fmt: skip
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and "2025-03-02" in lines[0] and "android_id" in lines[0]
    assert main(["results", "--index", nights, "--until", "2025-03-01", "--app", "shop"]) == 0
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert line.startswith("2025-03-01") and " shop " in line
    assert main(["results", "--index", nights, "--runs"]) == 0
    runs = capsys.readouterr().out.strip().splitlines()
    assert [r.split()[0] for r in runs] == ["S2", "S1"]
    assert main(["results", "--index", nights, "--outcome", "app_fault", "--json"]) == 0
    assert '"app": "crashy"' in capsys.readouterr().out


def _diff(location: str, tmp_path: Path, *args: str) -> int:
    return main(["diff", "--index", location, *args, "--junit", str(tmp_path / "j.xml")])


def test_a_baseline_day_is_never_the_run_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    location = str(tmp_path / "index.sqlite")
    with open_index(index_url(location)) as index:
        _night(index, tmp_path, "S1", "2025-03-01", {"a": [finding("r1", "device_id")]})
        _night(index, tmp_path, "S2", "2025-03-02", {"a": [finding("r1", "device_id")]})
    # Only the judged run started that day: no baseline that day (earlier nights exist).
    assert _diff(location, tmp_path, "--baseline", "2025-03-02") == 2
    assert "no suite run started on 2025-03-02 (UTC) before S2" in capsys.readouterr().err
    # A second run the same day: the day's baseline is the earlier one, not itself.
    with open_index(index_url(location)) as index:
        _night(index, tmp_path, "S3", "2025-03-02", {"a": [finding("r1", "device_id")]}, hour=9)
    assert _diff(location, tmp_path, "--baseline", "2025-03-02") == 0
    out = capsys.readouterr().out
    assert "S3 against baseline S2" in out and "warning" not in out


@pytest.mark.parametrize("baseline", ["previous", "2025-03-01"])
def test_the_first_night_compares_with_an_empty_baseline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], baseline: str
) -> None:
    location = str(tmp_path / "index.sqlite")
    with open_index(index_url(location)) as index:
        _night(index, tmp_path, "S1", "2025-03-01", {"a": [finding("r1", "device_id", "low")]})
    assert _diff(location, tmp_path, "--baseline", baseline) == 0  # a low finding: under the gate
    out = capsys.readouterr().out
    assert "warning: no earlier run of suite 'nightly'" in out
    assert "S1 against baseline no baseline (first run)" in out
    assert "a · first-launch-accept: 1 new, 0 fixed, 0 unchanged (no baseline" in out
    assert _diff(location, tmp_path, "--baseline", baseline, "--fail-on", "low") == 1
    # A run id that is not there stays a typo.
    assert _diff(location, tmp_path, "--baseline", "S0") == 2


def test_runs_of_different_suites_are_compared_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    location = str(tmp_path / "index.sqlite")
    with open_index(index_url(location)) as index:
        _night(index, tmp_path, "W1", "2025-03-01", {"a": []}, suite="weekly")
        _night(index, tmp_path, "N1", "2025-03-02", {"a": []})
    assert _diff(location, tmp_path, "--run", "N1", "--baseline", "W1") == 0
    out = capsys.readouterr().out
    assert "warning: the baseline W1 is a run of suite 'weekly', this run of 'nightly'" in out


@pytest.mark.parametrize("command", [["diff", "--baseline", "previous"], ["results"]])
def test_readers_do_not_create_a_missing_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    typo = tmp_path / "evidnce" / "index.sqlite"
    assert main([*command, "--index", str(typo)]) == 2
    assert f"{typo}: no results index here" in capsys.readouterr().err
    assert not typo.parent.exists()


@pytest.mark.parametrize("command", [["diff", "--baseline", "previous"], ["results"]])
def test_a_file_that_is_not_a_database_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("not a database, just words long enough to fill a header page\n" * 20)
    assert main([*command, "--index", str(other)]) == 2
    err = capsys.readouterr().err
    assert f"{other}: not a results index: expected a SQLite database" in err
    assert "Traceback" not in err
