"""The timeline's hook events as columns: one list per field, in timeline order.

Every rule walks every hook event. Walking a million `TimedEvent -> HookEvent -> field`
chains touches a million scattered objects per rule; walking lists of shared small objects
(the few placements and collectors) and an unboxed array of times reads memory in order.
`build_context` builds the columns once; a rule walks the column it filters on and looks
at the others only for the events it keeps.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass

from harness.model import DataCategory, EvidenceRef, HookEvent
from harness.rules.attribution import Collector
from harness.timeline import Placement, Timeline


@dataclass(frozen=True, slots=True)
class EventColumns:
    ts: array[float]  # unboxed, contiguous
    category: list[DataCategory]
    thread: list[str]
    placement: list[Placement]
    who: list[Collector]  # who made the call, from its Java stack
    ref: list[EvidenceRef]  # one shared reference per event, however many findings cite it

    @classmethod
    def of(cls, timeline: Timeline, who: Callable[[HookEvent], Collector]) -> EventColumns:
        """`who(event)` names the collector of a hook event. One pass over the events."""
        ts: list[float] = []
        category: list[DataCategory] = []
        thread: list[str] = []
        placement: list[Placement] = []
        collector: list[Collector] = []
        ref: list[EvidenceRef] = []
        for timed in timeline.events:
            event = timed.event
            ts.append(event.ts)
            category.append(event.category)
            thread.append(event.thread)
            placement.append(timed.placement)
            collector.append(who(event))
            ref.append(EvidenceRef("event", event.id))
        return cls(array("d", ts), category, thread, placement, collector, ref)

    def __len__(self) -> int:
        return len(self.ts)
