"""The SDKs seen in a run: who they are, what they collected and received, and when first.

An SDK collected a category when a hooked call of that category has the SDK's code on its
stack (the innermost SDK frame names it, as the frame classifier reads the SDK database);
it received one when a flow to its hosts carries an identifier of that category. Each row
says when the SDK was first seen doing either, in which consent phase, and how many calls
and requests were its. The vendor is the SDK database's. A host several SDKs share is
credited to those of them seen collecting in the run, else to all of them as one row.

Known gaps: an SDK whose code and hosts the database does not know is not listed (its
calls count as the app's own; the report's notes say how many were so counted).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from harness.evidence.report.flows import FlowDisplay
from harness.evidence.report.stacks import FrameClassifier, FrameKind
from harness.evidence.views import FlowView, HookView, Record
from harness.sdk import SdkDatabase


@dataclass(frozen=True, slots=True)
class SdkRow:
    name: str
    vendor: str
    collected: tuple[str, ...]  # data categories its code read (hooks)
    received: tuple[str, ...]  # data categories sent to its hosts (flows)
    first_ts: float
    first_phase: str
    hook_events: int
    flows: int


@dataclass(slots=True)
class _Seen:
    collected: dict[str, None] = field(default_factory=dict)
    received: dict[str, None] = field(default_factory=dict)
    first: tuple[float, str] | None = None
    hooks: int = 0
    flows: int = 0

    def at(self, ts: float, phase: str) -> None:
        if self.first is None or ts < self.first[0]:
            self.first = (ts, phase)


def _receivers(candidates: tuple[str, ...], collectors: set[str]) -> tuple[str, ...]:
    """Who received a flow. A host several SDKs of one vendor share (alog.umeng.com) names
    them all; when some of them are seen collecting in this run, they are the receivers,
    else the flow is one row naming every candidate, not one row each."""
    if len(candidates) <= 1:
        return candidates
    known = tuple(c for c in candidates if c in collectors)
    return known or (" / ".join(candidates),)


def sdk_rows(
    records: tuple[Record, ...],
    flows: Mapping[str, FlowDisplay],
    frames: FrameClassifier,
    sdks: SdkDatabase,
) -> tuple[SdkRow, ...]:
    seen: dict[str, _Seen] = {}
    for record in records:
        if isinstance(record, HookView):
            owner = next(
                (f.sdk for f in frames.frames(record.stack) if f.kind is FrameKind.SDK), None
            )
            if owner:
                entry = seen.setdefault(owner, _Seen())
                entry.hooks += 1
                if record.category:
                    entry.collected[record.category] = None
                entry.at(record.ts, record.placement.phase)
    collectors = set(seen)
    for record in records:
        if isinstance(record, FlowView) and record.id in flows:
            shown = flows[record.id]
            for name in _receivers(shown.receiver_sdks, collectors):
                entry = seen.setdefault(name, _Seen())
                entry.flows += 1
                entry.received.update(dict.fromkeys(shown.categories))
                entry.at(record.ts, record.placement.phase)
    vendors = {name: sdk.vendor for name, sdk in sdks.named()}

    def vendor(name: str) -> str:
        found = dict.fromkeys(vendors.get(part.casefold(), "") for part in name.split(" / "))
        return " / ".join(v for v in found if v)

    rows = [
        SdkRow(
            name=name,
            vendor=vendor(name),
            collected=tuple(entry.collected),
            received=tuple(entry.received),
            first_ts=entry.first[0] if entry.first else 0.0,
            first_phase=entry.first[1] if entry.first else "",
            hook_events=entry.hooks,
            flows=entry.flows,
        )
        for name, entry in seen.items()
    ]
    return tuple(sorted(rows, key=lambda r: (r.first_ts, r.name)))
