"""Rules about runtime permissions, from hooked requests and the dialogs the scenario answered.

permission-before-consent: a permission requested (hooked requestPermissions) or its dialog
shown while the phase is pre_consent.
repeated-permission-request: a permission asked for again, by a request or a dialog, less
than `min_interval_s` (48 h) after the user denied its group.
forced-permission: less than `within_s` after the user denied a permission, the app's
process ended on its own (an app_exited marker), a scenario step failed (step_failed: the
app left the foreground, or the screen the step needed was not there), or the explorer
found the app blocked (app_blocked: one screen offering only settings or quit, nothing new
to try; its time is when that screen was first seen): the app quits or blocks. Each stop is
blamed on the latest denial before it.
One finding per permission group (named by its data category), citing requests, dialogs and
the screens the dialogs were seen on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from harness.apk.permissions import PermissionTable
from harness.model import EvidenceRef, Finding, Marker, MarkerKind, PermissionAnswer, Phase
from harness.rules.attribution import APP, Collector
from harness.rules.context import RuleInput
from harness.rules.findings import Ref, make_finding
from harness.rules.pack import ForcedPermissionParams, RepeatedPermissionParams, rule_params
from harness.rules.permissions import PermissionGroups
from harness.timeline import Placement, Timeline

# How an app shows it will not go on: its process ends, the scenario cannot go on with it
# (a step failed: the app left the foreground, or the screen the step needed is not there),
# or it offers nothing but the settings or quitting (the explorer's app_blocked).
_STOPPED = (MarkerKind.APP_EXITED, MarkerKind.STEP_FAILED, MarkerKind.APP_BLOCKED)


@dataclass(frozen=True, slots=True)
class _Ask:
    """One request (hook) or one dialog (scenario) for one permission group."""

    ts: float
    group: str
    kind: str  # "request" | "dialog"
    placement: Placement
    refs: tuple[EvidenceRef, ...]
    who: Collector
    denied_at: float | None  # a dialog the user denied: when the answer was given


def _groups(rule: RuleInput) -> PermissionGroups:
    context = rule.context
    if context.groups is not None:
        return context.groups
    return PermissionGroups(context.permissions or PermissionTable.load(), {})


def _asks(timeline: Timeline, rule: RuleInput) -> Iterator[_Ask]:
    groups = _groups(rule)
    items: list[_Ask] = []
    for timed in timeline.permission_requests:
        request = timed.request
        who = rule.context.collector(request.id)
        for group in dict.fromkeys(groups.group_of(p) for p in request.permissions):
            ref = (EvidenceRef("event", request.id),)
            items.append(_Ask(request.ts, group, "request", timed.placement, ref, who, None))
    for timed_prompt in timeline.permission_prompts:
        prompt = timed_prompt.prompt
        refs = (EvidenceRef("event", prompt.id), *(EvidenceRef("file", f) for f in prompt.evidence))
        denied = None
        if prompt.answer is PermissionAnswer.DENY:
            denied = prompt.answered_ts if prompt.answered_ts is not None else prompt.ts
        group = groups.group_of(prompt.permission)
        items.append(_Ask(prompt.ts, group, "dialog", timed_prompt.placement, refs, APP, denied))
    yield from sorted(items, key=lambda a: a.ts)


def _finding(
    rule: RuleInput, group: str, asks: list[_Ask], phase: Phase, extra: dict[str, Any]
) -> Finding:
    refs: list[Ref] = [(a.ts, r) for a in asks for r in a.refs]
    # Who asked: a hooked request's stack names it (a dialog alone cannot say).
    who = next((a.who for a in asks if a.kind == "request"), APP)
    category = _groups(rule).category_of(group)
    # A request that shows a dialog is one ask seen twice (hook, then screen).
    requests = sum(1 for a in asks if a.kind == "request")
    count = requests or len(asks)
    details = {"permission_group": group, "requests": requests, **extra}
    details["dialogs"] = len(asks) - requests
    return make_finding(rule, category, phase, refs, who, details, count=count)


def permission_before_consent(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    by_group: dict[str, list[_Ask]] = defaultdict(list)
    for ask in _asks(timeline, rule):
        if ask.placement.phase is Phase.PRE_CONSENT and not ask.placement.near_phase_change:
            by_group[ask.group].append(ask)
    return [
        _finding(rule, group, asks, Phase.PRE_CONSENT, {})
        for group, asks in sorted(by_group.items())
    ]


def repeated_permission_request(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    params = rule_params(rule.definition, RepeatedPermissionParams)
    denied: dict[str, float] = {}
    repeats: dict[str, list[_Ask]] = defaultdict(list)
    for ask in _asks(timeline, rule):
        last_denial = denied.get(ask.group)
        if last_denial is not None and 0 < ask.ts - last_denial < params.min_interval_s:
            repeats[ask.group].append(ask)
        if ask.denied_at is not None:
            denied[ask.group] = ask.denied_at
    findings = []
    for group, asks in sorted(repeats.items()):
        extra = {"min_interval_s": params.min_interval_s}
        findings.append(_finding(rule, group, asks, asks[0].placement.phase, extra))
    return findings


def forced_permission(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    params = rule_params(rule.definition, ForcedPermissionParams)
    denials = [a for a in _asks(timeline, rule) if a.denied_at is not None]
    stops = [m for m in timeline.markers if m.kind in _STOPPED]
    by_group: dict[str, tuple[_Ask, list[Marker]]] = {}
    for stop in stops:
        # The app reacts to the denial it just got: the latest one before it stopped.
        before = [a for a in denials if 0 <= stop.ts - (a.denied_at or 0.0) <= params.within_s]
        if not before:
            continue
        denial = max(before, key=lambda a: a.denied_at or 0.0)
        by_group.setdefault(denial.group, (denial, []))[1].append(stop)
    findings = []
    for group, (denial, stopped) in sorted(by_group.items()):
        first = stopped[0]
        extra = {
            "after_s": round(first.ts - (denial.denied_at or 0.0), 3),
            "how": [f"{m.kind.value}: {m.detail}" for m in stopped],
        }
        finding = _finding(rule, group, [denial], denial.placement.phase, extra)
        # What the app did next (the exit or failed step, and its screen) is evidence too.
        more = [EvidenceRef("marker", m.id) for m in stopped]
        more += [EvidenceRef("file", f) for m in stopped for f in m.evidence]
        findings.append(replace(finding, evidence=(*finding.evidence, *more)))
    return findings
