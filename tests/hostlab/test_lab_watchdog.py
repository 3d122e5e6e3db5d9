"""A lab JVM ends when the harness process that started it dies (the runtime's ParentWatchdog).

Real processes: a small Python parent builds the command with `jvm_command` and starts the
lab app's JVM in a session of its own (as Frida does), then the test SIGKILLs the parent. No
Frida is needed: the watchdog is the runtime's own.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.hostlab import (
    PARENT_PID_PROPERTY,
    HostLabUi,
    LabApp,
    build_lab_app,
    find_lab_app,
)
from harness.procstat import read_stat

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]

# Only to fail instead of hanging: the watchdog looks every 0.5 s.
CEILING_S = 30.0

# The harness stand-in: starts the JVM detached from its own session, prints the JVM's pid,
# then waits to be killed.
PARENT = """\
import subprocess, sys, threading
from pathlib import Path
from harness.hostlab import find_lab_app, jvm_command

app = find_lab_app(sys.argv[1])
command = jvm_command(app, Path(sys.argv[2]), portfile=Path(sys.argv[3]), identifiers={})
with open(sys.argv[4], "wb") as stderr:
    jvm = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
        start_new_session=True,
    )
print(jvm.pid, flush=True)
threading.Event().wait()
"""


@dataclass(frozen=True)
class Jvm:
    pid: int
    start_time: str  # field 22 of /proc/PID/stat: with the pid, the process's identity
    stderr: Path


def running(jvm: Jvm) -> bool:
    """The JVM still runs: the same process (pid and start time) and not a zombie."""
    stat = read_stat(jvm.pid)
    return stat is not None and stat.start_time == jvm.start_time and not stat.zombie


def wait_until_gone(jvm: Jvm) -> bool:
    deadline = time.monotonic() + CEILING_S
    while running(jvm):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture(scope="module")
def app() -> LabApp:
    # The compliant app reads and sends nothing at startup: no network, no proxy needed.
    return find_lab_app("compliant")


@pytest.fixture(scope="module")
def classpath(app: LabApp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_lab_app(app, cache_root=tmp_path_factory.mktemp("cache")).classpath


@pytest.fixture()
def parent_and_jvm(
    app: LabApp, classpath: Path, tmp_path: Path
) -> Iterator[tuple[subprocess.Popen[str], Jvm]]:
    portfile = tmp_path / "ui.port"
    stderr = tmp_path / "jvm-stderr.txt"
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, app.name, str(classpath), str(portfile), str(stderr)],
        stdout=subprocess.PIPE,
        text=True,
    )
    jvm: Jvm | None = None
    try:
        assert parent.stdout is not None
        line = parent.stdout.readline()
        assert line.strip().isdigit(), f"the parent did not start the JVM (said {line!r})"
        pid = int(line)
        stat = read_stat(pid)
        assert stat is not None, "the JVM ended at once: " + stderr.read_text(errors="replace")
        jvm = started = Jvm(pid, stat.start_time, stderr)
        # The UI answering means main() ran, and it starts the watchdog before the UI server.
        with HostLabUi.connect(portfile, timeout=CEILING_S, alive=lambda: running(started)) as ui:
            assert ui.state().screen == "privacy_dialog"
        yield parent, started
    finally:
        # Whatever happened, leave nothing running: the JVM only if it is still the one
        # started here.
        if jvm is not None and running(jvm):
            os.kill(jvm.pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
        parent.wait(timeout=CEILING_S)
        if parent.stdout is not None:
            parent.stdout.close()


def test_the_jvm_is_told_who_its_parent_is(
    parent_and_jvm: tuple[subprocess.Popen[str], Jvm],
) -> None:
    parent, jvm = parent_and_jvm
    argv = Path(f"/proc/{jvm.pid}/cmdline").read_bytes().split(b"\0")
    assert f"-D{PARENT_PID_PROPERTY}={parent.pid}".encode() in argv
    # In a session of its own, as Frida spawns it: killing the parent's group would miss it.
    assert os.getsid(jvm.pid) == jvm.pid != os.getsid(parent.pid)


def test_the_jvm_halts_when_its_parent_is_killed(
    parent_and_jvm: tuple[subprocess.Popen[str], Jvm],
) -> None:
    parent, jvm = parent_and_jvm
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(timeout=CEILING_S)
    assert wait_until_gone(jvm), f"the JVM {jvm.pid} outlived its parent"
    assert f"harness process {parent.pid} is gone" in jvm.stderr.read_text(errors="replace")


def test_the_jvm_halts_while_its_killed_parent_is_an_unreaped_zombie(
    parent_and_jvm: tuple[subprocess.Popen[str], Jvm],
) -> None:
    parent, jvm = parent_and_jvm
    os.kill(parent.pid, signal.SIGKILL)
    # Not reaped yet (the fixture reaps it at the end): a zombie the JVM must not mistake for
    # a live harness.
    deadline = time.monotonic() + CEILING_S
    while not ((stat := read_stat(parent.pid)) is not None and stat.zombie):
        assert time.monotonic() < deadline, "the killed parent never became a zombie"
        time.sleep(0.05)
    assert wait_until_gone(jvm), f"the JVM {jvm.pid} outlived its parent"
    assert f"harness process {parent.pid} is gone" in jvm.stderr.read_text(errors="replace")
