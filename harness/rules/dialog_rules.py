"""Rules about the consent dialog itself and the app's pop-up windows, from the scenario's
markers (the screens behind each marker are its evidence).

consent-preticked: the consent box was ticked before anyone touched it (consent_preticked).
consent-no-refuse: the first consent dialog offered no way to refuse (consent_no_refuse).
consent-no-policy: the first consent dialog neither showed nor linked the privacy policy
(consent_no_policy). policy-too-deep: the policy_reach probe found the privacy policy more
than `max_taps` taps from the main screen, or not at all in a complete search at least that
deep (an incomplete search that found nothing is not judged). popup-no-close: a pop-up
without a close or exit mark (popup_no_close). popup-jump: a tap on a pop-up's body, away
from its buttons, opened another page or app (popup_jump). One finding per rule and run,
citing every marker behind it and its screens; the app is the collector (first_party).
"""

from __future__ import annotations

from harness.model import EvidenceRef, Finding, Marker, MarkerKind, Phase
from harness.reach import parse_reach
from harness.rules.attribution import APP
from harness.rules.context import RuleInput
from harness.rules.findings import make_finding
from harness.rules.pack import PolicyDepthParams, rule_params
from harness.timeline import Timeline


def _refs(markers: list[Marker]) -> list[tuple[float, EvidenceRef]]:
    refs: list[tuple[float, EvidenceRef]] = []
    for marker in markers:
        refs.append((marker.ts, EvidenceRef("marker", marker.id)))
        refs.extend((marker.ts, EvidenceRef("file", name)) for name in marker.evidence)
    return refs


def _from_markers(
    timeline: Timeline, rule: RuleInput, kind: MarkerKind, phase: Phase | None
) -> list[Finding]:
    markers = [m for m in timeline.markers if m.kind is kind]
    if not markers:
        return []
    details = {"markers": [m.detail for m in markers]}
    return [make_finding(rule, None, phase, _refs(markers), APP, details, count=len(markers))]


def consent_preticked(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    return _from_markers(timeline, rule, MarkerKind.CONSENT_PRETICKED, Phase.PRE_CONSENT)


def consent_no_refuse(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    return _from_markers(timeline, rule, MarkerKind.CONSENT_NO_REFUSE, Phase.PRE_CONSENT)


def consent_no_policy(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    return _from_markers(timeline, rule, MarkerKind.CONSENT_NO_POLICY, Phase.PRE_CONSENT)


def popup_no_close(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    return _from_markers(timeline, rule, MarkerKind.POPUP_NO_CLOSE, None)


def popup_jump(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    return _from_markers(timeline, rule, MarkerKind.POPUP_JUMP, None)


def policy_too_deep(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    bound = rule_params(rule.definition, PolicyDepthParams).max_taps
    deep: list[Marker] = []
    measured: list[dict[str, object]] = []
    for marker in timeline.markers:
        if marker.kind is not MarkerKind.POLICY_REACH:
            continue
        reach = parse_reach(marker.detail)
        if reach is None:
            continue
        if reach.taps is not None and reach.taps > bound:
            deep.append(marker)
        elif reach.taps is None and reach.complete and reach.searched >= bound:
            deep.append(marker)  # not within `searched` taps, and that is beyond the bound
        else:
            continue
        measured.append({"taps": reach.taps, "searched": reach.searched, "path": list(reach.path)})
    if not deep:
        return []
    details = {"max_taps": bound, "measured": measured}
    return [make_finding(rule, None, None, _refs(deep), APP, details, count=len(deep))]
