"""Runs one real process under the real agent and collects what it reports (tests only)."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import frida

from harness.agent.build import build_agent
from harness.agent.catalog import Catalog
from harness.agent.messages import AgentMessage
from harness.agent.session import AgentSession, NetworkOptions
from harness.model import HookInstallReport
from harness.session.agent_reports import AgentReports


@dataclass(frozen=True)
class AgentRun:
    collector: AgentReports
    output: str  # the process's stdout and stderr
    report: dict[str, Any]  # the collector's hooks.json content
    live_report: dict[str, Any] | None  # the agent's report() RPC just before the end

    def missing(self) -> dict[str, str]:
        return {m["entry"]: m["reason"] for m in self.report["missing"]}


def run_under_agent(
    argv: Sequence[str],
    catalog: Catalog,
    *,
    until: str,
    timeout_s: float = 90.0,
    network: NetworkOptions | None = None,
    java: bool = True,
) -> AgentRun:
    """Spawn `argv` under the agent, wait until its output contains `until`, flush, kill."""
    collector = AgentReports()
    output = bytearray()
    lock = threading.Lock()

    def on_message(message: AgentMessage) -> None:
        collector(message)

    def on_output(_fd: int, data: bytes) -> None:
        with lock:
            output.extend(data)

    session = AgentSession(
        frida.get_local_device(), build_agent(), catalog, on_message, on_output, network=network
    )
    try:
        session.spawn(list[str | bytes](argv))
        deadline = time.monotonic() + timeout_s
        while until.encode() not in output:
            if session.detached.is_set() or time.monotonic() > deadline:
                with lock:
                    text = output.decode("utf-8", errors="replace")
                raise AssertionError(
                    f"never printed {until!r} (detached: {session.detach_reason}):\n{text}"
                )
            time.sleep(0.1)
        session.flush()
        live = session.install_report()
        # Without a Java VM the agent never publishes a report message; report() still answers.
        if java and not isinstance(collector.install, HookInstallReport):
            raise AssertionError("the agent never sent its install report")
    finally:
        session.close(kill=True)
    text = output.decode("utf-8", errors="replace")
    return AgentRun(collector, text, collector.report_json(), live)
