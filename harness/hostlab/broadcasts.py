"""The host lab's "system" for broadcasts: what ActivityManager does for a stopped app.

On a phone, a broadcast that matches a receiver in a stopped app's manifest makes
ActivityManager start the app's process (the receiver's `android:process`, else the app's
own), run the receiver, and log "Start proc PID:PROCESS/UID for broadcast {pkg/cls}". The
host lab does the same for the receivers app.yaml declares (`receivers`): `deliver(action)`
starts, through the session's process starter (hooked from the first instruction, as
frida-server's spawn gating does on a phone), a JVM running `harness.lab.ReceiverLauncher`
with the app's options, and records a ProcessStart, whose line goes into the lab's logcat
(`logcat.txt` in the bundle, `logcat -v epoch` layout, as on a phone). Android's
implicit-broadcast limits apply by the app's target SDK (harness/data/self-start.yaml).

Known gaps: a receiver whose process is already running is not run again (there is no
binder between lab JVMs), so that delivery is not seen; only manifest receivers exist (no
context-registered ones, no services or providers started by the system).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import zlib
from collections.abc import Callable, Sequence

from harness.hostlab.labapp import LabApp, receiver_command
from harness.model import ProcessStart
from harness.selfstart import SelfStartTable, load_self_start_table

StartProcess = Callable[[list[str], str], int]  # (argv, process name) -> pid

SYSTEM_SERVER_PID = 1523  # the pid the lab's ActivityManager lines carry


def _app_uid(package: str) -> str:
    """A stable uid of the u0aNNN form for the lab app (Android gives each app one)."""
    return f"u0a{100 + zlib.crc32(package.encode()) % 900}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is not running: Frida's child not yet reaped still answers kill(0).
    with contextlib.suppress(OSError), open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    return True


class LabSystem:
    """Delivers broadcasts to one lab app's manifest receivers; keeps what it started."""

    def __init__(
        self,
        app: LabApp,
        main_argv: Sequence[str],
        start: StartProcess,
        table: SelfStartTable | None = None,
    ) -> None:
        self._app = app
        self._argv = list(main_argv)
        self._start = start
        self._table = table or load_self_start_table()
        self._lock = threading.Lock()
        self._running: dict[str, int] = {}  # process name -> pid
        self.starts: list[ProcessStart] = []

    def deliver(self, action: str) -> list[ProcessStart]:
        """Start the app's processes whose manifest receivers take `action`."""
        android = self._app.android
        target_sdk = None if android is None else (android.target_sdk or android.api_level)
        if not self._table.delivered_to_manifest(action, target_sdk):
            return []
        started = []
        for receiver in self._app.receivers:
            if action not in receiver.actions:
                continue
            process = receiver.process_name(self._app.package)
            with self._lock:
                pid = self._running.get(process)
                if pid is not None and _alive(pid):
                    continue
            argv = receiver_command(
                self._argv, process, receiver.class_name, self._app.package, action
            )
            pid = self._start(argv, process)
            start = ProcessStart(
                ts=time.time(),
                pid=pid,
                process=process,
                uid=_app_uid(self._app.package),
                hosting="broadcast",
                component=f"{self._app.package}/{receiver.class_name}",
            )
            with self._lock:
                self._running[process] = pid
                self.starts.append(start)
            started.append(start)
        return started

    def since(self, ts: float) -> list[ProcessStart]:
        with self._lock:
            return [s for s in self.starts if s.ts >= ts]

    def logcat(self) -> bytes:
        """The lab's logcat: each start as `logcat -v epoch` writes ActivityManager's line."""
        with self._lock:
            lines = [
                f"{s.ts:.3f}  {SYSTEM_SERVER_PID}  {SYSTEM_SERVER_PID} I ActivityManager: "
                f"{s.log_message()}\n"
                for s in self.starts
            ]
        return "".join(lines).encode("utf-8")
