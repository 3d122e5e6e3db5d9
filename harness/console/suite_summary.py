"""The end of `harness suite`: per job its verdict and warnings, then the violation types,
collectors and warnings over the whole run, read from each sealed bundle (harness.console
.summary). A job whose bundle is not reachable here (another host's storage) or not sealed
is left to the job lines `harness suite` prints anyway.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from harness.console.summary import RunSummary, collector_label, severity_rank, summarize
from harness.suite.jobs import JobResult


def _sealed(result: JobResult) -> RunSummary | None:
    bundle = result.final.bundle
    if not bundle or not (Path(bundle) / "manifest.json").is_file():
        return None
    return summarize(Path(bundle))


def suite_summary_lines(results: Sequence[JobResult]) -> list[str]:
    per_job: list[tuple[str, RunSummary]] = []
    for result in sorted(results, key=lambda r: r.job.id):
        summary = _sealed(result)
        if summary is not None:
            per_job.append((f"{result.job.app_name} · {result.job.scenario_name}", summary))
    if not per_job:
        return []
    lines = ["verdicts:"]
    for name, s in per_job:
        types = ", ".join(f"{v.rule} {v.count}" for v in s.violations)
        verdict = s.verdict.replace("_", " ") or "?"
        lines.append(
            f"  {name}: {verdict}, {s.findings} finding(s)" + (f" ({types})" if types else "")
        )
        lines += [f"    ! {w}" for w in s.warnings()]
    counts: Counter[str] = Counter()
    jobs: dict[str, set[str]] = defaultdict(set)
    severity: dict[str, str] = {}
    for name, s in per_job:
        for v in s.violations:
            counts[v.rule] += v.count
            jobs[v.rule].add(name)
            if v.rule not in severity or severity_rank(v.severity) < severity_rank(
                severity[v.rule]
            ):
                severity[v.rule] = v.severity
    if counts:
        lines.append("violation types over the run:")
        lines += [
            f"  {n:>4} × {rule} [{severity[rule]}] in {len(jobs[rule])} job(s)"
            for rule, n in sorted(
                counts.items(), key=lambda kv: (severity_rank(severity[kv[0]]), -kv[1], kv[0])
            )
        ]
    collectors: dict[str, set[str]] = defaultdict(set)
    for name, s in per_job:
        for c in s.collectors:
            collectors[c.name].add(name)
    if collectors:
        lines.append("collectors over the run:")
        ranked = sorted(collectors.items(), key=lambda kv: (kv[0] != "first_party", -len(kv[1])))
        lines += [f"  {collector_label(c)}: {len(names)} job(s)" for c, names in ranked]
    warned = [name for name, s in per_job if s.warnings()]
    if warned:
        lines.append(f"warnings in {len(warned)} job(s): {', '.join(warned)} (listed above)")
    return lines
