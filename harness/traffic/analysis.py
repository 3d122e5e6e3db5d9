"""The one analysis stage of a session's traffic: each flow of a finished timeline, analysed once.

    timeline = analyse_timeline(build_timeline(...), device_identifiers, profile)

What a flow is matched against: the device's identifiers (configured, or read from the device)
and the values the app's hooked reads returned (harness.traffic.observed), placeholders
dropped (harness.traffic.placeholders), each (category, value) once. Each flow gets a
`FlowAnalysis`: its receiver (host, registrable domain, first or third party, SDK name and
SDK database ids, harness.traffic.attribution) and every identifier match (category,
identifier, encoding, where, the text as found). The analysed timeline carries them on its
flows (`TimedFlow.analysis`); the rules, the bundle's events.jsonl flow rows (under
`analysis`) and the report only read them. A session calls this after its scenario; `harness
score` calls it on the timeline read back from a bundle (with the profile it judges by, which
decides first party).

Known gaps: a value the app read only after a flow left is still searched for in that flow
(the stage runs over the whole session); the live addons (harness.traffic.addons) match as
flows finish and so cannot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from harness.model import FlowAnalysis, FlowRecord, KnownIdentifier
from harness.profile import AppProfile
from harness.sdk import SdkDatabase
from harness.timeline import ANALYSIS_KEY, Timeline
from harness.traffic.attribution import HostAttributor
from harness.traffic.matcher import IdentifierMatcher
from harness.traffic.observed import observed_values
from harness.traffic.placeholders import Placeholders

__all__ = [
    "ANALYSIS_KEY",
    "analyse_timeline",
    "analyze_flows",
    "device_identifiers",
    "searched_identifiers",
]


def device_identifiers(known: Iterable[KnownIdentifier]) -> tuple[KnownIdentifier, ...]:
    """The device's identifiers worth searching for (and recording in scoring.json): a
    placeholder it shows or is configured with (02:00:00:00:00:00) is never one."""
    return tuple(Placeholders.load().real(known))


def searched_identifiers(
    timeline: Timeline, known: Iterable[KnownIdentifier], package: str
) -> list[KnownIdentifier]:
    """The device's identifiers and the values its hooks saw the app read, placeholders
    dropped, each (category, value) once (the first source named wins)."""
    observed = observed_values((t.event for t in timeline.events), package)
    merged: dict[tuple[str, str], KnownIdentifier] = {}
    for ident in Placeholders.load().real([*known, *observed]):
        merged.setdefault((ident.category.value, ident.value), ident)
    return list(merged.values())


def analyze_flows(
    flows: Iterable[FlowRecord],
    known: Iterable[KnownIdentifier],
    profile: AppProfile,
    sdk_db: SdkDatabase | None = None,
) -> list[FlowAnalysis]:
    """Each flow's receiver and matches: one automaton for all flows, one lookup per host."""
    matcher = IdentifierMatcher(known)
    attributor = HostAttributor(profile, sdk_db or SdkDatabase.load())
    return [
        FlowAnalysis(flow.id, attributor.attribute(flow.host), matcher.match(flow))
        for flow in flows
    ]


def analyse_timeline(
    timeline: Timeline,
    known: Iterable[KnownIdentifier],
    profile: AppProfile,
    sdk_db: SdkDatabase | None = None,
) -> Timeline:
    """The timeline with each flow's analysis on it (`TimedFlow.analysis`)."""
    identifiers = searched_identifiers(timeline, known, profile.package)
    analyses = analyze_flows((t.flow for t in timeline.flows), identifiers, profile, sdk_db)
    flows = tuple(
        replace(timed, analysis=analysis)
        for timed, analysis in zip(timeline.flows, analyses, strict=True)
    )
    return replace(timeline, flows=flows)
