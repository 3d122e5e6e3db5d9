"""associated-start: the app starting or binding another app's components (关联启动).

The hook catalog records component starts as context (`topic: component_start`):
ContextImpl.startService / startForegroundService / bindService / startActivity /
sendBroadcast, with the Intent as the first argument in Android's own toString form
("Intent { act=… pkg=com.other cmp=com.other/.PushService }"). A call whose Intent names
another package (its component's, else its `pkg=`) is an associated start, whether or not the
other app was installed and came up (the attempt is the behaviour MIIT No. 164 type 6 names:
SDKs waking each other's apps, "家族唤醒"). Implicit intents (no package: a browser opened
for a link, a share sheet) and the app's own components are not. One finding per collector
(the app, or the SDK its stack names) and phase, citing every call, with the target packages
and components in its details.

Known gaps: an Intent built by a PendingIntent, or sent through a system service other than
the context (AlarmManager, JobScheduler), is not seen; Activity.startActivity's own path is
not hooked (see hooks/catalog.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.model import EvidenceRef, Finding, Phase
from harness.rules.attribution import Collector
from harness.rules.context import RuleInput
from harness.rules.findings import make_finding
from harness.timeline import Timeline

COMPONENT_START = "component_start"

_PACKAGE = r"[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*"
_COMPONENT = re.compile(rf"(?<![\w.])cmp=(?P<pkg>{_PACKAGE})/(?P<cls>[^\s}}]+)")
_TARGET_PACKAGE = re.compile(rf"(?<![\w.])pkg=(?P<pkg>{_PACKAGE})(?![\w.])")


@dataclass(frozen=True, slots=True)
class IntentTarget:
    package: str
    component: str  # "com.other/com.other.PushService", or "" for a package-only intent


def intent_target(text: str) -> IntentTarget | None:
    """The package (and component) an Intent's toString names; None for an implicit one."""
    component = _COMPONENT.search(text)
    if component is not None:
        package, cls = component.group("pkg"), component.group("cls")
        full = package + cls if cls.startswith(".") else cls
        return IntentTarget(package, f"{package}/{full}")
    package = _TARGET_PACKAGE.search(text)
    if package is not None:
        return IntentTarget(package.group("pkg"), "")
    return None


@dataclass
class _Calls:
    who: Collector
    refs: list[tuple[float, EvidenceRef]]
    targets: set[str]
    components: set[str]
    apis: set[str]


def associated_start(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    own = rule.context.profile.package
    groups: dict[tuple[str, Phase], _Calls] = {}
    for timed in timeline.context_events:
        event = timed.event
        if event.topic != COMPONENT_START or not event.args:
            continue
        target = intent_target(event.args[0])
        if target is None or target.package == own:
            continue
        who = rule.context.collector(event.id)
        calls = groups.setdefault(
            (who.name, timed.placement.phase), _Calls(who, [], set(), set(), set())
        )
        calls.refs.append((event.ts, EvidenceRef("event", event.id)))
        calls.targets.add(target.package)
        if target.component:
            calls.components.add(target.component)
        calls.apis.add(event.api)
    findings = []
    for (_name, phase), calls in sorted(groups.items()):
        details = {
            "targets": sorted(calls.targets),
            "components": sorted(calls.components),
            "apis": sorted(calls.apis),
        }
        findings.append(make_finding(rule, None, phase, calls.refs, calls.who, details))
    return findings
