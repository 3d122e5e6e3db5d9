"""What every rule may read besides the timeline: the app, flow matches, who collected each
read and who received each flow, the app type and the manifest.

A flow's matches and receiver come from its analysis on the timeline (`TimedFlow.analysis`,
made by harness.traffic.analysis); `flow_matches` and `receiver` are the same records by
flow id, for rules that look a flow up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from harness.apk.permissions import PermissionTable
from harness.model import IDENTIFIER_CATEGORIES, IdentifierMatch
from harness.necessity import AppType
from harness.profile import AppProfile
from harness.rules.attribution import APP, Collector
from harness.rules.columns import EventColumns
from harness.rules.pack import RuleDef
from harness.rules.permissions import PermissionGroups
from harness.timeline import Timeline

# IDENTIFIER_CATEGORIES (whole values that are identifiers) lives in harness.model; kept
# here for rules written against this module.
__all__ = ["IDENTIFIER_CATEGORIES", "RuleInput", "ScoringContext"]


@dataclass(frozen=True, slots=True)
class ScoringContext:
    profile: AppProfile
    flow_matches: Mapping[str, tuple[IdentifierMatch, ...]]  # flow id -> matches
    # permission request id -> who asked (from its Java stack); hook events: columns.who
    collectors: Mapping[str, Collector] = field(default_factory=dict)
    receivers: Mapping[str, Collector] = field(default_factory=dict)  # flow id -> receiver
    app_type: AppType | None = None  # None: the profile names no type
    manifest_permissions: tuple[str, ...] | None = None  # None: no manifest known
    permissions: PermissionTable | None = None  # dangerous permissions and their categories
    groups: PermissionGroups | None = None  # permission -> group -> category
    # The timeline's hook events as columns, with who made each call (harness.rules.columns).
    columns: EventColumns | None = None

    def collector(self, record_id: str) -> Collector:
        return self.collectors.get(record_id, APP)

    def event_columns(self, timeline: Timeline) -> EventColumns:
        """The columns `build_context` made, or (for a context made by hand) made now."""
        if self.columns is not None and len(self.columns) == len(timeline.events):
            return self.columns
        return EventColumns.of(timeline, lambda event: self.collector(event.id))

    def receiver(self, flow_id: str, host: str) -> Collector:
        found = self.receivers.get(flow_id)
        if found is not None:
            return found
        return APP if self.profile.is_first_party(host) else Collector(host.lower(), None, host)


@dataclass(frozen=True, slots=True)
class RuleInput:
    rule_id: str
    definition: RuleDef
    context: ScoringContext
    pack_version: str = ""
