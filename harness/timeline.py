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

from harness.model import (
    ClockOffset,
    ContextEvent,
    FlowRecord,
    HookEvent,
    Marker,
    MarkerKind,
    PermissionPrompt,
    PermissionRequest,
    PermissionUpgrade,
    Phase,
)

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
class TimedPermissionRequest:
    request: PermissionRequest
    placement: Placement


@dataclass(frozen=True, slots=True)
class TimedPermissionPrompt:
    prompt: PermissionPrompt
    placement: Placement


@dataclass(frozen=True, slots=True)
class TimedContextEvent:
    event: ContextEvent
    placement: Placement


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
        for timed_request in self.permission_requests:
            request = timed_request.request
            rows.append((request.ts, 1, request.to_json() | timed_request.placement.to_json()))
        for timed_prompt in self.permission_prompts:
            prompt = timed_prompt.prompt
            rows.append((prompt.ts, 0, prompt.to_json() | timed_prompt.placement.to_json()))
        for timed_context in self.context_events:
            context = timed_context.event
            rows.append((context.ts, 1, context.to_json() | timed_context.placement.to_json()))
        for upgrade in self.upgrades:
            rows.append((upgrade.ts, 0, upgrade.to_json()))
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
