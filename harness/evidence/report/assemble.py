"""Everything a report shows, resolved once from a bundle's contents.

The HTML, JSON and JUnit writers all read this one `Report`, so they cannot disagree:
the same findings, the same counts, the same verdict.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness import __version__
from harness.evidence.contents import BundleContents
from harness.evidence.manifest import AppIdentity
from harness.evidence.report.checklist import ChecklistView, judge_checklist
from harness.evidence.report.checks import Gap, Integrity, Verdict, decide, find_gaps
from harness.evidence.report.citations import (
    DECLARED_KIND,
    CitationIndex,
    DeclaredPermissions,
    citation_index,
    describe,
)
from harness.evidence.report.details import DetailRow, detail_rows
from harness.evidence.report.flows import FlowDisplay, display
from harness.evidence.report.names import CategoryName, CategoryNames
from harness.evidence.report.screens import Moment, ScreenIndex
from harness.evidence.report.sdktable import SdkRow, sdk_rows
from harness.evidence.report.stacks import Frame, FrameClassifier
from harness.evidence.report.timeline_model import TimelineModel, build_timeline_model
from harness.evidence.views import (
    FindingView,
    FlowView,
    HookView,
    MarkerView,
    OtherView,
    Record,
    Regulation,
)
from harness.rules.attribution import unattributed_note
from harness.rules.checklist import Checklist
from harness.rules.pack import FramePrefixes
from harness.sdk import SdkDatabase

SEVERITY_ORDER = ("high", "medium", "low")
# A run id starts with the UTC instant the run began: 20261207T140356Z-1a2b3c.
_RUN_ID_TIME = re.compile(r"^\.?(\d{8}T\d{6}Z)")
MAX_SHOWN_PER_KIND = 50  # evidence items shown per finding; the rest are counted


@dataclass(frozen=True, slots=True)
class HookDisplay:
    hook: HookView
    frames: tuple[Frame, ...]


@dataclass(frozen=True, slots=True)
class OtherDisplay:
    other: OtherView
    frames: tuple[Frame, ...]


@dataclass(frozen=True, slots=True)
class FindingDisplay:
    finding: FindingView
    category_name: CategoryName | None
    hooks: tuple[HookDisplay, ...]
    flows: tuple[FlowDisplay, ...]
    markers: tuple[MarkerView, ...]
    others: tuple[OtherDisplay, ...]
    files: tuple[str, ...]
    unresolved: tuple[str, ...]
    omitted: int
    screens: tuple[tuple[str, Moment], ...]  # ("before" | "after", the screen then)
    declared: tuple[str, ...] = ()  # cited permissions the app's manifest declares
    details: tuple[DetailRow, ...] = ()  # finding.details as readable rows


@dataclass(frozen=True, slots=True)
class ViolationType:
    """One rule's findings, as the verdict names them: rule, title, how many, how severe."""

    rule: str
    title: str
    severity: str
    findings: int
    first_finding: str  # the id of its first finding, for the verdict's link


@dataclass(frozen=True, slots=True)
class RegulationGroup:
    regulation: Regulation
    findings: tuple[FindingDisplay, ...]


@dataclass(frozen=True, slots=True)
class Report:
    mode: str  # "in-run" | "regenerated"
    generated_at: float
    harness_version: str
    manifest: Mapping[str, Any]
    run_id: str
    app: str
    start: float
    end: float
    integrity: Integrity
    verdict: Verdict
    gaps: tuple[Gap, ...]
    notes: tuple[str, ...]
    findings: tuple[FindingDisplay, ...]
    groups: tuple[RegulationGroup, ...]
    rules_run: tuple[str, ...]
    timeline: TimelineModel
    screens: ScreenIndex
    flows: tuple[FlowDisplay, ...]
    markers: tuple[MarkerView, ...]
    counts: Mapping[str, int]
    names: CategoryNames
    hooks: Mapping[str, Any] | None
    identity: AppIdentity
    declared: DeclaredPermissions
    start_known: bool  # False: nothing in the bundle says when the run began
    violation_types: tuple[ViolationType, ...]
    sdks: tuple[SdkRow, ...]
    # The official checklist judged for this run (harness.evidence.report.checklist).
    checklist: ChecklistView | None = None

    def rel(self, ts: float | None) -> str:
        return "—" if ts is None else f"+{ts - self.start:.3f} s"

    def by_severity(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITY_ORDER, 0)
        for item in self.findings:
            counts[item.finding.severity] = counts.get(item.finding.severity, 0) + 1
        return counts


def _run_id_time(*names: str) -> float | None:
    for name in names:
        found = _RUN_ID_TIME.match(name)
        if found:
            moment = dt.datetime.strptime(found.group(1), "%Y%m%dT%H%M%SZ")
            return moment.replace(tzinfo=dt.UTC).timestamp()
    return None


