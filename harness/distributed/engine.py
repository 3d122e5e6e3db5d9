"""The Celery application: one factory, configured for sessions that must not be lost.

No module-level app: the worker and the submitting host each make their own, from the
broker URL they were given (`make_celery`).
"""

from __future__ import annotations

from dataclasses import dataclass

from celery import Celery

from harness.suite.family import DeviceFamily

TASK_NAME = "harness.run_job"
PROGRESS_STATE = "PROGRESS"


def queue_for(family: DeviceFamily) -> str:
    """The queue a family's jobs wait in: a worker consumes only its devices' family's, so
    an APK job never reaches a host-lab process (and is never bounced around for one)."""
    return f"harness.sessions.{family.value}"


@dataclass(frozen=True, slots=True)
class EngineSettings:
    broker: str  # redis://host:port/db: the broker, the result backend and the job ledger
    # How long a job handed to a worker may stay unacknowledged before Redis hands it to
    # another worker. A whole dead host's jobs wait this long; a redelivered copy of a job
    # still running elsewhere only finds its lease held and waits (see tasks.py).
    visibility_timeout_s: float = 300.0
    restore_interval_s: float = 5.0  # how often workers look for such jobs
    lease_s: float = 30.0  # a job's lease; renewed every third of it while it runs
    # How long a served device's record lives unless its pool process renews it: a dead
    # host's devices stop counting as servable this long after it died.
    announce_s: float = 15.0


def make_celery(settings: EngineSettings) -> Celery:
    app = Celery("harness", broker=settings.broker, backend=settings.broker)
    transport = {
        "visibility_timeout": settings.visibility_timeout_s,
        "unacked_restore_interval": settings.restore_interval_s,
        "unacked_restore_throttle": 1,  # every sweep really scans (kombu's default: 1 in 10)
    }
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_default_queue=queue_for(DeviceFamily.HOST_LAB),
        # A job is acknowledged when its session has ended, never when it is received: a
        # worker that dies mid-session leaves the message to be delivered again.
        task_acks_late=True,
        # A pool process killed mid-session (SIGKILL, OOM, a crash in instrumentation):
        # requeue the job at once rather than record a failure.
        task_reject_on_worker_lost=True,
        # One job at a time per pool process: a worker must not sit on jobs it cannot
        # start while another host's devices are idle.
        worker_prefetch_multiplier=1,
        task_track_started=True,
        broker_transport_options=transport,
        result_backend_transport_options=transport,
        broker_connection_retry_on_startup=True,
        result_expires=14 * 86400,
        worker_hijack_root_logger=False,
    )
    return app
