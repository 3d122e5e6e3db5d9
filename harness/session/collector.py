"""Gathers what the agent reports during a session, from Frida's thread, without loss.

Sequence numbers let the bundle prove completeness: every number from 0 to the agent's
count must be present, and any gap is reported as lost events.
"""

from __future__ import annotations

import threading
from typing import Any

from harness.agent.messages import AgentLog, AgentMessage, AgentProblem, EventBatch
from harness.agent.stacks import StackTable
from harness.model import ContextEvent, HookEvent, HookInstallReport, PermissionRequest


class AgentCollector:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: list[HookEvent] = []
        self._requests: list[PermissionRequest] = []
        self._context: list[ContextEvent] = []
        self._seqs: set[int] = set()  # of every record kind: one sequence in the agent
        self.stacks = StackTable()  # replaced by the session's table with the first batch
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
                    self._requests.extend(message.permission_requests)
                    self._context.extend(message.context_events)
                    self._seqs.update(message.sequence_numbers)
                    self.stacks = message.stack_table
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

    @property
    def permission_requests(self) -> list[PermissionRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def context_events(self) -> list[ContextEvent]:
        with self._lock:
            return list(self._context)

    def missing_sequence_numbers(self) -> list[int]:
        """Sequence numbers the agent produced that never arrived."""
        with self._lock:
            present = set(self._seqs)
            produced = max(self._produced, max(present, default=-1) + 1)
        return [n for n in range(produced) if n not in present]

    def report_json(self) -> dict[str, Any]:
        install = self.install.to_json() if self.install else {"installed": [], "missing": []}
        return {
            **install,
            "hooks_ready": self.install is not None,
            "events": len(self._events),
            "permission_requests": len(self._requests),
            "context_events": len(self._context),
            "stacks": len(self.stacks),
            "events_produced": self._produced,
            "lost_sequence_numbers": self.missing_sequence_numbers(),
            "agent_logs": [{"level": log.level, "text": log.text} for log in self.logs],
            "agent_problems": [p.text for p in self.problems],
        }
