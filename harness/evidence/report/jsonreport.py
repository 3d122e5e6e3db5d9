"""report.json: the report for machines, following harness/data/report-schema-1.json.

The schema is documented in docs/report-schema.md. A new field that old readers can ignore
keeps the version; a field removed, renamed or changed in meaning makes a new version.
"""

from __future__ import annotations

import json
from typing import Any

from harness.evidence.facts import utc_iso
from harness.evidence.report.assemble import FindingDisplay, Report
from harness.evidence.report.checklist import ChecklistView
from harness.evidence.report.citations import describe
from harness.evidence.views import Regulation

SCHEMA_ID = "harness-report/1"
SCHEMA_FILE = "report-schema-1.json"


def _regulation(regulation: Regulation) -> dict[str, str]:
    return {"text": regulation.text, "zh": regulation.zh, "en": regulation.en}


def _finding(report: Report, item: FindingDisplay) -> dict[str, Any]:
    finding = item.finding
    unresolved = set(item.unresolved)
    name = item.category_name
    return {
        "id": finding.id,
        "rule": finding.rule,
        "title": finding.title,
        "severity": finding.severity,
        "category": finding.category,
        "category_name": {"en": name.en, "zh": name.zh} if name else None,
        "phase": finding.phase,
        "collector": finding.collector,
        "regulation": _regulation(finding.regulation),
        "first_ts": finding.first_ts,
        "t_s": None if finding.first_ts is None else round(finding.first_ts - report.start, 6),
        "count": finding.count,
        "evidence": [
            {"kind": kind, "id": ref, "resolved": describe(kind, ref) not in unresolved}
            for kind, ref in finding.evidence
        ],
        "screens": [
            {
                "when": when,
                "t_s": None if m.ts is None else round(m.ts - report.start, 6),
                "files": [d.name for d in m.dumps] + [i.name for i in m.images],
            }
            for when, m in item.screens
        ],
        "details": finding.details,
    }


def _run(report: Report) -> dict[str, Any]:
    m = report.manifest

    def text(key: str) -> str | None:
        value = m.get(key)
        return value if isinstance(value, str) else None

    def section(key: str) -> dict[str, Any] | None:
        value = m.get(key)
        return value if isinstance(value, dict) else None

    tools = section("tools")
    return {
        "app_package": text("app_package"),
        "app_label": text("app_label"),
        "scenario": text("scenario"),
        "device": section("device"),
        "harness_version": text("harness_version"),
        "rule_pack_version": text("rule_pack_version"),
        "tools": {k: str(v) for k, v in tools.items()} if tools else None,
        "clock": section("clock"),
        "started": report.start,
        "started_known": report.start_known,
        "ended": report.end,
        "started_utc": utc_iso(report.start),
        "ended_utc": utc_iso(report.end),
        "duration_s": round(report.end - report.start, 6),
    }


def _checklist(view: ChecklistView | None) -> dict[str, Any] | None:
    if view is None:
        return None
    return {
        "version": view.version,
        "counts": view.counts(),
        "documents": [
            {
                "id": document.id,
                "title": {"zh": document.title_zh, "en": document.title_en},
                "items": [
                    {
                        "group": row.group,
                        "item": row.item,
                        "zh": row.zh,
                        "en": row.en,
                        "test": row.test.value,
                        "rules": list(row.rules),
                        "status": row.status.value,
                        "tested_rules": list(row.tested),
                        "findings": list(row.findings),
                        "not_tested": [u.to_json() for u in row.untested],
                    }
                    for row in document.rows
                ],
            }
            for document in view.documents
        ],
    }


def report_document(report: Report) -> dict[str, Any]:
    integrity = report.integrity
    timeline = report.timeline
    return {
        "schema": SCHEMA_ID,
        "generated": {
            "at": utc_iso(report.generated_at),
            "by": f"harness {report.harness_version}",
            "mode": report.mode,
        },
        "bundle": {
            "run_id": report.run_id,
            "app": report.app,
            "integrity": {
                "status": integrity.status.value,
                "summary": integrity.summary,
                "checked": integrity.checked,
                "changed": list(integrity.changed),
                "missing": list(integrity.missing),
                "unexpected": list(integrity.unexpected),
            },
        },
        "run": _run(report),
        "verdict": {
            "result": report.verdict.result.value,
            "reasons": list(report.verdict.reasons),
            "findings": len(report.findings),
            "by_severity": report.by_severity(),
        },
        "identity": report.identity.to_json(),
        "violation_types": [
            {
                "rule": v.rule,
                "title": v.title,
                "severity": v.severity,
                "findings": v.findings,
                "first_finding": v.first_finding,
            }
            for v in report.violation_types
        ],
        "sdks": [
            {
                "name": row.name,
                "vendor": row.vendor or None,
                "collected": list(row.collected),
                "received": list(row.received),
                "first_ts": row.first_ts,
                "first_utc": utc_iso(row.first_ts),
                "first_phase": row.first_phase or None,
                "hook_events": row.hook_events,
                "flows": row.flows,
            }
            for row in report.sdks
        ],
        "completeness": {
            "complete": not report.gaps,
            "gaps": [{"kind": g.kind, "detail": g.detail} for g in report.gaps],
            "notes": list(report.notes),
        },
        "counts": dict(report.counts),
        "rules": [
            {"rule": rule, "findings": sum(1 for f in report.findings if f.finding.rule == rule)}
            for rule in report.rules_run
        ],
        "regulations": [
            {
                "regulation": _regulation(group.regulation),
                "findings": [f.finding.id for f in group.findings],
            }
            for group in report.groups
        ],
        "findings": [_finding(report, item) for item in report.findings],
        "checklist": _checklist(report.checklist),
        "timeline": {
            "start": timeline.start,
            "end": timeline.end,
            "phases": [{"phase": b.phase, "start": b.start, "end": b.end} for b in timeline.bands],
            "background": [{"start": s, "end": e} for s, e in timeline.background],
            "consent": [{"marker": t.marker_id, "kind": t.kind, "ts": t.ts} for t in timeline.taps],
            "rows": [
                {
                    "key": row.key,
                    "label": row.label,
                    "hook_events": sum(1 for p in row.points if p.kind == "hook"),
                    "flows": sum(1 for p in row.points if p.kind == "flow"),
                    "other": sum(1 for p in row.points if p.kind == "other"),
                    "first_ts": min(p.ts for p in row.points),
                }
                for row in timeline.rows
            ],
        },
    }


def render_json(report: Report) -> bytes:
    return (json.dumps(report_document(report), ensure_ascii=False, indent=2) + "\n").encode()
