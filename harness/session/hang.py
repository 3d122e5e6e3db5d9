"""Watches the app's main process for a freeze: a hung app is said within seconds, not minutes.

What: `HangWatch` reads the kernel's state of the app's current main process every
`POLL_S`; once it has been stopped (`T`: SIGSTOP, SIGTSTP, a job-control stop) for
`HUNG_AFTER_S`, it calls back once with the pid, the time it was first seen stopped and what
was seen. The host-lab target then records the hang on the process (hooks.json `processes`:
`hung_since`, `hung`), the session adds an `app_hung` marker at that time, and the process is
killed: every UI request of the scenario would otherwise wait out its own timeout (30 s,
twice: ~95 s in all) before calling the app ended.

Why the kernel and not a request: a stopped process answers nothing, not even its Frida
agent, and any request that times out cannot tell a slow app from a frozen one; the state
can, at once. `since` is the first poll that saw the stop: the true moment lies up to
`POLL_S` before it.

Known gaps: an app deadlocked in its own code (threads blocked, process state `S`) is not a
stopped process: the lab UI server answers "busy" after its 20 s main-thread limit, as
before. Reads /proc of this host, so it watches local processes only (the host lab); an
Android target would read the state over adb (`/proc/PID/stat` through `adb shell`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from harness.procstat import read_stat

POLL_S = 0.2
HUNG_AFTER_S = 2.0
_STOPPED = "T"

HungCallback = Callable[[int, float, str], None]  # pid, first seen stopped, what was seen


def process_state(pid: int) -> str | None:
    """The one-letter state of /proc/PID/stat (`R`, `S`, `T`, `Z`, ...); None if gone."""
    stat = read_stat(pid)
    return stat.state if stat is not None else None


class HangWatch:
    """A thread watching whichever pid `pid_of()` names; `close()` ends it."""

    def __init__(
        self,
        pid_of: Callable[[], int | None],
        on_hung: HungCallback,
        *,
        clock: Callable[[], float] = time.time,
        poll_s: float = POLL_S,
        hung_after_s: float = HUNG_AFTER_S,
    ) -> None:
        self._pid_of = pid_of
        self._on_hung = on_hung
        self._clock = clock
        self._poll_s = poll_s
        self._hung_after_s = hung_after_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hang-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join()

    def _run(self) -> None:
        seen: tuple[int, float] | None = None  # the pid seen stopped, and since when
        while not self._stop.wait(self._poll_s):
            pid = self._pid_of()
            if not pid or process_state(pid) != _STOPPED:
                seen = None
                continue
            if seen is None or seen[0] != pid:
                seen = (pid, self._clock())
                continue
            if self._clock() - seen[1] >= self._hung_after_s:
                self._on_hung(
                    pid,
                    seen[1],
                    f"process {pid} stopped (state T: SIGSTOP or a job-control stop) and "
                    f"answered nothing for {self._hung_after_s:g} s: killed by the harness",
                )
                return  # the app is killed: one hang per session
