"""The end-of-run summary, read back from a bundle's report.json and rejected.jsonl."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.console.summary import summarize


def _finding(rule: str, severity: str, category: str, collector: str) -> dict[str, Any]:
    return {"rule": rule, "title": f"{rule} title", "severity": severity,
            "category": category, "collector": collector}  # fmt: skip


def _bundle(tmp_path: Path, gaps: list[dict[str, str]], rejected: list[str]) -> Path:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    findings = [
        _finding("beyond-necessary", "medium", "device_id", "first_party"),
        _finding("collect-before-consent", "high", "device_id", "first_party"),
        _finding("collect-before-consent", "high", "android_id", "first_party"),
        _finding("share-before-consent", "high", "device_id", "Umeng"),
    ]
    report = {
        "verdict": {"result": "violations_found", "reasons": ["4 finding(s)"]},
        "completeness": {"complete": not gaps, "gaps": gaps},
        "findings": findings,
    }
    (bundle / "report.json").write_text(json.dumps(report), encoding="utf-8")
    (bundle / "report.html").write_text("<html></html>", encoding="utf-8")
    if rejected:
        rows = [{"kind": k, "ts": 1.0, "client": "", "target": "t", "error": "e"} for k in rejected]
        (bundle / "rejected.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
        )
    return bundle


def test_verdict_violation_types_and_collectors(tmp_path: Path) -> None:
    summary = summarize(_bundle(tmp_path, [], []))
    lines = summary.lines()
    assert lines[0] == "verdict: violations found — 4 finding(s)"
    assert "findings: 4" in lines
    types = lines[lines.index("violation types:") + 1 : lines.index("collectors:")]
    # Highest severity first, then the most frequent.
    assert [t.split()[2] for t in types] == [
        "collect-before-consent", "share-before-consent", "beyond-necessary"
    ]  # fmt: skip
    assert types[0].strip().startswith("2 × collect-before-consent") and "[high]" in types[0]
    collectors = lines[lines.index("collectors:") + 1 :]
    assert collectors[0] == "  the app itself (first party): android_id, device_id (3 finding(s))"
    assert collectors[1] == "  Umeng: device_id (1 finding(s))"
    assert summary.warnings() == [] and "warnings:" not in lines
    assert lines[-1] == f"report: {tmp_path / 'bundle' / 'report.html'}"


def test_warnings_for_a_missing_dialog_hook_failures_and_rejected_requests(
    tmp_path: Path,
) -> None:
    gaps = [
        {"kind": "consent_not_found", "detail": "no consent dialog was tapped: line 9"},
        {"kind": "hook_failed", "detail": "a hook could not be installed (getImei)"},
    ]
    summary = summarize(_bundle(tmp_path, gaps, ["tls_failed", "tls_failed", "flow_error"]))
    lines = summary.lines()
    assert "gaps in the evidence:" in lines
    assert "  consent_not_found: no consent dialog was tapped: line 9" in lines
    warnings = summary.warnings()
    assert warnings[0].startswith(
        "no consent dialog was found, so every finding is 'before consent'"
    )
    assert warnings[1].startswith("1 agent problem(s) or hook failure(s)")
    assert "getImei" in warnings[1]
    assert warnings[2].startswith(
        "3 connection(s) or request(s) the proxy could not record (1 flow_error, 2 tls_failed: "
    )
    assert [line for line in lines if line.startswith("  ! ")] == [f"  ! {w}" for w in warnings]


def test_a_bundle_without_a_report_is_summarised_by_its_findings(tmp_path: Path) -> None:
    bundle = tmp_path / "old"
    bundle.mkdir()
    (bundle / "findings.json").write_text(
        json.dumps([_finding("r", "low", "location", "first_party"), "not a row"]),
        encoding="utf-8",
    )
    summary = summarize(bundle)
    assert summary.verdict == "" and summary.findings == 1
    assert summary.lines()[:2] == ["verdict: ?", "findings: 1"]


def test_a_broken_report_does_not_fail_the_end_of_a_run(tmp_path: Path) -> None:
    bundle = tmp_path / "broken"
    bundle.mkdir()
    (bundle / "report.json").write_text('{"verdict": [1], "findings": {"x": 1}, "completeness"')
    assert summarize(bundle).lines()[:2] == ["verdict: ?", "findings: 0"]
