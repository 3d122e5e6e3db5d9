"""Runs the rule pack over a timeline."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from harness.errors import InputError
from harness.matcher import find_identifiers
from harness.model import Finding, KnownIdentifier
from harness.profile import AppProfile
from harness.rules.consent_rules import collect_before_consent, share_before_consent
from harness.rules.context import IDENTIFIER_CATEGORIES, RuleInput, ScoringContext
from harness.rules.pack import DEFAULT_RULE_PACK, RulePack
from harness.timeline import Timeline

Rule = Callable[[Timeline, RuleInput], list[Finding]]

RULES: dict[str, Rule] = {
    "collect-before-consent": collect_before_consent,
    "share-before-consent": share_before_consent,
}


def observed_identifiers(timeline: Timeline) -> list[KnownIdentifier]:
    """Identifier values the app actually read: searched for in its traffic too."""
    seen: dict[tuple[str, str], KnownIdentifier] = {}
    for timed in timeline.events:
        event = timed.event
        if event.category in IDENTIFIER_CATEGORIES and event.ret and len(event.ret) >= 6:
            seen.setdefault(
                (event.category.value, event.ret),
                KnownIdentifier(event.category, event.ret, event.id),
            )
    return list(seen.values())


def build_context(
    timeline: Timeline, profile: AppProfile, known: Iterable[KnownIdentifier]
) -> ScoringContext:
    merged: dict[tuple[str, str], KnownIdentifier] = {}
    for ident in [*known, *observed_identifiers(timeline)]:
        merged.setdefault((ident.category.value, ident.value), ident)
    all_known = list(merged.values())
    flow_matches = {
        timed.flow.id: tuple(find_identifiers(timed.flow, all_known)) for timed in timeline.flows
    }
    return ScoringContext(profile=profile, known=tuple(all_known), flow_matches=flow_matches)


def score(timeline: Timeline, context: ScoringContext, pack: RulePack) -> list[Finding]:
    unknown = sorted(set(pack.rules) - set(RULES))
    if unknown:
        raise InputError(
            DEFAULT_RULE_PACK, f"rule pack names rules this harness does not have: {unknown}"
        )
    findings: list[Finding] = []
    for rule_id, definition in pack.rules.items():
        findings.extend(RULES[rule_id](timeline, RuleInput(rule_id, definition, context)))
    return sorted(findings, key=lambda f: (f.first_ts, f.rule, f.category or ""))
