"""Self-start and associated start (自启动、关联启动, MIIT No. 164 type 6).

self-start: the system started a process of the app without the user: each
`app_self_started` marker of the self-start probe (harness.scenario.probe: the app stopped,
system broadcasts sent; its detail is ActivityManager's "Start proc … for broadcast {…}"
line). One finding per run (per phase), citing the markers and every hook read made after the
first start (the app was stopped: they are the started processes'), with the categories they
read and their processes in its details. The collector is whoever wrote the started
component (its class, in the "Start proc" line, by the SDK database: a push SDK's receiver is
the SDK's), else the app; starts of several collectors give one finding each, each citing the
started processes' reads.

associated-start: the app starting or binding another app's components (关联启动).

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
from collections import Counter
from dataclasses import dataclass

from harness.model import EvidenceRef, Finding, Marker, MarkerKind, Phase
from harness.rules.attribution import APP, Collector
from harness.rules.context import RuleInput
from harness.rules.findings import make_finding
from harness.rules.phases import phase_at
from harness.timeline import Timeline

COMPONENT_START = "component_start"

_PACKAGE = r"[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*"
_COMPONENT = re.compile(rf"(?<![\w.])cmp=(?P<pkg>{_PACKAGE})/(?P<cls>[^\s}}]+)")
_TARGET_PACKAGE = re.compile(rf"(?<![\w.])pkg=(?P<pkg>{_PACKAGE})(?![\w.])")


_STARTED = re.compile(
    r"\{(?P<pkg>[^/{}\s]+)/(?P<cls>[^{}\s]+)\}|for [a-z -]+ (?P<spkg>[^/{}\s]+)/(?P<scls>[^{}\s]+)$"
)


def started_class(start_line: str) -> str | None:
    """The component class a "Start proc" line names ("{pkg/.Cls}" or "pkg/.Cls"), in full."""
    m = _STARTED.search(start_line)
    if m is None:
        return None
    package = m.group("pkg") or m.group("spkg")
    cls = m.group("cls") or m.group("scls")
    return package + cls if cls.startswith(".") else cls


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


def self_start(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    starts = [m for m in timeline.markers if m.kind is MarkerKind.APP_SELF_STARTED]
    if not starts:
        return []
    first = starts[0].ts
    reads: list[tuple[float, EvidenceRef]] = []
    collected: Counter[str] = Counter()
    processes: set[str] = set()
    for timed in timeline.events:
        event = timed.event
        if event.ts < first:
            continue
        reads.append((event.ts, EvidenceRef("event", event.id)))
        collected[event.category.value] += 1
        processes.add(event.process)
    by_collector: dict[str, tuple[Collector, list[Marker]]] = {}
    for marker in starts:
        who = rule.context.collectors.get(marker.id, APP)
        by_collector.setdefault(who.name, (who, []))[1].append(marker)
    findings = []
    for _name, (who, markers) in sorted(by_collector.items()):
        refs = [(m.ts, EvidenceRef("marker", m.id)) for m in markers] + reads
        details = {
            "starts": [m.detail for m in markers],
            "collected": dict(sorted(collected.items())),
            "processes": sorted(p for p in processes if p),
        }
        phase = phase_at(timeline.markers, markers[0].ts)
        findings.append(make_finding(rule, None, phase, refs, who, details, count=len(markers)))
    return findings
