"""The traffic layer's conclusions, put on the flow rows of the bundle's events.jsonl.

Each flow row gets an `analysis` object: the receiver (host, registrable domain, first or
third party, SDK name and SDK database ids) and every identifier match (category,
identifier, encoding, where, and the text as found, for highlighting).

A session does not call `analyze_flows` itself: scoring does (harness.rules.engine
.build_context), once, and the rules and the flow rows share its records.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from harness.model import FlowAnalysis, FlowRecord, KnownIdentifier
from harness.profile import AppProfile
from harness.sdk import SdkDatabase
from harness.traffic.attribution import Attributor
from harness.traffic.matcher import IdentifierMatcher

ANALYSIS_KEY = "analysis"


def analyze_flows(
    flows: Iterable[FlowRecord],
    known: Iterable[KnownIdentifier],
    profile: AppProfile,
    sdk_db: SdkDatabase | None = None,
) -> list[FlowAnalysis]:
    """Each flow's receiver and matches: one automaton for all flows, one lookup per host."""
    matcher = IdentifierMatcher(known)
    attributor = Attributor(profile, sdk_db or SdkDatabase.load())
    return [
        FlowAnalysis(flow.id, attributor.attribute(flow.host), matcher.match(flow))
        for flow in flows
    ]


def with_analyses(
    rows: Iterable[dict[str, Any]], analyses: Iterable[FlowAnalysis]
) -> list[dict[str, Any]]:
    """The rows, each flow row with its analysis under `analysis` (other rows unchanged)."""
    by_flow = {analysis.flow_id: analysis for analysis in analyses}
    out = []
    for row in rows:
        analysis = by_flow.get(row.get("id", "")) if row.get("type") == "flow" else None
        out.append(row if analysis is None else {**row, ANALYSIS_KEY: analysis.to_json()})
    return out
