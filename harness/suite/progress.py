"""Live progress of a suite: one line per device (current app, scenario and step) and one
for the whole run, redrawn in place on a terminal; off a terminal (a nightly's CI log), one
timestamped line as each session starts and ends, each device retires and each job ends.

`SuiteProgress` is the state, fed from any thread (device threads report starts and steps,
the main thread reports attempts as it takes them off the board); `lines()` renders it;
`progress_display` picks the live redraw or the event log for a stream.

Events arrive out of order across threads: the main thread may hear of a device's finished
attempt after that device's thread already started its next session, so an attempt clears
its device only while the device still shows that attempt. The time left is estimated
from the sessions' own durations (the mean of the attempts so far), so it shrinks while a
session runs instead of growing with the elapsed time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from harness.console.live import EventLog, LiveDisplay, fit
from harness.session.orchestrator import OutcomeKind, SessionProgress, SessionStage
from harness.suite.jobs import Attempt, Job

__all__ = ["LiveDisplay", "SuiteProgress", "progress_display"]


@dataclass(slots=True)
class _Device:
    job: Job | None = None
    attempt: int = 0
    stage: SessionProgress | None = None
    since: float = 0.0
    sessions: int = 0
    retired: str = ""


class SuiteProgress:
    def __init__(
        self,
        suite: str,
        total_jobs: int,
        devices: list[str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        *,
        with_hosts: bool = False,
        log: EventLog | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._suite = suite
        self._total = total_jobs
        self._clock = clock
        self._start = clock()
        self._devices: dict[str, _Device] = {d: _Device() for d in devices or []}
        self._finished: dict[OutcomeKind, int] = dict.fromkeys(OutcomeKind, 0)
        self._retries = 0
        self._durations: list[float] = []  # seconds, of every attempt that ran on a device
        # Several hosts may name their devices alike: then a device is "host/device".
        self._with_hosts = with_hosts
        self.log = log

    # --- events (any thread) ---

    def session_started(self, device: str, job: Job, attempt: int) -> None:
        with self._lock:
            state = self._devices.setdefault(device, _Device())
            state.job, state.attempt, state.stage, state.since = job, attempt, None, self._clock()
        retry = f" (attempt {attempt})" if attempt > 1 else ""
        self._log(f"start {job.app_name} · {job.scenario_name} on {device}{retry}")

    def step(self, device: str, progress: SessionProgress) -> None:
        with self._lock:
            self._devices.setdefault(device, _Device()).stage = progress

    def attempt_done(self, attempt: Attempt, final: bool, job: Job | None = None) -> None:
        """An attempt the board (or a worker) finished; `job`, when known, names it in logs."""
        with self._lock:
            key = ""
            if attempt.device:
                key = f"{attempt.host}/{attempt.device}" if self._with_hosts else attempt.device
                state = self._devices.setdefault(key, _Device())
                # Only while the device still shows this attempt: its thread may have
                # started the next session before this event reached the main thread.
                if (
                    state.job is not None
                    and state.job.id == attempt.job_id
                    and state.attempt == attempt.number
                ):
                    state.job, state.stage = None, None
                state.sessions += 1
                if attempt.ended >= attempt.started > 0:
                    self._durations.append(attempt.ended - attempt.started)
            if final:
                self._finished[attempt.outcome] += 1
            else:
                self._retries += 1
            done = sum(self._finished.values())
        what = f"{job.app_name} · {job.scenario_name}" if job is not None else attempt.job_id
        where = f" on {key}" if key else ""
        took = (
            f" in {_duration(attempt.ended - attempt.started)}"
            if attempt.device and attempt.ended >= attempt.started
            else ""
        )
        error = (attempt.error.splitlines() or [""])[0]
        tail = f": {error}" if error and attempt.outcome is not OutcomeKind.OK else ""
        then = f" [{done}/{self._total} done]" if final else " (retried)"
        self._log(f"end {attempt.outcome.value} {what}{where}{took}{tail}{then}")

    def device_retired(self, device: str, reason: str) -> None:
        with self._lock:
            self._devices.setdefault(device, _Device()).retired = reason
        self._log(f"device {device} retired: {reason}")

    def _log(self, text: str) -> None:
        if self.log is not None:
            self.log.line(text)

    # --- rendering ---

    def lines(self, width: int = 100) -> list[str]:
        with self._lock:
            now = self._clock()
            rows = [self._device_line(name, d, now) for name, d in sorted(self._devices.items())]
            rows.append(self._overall_line(now))
        return fit(rows, width)

    def _device_line(self, name: str, d: _Device, now: float) -> str:
        head = f"{name:<18} "
        if d.retired:
            return head + f"retired: {d.retired}"
        if d.job is None:
            return head + f"idle ({d.sessions} sessions)"
        retry = f" (attempt {d.attempt})" if d.attempt > 1 else ""
        what = f"{d.job.app_name} · {d.job.scenario_name}{retry}"
        stage = d.stage
        if stage is None:
            doing = "starting"
        elif stage.stage is SessionStage.STEP:
            doing = f"step {stage.index}/{stage.total} {stage.detail}"
        else:
            doing = f"{stage.stage.value} {stage.detail}".strip()
        return head + f"{what}  {doing}  {now - d.since:.0f}s"

    def _overall_line(self, now: float) -> str:
        done = sum(self._finished.values())
        elapsed = now - self._start
        left = self._time_left(now, done)
        eta = "" if left is None else f", ~{_duration(left)} left"
        return (
            f"{self._suite}: {done}/{self._total} done — ok {self._finished[OutcomeKind.OK]}, "
            f"app faults {self._finished[OutcomeKind.APP_FAULT]}, "
            f"infra faults {self._finished[OutcomeKind.INFRA_FAULT]}, retries {self._retries}"
            f" — {_duration(elapsed)}{eta}"
        )

    def _time_left(self, now: float, done: int) -> float | None:
        """Seconds until the last job ends, if the sessions to come take as long as the
        ones so far; None before any session ended (nothing to estimate from)."""
        if not self._durations or done >= self._total:
            return None
        mean = sum(self._durations) / len(self._durations)
        running = [d for d in self._devices.values() if d.job is not None and not d.retired]
        waiting = max(self._total - done - len(running), 0)
        work = waiting * mean + sum(max(mean - (now - d.since), 0.0) for d in running)
        devices = sum(1 for d in self._devices.values() if not d.retired) or 1
        return work / devices


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def progress_display(
    progress: SuiteProgress, stream: TextIO, live: bool | None = None
) -> LiveDisplay:
    """The live redraw on a terminal (or as forced); otherwise the progress's events go to
    `stream` as timestamped lines. Use the result as a `with` block around the suite."""
    display = LiveDisplay(progress, stream, enabled=live, name="suite-progress")
    if not display.enabled and progress.log is None:
        progress.log = EventLog(stream)
    return display
