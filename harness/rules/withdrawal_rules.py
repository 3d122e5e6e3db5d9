"""Rules about withdrawing consent: collecting after it, and no way to do it.

collect-after-withdrawal: after the user withdrew consent in the app (the withdraw step's
`consent_withdrawn` marker, at the tap that confirmed it, starts the phase `withdrawn`), a
hook read of personal data, or personal data sent anywhere (the app's own servers and third
parties alike: consent is gone for both). One finding per data category and collector, citing
every read and flow, then the withdrawal marker and its screens. A record closer to the
withdrawal than the clock's uncertainty is not judged; the finding lists it under
details.near_phase_change. An accept tap afterwards (the app asked again and the scenario
agreed) ends the phase.

no-withdrawal-path: the withdraw step searched the app within the pack's bound
(`max_depth` taps deep, `max_taps` actions) and found no control to withdraw consent
(`withdrawal_not_found`). One finding per search, citing the marker and every screen the
search visited (their dumps and screenshots).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from harness.model import DataCategory, EvidenceRef, Finding, MarkerKind, Phase
from harness.rules.attribution import APP
from harness.rules.context import RuleInput
from harness.rules.findings import Grouped, GroupKey, make_finding, marker_evidence
from harness.rules.pack import WithdrawalParams, rule_params
from harness.rules.phases import phase_at
from harness.timeline import Timeline


def collect_after_withdrawal(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    grouped = Grouped()
    uncertain: dict[DataCategory, list[str]] = defaultdict(list)
    context = rule.context
    cols = context.event_columns(timeline)
    withdrawals = [m.ts for m in timeline.markers if m.kind is MarkerKind.CONSENT_WITHDRAWN]
    if not withdrawals:
        return []
    for i, placement in enumerate(cols.placement):
        if placement.phase is Phase.WITHDRAWN and not placement.near_phase_change:
            grouped.add(cols.category[i], cols.who[i], Phase.WITHDRAWN, cols.ts[i], cols.ref[i])
        elif placement.near_phase_change and _near(cols.ts[i], withdrawals, timeline):
            uncertain[cols.category[i]].append(cols.ref[i].id)
    for timed_flow in timeline.flows:
        flow = timed_flow.flow
        if timed_flow.placement.phase is not Phase.WITHDRAWN:
            continue
        if timed_flow.placement.near_phase_change:
            continue
        receiver = context.receiver(flow.id, flow.host)
        ref = EvidenceRef("flow", flow.id)
        for category in {m.category for m in context.flow_matches.get(flow.id, ())}:
            grouped.add(category, receiver, Phase.WITHDRAWN, flow.ts, ref)
    details: dict[GroupKey, dict[str, Any]] = {
        key: {"near_phase_change": uncertain.get(key[0], []) if key[0] else []} for key in grouped
    }
    return grouped.findings(
        rule, details, marker_evidence(timeline, (MarkerKind.CONSENT_WITHDRAWN,))
    )


def _near(ts: float, withdrawals: list[float], timeline: Timeline) -> bool:
    return any(abs(ts - w) <= timeline.clock.uncertainty_s for w in withdrawals)


def no_withdrawal_path(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    params = rule_params(rule.definition, WithdrawalParams)
    findings = []
    for marker in timeline.markers:
        if marker.kind is not MarkerKind.WITHDRAWAL_NOT_FOUND:
            continue
        refs = [(marker.ts, EvidenceRef("marker", marker.id))]
        refs += [(marker.ts, EvidenceRef("file", name)) for name in marker.evidence]
        screens = sum(1 for name in marker.evidence if name.endswith(".xml"))
        details = {
            "search": marker.detail,
            "screens_visited": screens,
            "bound": {"max_depth": params.max_depth, "max_taps": params.max_taps},
        }
        phase = phase_at(timeline.markers, marker.ts)
        findings.append(make_finding(rule, None, phase, refs, APP, details, count=1))
    return findings
