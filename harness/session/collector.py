"""Gathers what the agent reports during a session, from Frida's thread, without loss.

Sequence numbers let the bundle prove completeness: every number from 0 to the agent's
count must be present, and any gap is reported as lost events.
"""

from __future__ import annotations

import threading
from typing import Any

from harness.agent.messages import AgentLog, AgentMessage, AgentProblem, EventBatch
from harness.model import HookEvent, HookInstallReport


class AgentCollector:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: list[HookEvent] = []
        self._produced = 0  # the highest count the agent reported
        self.install: HookInstallReport | None = None
        self.install_ready = threading.Event()
        self.logs: list[AgentLog] = []
        self.problems: list[AgentProblem] = []

    def __call__(self, message: AgentMessage) -> None:
        with self._lock:
            match message:
                case EventBatch(events=events, produced=produced):
                    self._events.extend(events)
                    self._produced = max(self._produced, produced)
                case HookInstallReport():
                    self.install = message
                    self.install_ready.set()
                case AgentLog():
                    self.logs.append(message)
                case AgentProblem():
                    self.problems.append(message)

    @property
    def events(self) -> list[HookEvent]:
        with self._lock:
            return list(self._events)

    def missing_sequence_numbers(self) -> list[int]:
        """Sequence numbers the agent produced that never arrived."""
        with self._lock:
            present = {e.seq for e in self._events}
            produced = max(self._produced, max(present, default=-1) + 1)
        return [n for n in range(produced) if n not in present]

    def report_json(self) -> dict[str, Any]:
        install = self.install.to_json() if self.install else {"installed": [], "missing": []}
        return {
            **install,
            "hooks_ready": self.install is not None,
            "events": len(self._events),
            "events_produced": self._produced,
            "lost_sequence_numbers": self.missing_sequence_numbers(),
            "agent_logs": [{"level": log.level, "text": log.text} for log in self.logs],
            "agent_problems": [p.text for p in self.problems],
        }
