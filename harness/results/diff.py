"""Nightly regression: per app and scenario, which findings are new, fixed or unchanged.

Two findings are the same when rule, data category, phase and collector agree (counts and
times change from night to night and say nothing about compliance). Only the last attempt
of each job counts, and only a sealed bundle's findings: a session that crashed the app but
was sealed (its findings are evidence) is compared like any other, with its outcome shown.
An app without a sealed baseline session has no baseline: all its findings are reported as
new, since a gate that skipped it would let a regression through. An app whose session
sealed nothing tonight is reported as failed, with nothing new or fixed.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass

from harness.model import Severity
from harness.results.records import FindingRow, SessionRow


class DiffStatus(enum.StrEnum):
    COMPARED = "compared"
    NO_BASELINE = "no_baseline"  # new app, or its baseline session failed
    FAILED = "failed"  # tonight's session sealed no bundle (an app or infrastructure fault)
    DROPPED = "dropped"  # in the baseline, not in tonight's run


@dataclass(frozen=True, slots=True)
class AppDiff:
    app: str
    scenario: str
    status: DiffStatus
    outcome: str  # tonight's outcome ("" when dropped)
    baseline_outcome: str  # "" when the app was not in the baseline
    error: str
    new: tuple[FindingRow, ...]
    fixed: tuple[FindingRow, ...]
    unchanged: tuple[FindingRow, ...]

    def gated(self, threshold: Severity) -> tuple[FindingRow, ...]:
        return tuple(f for f in self.new if f.at_least(threshold))


Key = tuple[str, str]


def diff_runs(
    baseline_sessions: list[SessionRow],
    baseline_findings: list[FindingRow],
    current_sessions: list[SessionRow],
    current_findings: list[FindingRow],
) -> list[AppDiff]:
    base = {(s.app, s.scenario): s for s in baseline_sessions if s.final}
    cur = {(s.app, s.scenario): s for s in current_sessions if s.final}
    base_found = _by_session(baseline_findings)
    cur_found = _by_session(current_findings)
    diffs = []
    for key in sorted(set(base) | set(cur)):
        app, scenario = key
        b, c = base.get(key), cur.get(key)
        if c is None:
            assert b is not None
            diffs.append(AppDiff(app, scenario, DiffStatus.DROPPED, "", b.outcome, "", (), (), ()))
            continue
        if not c.sealed:
            diffs.append(
                AppDiff(
                    app, scenario, DiffStatus.FAILED, c.outcome, b.outcome if b else "",
                    c.error, (), (), (),
                )
            )  # fmt: skip
            continue
        now = cur_found.get(c.id, [])
        if b is None or not b.sealed:
            diffs.append(
                AppDiff(
                    app, scenario, DiffStatus.NO_BASELINE, c.outcome, b.outcome if b else "",
                    "", tuple(now), (), (),
                )
            )  # fmt: skip
            continue
        before = base_found.get(b.id, [])
        before_keys = {f.key() for f in before}
        now_keys = {f.key() for f in now}
        diffs.append(
            AppDiff(
                app,
                scenario,
                DiffStatus.COMPARED,
                c.outcome,
                b.outcome,
                "",
                new=tuple(f for f in now if f.key() not in before_keys),
                fixed=tuple(f for f in before if f.key() not in now_keys),
                unchanged=tuple(f for f in now if f.key() in before_keys),
            )
        )
    return diffs


def _by_session(rows: list[FindingRow]) -> dict[str, list[FindingRow]]:
    grouped: dict[str, list[FindingRow]] = defaultdict(list)
    for row in rows:
        grouped[row.session].append(row)
    return grouped
