"""background-collection: personal data read while the app was not in the foreground.

The timeline marks every record with the background state in force (from a background-start
marker to the next background-end); a hooked read in that state is a finding, one per
category, collector and consent phase, citing every read.
"""

from __future__ import annotations

from collections import defaultdict

from harness.model import Finding, MarkerKind
from harness.rules.context import RuleInput
from harness.rules.findings import Grouped, GroupKey, marker_evidence
from harness.timeline import Timeline


def background_collection(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    grouped = Grouped()
    threads: dict[GroupKey, set[str]] = defaultdict(set)
    cols = rule.context.event_columns(timeline)
    for i, placement in enumerate(cols.placement):
        if placement.background:
            who, ref = cols.who[i], cols.ref[i]
            key = grouped.add(cols.category[i], who, placement.phase, cols.ts[i], ref)
            threads[key].add(cols.thread[i])
    details = {key: {"threads": sorted(t)} for key, t in threads.items()}
    return grouped.findings(
        rule, details, marker_evidence(timeline, (MarkerKind.BACKGROUND_START,))
    )
