"""Rules comparing the privacy policy with what the app did (the profile's `policy`).

undeclared-collection: a category read (hook) or sent (a flow carrying it, to anyone) that
the policy does not declare anywhere (its text or its SDK list); one finding per category
and collector (the reader, or the flow's receiver), in any phase (phase: none), citing the
reads and flows and, in details, the categories the policy declares and its source.
undisclosed-sdk: an SDK (by the SDK database) seen collecting personal data (a hook event
attributed to it) or receiving it (a flow to its hosts carrying a known identifier) that the
policy's SDK list does not name (by database id, else by name); one finding per SDK, no
category, its categories in details.
no-purpose-stated: a collected category the policy declares, but in no sentence or SDK row
with a purpose near it; one finding per category (collector: the app, whose policy it is),
citing the declaring sentences.
All three need a policy (the session captured one, or the profile carries one); without it
the engine skips them and says why.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from harness.model import DataCategory, EvidenceRef, Finding
from harness.profile import DeclaredPolicy
from harness.rules.attribution import APP, Collector
from harness.rules.context import RuleInput
from harness.rules.findings import Grouped, Ref, make_finding
from harness.timeline import Timeline


def _policy(rule: RuleInput) -> DeclaredPolicy:
    policy = rule.context.profile.policy
    if policy is None:  # the engine skips these rules without one (Need.POLICY)
        raise ValueError("policy rules need a profile with a policy")
    return policy


def _source(policy: DeclaredPolicy) -> dict[str, Any]:
    source = policy.source
    return (
        {"kind": source.kind, "location": source.location, "sha256": source.sha256}
        if source
        else {}
    )


def _collected(timeline: Timeline, rule: RuleInput) -> Grouped:
    """Every read and every flow carrying personal data, per category and collector."""
    context = rule.context
    grouped = Grouped()
    cols = context.event_columns(timeline)
    for ts, category, who, ref in zip(cols.ts, cols.category, cols.who, cols.ref, strict=True):
        grouped.add(category, who, None, ts, ref)
    for timed_flow in timeline.flows:
        flow = timed_flow.flow
        categories = {m.category for m in context.flow_matches.get(flow.id, ())}
        if not categories:
            continue
        receiver = context.receiver(flow.id, flow.host)
        for category in categories:
            grouped.add(category, receiver, None, flow.ts, EvidenceRef("flow", flow.id))
    return grouped


def undeclared_collection(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    policy = _policy(rule)
    declared = policy.categories()
    collected = _collected(timeline, rule)
    details = {
        "declared": sorted(c.value for c in declared),
        "policy": _source(policy),
        "sentence": None,  # no sentence of the policy declares it
    }
    findings = collected.findings(rule, {key: details for key in collected})
    return [f for f in findings if f.category is not None and f.category not in declared]


def undisclosed_sdk(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    policy = _policy(rule)
    context = rule.context
    refs: dict[str, list[Ref]] = defaultdict(list)
    who: dict[str, Collector] = {}
    categories: dict[str, set[DataCategory]] = defaultdict(set)
    cols = context.event_columns(timeline)
    for ts, category, collector, ref in zip(
        cols.ts, cols.category, cols.who, cols.ref, strict=True
    ):
        if collector.sdk_id is None:
            continue
        who.setdefault(collector.name, collector)
        refs[collector.name].append((ts, ref))
        categories[collector.name].add(category)
    for timed_flow in timeline.flows:
        flow = timed_flow.flow
        matched = {m.category for m in context.flow_matches.get(flow.id, ())}
        receiver = context.receiver(flow.id, flow.host)
        if not matched or receiver.sdk_id is None:
            continue
        who.setdefault(receiver.name, receiver)
        refs[receiver.name].append((flow.ts, EvidenceRef("flow", flow.id)))
        categories[receiver.name] |= matched
    listed = [row.name for row in policy.sdks]
    findings = []
    for name in sorted(who):
        collector = who[name]
        if policy.sdk_row(collector.sdk_id, collector.name) is not None:
            continue
        details = {
            "sdk": name,
            "categories": sorted(c.value for c in categories[name]),
            "sdk_list": listed,
            "policy": _source(policy),
        }
        findings.append(make_finding(rule, None, None, refs[name], collector, details))
    return findings


def no_purpose_stated(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    policy = _policy(rule)
    collected = _collected(timeline, rule)
    evidence: dict[DataCategory, list[Ref]] = defaultdict(list)
    for finding in collected.findings(rule):
        if finding.category is None:
            continue
        evidence[finding.category].extend((finding.first_ts, ref) for ref in finding.evidence)
    findings = []
    for category in sorted(evidence, key=lambda c: c.value):
        declarations = policy.declarations_of(category)
        if not declarations or any(d.purposes for d in declarations):
            continue  # undeclared (the other rule's business), or a purpose is stated
        details = {
            "sentences": [{"where": d.where, "sentence": d.sentence} for d in declarations],
            "policy": _source(policy),
        }
        findings.append(make_finding(rule, category, None, evidence[category], APP, details))
    return findings
