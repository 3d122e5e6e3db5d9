"""Calibration arithmetic: findings against a lab app's ground truth, and the suite's totals.

A found finding is a true positive when it matches an expected one by rule, category and
phase (and collector, when the expectation names one: any name of the same SDK, through
`same`, so ground truth written as 个推 matches a finding by Getui Push); each expectation
matches at most one finding, so two findings where one was expected is one false positive.
Expectations naming a collector are matched first, so a looser one cannot take their finding.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from harness.hostlab.labapp import ExpectedFinding
from harness.model import FindingKey

# What a calibration compares of a found finding: its key (harness.model.FindingKey).
Found = FindingKey


def found_key(row: dict[str, Any]) -> Found:
    """A findings.json row as compared: rule, category, phase, collector."""
    return FindingKey.of_row(row)


def describe(item: ExpectedFinding | Found) -> str:
    parts = [*item.key(), item.collector or ""] if isinstance(item, ExpectedFinding) else [*item]
    return " / ".join(p or "-" for p in parts).rstrip(" /-") or "-"


@dataclass(frozen=True, slots=True)
class RunResult:
    app: str
    scenario: str
    expected: tuple[ExpectedFinding, ...]
    found: tuple[Found, ...]
    missing: tuple[ExpectedFinding, ...]  # false negatives
    extra: tuple[Found, ...]  # false positives
    bundle: str = ""
    error: str = ""  # the session failed: its expectations all count as missed
    # Citations of its findings the bundle cannot back ("F3: manifest android.permission.X"):
    # a right finding with evidence the report calls missing is not a calibrated result.
    dangling: tuple[str, ...] = ()

    @property
    def true_positives(self) -> int:
        return len(self.expected) - len(self.missing)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.error or self.dangling)


def compare(
    app: str,
    scenario: str,
    expected: Sequence[ExpectedFinding],
    found: Iterable[tuple[str, str, str, str]],
    *,
    bundle: str = "",
    same: Callable[[str, str], bool] = operator.eq,
    dangling: Sequence[str] = (),
) -> RunResult:
    remaining = [FindingKey(*key) for key in found]  # plain 4-tuples too
    found_all = tuple(remaining)
    missing: list[ExpectedFinding] = []
    ordered = sorted(expected, key=lambda e: e.collector is None)  # named collectors first
    for item in ordered:
        for index, candidate in enumerate(remaining):
            if candidate.judged == item.key() and (
                item.collector is None or same(item.collector, candidate[3])
            ):
                del remaining[index]
                break
        else:
            missing.append(item)
    return RunResult(
        app,
        scenario,
        tuple(expected),
        found_all,
        tuple(missing),
        tuple(remaining),
        bundle,
        dangling=tuple(dangling),
    )


def failed_run(
    app: str, scenario: str, expected: Sequence[ExpectedFinding], error: str, bundle: str = ""
) -> RunResult:
    return RunResult(app, scenario, tuple(expected), (), tuple(expected), (), bundle, error)


@dataclass(frozen=True, slots=True)
class SuiteResult:
    runs: tuple[RunResult, ...]
    rules: tuple[str, ...]  # the rule pack's rules
    extra_info: dict[str, Any] = field(default_factory=dict)
    # Whether passing needs every rule of the pack tripped: the host lab's apps together trip
    # them all; the device kit alone trips only the rules its ground truth names.
    every_rule: bool = True

    @property
    def tp(self) -> int:
        return sum(r.true_positives for r in self.runs)

    @property
    def fp(self) -> int:
        return sum(len(r.extra) for r in self.runs)

    @property
    def fn(self) -> int:
        return sum(len(r.missing) for r in self.runs)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def rules_tripped(self) -> list[str]:
        """Rules some app's ground truth expects and the harness found (true positives)."""
        tripped: set[str] = set()
        for run in self.runs:
            found = Counter(e.rule for e in run.expected) - Counter(m.rule for m in run.missing)
            tripped.update(found)
        return [r for r in self.rules if r in tripped]

    def rules_untripped(self) -> list[str]:
        tripped = set(self.rules_tripped())
        return [r for r in self.rules if r not in tripped]

    @property
    def passed(self) -> bool:
        return (
            self.precision == 1.0
            and self.recall == 1.0
            and not (self.every_rule and self.rules_untripped())
            and not any(r.error for r in self.runs)
            and not any(r.dangling for r in self.runs)
        )

    def summary_json(self) -> dict[str, Any]:
        return {
            "apps": len({r.app for r in self.runs}),
            "runs": len(self.runs),
            "precision": round(self.precision, 6),
            "recall": round(self.recall, 6),
            "true_positives": self.tp,
            "false_positives": self.fp,
            "false_negatives": self.fn,
            "errors": sum(1 for r in self.runs if r.error),
            "incomplete_evidence": sum(1 for r in self.runs if r.dangling),
            "rules_tripped": self.rules_tripped(),
            "rules_untripped": self.rules_untripped(),
            "every_rule_required": self.every_rule,
            **self.extra_info,
        }
