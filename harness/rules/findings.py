"""Building findings: evidence grouped by data category and collector, cited and counted.

Every collection rule reports one finding per (category, collector[, phase]): "the app read
the device id before consent" and "Umeng read it" are two findings, each with its evidence.

A long session has millions of reads, and every one of them is cited; so evidence is kept
as parallel lists of times and references (no per-read tuples), and each event's reference
is one shared object (`ScoringContext.event_ref`) however many rules cite it.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from harness.model import DataCategory, EvidenceRef, Finding, MarkerKind, Phase
from harness.rules.attribution import Collector
from harness.rules.context import RuleInput
from harness.timeline import Timeline

Ref = tuple[float, EvidenceRef]
GroupKey = tuple[DataCategory | None, str, Phase | None]  # category, collector name, phase


def _finding(
    rule: RuleInput,
    category: DataCategory | None,
    phase: Phase | None,
    times: Sequence[float],
    refs: Sequence[EvidenceRef],
    collector: Collector,
    details: dict[str, Any] | None,
    count: int | None,
) -> Finding:
    # Stable, and linear on the few sorted runs rules produce (events, then flows).
    order = sorted(range(len(refs)), key=times.__getitem__)
    evidence = [refs[i] for i in order]
    if len(set(evidence)) != len(evidence):  # a record cited twice: keep its first citation
        evidence = list(dict.fromkeys(evidence))
    definition = rule.definition
    extra: dict[str, Any] = {}
    if collector.sdk_id is not None:
        extra["sdk_id"] = collector.sdk_id
    if collector.frame is not None:
        extra["attributed_by"] = collector.frame
    return Finding(
        rule=rule.rule_id,
        category=category,
        phase=phase,
        severity=definition.severity,
        title=definition.title.en,
        collector=collector.name,
        first_ts=times[order[0]],
        count=len(evidence) if count is None else count,
        evidence=tuple(evidence),
        regulation=definition.regulation.zh,
        regulation_en=definition.regulation.en,
        rule_pack=rule.pack_version,
        details={**extra, **(details or {})},
    )


def make_finding(
    rule: RuleInput,
    category: DataCategory | None,
    phase: Phase | None,
    refs: Iterable[Ref],
    collector: Collector,
    details: dict[str, Any] | None = None,
    *,
    count: int | None = None,
) -> Finding:
    """A finding citing `refs` (deduplicated, in time order); `count` defaults to their number."""
    pairs = list(refs)
    times = [ts for ts, _ in pairs]
    return _finding(rule, category, phase, times, [r for _, r in pairs], collector, details, count)


class _Group:
    __slots__ = ("refs", "times", "who")

    def __init__(self, who: Collector) -> None:
        self.who = who  # the first read of a group names the frame that decided it
        self.times: list[float] = []
        self.refs: list[EvidenceRef] = []


class Grouped:
    """Evidence gathered per (category, collector, phase), remembering each collector."""

    def __init__(self) -> None:
        self._groups: dict[GroupKey, _Group] = {}

    def __contains__(self, key: GroupKey) -> bool:
        return key in self._groups

    def __iter__(self) -> Iterator[GroupKey]:
        return iter(list(self._groups))

    def add(
        self,
        category: DataCategory | None,
        collector: Collector,
        phase: Phase | None,
        ts: float,
        ref: EvidenceRef,
    ) -> GroupKey:
        key = (category, collector.name, phase)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _Group(collector)
        group.times.append(ts)
        group.refs.append(ref)
        return key

    def findings(
        self,
        rule: RuleInput,
        details: dict[GroupKey, dict[str, Any]] | None = None,
        context: Sequence[EvidenceRef] = (),
    ) -> list[Finding]:
        """One finding per group; `context` (the markers and screens of the moment that
        decides the phase) is cited after the reads, and not counted."""
        out = []
        for key in sorted(self._groups, key=_order):
            category, _name, phase = key
            group = self._groups[key]
            extra = (details or {}).get(key)
            finding = _finding(
                rule, category, phase, group.times, group.refs, group.who, extra, None
            )
            if context:
                finding = replace(finding, evidence=(*finding.evidence, *context))
            out.append(finding)
        return out


def marker_evidence(timeline: Timeline, kinds: Container[MarkerKind]) -> tuple[EvidenceRef, ...]:
    """The first marker of one of `kinds` and the screens it acted on, as evidence."""
    for marker in timeline.markers:
        if marker.kind in kinds:
            files = (EvidenceRef("file", name) for name in marker.evidence)
            return (EvidenceRef("marker", marker.id), *files)
    return ()


def _order(key: GroupKey) -> tuple[str, str, str]:
    category, name, phase = key
    return (category.value if category else "", name, phase.value if phase else "")
