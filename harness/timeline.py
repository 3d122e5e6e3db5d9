"""All sources on one clock, each record with the consent phase and background state in force.

Phases follow the scenario's markers: `pre_consent` from spawn until an accept tap
(`post_consent`) or a refuse tap (`refused`). Background is orthogonal: from a
background-start marker to the next background-end (or the end of the session). A record
closer to a phase change than the clock uncertainty is flagged, never silently assigned.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Any

from harness.model import ClockOffset, FlowRecord, HookEvent, Marker, MarkerKind, Phase

_PHASE_OF_MARKER = {
    MarkerKind.CONSENT_ACCEPT: Phase.POST_CONSENT,
    MarkerKind.CONSENT_REFUSE: Phase.REFUSED,
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
class TimedEvent:
    event: HookEvent
    placement: Placement


@dataclass(frozen=True, slots=True)
class TimedFlow:
    flow: FlowRecord
    placement: Placement


@dataclass(frozen=True, slots=True)
class Timeline:
    start: float
    end: float
    clock: ClockOffset
    markers: tuple[Marker, ...]
    events: tuple[TimedEvent, ...]
    flows: tuple[TimedFlow, ...]

    def records_json(self) -> list[dict[str, Any]]:
        """Markers, hook events and flows as one list in time order (events.jsonl)."""
        rows: list[tuple[float, int, dict[str, Any]]] = []
        for marker in self.markers:
            rows.append((marker.ts, 0, marker.to_json()))
        for timed in self.events:
            rows.append((timed.event.ts, 1, timed.event.to_json() | timed.placement.to_json()))
        for timed_flow in self.flows:
            rows.append(
                (timed_flow.flow.ts, 2, timed_flow.flow.to_json() | timed_flow.placement.to_json())
            )
        rows.sort(key=lambda r: (r[0], r[1]))
        return [r[2] for r in rows]


class _PhaseClock:
    def __init__(self, markers: tuple[Marker, ...], end: float, uncertainty: float) -> None:
        self._changes = [
            (m.ts, _PHASE_OF_MARKER[m.kind]) for m in markers if m.kind in _PHASE_OF_MARKER
        ]
        self._change_times = [ts for ts, _ in self._changes]
        self._uncertainty = uncertainty
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
        index = bisect.bisect_right(self._change_times, ts)
        phase = self._changes[index - 1][1] if index > 0 else Phase.PRE_CONSENT
        near = any(abs(ts - change) <= self._uncertainty for change in self._change_times)
        background = any(start <= ts < stop for start, stop in self._background)
        return Placement(phase=phase, background=background, near_phase_change=near)


def build_timeline(
    markers: list[Marker],
    events: list[HookEvent],
    flows: list[FlowRecord],
    clock: ClockOffset,
    start: float,
    end: float,
) -> Timeline:
    """Merge device-clock hook events (converted) with host-clock markers and flows."""
    ordered_markers = tuple(sorted(markers, key=lambda m: m.ts))
    phase_clock = _PhaseClock(ordered_markers, end, clock.uncertainty_s)
    converted = [replace(e, ts=clock.to_host(e.ts)) for e in events]
    timed_events = tuple(
        TimedEvent(e, phase_clock.place(e.ts))
        for e in sorted(converted, key=lambda e: (e.ts, e.seq))
    )
    timed_flows = tuple(
        TimedFlow(f, phase_clock.place(f.ts)) for f in sorted(flows, key=lambda f: f.ts)
    )
    return Timeline(
        start=start,
        end=end,
        clock=clock,
        markers=ordered_markers,
        events=timed_events,
        flows=timed_flows,
    )
