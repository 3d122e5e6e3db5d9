"""A hung agent cannot hang the harness: an RPC it does not answer ends with the process killed.

The agent here is a real Frida script in a real process whose `flush` RPC never returns (a
busy loop on the script's thread: what a deadlock inside the app looks like from outside).
AgentSession must give up after its deadline, kill the process, say why, and close cleanly.
"""

from __future__ import annotations

import os
import sys
import time

import frida
import pytest

from harness.agent.catalog import load_catalog
from harness.agent.messages import AgentMessage, AgentProblem
from harness.agent.session import AgentSession
from harness.procstat import read_stat

pytestmark = pytest.mark.hostlab

# Answers init, then never answers flush: the JS thread spins, as a deadlocked agent would.
HANGING_AGENT = """
rpc.exports = {
    init(config) { return "test"; },
    flush() { for (;;) {} },
    report() { return null; },
};
"""


def _alive(pid: int) -> bool:
    # A killed child of Frida's stays a zombie until reaped: that is gone too.
    stat = read_stat(pid)
    return stat is not None and not stat.zombie


def test_an_rpc_the_agent_never_answers_kills_the_process_and_returns() -> None:
    messages: list[AgentMessage] = []
    python = os.path.realpath(sys.executable)
    session = AgentSession(
        frida.get_local_device(),
        HANGING_AGENT,
        load_catalog(),
        messages.append,
        rpc_timeout_s=2.0,
    )
    pid = session.spawn([python, "-c", "import time; time.sleep(120)"])
    try:
        session.flush()  # returns: the deadline killed the process
        assert session.hung == "the agent did not answer flush within 2 s"
        problems = [m.text for m in messages if isinstance(m, AgentProblem)]
        assert problems[0] == f"the agent did not answer flush within 2 s: process {pid} killed"
        deadline = time.monotonic() + 30
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(pid)
        assert session.install_report() is None  # the session is gone, and says so at once
    finally:
        session.close(kill=True)  # safe after the kill: nothing left to answer
