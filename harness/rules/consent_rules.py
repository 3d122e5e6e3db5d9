"""Rules about consent: collecting, or sharing with third parties, before the user agreed,
and collecting after the user refused.

collect-before-consent: a hook read of personal data, or personal data sent to the app's
own servers, while the phase is pre_consent. collect-after-refusal: a hook read, or personal
data sent anywhere, after the user refused the privacy policy. share-before-consent:
personal data found in a request to a host that is not the app's own, while the phase is
pre_consent. One finding per data category and collector (the app, or the SDK its stack
names; for a flow, the SDK its host belongs to), citing every event and flow behind it.
A record closer to the consent tap than the clock's uncertainty is not judged either way;
the finding lists it under details.near_phase_change when there is one.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from harness.model import DataCategory, EvidenceRef, Finding, MarkerKind, Phase
from harness.rules.context import RuleInput
from harness.rules.findings import Grouped, GroupKey, marker_evidence
from harness.timeline import Timeline

# The marker whose screen shows where the phase stood: the consent tap that ended the
# pre-consent phase (or the dialog that was never found), the refusal tap.
_DECIDES = {
    Phase.PRE_CONSENT: (
        MarkerKind.CONSENT_ACCEPT,
        MarkerKind.CONSENT_REFUSE,
        MarkerKind.CONSENT_NOT_FOUND,
    ),
    Phase.REFUSED: (MarkerKind.CONSENT_REFUSE,),
}


def _reads_in(
    timeline: Timeline, rule: RuleInput, phase: Phase, include_third_party: bool
) -> list[Finding]:
    grouped = Grouped()
    uncertain: dict[DataCategory, list[str]] = defaultdict(list)
    context = rule.context
    cols = context.event_columns(timeline)
    for i, placement in enumerate(cols.placement):
        if placement.near_phase_change:
            # Too close to the consent tap to say which side it fell on: marked, not judged.
            uncertain[cols.category[i]].append(cols.ref[i].id)
        elif placement.phase is phase:
            grouped.add(cols.category[i], cols.who[i], phase, cols.ts[i], cols.ref[i])
    for timed_flow in timeline.flows:
        flow = timed_flow.flow
        if timed_flow.placement.phase is not phase or timed_flow.placement.near_phase_change:
            continue
        matches = context.flow_matches.get(flow.id, ())
        if not matches:
            continue
        receiver = context.receiver(flow.id, flow.host)
        if not receiver.first_party and not include_third_party:
            continue
        for category in {m.category for m in matches}:
            grouped.add(category, receiver, phase, flow.ts, EvidenceRef("flow", flow.id))
    details: dict[GroupKey, dict[str, Any]] = {
        key: {"near_phase_change": uncertain.get(key[0], []) if key[0] else []} for key in grouped
    }
    return grouped.findings(rule, details, marker_evidence(timeline, _DECIDES[phase]))


def collect_before_consent(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    return _reads_in(timeline, rule, Phase.PRE_CONSENT, include_third_party=False)


def collect_after_refusal(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    # After a refusal nothing personal may leave either: every receiver counts.
    return _reads_in(timeline, rule, Phase.REFUSED, include_third_party=True)


def share_before_consent(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    grouped = Grouped()
    hosts: dict[GroupKey, set[str]] = defaultdict(set)
    context = rule.context
    for timed_flow in timeline.flows:
        flow = timed_flow.flow
        if timed_flow.placement.phase is not Phase.PRE_CONSENT:
            continue
        receiver = context.receiver(flow.id, flow.host)
        if receiver.first_party:
            continue
        ref = EvidenceRef("flow", flow.id)
        for category in {m.category for m in context.flow_matches.get(flow.id, ())}:
            key = grouped.add(category, receiver, Phase.PRE_CONSENT, flow.ts, ref)
            hosts[key].add(flow.host)
    details = {key: {"receivers": sorted(h)} for key, h in hosts.items()}
    return grouped.findings(rule, details, marker_evidence(timeline, _DECIDES[Phase.PRE_CONSENT]))