def _span(contents: BundleContents) -> tuple[float, float, bool]:
    """(start, end, whether the start is known). The manifest's `started`, else the first
    record, else the instant the run id names (a run stopped before anything was recorded:
    Ctrl-C during start-up); with none of them the start is unknown, and the report says
    so rather than showing 1970."""
    times = [r.ts for r in contents.records if r.ts > 0]
    started, ended = contents.manifest.get("started"), contents.manifest.get("ended")
    run_id = contents.manifest.get("run_id")
    if isinstance(started, int | float) and not isinstance(started, bool) and started > 0:
        start: float | None = float(started)
    elif times:
        start = min(times)
    else:
        start = _run_id_time(str(run_id or ""), contents.root.name)
    known = start is not None
    origin = start if start is not None else 0.0
    end = (
        float(ended) if isinstance(ended, int | float) and ended > 0 else max(times, default=origin)
    )
    return origin, max(end, origin, max(times, default=origin)), known


def _rules_run(manifest: Mapping[str, Any], findings: tuple[FindingView, ...]) -> tuple[str, ...]:
    listed = manifest.get("rules")
    rules = [str(r) for r in listed] if isinstance(listed, list) else []
    return tuple(dict.fromkeys([*rules, *(f.rule for f in findings)]))


class _Resolver:
    def __init__(
        self,
        records: tuple[Record, ...],
        flows: dict[str, FlowDisplay],
        frames: FrameClassifier,
        screens: ScreenIndex,
        citations: CitationIndex,
    ) -> None:
        self._by_id = {r.id: r for r in records}
        self._flows = flows
        self._frames = frames
        self._screens = screens
        self._citations = citations
        self.unresolved: list[str] = []

    def resolve(self, finding: FindingView, names: CategoryNames) -> FindingDisplay:
        hooks: list[HookDisplay] = []
        flows: list[FlowDisplay] = []
        markers: list[MarkerView] = []
        others: list[OtherDisplay] = []
        files: list[str] = []
        declared: list[str] = []
        unresolved: list[str] = []
        omitted = 0
        for kind, ref in finding.evidence:
            record = self._by_id.get(ref)
            if not self._citations.resolves(kind, ref):
                unresolved.append(describe(kind, ref))
            elif kind == "file":
                files.append(ref)
            elif kind == DECLARED_KIND:
                declared.append(ref)
            elif record is None:
                unresolved.append(describe(kind, ref))
            elif isinstance(record, HookView):
                if len(hooks) < MAX_SHOWN_PER_KIND:
                    hooks.append(HookDisplay(record, self._frames.frames(record.stack)))
                else:
                    omitted += 1
            elif isinstance(record, FlowView):
                if len(flows) < MAX_SHOWN_PER_KIND:
                    flows.append(self._flows[record.id])
                else:
                    omitted += 1
            elif isinstance(record, MarkerView):
                markers.append(record)
            else:
                others.append(OtherDisplay(record, self._frames.frames(record.stack)))
        self.unresolved += [f"{finding.id}: {u}" for u in unresolved]
        moment_ts = finding.first_ts
        if moment_ts is None and (hooks or flows):
            moment_ts = hooks[0].hook.ts if hooks else flows[0].flow.ts
        screens: list[tuple[str, Moment]] = []
        if moment_ts is not None:
            before, after = self._screens.around(moment_ts)
            screens = [(label, m) for label, m in (("before", before), ("after", after)) if m]
        return FindingDisplay(
            finding,
            names.of(finding.category),
            tuple(hooks),
            tuple(flows),
            tuple(markers),
            tuple(others),
            tuple(files),
            tuple(unresolved),
            omitted,
            tuple(screens),
            tuple(declared),
            detail_rows(finding.details),
        )


def _groups(findings: list[FindingDisplay]) -> tuple[RegulationGroup, ...]:
    grouped: dict[str, list[FindingDisplay]] = {}
    regulations: dict[str, Regulation] = {}
    for item in findings:
        key = item.finding.regulation.text
        grouped.setdefault(key, []).append(item)
        regulations.setdefault(key, item.finding.regulation)

    def rank(item: FindingDisplay) -> tuple[int, float]:
        severity = item.finding.severity
        order = (
            SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)
        )
        return order, item.finding.first_ts or 0.0

    return tuple(
        RegulationGroup(regulations[key], tuple(sorted(items, key=rank)))
        for key, items in sorted(grouped.items(), key=lambda kv: min(rank(i) for i in kv[1]))
    )


