"""Rules about necessity: what the app's type needs (the 39 types of the 2021 regulation).

beyond-necessary: personal data read (hook), or sent to the app's own servers, in a category
that is neither necessary for the app's type nor declared by its privacy policy; one finding
per category and collector, in any phase (phase: none).
over-requested-permissions: dangerous permissions in the app's manifest that serve no
category the type needs or the policy declares (the same test `harness inspect --profile`
applies); one finding per data category (each permission counted under the first category
it opens), listing its permissions and citing their manifest entries and every runtime
request for them.
Both need the app type; the over-requested rule also the manifest. Without them the engine
skips the rule and records why.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from harness.apk.permissions import PermissionTable, permissions_beyond
from harness.model import DataCategory, EvidenceRef, Finding, Phase
from harness.rules.attribution import APP
from harness.rules.context import RuleInput
from harness.rules.findings import Grouped, GroupKey, Ref, make_finding
from harness.timeline import Timeline


def allowed_categories(rule: RuleInput) -> frozenset[DataCategory]:
    context = rule.context
    necessary = context.app_type.categories if context.app_type else frozenset()
    return necessary | frozenset(context.profile.declared_categories)


def _type_details(rule: RuleInput) -> dict[str, Any]:
    app_type = rule.context.app_type
    return {
        "app_type": app_type.zh if app_type else None,
        "necessary": sorted(c.value for c in app_type.categories) if app_type else [],
        "declared": sorted(c.value for c in rule.context.profile.declared_categories),
    }


def beyond_necessary(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    allowed = allowed_categories(rule)
    context = rule.context
    grouped = Grouped()
    phases: dict[GroupKey, set[Phase]] = defaultdict(set)
    cols = context.event_columns(timeline)
    for ts, category, placement, who, ref in zip(
        cols.ts, cols.category, cols.placement, cols.who, cols.ref, strict=True
    ):
        if category not in allowed:
            key = grouped.add(category, who, None, ts, ref)
            phases[key].add(placement.phase)
    for timed_flow in timeline.flows:
        flow = timed_flow.flow
        receiver = context.receiver(flow.id, flow.host)
        if not receiver.first_party:
            continue  # sending to others is the sharing rules' business
        for category in {m.category for m in context.flow_matches.get(flow.id, ())}:
            if category not in allowed:
                key = grouped.add(category, receiver, None, flow.ts, EvidenceRef("flow", flow.id))
                phases[key].add(timed_flow.placement.phase)
    base = _type_details(rule)
    details = {key: {**base, "phases": sorted(p.value for p in ps)} for key, ps in phases.items()}
    return grouped.findings(rule, details)


def over_requested_permissions(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    context = rule.context
    table = context.permissions or PermissionTable.load()
    manifest = context.manifest_permissions or ()
    beyond = permissions_beyond(manifest, table, allowed_categories(rule))
    asked: dict[str, list[Ref]] = defaultdict(list)
    for timed in timeline.permission_requests:
        request = timed.request
        for name in request.permissions:
            asked[name].append((request.ts, EvidenceRef("event", request.id)))
    # A permission belongs to the category it is first listed for (READ_PHONE_STATE:
    # device_id), so two storage permissions are one over-requested category, and no
    # permission is in two findings.
    by_category: dict[DataCategory, list[str]] = defaultdict(list)
    opens: dict[str, list[str]] = {}
    for name in beyond:
        entry = table.get(name)
        if entry is not None and entry.categories:
            by_category[entry.categories[0]].append(name)
            opens[name] = [c.value for c in entry.categories]
    findings = []
    base = _type_details(rule)
    for category, names in sorted(by_category.items()):
        refs: list[Ref] = [(timeline.start, EvidenceRef("manifest", name)) for name in names]
        refs += [ref for name in names for ref in asked[name]]
        details = {
            **base,
            "permissions": names,
            "permission_categories": {name: opens[name] for name in names},
            "requested_at_runtime": sum(len(asked[name]) for name in names),
        }
        findings.append(make_finding(rule, category, None, refs, APP, details, count=len(names)))
    return findings
