"""Native reads through libc, hooked with Interceptor, in a real process without a Java VM.

The process is this machine's Python calling libc's fopen/open/openat through ctypes (Java
cannot call fopen, so the API tour cannot cover it). The agent is the real one with only the
native entries of the real catalog.
"""

from __future__ import annotations

import os
import sys

import pytest

from harness.agent.catalog import load_catalog
from tests.hooks.agentrun import AgentRun, run_under_agent

pytestmark = pytest.mark.hostlab

# Waits for the agent (a line on stdin would need a pipe Frida does not give us: sleep), then
# reads MAC files four ways and one unrelated file, and says so.
PROGRAM = r"""
import ctypes, os, time
time.sleep(1.0)
libc = ctypes.CDLL(None, use_errno=True)
libc.fopen.restype = ctypes.c_void_p
libc.fclose.argtypes = [ctypes.c_void_p]
f = libc.fopen(b"/proc/net/arp", b"r"); libc.fclose(f)
os.close(libc.open(b"/sys/class/net/lo/address", os.O_RDONLY))
os.close(libc.openat(-100, b"/sys/class/net/lo/address", os.O_RDONLY))
d = os.open("/sys/class/net/lo", os.O_RDONLY)
os.close(libc.openat(d, b"address", os.O_RDONLY)); os.close(d)
os.close(libc.open(b"/etc/hostname", os.O_RDONLY))
libc.open(b"/sys/class/net/no-such-if/address", os.O_RDONLY)
print("native reads done", flush=True)
time.sleep(30)
"""


@pytest.fixture(scope="module")
def run() -> AgentRun:
    catalog = load_catalog()
    native_only = catalog.only({n.id for n in catalog.native})
    python = os.path.realpath(sys.executable)  # Frida spawns the binary itself
    return run_under_agent(
        [python, "-c", PROGRAM], native_only, until="native reads done", java=False
    )


def test_each_mac_file_read_is_one_event_with_its_path(run: AgentRun) -> None:
    got = sorted((e.entry, e.args[0], e.args[-1]) for e in run.collector.events)
    assert got == [
        ("native.fopen", "/proc/net/arp", "ok"),
        ("native.open", "/sys/class/net/lo/address", "ok"),
        ("native.open", "/sys/class/net/no-such-if/address", "failed"),
        ("native.openat", "/sys/class/net/lo/address", "ok"),
        ("native.openat", "/sys/devices/virtual/net/lo/address", "ok"),
    ]
    assert {e.category.value for e in run.collector.events} == {"mac_address"}


def test_events_off_the_java_vm_carry_the_thread_and_a_native_backtrace(run: AgentRun) -> None:
    for event in run.collector.events:
        assert event.thread  # the pthread name (Python's main thread: the program's name)
        assert event.args[1].startswith("caller="), event.args
        assert any("libffi" in f or "_ctypes" in f for f in event.stack), event.stack[:6]


def test_functions_this_libc_lacks_are_skipped_and_reported(run: AgentRun) -> None:
    assert run.live_report is not None
    missing = dict(run.live_report["missing"])
    assert set(run.live_report["installed"]) == {"native.open", "native.openat", "native.fopen"}
    for entry in ("native.system_property_get", "native.system_property_find"):
        assert "no export named __system_property_" in missing[entry]
    assert run.report["agent_problems"] == []
    assert run.report["lost_sequence_numbers"] == []