def _violation_types(findings: list[FindingDisplay]) -> tuple[ViolationType, ...]:
    by_rule: dict[str, list[FindingDisplay]] = {}
    for item in findings:
        by_rule.setdefault(item.finding.rule, []).append(item)

    def rank(severity: str) -> int:
        return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)

    types = [
        ViolationType(
            rule,
            items[0].finding.title or rule,
            min((i.finding.severity for i in items), key=rank),
            len(items),
            items[0].finding.id,
        )
        for rule, items in by_rule.items()
    ]
    return tuple(sorted(types, key=lambda v: (rank(v.severity), -v.findings, v.rule)))


def _scoring_record(contents: BundleContents) -> Mapping[str, Any]:
    """scoring.json, or {} when it is absent or unreadable (older bundles, failed runs)."""
    data = contents.file_bytes("scoring.json")
    try:
        record = json.loads(data) if data else {}
    except ValueError:
        return {}
    return record if isinstance(record, Mapping) else {}


def _receiver_sdks(flow: FlowView, sdks: SdkDatabase) -> tuple[str, ...]:
    """The SDKs the traffic analysis named as a flow's receiver: one name, or, for a host
    several SDKs of one vendor share (its `sdk` is then the vendor's), each of them by name
    (the SDK table credits the flow to those seen collecting)."""
    if not flow.sdk:
        return ()
    named = tuple(
        dict.fromkeys(sdk.name for sdk in map(sdks.resolve, flow.sdk_ids) if sdk is not None)
    )
    return named if len(named) > 1 else (flow.sdk,)


def assemble(
    contents: BundleContents,
    integrity: Integrity,
    *,
    mode: str,
    names: CategoryNames,
    sdks: SdkDatabase,
    frame_prefixes: FramePrefixes,
    now: float | None = None,
    checklist: Checklist | None = None,
) -> Report:
    manifest = contents.manifest
    start, end, start_known = _span(contents)
    # Flows are shown as the traffic layer analysed them (their rows' `analysis`): the
    # report matches nothing again and names no receiver the analysis did not.
    records = contents.records
    frames = FrameClassifier(sdks, str(manifest.get("app_package") or ""), frame_prefixes)
    flows = {r.id: display(r, _receiver_sdks(r, sdks)) for r in records if isinstance(r, FlowView)}
    screens = ScreenIndex(contents)
    citations = citation_index(contents)
    resolver = _Resolver(records, flows, frames, screens, citations)
    findings = [resolver.resolve(f, names) for f in contents.findings]
    cited: dict[str, str] = {}  # record id -> the first finding citing it (timeline links)
    for finding in contents.findings:
        for _, ref in finding.evidence:
            cited.setdefault(ref, finding.id)
    gaps = find_gaps(contents, integrity, resolver.unresolved)
    notes = []
    missing_hooks = (contents.hooks or {}).get("missing")
    if isinstance(missing_hooks, list) and missing_hooks:
        notes.append(
            f"{len(missing_hooks)} catalog hook(s) could not be installed (listed under "
            "Hooks): their APIs were not watched"
        )
    unattributed = unattributed_note(_scoring_record(contents))
    if unattributed:
        notes.append(unattributed)
    if not isinstance(manifest.get("rules"), list):
        notes.append(
            "the manifest does not list the rules that ran: only rules with findings are known"
        )
    timeline = build_timeline_model(records, flows, cited, names, start, end)
    markers = tuple(sorted((r for r in records if isinstance(r, MarkerView)), key=lambda m: m.ts))
    counts = {
        "records": len(records),
        "markers": len(markers),
        "hook_events": sum(1 for r in records if isinstance(r, HookView)),
        "flows": len(flows),
        "other_records": sum(1 for r in records if isinstance(r, OtherView)),
        "screens": len(screens.moments),
        "screenshots": len(screens.images),
    }
    run_id = str(manifest.get("run_id") or contents.root.name.strip(".").split(".")[0])
    return Report(
        mode=mode,
        generated_at=time.time() if now is None else now,
        harness_version=__version__,
        manifest=manifest,
        run_id=run_id,
        app=str(manifest.get("app") or contents.root.parent.name),
        start=start,
        end=end,
        integrity=integrity,
        verdict=decide(len(findings), integrity, gaps),
        gaps=tuple(gaps),
        notes=tuple(notes),
        findings=tuple(findings),
        groups=_groups(findings),
        rules_run=_rules_run(manifest, contents.findings),
        timeline=timeline,
        screens=screens,
        flows=tuple(flows.values()),
        markers=markers,
        counts=counts,
        names=names,
        hooks=contents.hooks,
        identity=AppIdentity.from_manifest(manifest),
        declared=citations.declared,
        start_known=start_known,
        violation_types=_violation_types(findings),
        sdks=sdk_rows(records, flows, frames, sdks),
        checklist=(
            None
            if checklist is None
            else judge_checklist(checklist, manifest, contents.findings, markers)
        ),
    )
