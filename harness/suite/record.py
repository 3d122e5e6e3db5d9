"""Where a suite's attempts go as they happen: the results index and the progress display.

The same recorder serves a suite run on this host and one spread over engine workers, so
the index holds the same rows whichever way the sessions ran.
"""

from __future__ import annotations

from collections.abc import Sequence

from harness.results.store import ResultsIndex
from harness.session.orchestrator import OutcomeKind
from harness.suite.jobs import Attempt, Job, JobResult
from harness.suite.progress import SuiteProgress


class SuiteRecorder:
    def __init__(self, index: ResultsIndex, progress: SuiteProgress, jobs: Sequence[Job]) -> None:
        self._index = index
        self._progress = progress
        self._jobs = {job.id: job for job in jobs}
        self._attempts: dict[str, list[Attempt]] = {job.id: [] for job in jobs}
        self.results: list[JobResult] = []

    def attempt(self, attempt: Attempt, final: bool) -> None:
        job = self._jobs[attempt.job_id]
        self._index.record_attempt(job, attempt, final)
        self._progress.attempt_done(attempt, final, job)
        self._attempts[job.id].append(attempt)
        if final:
            self.results.append(JobResult(job, tuple(self._attempts[job.id])))

    def device_retired(self, device: str, reason: str) -> None:
        self._progress.device_retired(device, reason)

    def count(self, outcome: OutcomeKind) -> int:
        return sum(1 for r in self.results if r.final.outcome is outcome)
