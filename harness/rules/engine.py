"""Runs the rule pack over a timeline.

`build_context` gathers what rules read besides the timeline (who received each flow and the
known values it carried, read from the analysis the traffic layer put on each flow of the
timeline (harness.traffic.analysis.analyse_timeline); who collected each read, the app type,
the manifest); `evaluate` runs every rule of the pack whose needs are met and records the
others as skipped, with the reason. Rules are pure functions from (timeline, RuleInput) to
findings. A flow without an analysis (a timeline nobody analysed) carries no match, and its
receiver is decided by the profile's domains alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from harness.apk.permissions import PermissionTable
from harness.errors import InputError
from harness.model import (
    Attribution,
    Finding,
    IdentifierMatch,
    MarkerKind,
    Receiver,
    SkippedRule,
)
from harness.necessity import NecessityTable, default_necessity
from harness.profile import AppProfile
from harness.rules.attribution import FIRST_PARTY, Collector, StackAttributor
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
from harness.rules.necessity_rules import beyond_necessary, over_requested_permissions
from harness.rules.pack import DEFAULT_RULE_PACK, Need, RulePack, load_rule_pack
from harness.rules.permission_rules import (
    forced_permission,
    permission_before_consent,
    repeated_permission_request,
)
from harness.rules.permissions import PermissionGroups
from harness.rules.policy_rules import no_purpose_stated, undeclared_collection, undisclosed_sdk
from harness.rules.start_rules import (
    COMPONENT_START,
    associated_start,
    self_start,
    started_class,
)
from harness.rules.transport_rules import cleartext_personal_data
from harness.rules.update_rules import permissions_changed_on_update
from harness.rules.withdrawal_rules import collect_after_withdrawal, no_withdrawal_path
from harness.sdk import SdkDatabase
from harness.timeline import Timeline

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
    "collect-after-withdrawal": collect_after_withdrawal,
    "no-withdrawal-path": no_withdrawal_path,
    "associated-start": associated_start,
    "self-start": self_start,
    "cleartext-personal-data": cleartext_personal_data,
    "permissions-changed-on-update": permissions_changed_on_update,
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


@functools.cache
def shipped_permissions() -> PermissionTable:
    """The shipped permission table, parsed once per process: it is read-only data, and its
    YAML parse was most of a short session's scoring time (benchmarks/session_scoring.md)."""
    return PermissionTable.load()


def build_context(
    timeline: Timeline,
    profile: AppProfile,
    *,
    pack: RulePack | None = None,
    sdk_db: SdkDatabase | None = None,
    manifest_permissions: Iterable[str] | None = None,
    necessity: NecessityTable | None = None,
    permissions: PermissionTable | None = None,
) -> ScoringContext:
    pack = pack or load_rule_pack()
    sdk_db = sdk_db or SdkDatabase.load()
    # The flows' matches and receivers, as the traffic layer's one pass found them.
    flow_matches: dict[str, tuple[IdentifierMatch, ...]] = {}
    receivers: dict[str, Collector] = {}
    for timed_flow in timeline.flows:
        analysis = timed_flow.analysis
        if analysis is not None:
            flow_matches[analysis.flow_id] = analysis.matches
            receivers[analysis.flow_id] = receiver_of(analysis.attribution)
    attributor = StackAttributor(profile, sdk_db, pack.attribution)
    columns = EventColumns.of(timeline, lambda event: attributor.of_stack(event.stack))
    collectors: dict[str, Collector] = {}
    for timed_request in timeline.permission_requests:
        request = timed_request.request
        collectors[request.id] = attributor.of_stack(request.stack)
    for timed_context in timeline.context_events:
        # Who started another app's component (associated-start names the app or the SDK).
        if timed_context.event.topic == COMPONENT_START:
            collectors[timed_context.event.id] = attributor.of_stack(timed_context.event.stack)
    for marker in timeline.markers:
        # Whose component the system started (self-start names the SDK of a push receiver).
        started = (
            started_class(marker.detail) if marker.kind is MarkerKind.APP_SELF_STARTED else None
        )
        if started is not None:
            collectors[marker.id] = attributor.of_stack((f"{started}.<init>(Unknown Source)",))
    table = permissions or shipped_permissions()
    return ScoringContext(
        profile=profile,
        flow_matches=flow_matches,
        collectors=collectors,
        receivers=receivers,
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
