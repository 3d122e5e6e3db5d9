"""Lab JVMs left behind by a session that never ended, found again and stopped.

Frida starts each host-lab app in a session of its own, so when a worker is killed
mid-session its app's JVM lives on (serving its UI forever), and so does the app of a
session given up as hung. Each pool process writes down the lab JVMs it started, with its
own pid; when a pool process for the same worker and device starts again, it stops those
whose owner is gone. A local suite stops the lab JVMs still among its own children when it
ends. Only processes the harness started are touched: a pid is trusted only with the start
time it was recorded with, or as a child of this process.
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

from harness.periodic import Periodic
from harness.procstat import read_stat

_LAUNCHER = b"harness.lab.LabLauncher"


def _start_time(pid: int) -> str | None:
    """With the pid, a process's identity (harness.procstat)."""
    stat = read_stat(pid)
    return stat.start_time if stat is not None else None


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _is_lab_jvm(pid: int) -> bool:
    try:
        return _LAUNCHER in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def stop_child_lab_jvms() -> list[int]:
    """Stop the lab JVMs this process started that still run (their sessions are over)."""
    stopped = []
    for child in _children(os.getpid()):
        if _is_lab_jvm(child):
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
                stopped.append(child)
    return stopped


class JvmRecord:
    """`<folder>/<device>.jvms`: one line per lab JVM, `pid start owner-pid owner-start`."""

    def __init__(self, folder: Path, device: str) -> None:
        self._path = folder / f"{device}.jvms"

    def note_children(self) -> None:
        """Write down the lab JVMs this process has started and not written down yet."""
        self.reap()  # also forgets JVMs that have ended, so the file stays short
        owner = os.getpid()
        owner_start = _start_time(owner)
        known = self._lines()
        new = []
        for child in _children(owner):
            if not _is_lab_jvm(child):
                continue
            line = f"{child} {_start_time(child)} {owner} {owner_start}"
            if line not in known:
                new.append(line)
        if new:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with self._path.open("a", encoding="ascii") as handle:
                handle.writelines(line + "\n" for line in new)

    def reap(self) -> list[int]:
        """Stop the recorded JVMs whose owner is gone; forget the rest of the dead."""
        stopped, keep = [], []
        for line in self._lines():
            pid, start, owner, owner_start = line.split()
            if _start_time(int(pid)) != start:
                continue  # ended long ago (or the pid is someone else's now)
            if _start_time(int(owner)) == owner_start:
                keep.append(line)  # its owner still runs it
                continue
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
                stopped.append(int(pid))
        if keep:
            self._path.write_text("".join(line + "\n" for line in keep), encoding="ascii")
        else:
            self._path.unlink(missing_ok=True)
        return stopped

    def _lines(self) -> list[str]:
        try:
            return [ln for ln in self._path.read_text(encoding="ascii").splitlines() if ln.strip()]
        except OSError:
            return []


class JvmWatch(Periodic):
    """Notes this process's lab JVMs every `interval` seconds while a session runs, so one
    spawned just before the worker dies is on record too."""

    def __init__(self, record: JvmRecord, interval: float = 0.5) -> None:
        super().__init__(interval, "jvm-watch")
        self._record = record

    def tick(self) -> None:
        with contextlib.suppress(OSError):
            self._record.note_children()
