"""Spawn-gated start with real Frida on a local process, and its failure path."""

from __future__ import annotations

import sys
import threading
from typing import Any

import frida
import pytest

from harness.android.spawn import spawn_gated

SCRIPT = "send(Process.id);"


def _local() -> frida.Device:
    return frida.get_local_device()


def test_prepare_runs_before_the_first_instruction() -> None:
    """The agent is loaded while the process is still suspended, then it runs."""
    device = _local()
    got: list[Any] = []
    ready = threading.Event()

    def prepare(session: frida.Session) -> None:
        script = session.create_script(SCRIPT)
        script.on("message", lambda message, _data: (got.append(message), ready.set()))
        script.load()
        assert not got or got[0]["payload"]  # the message can arrive at once; resume not yet done

    program = [sys.executable, "-c", "import time; time.sleep(30)"]
    try:
        spawned = spawn_gated(device, program, prepare)
    except (frida.PermissionDeniedError, frida.NotSupportedError) as exc:
        pytest.skip(f"this host does not allow Frida to spawn/ptrace processes: {exc}")
    try:
        assert ready.wait(10)
        assert got[0]["payload"] == spawned.pid
        assert any(p.pid == spawned.pid for p in device.enumerate_processes())
    finally:
        device.kill(spawned.pid)


class _FakeDevice:
    def __init__(self) -> None:
        self.killed: list[int] = []
        self.resumed: list[int] = []

    def spawn(self, program: Any) -> int:
        return 4321

    def attach(self, pid: int) -> object:
        return object()

    def resume(self, pid: int) -> None:
        self.resumed.append(pid)

    def kill(self, pid: int) -> None:
        self.killed.append(pid)


def test_failed_prepare_kills_the_suspended_process() -> None:
    device = _FakeDevice()

    def prepare(_session: Any) -> None:
        raise RuntimeError("agent did not compile")

    with pytest.raises(RuntimeError, match="agent did not compile"):
        spawn_gated(device, "org.harness.fixture", prepare)  # type: ignore[arg-type]
    assert device.killed == [4321] and device.resumed == []
