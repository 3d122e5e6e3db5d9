"""What the timeline picture shows, derived from the bundle's records alone.

Phases are re-derived from the consent markers exactly as the timeline assigned them
(pre_consent until an accept or refuse tap; withdrawn from a confirmed withdrawal);
background spans run from a background-start marker to the next background-end, or to the
end of the run. Each collection is a point in its data category's row: a hook read, or a
flow carrying an identifier of that category.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from harness.evidence.report.flows import FlowDisplay
from harness.evidence.report.names import CategoryNames
from harness.evidence.views import FlowView, HookView, MarkerView, OtherView, Record

PHASE_OF_TAP = {
    "consent_accept": "post_consent",
    "consent_refuse": "refused",
    "consent_withdrawn": "withdrawn",
}
UNMATCHED_ROW = "network"


@dataclass(frozen=True, slots=True)
class Band:
    phase: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class Tap:
    marker_id: str
    kind: str
    ts: float
    detail: str


@dataclass(frozen=True, slots=True)
class Point:
    ts: float
    kind: str  # "hook" | "flow" | "other"
    record_id: str
    cited: bool  # a finding cites this record
    title: str
    finding: str = ""  # the first finding citing it: its mark links there


@dataclass(frozen=True, slots=True)
class Row:
    key: str  # a data category, "network" for flows with no identifier, or a record type
    label: str
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class TimelineModel:
    start: float
    end: float
    bands: tuple[Band, ...]
    background: tuple[tuple[float, float], ...]
    taps: tuple[Tap, ...]  # consent taps: the instants that change the phase
    markers: tuple[Tap, ...]  # every other scenario marker
    rows: tuple[Row, ...]

    def count(self, kind: str) -> int:
        return sum(1 for row in self.rows for p in row.points if p.kind == kind)


def _phases(markers: list[MarkerView], start: float, end: float) -> tuple[Band, ...]:
    bands: list[Band] = []
    phase, opened = "pre_consent", start
    for marker in markers:
        if marker.kind in PHASE_OF_TAP:
            if marker.ts > opened:
                bands.append(Band(phase, opened, marker.ts))
            phase, opened = PHASE_OF_TAP[marker.kind], max(opened, marker.ts)
    bands.append(Band(phase, opened, max(end, opened)))
    return tuple(bands)


def _background(markers: list[MarkerView], end: float) -> tuple[tuple[float, float], ...]:
    spans: list[tuple[float, float]] = []
    opened: float | None = None
    for marker in markers:
        if marker.kind == "background_start" and opened is None:
            opened = marker.ts
        elif marker.kind == "background_end" and opened is not None:
            spans.append((opened, marker.ts))
            opened = None
    if opened is not None:
        spans.append((opened, end))
    return tuple(spans)


def build_timeline_model(
    records: tuple[Record, ...],
    flows: dict[str, FlowDisplay],
    cited: Mapping[str, str],  # record id -> the first finding that cites it
    names: CategoryNames,
    start: float,
    end: float,
) -> TimelineModel:
    markers = sorted((r for r in records if isinstance(r, MarkerView)), key=lambda m: m.ts)
    rows: dict[str, list[Point]] = {}
    labels: dict[str, str] = {}

    def add(key: str, label: str, point: Point) -> None:
        rows.setdefault(key, []).append(point)
        labels.setdefault(key, label)

    for record in records:
        if isinstance(record, HookView):
            where = f" in {record.process}" if record.process else ""
            title = f"{record.api}{where} ({record.placement.phase or 'no phase'})"
            point = Point(
                record.ts, "hook", record.id, record.id in cited, title, cited.get(record.id, "")
            )
            add(record.category, names.label(record.category), point)
        elif isinstance(record, FlowView):
            shown = flows.get(record.id)
            categories = shown.categories if shown else ()
            title = f"{record.method} {record.host}"
            for category in categories or (UNMATCHED_ROW,):
                label = (
                    "Network (no identifier found)"
                    if category == UNMATCHED_ROW
                    else names.label(category)
                )
                point = Point(
                    record.ts,
                    "flow",
                    record.id,
                    record.id in cited,
                    title,
                    cited.get(record.id, ""),
                )
                add(category, label, point)
        elif isinstance(record, OtherView):
            add(
                record.type,
                record.type,
                Point(
                    record.ts,
                    "other",
                    record.id,
                    record.id in cited,
                    record.type,
                    cited.get(record.id, ""),
                ),
            )
    taps = tuple(Tap(m.id, m.kind, m.ts, m.detail) for m in markers if m.kind in PHASE_OF_TAP)
    others = tuple(Tap(m.id, m.kind, m.ts, m.detail) for m in markers if m.kind not in PHASE_OF_TAP)
    return TimelineModel(
        start=start,
        end=max(end, start),
        bands=_phases(markers, start, end),
        background=_background(markers, end),
        taps=taps,
        markers=others,
        rows=tuple(Row(key, labels[key], tuple(points)) for key, points in rows.items()),
    )
