"""Live progress of a suite: one line per device (current app, scenario and step) and one
for the whole run, redrawn in place on a terminal; nothing at all when not on a terminal
(a nightly's log gets the summary at the end instead).

`SuiteProgress` is the state, fed from any thread (device threads report steps, the main
thread reports attempts); `lines()` renders it as text; `LiveDisplay` redraws it.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from harness.periodic import Periodic
from harness.session.orchestrator import OutcomeKind, SessionProgress, SessionStage
from harness.suite.jobs import Attempt, Job


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
    ) -> None:
        self._lock = threading.Lock()
        self._suite = suite
        self._total = total_jobs
        self._clock = clock
        self._start = clock()
        self._devices: dict[str, _Device] = {d: _Device() for d in devices or []}
        self._finished: dict[OutcomeKind, int] = dict.fromkeys(OutcomeKind, 0)
        self._retries = 0
        # Several hosts may name their devices alike: then a device is "host/device".
        self._with_hosts = with_hosts

    # --- events (any thread) ---

    def session_started(self, device: str, job: Job, attempt: int) -> None:
        with self._lock:
            state = self._devices.setdefault(device, _Device())
            state.job, state.attempt, state.stage, state.since = job, attempt, None, self._clock()

    def step(self, device: str, progress: SessionProgress) -> None:
        with self._lock:
            self._devices.setdefault(device, _Device()).stage = progress

    def attempt_done(self, attempt: Attempt, final: bool) -> None:
        with self._lock:
            if attempt.device:
                key = f"{attempt.host}/{attempt.device}" if self._with_hosts else attempt.device
                state = self._devices.setdefault(key, _Device())
                state.job, state.stage = None, None
                state.sessions += 1
            if final:
                self._finished[attempt.outcome] += 1
            else:
                self._retries += 1

    def device_retired(self, device: str, reason: str) -> None:
        with self._lock:
            self._devices.setdefault(device, _Device()).retired = reason

    # --- rendering ---

    def lines(self, width: int = 100) -> list[str]:
        with self._lock:
            now = self._clock()
            rows = [self._device_line(name, d, now) for name, d in sorted(self._devices.items())]
            rows.append(self._overall_line(now))
        return [row if len(row) <= width else row[: max(width - 1, 1)] + "…" for row in rows]

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
        eta = ""
        if 0 < done < self._total:
            eta = f", ~{_duration(elapsed / done * (self._total - done))} left"
        return (
            f"{self._suite}: {done}/{self._total} done — ok {self._finished[OutcomeKind.OK]}, "
            f"app faults {self._finished[OutcomeKind.APP_FAULT]}, "
            f"infra faults {self._finished[OutcomeKind.INFRA_FAULT]}, retries {self._retries}"
            f" — {_duration(elapsed)}{eta}"
        )


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class LiveDisplay(Periodic):
    """Redraws `progress.lines()` in place every `interval` seconds while on a terminal."""

    def __init__(
        self,
        progress: SuiteProgress,
        stream: TextIO,
        *,
        enabled: bool | None = None,
        interval: float = 0.5,
    ) -> None:
        self.enabled = stream.isatty() if enabled is None else enabled
        super().__init__(interval, "suite-progress", enabled=self.enabled)
        self._progress = progress
        self._stream = stream
        self._drawn = 0

    def tick(self) -> None:
        self.draw()

    def finish(self) -> None:
        self.draw()  # the final state stays on screen

    def draw(self) -> None:
        width = shutil.get_terminal_size((100, 20)).columns
        lines = self._progress.lines(width)
        # Move up over what was drawn last time, then rewrite each line and clear its tail.
        up = f"\x1b[{self._drawn}F" if self._drawn else ""
        text = up + "".join(f"{line}\x1b[K\n" for line in lines)
        if len(lines) < self._drawn:
            text += "\x1b[J"
        self._stream.write(text)
        self._stream.flush()
        self._drawn = len(lines)
