"""One session's progress for `harness run`: the phase or scenario step it is at, the hook
events, flows and rejected requests gathered so far, and the time since it began.

`RunProgress.on_progress` is the session's progress callback (called on the session's
thread); the counts are read from the session's `SessionTally` when a line is drawn. On a
terminal `lines()` is redrawn in place (harness.console.live.LiveDisplay); otherwise each
phase or step change is one timestamped line, with the counts at that moment.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from harness.console.live import EventLog, fit
from harness.session.orchestrator import SessionProgress, SessionStage, SessionTally


def _clock_text(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}m{seconds:02d}s"


class RunProgress:
    def __init__(
        self,
        what: str,
        tally: SessionTally,
        *,
        log: EventLog | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`what`: the app, scenario and device, as the line starts."""
        self._what = what
        self._tally = tally
        self._log = log
        self._clock = clock
        self._start = clock()
        self._lock = threading.Lock()
        self._doing = "starting"

    def on_progress(self, progress: SessionProgress) -> None:
        if progress.stage is SessionStage.STEP:
            doing = f"step {progress.index}/{progress.total} {progress.detail}"
        else:
            doing = f"{progress.stage.value} {progress.detail}".strip()
        with self._lock:
            self._doing = doing
        if self._log is not None:
            self._log.line(f"{doing} ({self._counts()}, {self._elapsed()})")

    def _counts(self) -> str:
        t = self._tally
        rejected = f" · rejected {t.rejected}" if t.rejected else ""
        return f"hooks {t.hook_events} · flows {t.flows}{rejected}"

    def _elapsed(self) -> str:
        return _clock_text(self._clock() - self._start)

    def lines(self, width: int = 100) -> list[str]:
        with self._lock:
            doing = self._doing
        return fit([f"{self._what}  {doing}  {self._counts()}  {self._elapsed()}"], width)
