"""Runs the rule pack over a timeline.

`build_context` gathers what rules read besides the timeline (each flow's analysis: who
received it and the known values it carried, the values the hooks saw returned included
(harness.traffic.observed); who collected each read, the app type, the
manifest); `evaluate` runs every rule of the pack whose needs are met and records the others
as skipped, with the reason. Rules are pure functions from (timeline, RuleInput) to findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from harness.apk.permissions import PermissionTable
from harness.errors import InputError
from harness.model import (
    Attribution,
    Finding,
    KnownIdentifier,
    Receiver,
    SkippedRule,
)
from harness.profile import AppProfile
from harness.rules.attribution import FIRST_PARTY, Attributor, Collector
from harness.rules.background_rules import background_collection
from harness.rules.columns import EventColumns
from harness.rules.consent_rules import (
    collect_after_refusal,
    collect_before_consent,
    share_before_consent,
)
from harness.rules.context import RuleInput, ScoringContext
from harness.rules.dialog_rules import (
    consent_no_policy,
    consent_no_refuse,
    consent_preticked,
    policy_too_deep,
    popup_jump,
    popup_no_close,
)
from harness.rules.frequency_rules import excessive_frequency
from harness.rules.necessity import NecessityTable, default_necessity
from harness.rules.necessity_rules import beyond_necessary, over_requested_permissions
from harness.rules.pack import DEFAULT_RULE_PACK, Need, RulePack, load_rule_pack
from harness.rules.permission_rules import (
    forced_permission,
    permission_before_consent,
    repeated_permission_request,
)
from harness.rules.permissions import PermissionGroups
from harness.rules.policy_rules import no_purpose_stated, undeclared_collection, undisclosed_sdk
from harness.sdk import SdkDatabase
from harness.timeline import Timeline
from harness.traffic.analysis import analyze_flows
from harness.traffic.observed import observed_values
from harness.traffic.placeholders import Placeholders

Rule = Callable[[Timeline, RuleInput], list[Finding]]

RULES: dict[str, Rule] = {
    "collect-before-consent": collect_before_consent,
    "collect-after-refusal": collect_after_refusal,
    "share-before-consent": share_before_consent,
    "beyond-necessary": beyond_necessary,
    "excessive-frequency": excessive_frequency,
    "background-collection": background_collection,
    "over-requested-permissions": over_requested_permissions,
    "permission-before-consent": permission_before_consent,
    "repeated-permission-request": repeated_permission_request,
    "forced-permission": forced_permission,
    "undeclared-collection": undeclared_collection,
    "undisclosed-sdk": undisclosed_sdk,
    "no-purpose-stated": no_purpose_stated,
    # The consent dialog itself and pop-ups (harness.rules.dialog_rules)
    "consent-preticked": consent_preticked,
    "consent-no-refuse": consent_no_refuse,
    "consent-no-policy": consent_no_policy,
    "policy-too-deep": policy_too_deep,
    "popup-no-close": popup_no_close,
    "popup-jump": popup_jump,
}


@dataclass(frozen=True, slots=True)
class Scored:
    findings: tuple[Finding, ...]
    ran: tuple[str, ...]
    skipped: tuple[SkippedRule, ...]


def receiver_of(attribution: Attribution) -> Collector:
    """A flow's receiver as the rules name it: first party, the SDK, or else the host."""
    if attribution.receiver is Receiver.FIRST_PARTY:
        return Collector(FIRST_PARTY, None, attribution.host)
    if attribution.sdk is not None:
        return Collector(attribution.sdk, attribution.sdk_ids[0], attribution.host)
    return Collector(attribution.host, None, attribution.host)


def build_context(
    timeline: Timeline,
    profile: AppProfile,
    known: Iterable[KnownIdentifier],
    *,
    pack: RulePack | None = None,
    sdk_db: SdkDatabase | None = None,
    manifest_permissions: Iterable[str] | None = None,
    necessity: NecessityTable | None = None,
    permissions: PermissionTable | None = None,
) -> ScoringContext:
    # Identifiers learned from the agent's events live in traffic; the rules read analyses.
    observed = observed_values((t.event for t in timeline.events), profile.package)
    merged: dict[tuple[str, str], KnownIdentifier] = {}
    for ident in Placeholders.load().real([*known, *observed]):
        merged.setdefault((ident.category.value, ident.value), ident)
    all_known = list(merged.values())
    pack = pack or load_rule_pack()
    sdk_db = sdk_db or SdkDatabase.load()
    # The one pass over the flows: the rules read its matches and receivers, and a session
    # writes the same records onto events.jsonl's flow rows (ScoringOutcome.analyses).
    analyses = tuple(analyze_flows((t.flow for t in timeline.flows), all_known, profile, sdk_db))
    attributor = Attributor(profile, sdk_db, pack.attribution)
    columns = EventColumns.of(timeline, lambda event: attributor.of_stack(event.stack))
    collectors: dict[str, Collector] = {}
    for timed_request in timeline.permission_requests:
        request = timed_request.request
        collectors[request.id] = attributor.of_stack(request.stack)
    table = permissions or PermissionTable.load()
    return ScoringContext(
        profile=profile,
        known=tuple(all_known),
        flow_matches={a.flow_id: a.matches for a in analyses},
        collectors=collectors,
        receivers={a.flow_id: receiver_of(a.attribution) for a in analyses},
        analyses=analyses,
        app_type=profile.necessity(necessity or default_necessity()),
        manifest_permissions=None if manifest_permissions is None else tuple(manifest_permissions),
        permissions=table,
        groups=PermissionGroups(table, pack.permission_groups),
        columns=columns,
    )


def unmet_needs(needs: Iterable[Need], context: ScoringContext) -> list[tuple[Need, str]]:
    """The needs the context cannot meet, each with the reason."""
    unmet: list[tuple[Need, str]] = []
    for need in needs:
        if need is Need.APP_TYPE and context.app_type is None:
            unmet.append((need, "the app's profile names no app type (one of the 39 types)"))
        elif need is Need.MANIFEST and context.manifest_permissions is None:
            unmet.append((need, "the app's manifest (its declared permissions) is not known"))
        elif need is Need.POLICY and context.profile.policy is None:
            unmet.append((need, "no privacy policy was captured or given (harness policy)"))
    return unmet


def evaluate(timeline: Timeline, context: ScoringContext, pack: RulePack) -> Scored:
    unknown = sorted(set(pack.rules) - set(RULES))
    if unknown:
        raise InputError(
            DEFAULT_RULE_PACK, f"rule pack names rules this harness does not have: {unknown}"
        )
    findings: list[Finding] = []
    ran: list[str] = []
    skipped: list[SkippedRule] = []
    for rule_id, definition in pack.rules.items():
        unmet = unmet_needs(definition.needs, context)
        if unmet:
            needs = tuple(n.value for n, _ in unmet)
            skipped.append(SkippedRule(rule_id, needs, "; ".join(r for _, r in unmet)))
            continue
        ran.append(rule_id)
        rule_input = RuleInput(rule_id, definition, context, pack.version)
        findings.extend(RULES[rule_id](timeline, rule_input))
    findings.sort(key=lambda f: (f.first_ts, f.rule, f.category or "", f.collector))
    return Scored(tuple(findings), tuple(ran), tuple(skipped))


def score(timeline: Timeline, context: ScoringContext, pack: RulePack) -> list[Finding]:
    """The findings alone (see `evaluate` for which rules ran and which were skipped)."""
    return list(evaluate(timeline, context, pack).findings)
