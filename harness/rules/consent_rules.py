"""Rules about consent: collecting, or sharing with third parties, before the user agreed.

collect-before-consent: a hook read of personal data, or personal data sent to the app's
own servers, while the phase is pre_consent. share-before-consent: personal data found in
a request to a host that is not the app's own, while the phase is pre_consent.
One finding per data category, citing every event and flow behind it. A read closer to the
consent tap than the clock's uncertainty is not judged either way; the finding lists it
under details.near_phase_change when there is one.
"""

from __future__ import annotations

from collections import defaultdict

from harness.model import DataCategory, EvidenceRef, Finding, Phase
from harness.rules.context import RuleInput
from harness.timeline import Timeline


def _finding(
    rule: RuleInput,
    category: DataCategory,
    phase: Phase,
    refs: list[tuple[float, EvidenceRef]],
    collector: str,
    details: dict[str, object],
) -> Finding:
    refs.sort(key=lambda r: r[0])
    return Finding(
        rule=rule.rule_id,
        category=category,
        phase=phase,
        severity=rule.definition.severity,
        title=rule.definition.title.en,
        regulation=rule.definition.regulation.zh,
        collector=collector,
        first_ts=refs[0][0],
        count=len(refs),
        evidence=tuple(ref for _, ref in refs),
        details=details,
    )


def collect_before_consent(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    by_category: dict[DataCategory, list[tuple[float, EvidenceRef]]] = defaultdict(list)
    uncertain: dict[DataCategory, list[str]] = defaultdict(list)
    for timed in timeline.events:
        if timed.placement.near_phase_change:
            # Too close to the consent tap to say which side it fell on: marked, not judged.
            uncertain[timed.event.category].append(timed.event.id)
        elif timed.placement.phase is Phase.PRE_CONSENT:
            by_category[timed.event.category].append(
                (timed.event.ts, EvidenceRef("event", timed.event.id))
            )
    profile = rule.context.profile
    for timed_flow in timeline.flows:
        flow = timed_flow.flow
        if timed_flow.placement.phase is Phase.PRE_CONSENT and profile.is_first_party(flow.host):
            for category in {m.category for m in rule.context.flow_matches.get(flow.id, ())}:
                by_category[category].append((flow.ts, EvidenceRef("flow", flow.id)))
    return [
        _finding(
            rule,
            category,
            Phase.PRE_CONSENT,
            refs,
            "first_party",
            {"near_phase_change": uncertain.get(category, [])},
        )
        for category, refs in sorted(by_category.items())
    ]


def share_before_consent(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    by_category: dict[DataCategory, list[tuple[float, EvidenceRef]]] = defaultdict(list)
    hosts: dict[DataCategory, set[str]] = defaultdict(set)
    profile = rule.context.profile
    for timed_flow in timeline.flows:
        flow = timed_flow.flow
        if timed_flow.placement.phase is not Phase.PRE_CONSENT or profile.is_first_party(flow.host):
            continue
        for match in rule.context.flow_matches.get(flow.id, ()):
            by_category[match.category].append((flow.ts, EvidenceRef("flow", flow.id)))
            hosts[match.category].add(flow.host)
    findings = []
    for category, refs in sorted(by_category.items()):
        unique = sorted(set(refs), key=lambda r: (r[0], r[1].id))
        receivers = sorted(hosts[category])
        findings.append(
            _finding(
                rule, category, Phase.PRE_CONSENT, unique, "third_party", {"receivers": receivers}
            )
        )
    return findings
