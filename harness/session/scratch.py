"""A private temporary folder for one harness process, removed with everything in it at the end.

What: `private_tmpdir()` points TMPDIR (and Python's tempfile) at a fresh
`harness-run-*` folder under the system's temporary folder for as long as the harness runs,
and at the end stops the helpers started from it and deletes it, also after a failure.

Why a folder of its own: Frida's local device writes its ~10 MB helper into
`$TMPDIR/frida-<hash>/` and starts a helper daemon from it (`idund --background`, control
socket in `$TMPDIR/idun-0/`) that outlives the process. With the shared /tmp, every harness
on the machine shares that daemon, so no run could remove it without breaking another's
session. In a folder of the run's own, the daemon and its files are this run's: they go when
it ends. The host lab's `harness-hostlab-*` work folders land there too.

A harness killed with SIGKILL cleans nothing: its folder names its owner (`owner`: pid and
the process's start time, so a reused pid is not taken for it), and the next harness on the
host stops the helpers of any folder whose owner is gone and removes it.

Known gaps: every child of the harness sees the private TMPDIR, so one that outlives the
command (an adb server it started) loses its temporary folder. GLib reads TMPDIR once, at
Frida's first use in the process, so this must wrap the whole process (the CLI does), not
one session of many in a process.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)

_STOP_WAIT_S = 2.0
_PREFIX = "harness-run-"
_OWNER = "owner"


@contextlib.contextmanager
def private_tmpdir() -> Iterator[Path]:
    sweep_killed(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=_PREFIX))
    (folder / _OWNER).write_text(process_identity(os.getpid()) or "", encoding="ascii")
    before = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = None  # tempfile caches its folder: read TMPDIR again
    try:
        yield folder
    finally:
        if before is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = before
        tempfile.tempdir = None
        stop_helpers(folder)
        shutil.rmtree(folder, ignore_errors=True)


def process_identity(pid: int) -> str | None:
    """`PID START`: the pid and its start time in clock ticks (/proc/PID/stat field 22)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()
    return f"{pid} {fields[19]}" if len(fields) > 19 else None


def sweep_killed(root: Path) -> None:
    """Remove the folders that killed harnesses left here (their owner is gone)."""
    for folder in root.glob(_PREFIX + "*"):
        try:
            owner = (folder / _OWNER).read_text(encoding="ascii").strip()
        except OSError:
            continue  # being made right now, or not ours to judge
        pid = owner.split(" ")[0]
        if not owner or not pid.isdigit() or process_identity(int(pid)) == owner:
            continue
        logger.info("removing %s, left by a harness that was killed", folder)
        stop_helpers(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _helpers(folder: Path) -> list[int]:
    """The processes running a program from inside `folder` (Frida's helper daemon)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if Path(os.readlink(entry / "exe")).is_relative_to(folder):
                pids.append(int(entry.name))
    return pids


def stop_helpers(folder: Path) -> None:
    """Stop what runs from `folder` (also one a killed harness left): SIGTERM, then SIGKILL."""
    pids = _helpers(folder)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + _STOP_WAIT_S
    while pids and time.monotonic() < deadline:
        time.sleep(0.05)
        pids = [pid for pid in pids if _exists(pid)]
    for pid in pids:
        logger.warning("Frida's helper %d did not stop on SIGTERM: killed", pid)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (a helper that is our child) has ended: its exe link is gone.
    return Path(f"/proc/{pid}/exe").exists()
