"""`harness suite` on this host: one thread per healthy device, each running one session
at a time (sessions spend most of their time waiting on the app, and Frida and the JVM work
outside the GIL, so threads overlap well: see benchmarks/suite.md).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TextIO

from harness.agent.build import build_agent
from harness.config.devices import DeviceConfig
from harness.results.store import ResultsIndex
from harness.session.orchestrator import OutcomeKind
from harness.suite.board import (
    AttemptDone,
    BoardEvent,
    DeviceRetired,
    JobBoard,
    Ticket,
    run_devices,
)
from harness.suite.family import DeviceFamily, device_family
from harness.suite.jobs import Attempt, Job, new_suite_run_id
from harness.suite.jvms import stop_child_lab_jvms
from harness.suite.progress import SuiteProgress, progress_display
from harness.suite.record import SuiteRecorder
from harness.suite.session import JobRunner
from harness.suite.spec import Suite


def run_suite_here(
    suite: Suite,
    devices: Sequence[DeviceConfig],
    runner: JobRunner,
    index: ResultsIndex,
    stream: TextIO,
    *,
    live: bool | None = None,
    suite_run: str | None = None,
) -> tuple[str, SuiteRecorder]:
    """Run every job of the suite over `devices`; returns the suite run id and its record."""
    run_id = suite_run or new_suite_run_id()
    jobs = suite.jobs(run_id)
    names = [d.name for d in devices]
    by_name = {d.name: d for d in devices}
    families = {d.name: device_family(d.kind) for d in devices}
    progress = SuiteProgress(suite.name, len(jobs), names)
    recorder = SuiteRecorder(index, progress, jobs)
    index.begin_suite_run(run_id, suite.name, runner.kit.host, len(jobs))
    status = "interrupted"
    board: JobBoard | None = None
    try:
        with progress_display(progress, stream, live):
            build_agent()  # once, before the threads, which would all wait on its lock
            runnable = _without_unbuildable(jobs, runner, recorder, set(families.values()))
            # Jobs no device here can run go on the board too: it ends them as not runnable.
            board = JobBoard(runnable, names, suite.retry, families)

            def execute(device: str, ticket: Ticket) -> Attempt:
                progress.session_started(device, ticket.job, ticket.next_number)
                return runner.run(
                    ticket.job,
                    ticket.next_number,
                    by_name[device],
                    on_progress=lambda p: progress.step(device, p),
                )

            def hung(device: str, ticket: Ticket, seconds: float) -> Attempt:
                now = time.time()
                return Attempt(
                    job_id=ticket.job.id,
                    number=ticket.next_number,
                    host=runner.kit.host,
                    device=device,
                    outcome=OutcomeKind.INFRA_FAULT,
                    bundle="",
                    error=f"the session did not end within {seconds:g} s (hung)",
                    started=now - seconds,
                    ended=now,
                )

            threads = run_devices(
                board, names, execute, timeout_s=suite.retry.session_timeout_s, on_hung=hung
            )
            try:
                for event in board.events():
                    _record(recorder, event)
            except KeyboardInterrupt:
                # Hand out nothing more, but let the running sessions end and seal their
                # bundles (and stop their apps); a second Ctrl-C leaves at once.
                board.abort()
                stream.write(
                    "harness: interrupted; letting the running sessions end "
                    "(Ctrl-C again to leave now)\n"
                )
                for thread in threads:
                    thread.join()
                for event in board.drain():
                    _record(recorder, event)
                raise
            if board.failure is not None:
                raise board.failure
        status = "done"
    finally:
        if board is not None:
            board.abort()  # on an interrupt: hand out nothing more
        stop_child_lab_jvms()  # the apps of sessions given up as hung
        index.end_suite_run(run_id, status)
    return run_id, recorder


def _record(recorder: SuiteRecorder, event: BoardEvent) -> None:
    if isinstance(event, AttemptDone):
        recorder.attempt(event.attempt, event.final)
    elif isinstance(event, DeviceRetired):
        recorder.device_retired(event.device, event.reason)


def _without_unbuildable(
    jobs: Sequence[Job], runner: JobRunner, recorder: SuiteRecorder, served: set[DeviceFamily]
) -> list[Job]:
    """Build each app once; a job whose app does not build ends here, as an app fault.

    A job of a family no device serves is passed on unbuilt: there may be no JDK here for
    a lab app nobody can run, and not being runnable is what it ends as.
    """
    runnable = []
    for job in jobs:
        if job.family not in served:
            runnable.append(job)
            continue
        started = time.time()
        problem = runner.build_error(job)
        if problem is None:
            runnable.append(job)
            continue
        recorder.attempt(
            Attempt(
                job_id=job.id,
                number=1,
                host=runner.kit.host,
                device="",
                outcome=OutcomeKind.APP_FAULT,
                bundle="",
                error=problem,
                started=started,
                ended=time.time(),
            ),
            final=True,
        )
    return runnable
