"""`harness suite --broker`: hand the suite's jobs to the workers, follow them, index them.

Each job is a task whose id is the job id. Workers report each step as a task state
(PROGRESS), which Celery's Redis result backend streams back here for the live display;
a finished job's result lists all its attempts, which go into the index in order.

Each job goes to its family's queue (lab apps to host-lab devices, APKs to phones), served
by whichever host has a device of that family free. A job that no live worker's device can
run (no phone served anywhere, or only phones older than the APK's minSdkVersion, as the
device registry shows them) is not sent: it is recorded at once as not runnable, as a suite
without --broker does, and the rest run.
"""

from __future__ import annotations

import socket
import time
from typing import Any, TextIO

import redis
from celery.result import AsyncResult, ResultSet

from harness.distributed.engine import (
    PROGRESS_STATE,
    TASK_NAME,
    EngineSettings,
    make_celery,
    queue_for,
)
from harness.distributed.registry import DeviceRegistry, ServedDevice
from harness.errors import InfrastructureError
from harness.results.store import ResultsIndex
from harness.session.orchestrator import OutcomeKind, SessionProgress, SessionStage
from harness.suite.board import NOT_RUNNABLE
from harness.suite.jobs import Attempt, Job, new_suite_run_id
from harness.suite.progress import SuiteProgress, progress_display
from harness.suite.record import SuiteRecorder
from harness.suite.spec import Suite


def run_suite_on_workers(
    suite: Suite,
    broker: str,
    index: ResultsIndex,
    stream: TextIO,
    *,
    live: bool | None = None,
    suite_run: str | None = None,
) -> tuple[str, SuiteRecorder]:
    app = make_celery(EngineSettings(broker=broker))
    run_id = suite_run or new_suite_run_id()
    jobs = {job.id: job for job in suite.jobs(run_id)}
    progress = SuiteProgress(suite.name, len(jobs), with_hosts=True)
    recorder = SuiteRecorder(index, progress, list(jobs.values()))
    index.begin_suite_run(run_id, suite.name, f"{socket.gethostname()} via {broker}", len(jobs))
    status = "interrupted"
    try:
        try:
            served = DeviceRegistry.from_url(broker).live()
            sendable = []
            for job in jobs.values():
                why = _unservable(job, served)
                if why:
                    recorder.attempt(_not_served(job, broker, why), final=True)
                else:
                    sendable.append(job)
            results = [
                app.send_task(
                    TASK_NAME,
                    kwargs={"job": job.to_json(), "avoid": [], "bounces": 0},
                    task_id=job.id,
                    queue=queue_for(job.family),
                )
                for job in sendable
            ]
        except (OSError, redis.RedisError) as exc:
            # kombu raises OperationalError (an OSError) when the broker is unreachable
            raise InfrastructureError(f"broker {broker}: {exc}") from exc

        def on_message(meta: dict[str, Any]) -> None:
            if meta.get("status") == PROGRESS_STATE and isinstance(meta.get("result"), dict):
                _show(progress, jobs, meta["result"])

        def on_done(task_id: str, value: Any) -> None:
            for attempt, final in _attempts(jobs[task_id], value):
                recorder.attempt(attempt, final)

        with progress_display(progress, stream, live):
            if results:  # a suite no worker can run sends nothing
                ResultSet(list[AsyncResult](results), app=app).join_native(
                    callback=on_done, on_message=on_message, propagate=False
                )
        status = "done"
    finally:
        index.end_suite_run(run_id, status)
        app.close()
    return run_id, recorder


def _unservable(job: Job, served: list[ServedDevice]) -> str:
    """Why no device the workers serve now can run `job` ("" when one can)."""
    family = [d for d in served if d.family is job.family]
    if not family:
        return f"no worker serves any {job.family.label} to run {job.family.runs}"
    if not any(d.can_run(job.family, job.min_sdk) for d in family):
        phones = ", ".join(f"{d.key} (SDK {d.sdk})" for d in family)
        return f"{job.app_name} needs Android SDK {job.min_sdk}; the workers serve {phones}"
    return ""


def _not_served(job: Job, broker: str, why: str) -> Attempt:
    now = time.time()
    return Attempt(
        job_id=job.id,
        number=1,
        host=f"{socket.gethostname()} via {broker}",
        device="",
        outcome=OutcomeKind.INFRA_FAULT,
        bundle="",
        error=f"{NOT_RUNNABLE}: {why}",
        started=now,
        ended=now,
    )


def _show(progress: SuiteProgress, jobs: dict[str, Job], meta: dict[str, Any]) -> None:
    job = jobs.get(str(meta.get("job")))
    if job is None:
        return
    device = f"{meta['host']}/{meta['device']}"
    if "stage" not in meta:
        progress.session_started(device, job, int(meta["attempt"]))
        return
    progress.step(
        device,
        SessionProgress(
            SessionStage(meta["stage"]),
            str(meta.get("detail", "")),
            int(meta.get("index", 0)),
            int(meta.get("total", 0)),
        ),
    )


def _attempts(job: Job, value: Any) -> list[tuple[Attempt, bool]]:
    """A task's result as (attempt, final) pairs; a task that raised is one lab fault."""
    if isinstance(value, dict) and isinstance(value.get("attempts"), list) and value["attempts"]:
        attempts = [Attempt.from_json(a) for a in value["attempts"]]
        return [(a, i == len(attempts) - 1) for i, a in enumerate(attempts)]
    attempt = Attempt(
        job_id=job.id,
        number=1,
        host="",
        device="",
        outcome=OutcomeKind.INFRA_FAULT,
        bundle="",
        error=f"the worker's task failed: {value!r}",
        started=0.0,
        ended=0.0,
    )
    return [(attempt, True)]
