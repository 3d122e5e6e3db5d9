"""Rows read back from the index, as typed records; what the index reads of a suite's jobs.

The index sits below the suite (harness.suite imports it, never the reverse): a suite's job
and attempt records reach `ResultsIndex.record_attempt` through the two protocols here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol

from harness.model import FindingKey, OutcomeKind, Severity


class IndexedJob(Protocol):
    """What the index keeps of a suite's job (harness.suite.jobs.Job)."""

    @property
    def id(self) -> str: ...
    @property
    def suite_run(self) -> str: ...
    @property
    def app_name(self) -> str: ...
    @property
    def scenario_name(self) -> str: ...


class IndexedAttempt(Protocol):
    """What the index keeps of one attempt at a job (harness.suite.jobs.Attempt)."""

    @property
    def number(self) -> int: ...
    @property
    def host(self) -> str: ...
    @property
    def device(self) -> str: ...
    @property
    def outcome(self) -> OutcomeKind: ...
    @property
    def bundle(self) -> str: ...
    @property
    def error(self) -> str: ...
    @property
    def started(self) -> float: ...
    @property
    def ended(self) -> float: ...


SEVERITY_RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2}


@dataclass(frozen=True, slots=True)
class SuiteRunRow:
    id: str
    suite: str
    host: str
    started: float
    ended: float | None
    jobs: int
    status: str
    kind: str = "suite"  # "suite", or "run" for one `harness run`

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: str
    suite_run: str
    app: str
    scenario: str
    device: str
    host: str
    attempt: int
    final: bool
    outcome: str
    error: str
    bundle: str
    run_id: str  # the sealed bundle's run id; "" when no bundle was sealed
    started: float
    ended: float
    findings: int
    # The tested build and package (migration 0002); "" when the bundle does not say.
    package: str = ""
    version: str = ""
    version_code: str = ""

    @property
    def sealed(self) -> bool:
        return bool(self.run_id)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class FindingRow:
    session: str
    suite_run: str
    app: str
    scenario: str
    device: str
    started: float
    rule: str
    category: str
    phase: str
    severity: str
    collector: str
    title: str
    count: int

    def key(self) -> FindingKey:
        """What a nightly diff compares: the same rule on the same data, phase and collector."""
        return FindingKey(self.rule, self.category, self.phase, self.collector)

    def at_least(self, threshold: Severity) -> bool:
        try:
            rank = SEVERITY_RANK[Severity(self.severity)]
        except ValueError:
            return True  # a severity this harness does not know: never hide it
        return rank >= SEVERITY_RANK[threshold]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
