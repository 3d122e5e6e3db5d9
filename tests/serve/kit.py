"""Sealed bundles with reports, and an index holding them, for the serve and export tests.

Bundles are written the way a run writes them (BundleWriter, the in-run reports, a signed
manifest); the index through ResultsIndex's own writers (a single run, a suite run with a
sealed and a failed session). `hostile=True` puts markup, script and `../` into the app
name, its label and version, the suite name, the rule id, the SDK name, the rule's message
and the regulation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.evidence.bundle import BundleWriter, new_run_id
from harness.evidence.report import write_reports
from harness.results.location import index_url
from harness.results.store import open_index
from harness.session.orchestrator import OutcomeKind
from harness.testkit.bundles import attempt, job

T0 = 1_790_000_000.0  # 2026-09-21 (UTC)
DAY = 86_400.0
# Legal in a folder name (no "/"), and each runs script if shown unescaped.
HOSTILE_APP = 'evil<img src=x onerror="window.__pwned=11">app'
HOSTILE = "<script>window.__pwned=12</script>\"'><svg onload=window.__pwned=13>../../"
REGULATION = "《App违法违规收集使用个人信息行为认定方法》三、1"


def finding(rule: str, collector: str, first_ts: float, *, title: str = "", n: int = 1,
            regulation: str = REGULATION) -> dict[str, Any]:  # fmt: skip
    return {
        "rule": rule,
        "category": "device_id",
        "phase": "pre_consent",
        "severity": "high",
        "title": title or f"{rule} 个人信息",
        "regulation": regulation,
        "regulation_en": "Methods, 3.1",
        "collector": collector,
        "first_ts": first_ts,
        "count": n,
        "evidence": [{"kind": "event", "id": f"ev{i:07d}"} for i in range(n)],
        "details": {},
    }


def sealed_bundle(
    root: Path,
    app: str,
    findings: list[dict[str, Any]],
    *,
    started: float,
    version: str = "1.0",
    label: str = "样例应用",
    scenario: str = "first-launch-accept",
) -> Path:
    writer = BundleWriter(root, app, new_run_id())
    writer.add_json("findings.json", findings)
    writer.add_jsonl("events.jsonl", [])
    info = {
        "harness_version": "test",
        "rule_pack_version": "t1",
        "rules": sorted({f["rule"] for f in findings}),
        "scenario": scenario,
        "app_package": f"com.example.{len(app)}",
        "app_label": label,
        "apk": {
            "file": "app.apk",
            "sha256": "0" * 64,
            "version_name": version,
            "version_code": 7,
            "permissions": 0,
            "sdks": [],
        },
        "device": {"name": "lab-1", "kind": "host-lab", "fingerprint": {}},
        "tools": {},
        "clock": {"offset_s": 0.0, "uncertainty_s": 1e-6, "method": "same-host"},
        "started": started,
        "ended": started + 30,
        "findings": len(findings),
    }
    write_reports(writer, info)
    return writer.finish(info)


@dataclass(frozen=True)
class Lab:
    root: Path  # the evidence folder (`--bundles`)
    index: Path
    single_run: str  # suite-run id of the single `harness run`
    suite_runs: tuple[str, str]  # (older, newer) suite runs of the same suite
    app: str  # the app in every run
    sessions_with_reports: tuple[str, ...]
    outside: Path  # a file outside the evidence folder a traversal would reach
    escaping_session: str  # a session whose recorded bundle lies outside the evidence folder


def build_lab(base: Path, *, hostile: bool) -> Lab:
    root = base / "evidence"
    root.mkdir(parents=True)
    outside = base / "secret.txt"
    outside.write_text("not to be served", encoding="utf-8")
    app = HOSTILE_APP if hostile else "newsapp"
    evil = HOSTILE if hostile else ""
    sdk = f"Umeng{evil}"
    rule = f"collect-before-consent{evil}"
    title = f"Collected before consent{evil}"
    version = f"2.0{evil}"
    suite = f"nightly{evil}"
    index_path = root / "index.sqlite"
    with_reports: list[str] = []
    with open_index(index_url(str(index_path))) as index:
        # Night 1: a suite run, the app sealed (version 1.0) and a second app that failed.
        older = "S20260921T010000Z-aaaaaa"
        index.begin_suite_run(older, suite, "host-a", 2, started=T0)
        b1 = sealed_bundle(root, app, [finding(rule, sdk, T0 + 5, title=title)], started=T0)
        j1 = job(older, app)
        index.record_attempt(j1, attempt(j1, OutcomeKind.OK, b1, started=T0), final=True)
        jf = job(older, "crashy")
        index.record_attempt(
            jf, attempt(jf, OutcomeKind.INFRA_FAULT, None, started=T0, error="adb gone"),
            final=True,
        )  # fmt: skip
        index.end_suite_run(older)
        with_reports.append(f"{j1.id}#1")
        # Night 2: the same suite, a new version with one more finding.
        newer = "S20260922T010000Z-bbbbbb"
        t1 = T0 + DAY
        index.begin_suite_run(newer, suite, "host-a", 1, started=t1)
        b2 = sealed_bundle(
            root, app,
            [finding(rule, sdk, t1 + 5, title=title),
             finding("share-before-consent", "first_party", t1 + 6, n=2)],
            started=t1, version=version, label=f"样例{evil}",
        )  # fmt: skip
        j2 = job(newer, app)
        index.record_attempt(j2, attempt(j2, OutcomeKind.OK, b2, started=t1), final=True)
        index.end_suite_run(newer)
        with_reports.append(f"{j2.id}#1")
        # Night 3: a single `harness run` of the app.
        b3 = sealed_bundle(
            root, app, [finding("share-before-consent", "first_party", t1 + DAY + 3)],
            started=t1 + DAY, version=version,
        )  # fmt: skip
        single = index.record_single_run(b3, "host-b")
        with_reports.append(f"{single}/{app}/first-launch-accept#1")
        # A session whose recorded bundle is outside the evidence folder (`../`).
        escape_run = "S20260920T010000Z-cccccc"
        index.begin_suite_run(escape_run, suite, "host-a", 1, started=T0 - DAY)
        je = job(escape_run, f"escape{evil}")
        outside_bundle = sealed_bundle(base / "elsewhere", "other", [], started=T0 - DAY)
        traversal = root / ".." / "elsewhere" / "other" / outside_bundle.name
        index.record_attempt(
            je, attempt(je, OutcomeKind.OK, traversal, started=T0 - DAY), final=True
        )
        index.end_suite_run(escape_run)
    return Lab(
        root=root,
        index=index_path,
        single_run=single,
        suite_runs=(older, newer),
        app=app,
        sessions_with_reports=tuple(with_reports),
        outside=outside,
        escaping_session=f"{je.id}#1",
    )


def findings_of(bundle: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads((bundle / "findings.json").read_text("utf-8"))
    return found
