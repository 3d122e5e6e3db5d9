"""excessive-frequency: one category read more than `max_reads` times within any `window_s`.

Reads are counted per data category and collector (the app, or one SDK). One collection
often touches several hooked accessors at once (getLastKnownLocation, then getLatitude and
getLongitude); hooked calls of one category on one thread less than `coalesce_s` after the
first call of such a burst count as one read. A two-pointer pass over each group's reads
finds the fullest window, in time linear in the number of reads.

A profile may also cap the reads of an identifier (IDENTIFIER_CATEGORIES) in the whole
session (`max_identifier_reads`, the app stores' "at most 3 times per session"); a group
over either limit makes one finding, whose details say which limits it broke.
"""

from __future__ import annotations

from harness.model import DataCategory, Finding
from harness.rules.attribution import Collector
from harness.rules.context import IDENTIFIER_CATEGORIES, RuleInput
from harness.rules.findings import make_finding
from harness.rules.pack import FrequencyParams, rule_params
from harness.timeline import Timeline


def _reads(
    timeline: Timeline, rule: RuleInput, coalesce_s: float
) -> tuple[dict[tuple[DataCategory, str], list[int]], dict[str, Collector]]:
    """Per (category, collector name): the timeline index of every read's first event."""
    reads: dict[tuple[DataCategory, str], list[int]] = {}
    who: dict[str, Collector] = {}
    burst_start: dict[tuple[DataCategory, str, str], float] = {}
    cols = rule.context.event_columns(timeline)
    for index, (ts, category, thread, collector) in enumerate(
        zip(cols.ts, cols.category, cols.thread, cols.who, strict=True)
    ):  # the timeline is in time order
        if coalesce_s > 0:
            thread_key = (category, collector.name, thread)
            start = burst_start.get(thread_key)
            if start is not None and ts - start < coalesce_s:
                continue
            burst_start[thread_key] = ts
        key = (category, collector.name)
        group = reads.get(key)
        if group is None:
            group = reads[key] = []
            who[collector.name] = collector
        group.append(index)
    return reads, who


def excessive_frequency(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    params = rule_params(rule.definition, FrequencyParams)
    reads, who = _reads(timeline, rule, params.coalesce_s)
    cols = rule.context.event_columns(timeline)
    findings = []
    for (category, name), group in sorted(reads.items(), key=lambda kv: (kv[0][0].value, kv[0][1])):
        session_cap = params.max_identifier_reads if category in IDENTIFIER_CATEGORIES else None
        over_session = session_cap is not None and len(group) > session_cap
        if len(group) <= params.max_reads and not over_session:
            continue
        times = [cols.ts[i] for i in group]
        first_window: tuple[int, int] | None = None
        fullest = 0
        left = 0
        for right, ts in enumerate(times):
            while ts - times[left] >= params.window_s:
                left += 1
            size = right - left + 1
            if size > fullest:
                fullest = size
                if first_window is None and size > params.max_reads:
                    first_window = (left, right)
        if first_window is None and not over_session:
            continue
        broken = []
        details: dict[str, object] = {
            "window_s": params.window_s,
            "max_reads": params.max_reads,
            "fullest_window": fullest,
            "reads": len(group),
        }
        if first_window is not None:
            broken.append("window")
            start, stop = first_window
            window = group[start : stop + 1]
            details["evidence_is"] = "the reads of the first window over the limit"
        else:
            window = group[: (session_cap or 0) + 1]  # over_session: the cap is set
            details["evidence_is"] = "the reads up to the first one over the session limit"
        if session_cap is not None:
            details["max_identifier_reads"] = session_cap
            if over_session:
                broken.append("session")
        details["limits_broken"] = broken
        refs = [(cols.ts[i], cols.ref[i]) for i in window]
        phase = cols.placement[window[0]].phase
        findings.append(
            make_finding(rule, category, phase, refs, who[name], details, count=len(group))
        )
    return findings
