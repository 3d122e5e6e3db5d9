"""The one task: run a job on this pool process's device, exactly once however it arrives.

A job message may arrive more than once: redelivered after its worker died, or while a
slow session still runs elsewhere (the visibility timeout passed). So before running:
a job with a recorded result returns it; a job whose lease another live worker holds goes
back to the queue for later. Attempts are numbered from the ledger, so attempts that a
dead worker never finished count toward the job's limit and show up in the index.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from celery import Celery, Task
from celery.utils.log import get_task_logger

from harness.distributed.engine import PROGRESS_STATE, TASK_NAME, EngineSettings
from harness.distributed.ledger import JobLedger
from harness.suite.jvms import JvmRecord, JvmWatch

if TYPE_CHECKING:
    from harness.config.devices import DeviceConfig
    from harness.distributed.registry import ServedDevice
    from harness.suite.jobs import Attempt, Job
    from harness.suite.session import JobRunner

logger = get_task_logger(__name__)
# Times a retried job skips a device it already failed on before using it anyway (a lab
# with one device retries in place). Which idle worker takes a bounced job is up to the
# broker, so the chance that another device never gets it is 1 in 2**20 with two workers.
MAX_BOUNCES = 20


@dataclass(slots=True)
class PoolProcess:
    """What one pool process serves: set in the process after the worker forks it."""

    host: str
    device: DeviceConfig
    served: ServedDevice  # the device as the registry shows it (with a phone's Android version)
    runner: JobRunner
    ledger: JobLedger
    settings: EngineSettings
    jvms: JvmRecord  # the lab JVMs this process started, for its successor to clean up

    @property
    def device_key(self) -> str:
        return f"{self.host}/{self.device.name}"


def register_job_task(app: Celery, current: Callable[[], PoolProcess]) -> None:
    """Register `harness.run_job` on a worker's app; `current()` is this process's state."""

    @app.task(name=TASK_NAME, bind=True, max_retries=None)
    def run_job(self: Task, job: dict[str, Any], avoid: list[str], bounces: int = 0) -> Any:
        return _run_job(self, current(), job, avoid, bounces)


def _run_job(
    task: Task, here: PoolProcess, raw: dict[str, Any], avoid: list[str], bounces: int
) -> dict[str, Any]:
    from harness.session.orchestrator import OutcomeKind
    from harness.suite.jobs import Job

    job = Job.from_json(raw)
    done = here.ledger.result(job.id)
    if done is not None:
        return done  # a copy of a job already finished: its result, nothing run again
    # Devices the job failed on, also those a requeued copy's message does not name
    # (its pool process died: killed, or given up as hung).
    failed_on = {
        f"{a['host']}/{a['device']}"
        for a in here.ledger.attempts(job.id)
        if a.get("outcome", "infra_fault") == OutcomeKind.INFRA_FAULT
    }
    unfit = _unfit(here, job)
    if (unfit or here.device_key in {*avoid, *failed_on}) and bounces < MAX_BOUNCES:
        # The job failed on this device already, or cannot run here (a phone too old for
        # the APK): leave it to another device of the family for a while.
        raise task.retry(kwargs={"job": raw, "avoid": avoid, "bounces": bounces + 1}, countdown=1)
    token = secrets.token_hex(8)
    lease = here.settings.lease_s
    if not here.ledger.claim(job.id, token, lease):
        # Another worker runs it now, or ran it and died (its lease then ends soon).
        raise task.retry(
            kwargs={"job": raw, "avoid": avoid, "bounces": bounces}, countdown=lease / 2
        )
    with here.ledger.holding(job.id, token, lease):
        done = here.ledger.result(job.id)  # finished between the first look and the claim
        if done is not None:
            return done
        if unfit:
            # Still here after its bounces: no other device took it (the submitting host
            # checked the registry, but devices come and go), so it ends now.
            return _complete(here, job, raw, _not_served(here, job, token, unfit))
        if len(here.ledger.attempts(job.id)) >= job.max_attempts:
            # Every attempt is spent, the last ones by pool processes that died (killed, or
            # ended as hung): the job ends with what they recorded.
            return _complete(here, job, raw, None)
        attempt = _attempt(task, here, job, token)
        if attempt.outcome is OutcomeKind.INFRA_FAULT and attempt.number < job.max_attempts:
            raise task.retry(
                kwargs={"job": raw, "avoid": [*avoid, here.device_key], "bounces": 0},
                countdown=1,
            )
        return _complete(here, job, raw, attempt)


def _complete(
    here: PoolProcess, job: Job, raw: dict[str, Any], attempt: Attempt | None
) -> dict[str, Any]:
    result = {"job": raw, "attempts": _attempts_json(here.ledger, job)}
    # Only one result stands, even if this process stalled past its lease
    # (LeaseKeeper.lost) and another worker ran the job meanwhile.
    if here.ledger.complete(job.id, result):
        return result
    if attempt is not None:
        _set_aside_duplicate(attempt)
    stored = here.ledger.result(job.id)
    return stored if stored is not None else result


def _attempt(task: Task, here: PoolProcess, job: Job, token: str) -> Attempt:
    from harness.errors import InputError
    from harness.session.orchestrator import SessionProgress

    number = len(here.ledger.attempts(job.id)) + 1
    started = time.time()
    here.ledger.write_attempt(
        job.id,
        token,
        {
            "job_id": job.id,
            "number": number,
            "host": here.host,
            "device": here.device.name,
            "started": started,
            "state": "started",
        },
    )

    task_id = task.request.id  # Celery's request is per thread; the session has its own

    def report(progress: SessionProgress | None) -> None:
        meta: dict[str, Any] = {
            "job": job.id,
            "host": here.host,
            "device": here.device.name,
            "attempt": number,
        }
        if progress is not None:
            meta |= {
                "stage": progress.stage.value,
                "detail": progress.detail,
                "index": progress.index,
                "total": progress.total,
            }
        task.update_state(task_id=task_id, state=PROGRESS_STATE, meta=meta)

    logger.info("job %s: attempt %d on %s", job.id, number, here.device_key)
    report(None)
    outcome: list[Attempt | BaseException] = []

    def session() -> None:
        try:
            outcome.append(here.runner.run(job, number, here.device, on_progress=report))
        except BaseException as exc:  # raised below, in the task's own thread
            outcome.append(exc)

    with JvmWatch(here.jvms):
        runner = threading.Thread(target=session, name="session", daemon=True)
        runner.start()
        runner.join(job.timeout_s)
    if runner.is_alive():
        _give_up_hung(here, job, number, started, token)
    error = outcome[0]
    if isinstance(error, InputError):
        # The job names something this host does not have (an app, a scenario file):
        # the host's setup is at fault, another host may have it.
        attempt = _infra_fault(
            here, job, number, started, f"this host cannot run the job: {error.describe()}"
        )
    elif isinstance(error, BaseException):
        raise error
    else:
        attempt = error
    here.ledger.write_attempt(job.id, token, {**attempt.to_json(), "state": "finished"})
    return attempt


def _give_up_hung(here: PoolProcess, job: Job, number: int, started: float, token: str) -> NoReturn:
    """A session that never ends (a Frida or adb call that never returns) cannot be stopped
    from its own process: record it, then end the pool process. Celery sees the process
    die, requeues the job (`reject_on_worker_lost`) and starts a new process for the
    device, which stops the hung app (JvmRecord); the job avoids this device next time."""
    attempt = _infra_fault(
        here, job, number, started, f"the session did not end within {job.timeout_s:g} s (hung)"
    )
    here.ledger.write_attempt(job.id, token, {**attempt.to_json(), "state": "finished"})
    here.ledger.release(job.id, token)  # the next attempt need not wait for the lease to end
    logger.error("job %s: %s on %s; restarting this pool process", job.id, attempt.error,
                 here.device_key)  # fmt: skip
    os._exit(75)


def _unfit(here: PoolProcess, job: Job) -> str:
    """Why this process's device cannot run the job ("" when it can)."""
    served = here.served
    if job.family is not served.family:
        return (
            f"this worker's device runs {served.family.runs}, "
            f"not {job.app_name} ({job.family.runs})"
        )
    if not served.can_run(job.family, job.min_sdk):
        return f"{served.device} runs Android SDK {served.sdk}; {job.app_name} needs {job.min_sdk}"
    return ""


