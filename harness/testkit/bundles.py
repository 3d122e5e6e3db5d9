"""Real sealed evidence bundles and the suite attempts that name them (results index tests,
benchmarks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.evidence.bundle import BundleWriter, new_run_id
from harness.model import OutcomeKind
from harness.suite.jobs import Attempt, Job


def job(run: str, app: str, scenario: str = "first-launch-accept") -> Job:
    return Job(f"{run}/{app}/{scenario}", run, app, app, f"/s/{scenario}.yaml", scenario, 3)


def finding(rule: str, category: str, severity: str = "high", collector: str = "first_party",
            phase: str = "pre_consent") -> dict[str, Any]:  # fmt: skip
    return {
        "rule": rule,
        "category": category,
        "phase": phase,
        "severity": severity,
        "title": rule,
        "regulation": "",
        "collector": collector,
        "first_ts": 1.0,
        "count": 1,
        "evidence": [],
    }


def sealed_bundle(root: Path, app: str, findings: list[dict[str, Any]]) -> Path:
    writer = BundleWriter(root, app, new_run_id())
    writer.add_json("findings.json", findings)
    return writer.finish({"app_package": f"com.example.{app}", "rule_pack_version": "t1"})


def attempt(
    j: Job,
    outcome: OutcomeKind,
    bundle: Path | None = None,
    *,
    number: int = 1,
    device: str = "lab-1",
    started: float = 1_700_000_000.0,
    error: str = "",
) -> Attempt:
    return Attempt(j.id, number, "host-a", device, outcome, str(bundle or ""), error, started,
                   started + 9)  # fmt: skip
