"""The end of `harness run`: what the sealed bundle says, in a few lines a technician reads.

Read back from the bundle's report.json (the verdict, findings and gaps the report shows,
computed once by harness.evidence.report), plus rejected.jsonl (requests the proxy refused).
Parsed tolerantly: a field missing or of another type is left out of the summary, never a
crash at the end of a finished run.

Warnings say what changes how the findings read: no consent dialog was found (so every
finding is "before consent"), the agent's problems and hooks that failed (calls of those
APIs are not in the evidence), events lost on the way, requests the proxy rejected.

Known gaps: a bundle without report.json (an old harness, a failed report) is summarised by
its findings.json alone, with no verdict or gaps.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.traffic.addons.rejected import REJECTED_FILE, read_rejected

_SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")
# Gap kinds that are warnings of their own, with what they mean for the findings.
_CONSENT_NOT_FOUND = (
    "no consent dialog was found, so every finding is 'before consent' (the consent phase "
    "never began): check the app's dialog wording or the scenario"
)
_HOOK_GAPS = {"hook_failed", "agent_problem", "hooks_not_ready", "lost_events"}


@dataclass(frozen=True, slots=True)
class ViolationType:
    rule: str
    title: str
    severity: str  # the highest of its findings
    count: int


@dataclass(frozen=True, slots=True)
class Collector:
    name: str  # "first_party" or an SDK
    categories: tuple[str, ...]
    findings: int


@dataclass(frozen=True, slots=True)
class RunSummary:
    bundle: Path
    verdict: str  # "" when the bundle has no report.json
    reasons: tuple[str, ...]
    findings: int
    violations: tuple[ViolationType, ...]
    collectors: tuple[Collector, ...]
    gaps: tuple[tuple[str, str], ...]  # (kind, detail)
    rejected: int
    rejected_kinds: tuple[tuple[str, int], ...]

    def warnings(self) -> list[str]:
        found = []
        kinds = {kind for kind, _ in self.gaps}
        if "consent_not_found" in kinds:
            found.append(_CONSENT_NOT_FOUND)
        hook_problems = [detail for kind, detail in self.gaps if kind in _HOOK_GAPS]
        if hook_problems:
            found.append(
                f"{len(hook_problems)} agent problem(s) or hook failure(s): the evidence misses "
                f"what those hooks would have seen (first: {hook_problems[0]})"
            )
        if self.rejected:
            what = ", ".join(f"{n} {kind}" for kind, n in self.rejected_kinds)
            found.append(
                f"{self.rejected} connection(s) or request(s) the proxy could not record "
                f"({what}: a pinning app, a CA not trusted, a protocol error): their content "
                f"is not in the evidence; see {REJECTED_FILE}"
            )
        return found

    def lines(self) -> list[str]:
        head = f"verdict: {self.verdict.replace('_', ' ')}" if self.verdict else "verdict: ?"
        if self.reasons:
            head += f" — {' '.join(self.reasons)}"
        out = [head, f"findings: {self.findings}"]
        if self.violations:
            out.append("violation types:")
            width = max(len(v.rule) for v in self.violations)
            out += [
                f"  {v.count:>3} × {v.rule:<{width}}  [{v.severity}] {v.title}".rstrip()
                for v in self.violations
            ]
        if self.collectors:
            out.append("collectors:")
            out += [
                f"  {collector_label(c.name)}: {', '.join(c.categories) or '-'}"
                f" ({c.findings} finding(s))"
                for c in self.collectors
            ]
        if self.gaps:
            out.append("gaps in the evidence:")
            out += [f"  {kind}: {detail}" for kind, detail in self.gaps]
        warnings = self.warnings()
        if warnings:
            out.append("warnings:")
            out += [f"  ! {w}" for w in warnings]
        report = self.bundle / "report.html"
        if report.is_file():
            out.append(f"report: {report}")
        return out


def severity_rank(severity: str) -> int:
    """0 for the most severe; unknown severities last."""
    return _SEVERITY_ORDER.index(severity) if severity in _SEVERITY_ORDER else len(_SEVERITY_ORDER)


def collector_label(name: str) -> str:
    return {"first_party": "the app itself (first party)", "": "unknown"}.get(name, name)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _str(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return value if isinstance(value, str) else ""


def _violations(rows: list[dict[str, Any]]) -> tuple[ViolationType, ...]:
    by_rule: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_rule[_str(row, "rule") or "?"].append(row)

    rank = severity_rank
    found = []
    for rule, group in by_rule.items():
        severity = min((_str(r, "severity") for r in group), key=rank)
        title = next((_str(r, "title") for r in group if _str(r, "title")), "")
        found.append(ViolationType(rule, title, severity, len(group)))
    return tuple(sorted(found, key=lambda v: (rank(v.severity), -v.count, v.rule)))


def _collectors(rows: list[dict[str, Any]]) -> tuple[Collector, ...]:
    categories: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    for row in rows:
        name = _str(row, "collector")
        counts[name] += 1
        if _str(row, "category"):
            categories[name].add(_str(row, "category"))
    # The app itself first, then SDKs by how much they were found doing.
    order = sorted(counts, key=lambda n: (n != "first_party", -counts[n], n))
    return tuple(Collector(n, tuple(sorted(categories[n])), counts[n]) for n in order)


def summarize(bundle: Path) -> RunSummary:
    """The summary of a sealed bundle (or of a failed run's folder, as far as it goes)."""
    report = _read_json(bundle / "report.json")
    report = report if isinstance(report, dict) else {}
    rows = report.get("findings")
    if not isinstance(rows, list):  # no report: the findings the rules wrote
        rows = _read_json(bundle / "findings.json")
    findings = [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
    verdict_row = report.get("verdict")
    verdict: dict[str, Any] = verdict_row if isinstance(verdict_row, dict) else {}
    completeness = report.get("completeness")
    gap_rows = completeness.get("gaps") if isinstance(completeness, dict) else None
    gaps = tuple(
        (_str(g, "kind"), _str(g, "detail"))
        for g in (gap_rows if isinstance(gap_rows, list) else [])
        if isinstance(g, dict)
    )
    reasons = verdict.get("reasons")
    rejected = read_rejected(bundle / REJECTED_FILE)
    return RunSummary(
        bundle=bundle,
        verdict=_str(verdict, "result"),
        reasons=tuple(r for r in reasons if isinstance(r, str))
        if isinstance(reasons, list)
        else (),
        findings=len(findings),
        violations=_violations(findings),
        collectors=_collectors(findings),
        gaps=gaps,
        rejected=len(rejected),
        rejected_kinds=tuple(sorted(Counter(_str(r, "kind") or "?" for r in rejected).items())),
    )
