"""All sources on one clock, each record with the consent phase and background state in force.

Phases follow the scenario's markers: `pre_consent` from spawn until an accept tap
(`post_consent`) or a refuse tap (`refused`); a confirmed withdrawal of consent starts
`withdrawn` (until an accept tap, if the app asks again). Background is orthogonal: from a
background-start marker to the next background-end (or the end of the session). A record
closer to a phase change than the clock uncertainty is flagged, never silently assigned.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Any, Generic, Protocol, TypeVar

from harness.model import (
    ClockOffset,
    ContextEvent,
    FlowAnalysis,
    FlowRecord,
    HookEvent,
    Marker,
    MarkerKind,
    PermissionPrompt,
    PermissionRequest,
    PermissionUpgrade,
    Phase,
)

# The key of a flow row's analysis in events.jsonl.
ANALYSIS_KEY = "analysis"


class _Record(Protocol):
    @property
    def ts(self) -> float: ...

    def to_json(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=_Record)

_PHASE_OF_MARKER = {
    MarkerKind.CONSENT_ACCEPT: Phase.POST_CONSENT,
    MarkerKind.CONSENT_REFUSE: Phase.REFUSED,
    MarkerKind.CONSENT_WITHDRAWN: Phase.WITHDRAWN,
}


@dataclass(frozen=True, slots=True)
class Placement:
    phase: Phase
    background: bool
    near_phase_change: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "phase": self.phase.value,
            "background": self.background,
            "near_phase_change": self.near_phase_change,
        }


@dataclass(frozen=True, slots=True)
class Timed(Generic[R]):
    """A record placed on the timeline: the one shape of every timed record. Each kind below
    names its record as the rules read it (`timed.event`, `timed.flow`, ...)."""

    record: R
    placement: Placement

    def row(self) -> dict[str, Any]:
        """The record's events.jsonl row: its fields, then its placement's."""
        return self.record.to_json() | self.placement.to_json()


class TimedEvent(Timed[HookEvent]):
    __slots__ = ()

    @property
    def event(self) -> HookEvent:
        return self.record


@dataclass(frozen=True, slots=True)
class TimedFlow(Timed[FlowRecord]):
    # What the traffic layer concluded about the flow (harness.traffic.analysis: who received
    # it, which known identifiers it carried); None until the timeline is analysed.
    analysis: FlowAnalysis | None = None

    @property
    def flow(self) -> FlowRecord:
        return self.record

    def row(self) -> dict[str, Any]:
        row = self.record.to_json() | self.placement.to_json()
        if self.analysis is not None:
            row[ANALYSIS_KEY] = self.analysis.to_json()
        return row


class TimedPermissionRequest(Timed[PermissionRequest]):
    __slots__ = ()

    @property
    def request(self) -> PermissionRequest:
        return self.record


class TimedPermissionPrompt(Timed[PermissionPrompt]):
    __slots__ = ()

    @property
    def prompt(self) -> PermissionPrompt:
        return self.record


class TimedContextEvent(Timed[ContextEvent]):
    __slots__ = ()

    @property
    def event(self) -> ContextEvent:
        return self.record


@dataclass(frozen=True, slots=True)
class Timeline:
    start: float
    end: float
    clock: ClockOffset
    markers: tuple[Marker, ...]
    events: tuple[TimedEvent, ...]
    flows: tuple[TimedFlow, ...]
    # Runtime-permission requests (hooked) and the dialogs the scenario answered.
    permission_requests: tuple[TimedPermissionRequest, ...] = ()
    permission_prompts: tuple[TimedPermissionPrompt, ...] = ()
    # Hooked calls that are context, not personal data (carrier, network state, ...).
    context_events: tuple[TimedContextEvent, ...] = ()
    # The scenario's upgrades: the runtime grants before and after (host clock).
    upgrades: tuple[PermissionUpgrade, ...] = ()

    def records_json(self) -> list[dict[str, Any]]:
        """Every record as its events.jsonl row, in time order (markers and prompts first at
        one instant, then hooked calls, then flows)."""
        rows: list[tuple[float, int, dict[str, Any]]] = [
            (marker.ts, 0, marker.to_json()) for marker in self.markers
        ]
        for rank, timed_records in (
            (1, self.events),
            (2, self.flows),
            (1, self.permission_requests),
            (0, self.permission_prompts),
            (1, self.context_events),
        ):
            rows.extend((timed.record.ts, rank, timed.row()) for timed in timed_records)
        rows.extend((upgrade.ts, 0, upgrade.to_json()) for upgrade in self.upgrades)
        rows.sort(key=lambda r: (r[0], r[1]))
        return [r[2] for r in rows]


class _PhaseClock:
    def __init__(self, markers: tuple[Marker, ...], end: float, uncertainty: float) -> None:
        self._changes = [
            (m.ts, _PHASE_OF_MARKER[m.kind]) for m in markers if m.kind in _PHASE_OF_MARKER
        ]
        self._change_times = [ts for ts, _ in self._changes]
        self._uncertainty = uncertainty
        self._placements: dict[tuple[Phase, bool, bool], Placement] = {}
        self._background: list[tuple[float, float]] = []
        opened: float | None = None
        for marker in markers:
            if marker.kind is MarkerKind.BACKGROUND_START and opened is None:
                opened = marker.ts
            elif marker.kind is MarkerKind.BACKGROUND_END and opened is not None:
                self._background.append((opened, marker.ts))
                opened = None
        if opened is not None:
            self._background.append((opened, end))

    def place(self, ts: float) -> Placement:
        times = self._change_times
        index = bisect.bisect_right(times, ts)
        phase = self._changes[index - 1][1] if index > 0 else Phase.PRE_CONSENT
        # Only the changes on either side of ts can be within the uncertainty of it.
        near = (index > 0 and ts - times[index - 1] <= self._uncertainty) or (
            index < len(times) and times[index] - ts <= self._uncertainty
        )
        background = any(start <= ts < stop for start, stop in self._background)
        # Few distinct placements exist: share them (a long timeline holds millions of records).
        key = (phase, background, near)
        placement = self._placements.get(key)
        if placement is None:
            placement = self._placements[key] = Placement(phase, background, near)
        return placement


def build_timeline(
    markers: list[Marker],
    events: list[HookEvent],
    flows: list[FlowRecord],
    clock: ClockOffset,
    start: float,
    end: float,
    *,
    permission_requests: list[PermissionRequest] | tuple[PermissionRequest, ...] = (),
    permission_prompts: list[PermissionPrompt] | tuple[PermissionPrompt, ...] = (),
    context_events: list[ContextEvent] | tuple[ContextEvent, ...] = (),
    upgrades: list[PermissionUpgrade] | tuple[PermissionUpgrade, ...] = (),
) -> Timeline:
    """Merge device-clock hook events (converted) with host-clock markers and flows.

    Permission requests are hooked, so on the device clock like events; permission prompts
    are seen by the scenario runner, on the host clock like markers.
    """
    ordered_markers = tuple(sorted(markers, key=lambda m: m.ts))
    phase_clock = _PhaseClock(ordered_markers, end, clock.uncertainty_s)
    # Same clock (host lab, or a bundle read back): nothing to convert, nothing to copy.
    same = clock.offset_s == 0.0
    converted = events if same else [replace(e, ts=clock.to_host(e.ts)) for e in events]
    timed_events = tuple(
        TimedEvent(e, phase_clock.place(e.ts))
        for e in sorted(converted, key=lambda e: (e.ts, e.seq))
    )
    timed_flows = tuple(
        TimedFlow(f, phase_clock.place(f.ts)) for f in sorted(flows, key=lambda f: f.ts)
    )
    requests = sorted(
        (replace(r, ts=clock.to_host(r.ts)) for r in permission_requests),
        key=lambda r: (r.ts, r.seq),
    )
    return Timeline(
        start=start,
        end=end,
        clock=clock,
        markers=ordered_markers,
        events=timed_events,
        flows=timed_flows,
        permission_requests=tuple(
            TimedPermissionRequest(r, phase_clock.place(r.ts)) for r in requests
        ),
        permission_prompts=tuple(
            TimedPermissionPrompt(p, phase_clock.place(p.ts))
            for p in sorted(permission_prompts, key=lambda p: p.ts)
        ),
        context_events=tuple(
            TimedContextEvent(c, phase_clock.place(c.ts))
            for c in sorted(
                (replace(c, ts=clock.to_host(c.ts)) for c in context_events),
                key=lambda c: (c.ts, c.seq),
            )
        ),
        upgrades=tuple(sorted(upgrades, key=lambda u: u.ts)),
    )
