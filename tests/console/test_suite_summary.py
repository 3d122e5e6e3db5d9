"""The end of `harness suite`: each sealed job's verdict and warnings, and the run's totals
of violation types and collectors."""

from __future__ import annotations

import json
from pathlib import Path

from harness.console.suite_summary import suite_summary_lines
from harness.session.orchestrator import OutcomeKind
from harness.suite.jobs import Attempt, Job, JobResult


def _job(app: str) -> Job:
    return Job(f"S/{app}/first-launch-accept", "S", app, app, "/x.yaml", "first-launch-accept", 3)


def _result(
    tmp_path: Path, app: str, rules: list[tuple[str, str, str]], gaps: list[str]
) -> JobResult:
    bundle = tmp_path / app
    bundle.mkdir()
    (bundle / "manifest.json").write_text("{}")
    report = {
        "verdict": {"result": "violations_found" if rules else "no_violations_found"},
        "completeness": {"gaps": [{"kind": g, "detail": "d"} for g in gaps]},
        "findings": [
            {"rule": r, "severity": sev, "collector": c, "category": "device_id"}
            for r, sev, c in rules
        ],
    }
    (bundle / "report.json").write_text(json.dumps(report))
    job = _job(app)
    attempt = Attempt(job.id, 1, "h", "lab-1", OutcomeKind.OK, str(bundle), "", 1.0, 2.0)
    return JobResult(job, (attempt,))


def test_verdicts_warnings_and_totals(tmp_path: Path) -> None:
    crashed_job = _job("crashy")
    crashed = JobResult(
        crashed_job,
        (Attempt(crashed_job.id, 1, "h", "lab-1", OutcomeKind.APP_FAULT, "", "boom", 1.0, 2.0),),
    )
    results = [
        _result(tmp_path, "shop", [("beyond-necessary", "medium", "first_party")], []),
        crashed,
        _result(
            tmp_path,
            "api-tour",
            [
                ("collect-before-consent", "high", "first_party"),
                ("collect-before-consent", "high", "Umeng"),
                ("beyond-necessary", "medium", "Umeng"),
            ],
            ["consent_not_found"],
        ),
    ]
    lines = suite_summary_lines(results)
    assert lines[:4] == [
        "verdicts:",
        "  api-tour · first-launch-accept: violations found, 3 finding(s) "
        "(collect-before-consent 2, beyond-necessary 1)",
        "    ! no consent dialog was found, so every finding is 'before consent' (the consent "
        "phase never began): check the app's dialog wording or the scenario",
        "  shop · first-launch-accept: violations found, 1 finding(s) (beyond-necessary 1)",
    ]
    assert not any("crashy" in line for line in lines)  # no bundle: its job line says why
    totals = lines[lines.index("violation types over the run:") + 1 :]
    # The most severe first.
    assert totals[0] == "     2 × collect-before-consent [high] in 1 job(s)"
    assert totals[1] == "     2 × beyond-necessary [medium] in 2 job(s)"
    collectors = lines[lines.index("collectors over the run:") + 1 :]
    assert collectors[:2] == [
        "  the app itself (first party): 2 job(s)",
        "  Umeng: 1 job(s)",
    ]
    assert lines[-1] == "warnings in 1 job(s): api-tour · first-launch-accept (listed above)"


def test_nothing_sealed_says_nothing(tmp_path: Path) -> None:
    job = _job("x")
    failed = JobResult(job, (Attempt(job.id, 1, "h", "", OutcomeKind.INFRA_FAULT, "", "e", 0, 0),))
    assert suite_summary_lines([failed]) == []