def _not_served(here: PoolProcess, job: Job, token: str, why: str) -> Attempt:
    number = len(here.ledger.attempts(job.id)) + 1
    attempt = _infra_fault(here, job, number, time.time(), f"not runnable here: {why}")
    here.ledger.write_attempt(job.id, token, {**attempt.to_json(), "state": "finished"})
    return attempt


def _infra_fault(here: PoolProcess, job: Job, number: int, started: float, error: str) -> Attempt:
    from harness.session.orchestrator import OutcomeKind
    from harness.suite.jobs import Attempt

    return Attempt(
        job_id=job.id,
        number=number,
        host=here.host,
        device=here.device.name,
        outcome=OutcomeKind.INFRA_FAULT,
        bundle="",
        error=error,
        started=started,
        ended=time.time(),
    )


def _attempts_json(ledger: JobLedger, job: Job) -> list[dict[str, Any]]:
    """Every attempt, an unfinished one (its worker died) as an infrastructure fault."""
    records = []
    for record in ledger.attempts(job.id):
        if record["state"] == "started":
            record = {
                **record,
                "outcome": "infra_fault",
                "bundle": "",
                "ended": record["started"],
                "error": f"the worker died mid-session ({record['host']}/{record['device']})",
            }
        records.append({k: v for k, v in record.items() if k != "state"})
    return records


def _set_aside_duplicate(attempt: Attempt) -> None:
    """A second finished bundle for one job (only after a lost lease): rename it so it no
    longer looks finished; the first result stands."""
    from pathlib import Path

    bundle = Path(attempt.bundle) if attempt.bundle else None
    if bundle is not None and bundle.is_dir() and not bundle.name.startswith("."):
        bundle.rename(bundle.with_name(f".{bundle.name}.duplicate"))
