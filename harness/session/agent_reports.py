"""`AgentReports`: what the agents report in a session, gathered from Frida's thread without loss.

Sequence numbers let the bundle prove completeness: every number from 0 to the agent's
count must be present, and any gap is reported as lost events. Each hooked process has an
agent of its own that counts from 0, so completeness is checked per process (`instance`):
the top-level counts of hooks.json are the first process's, `processes` has every one's.
"""

from __future__ import annotations

import threading
from typing import Any

from harness.agent.messages import AgentLog, AgentMessage, AgentProblem, EventBatch
from harness.agent.stacks import StackTable
from harness.model import (
    AppProcess,
    ContextEvent,
    HookEvent,
    HookInstallReport,
    PermissionRequest,
    ProcessRole,
)


class AgentReports:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: list[HookEvent] = []
        self._requests: list[PermissionRequest] = []
        self._context: list[ContextEvent] = []
        # Per process instance: of every record kind, one sequence in each agent.
        self._seqs: dict[int, set[int]] = {}
        self.stacks = StackTable()  # replaced by the session's table with the first batch
        self._produced: dict[int, int] = {}  # the highest count each agent reported
        self._processes: dict[int, AppProcess] = {}  # the latest state of each, by instance
        self._installs: dict[str, HookInstallReport] = {}  # each process's, by name
        self.install: HookInstallReport | None = None  # the main process's latest
        self.install_ready = threading.Event()
        self.logs: list[AgentLog] = []
        self.problems: list[AgentProblem] = []

    def __call__(self, message: AgentMessage) -> None:
        with self._lock:
            match message:
                case EventBatch(events=events, produced=produced, instance=instance):
                    self._events.extend(events)
                    self._requests.extend(message.permission_requests)
                    self._context.extend(message.context_events)
                    self._seqs.setdefault(instance, set()).update(message.sequence_numbers)
                    self.stacks = message.stack_table
                    self._produced[instance] = max(self._produced.get(instance, 0), produced)
                case HookInstallReport():
                    self._installs[message.process] = message
                    # The main process's latest (its name has no `:suffix`: the agent
                    # re-sends it as late classes get hooked); a `:push` process's report
                    # never replaces it.
                    if ":" not in message.process:
                        self.install = message
                        self.install_ready.set()
                case AppProcess():
                    self._processes[message.instance] = message
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

    @property
    def processes(self) -> list[AppProcess]:
        """Every process of the app caught in the session, in the order it was caught."""
        with self._lock:
            return [self._processes[i] for i in sorted(self._processes)]

    def missing_sequence_numbers(self, instance: int = 0) -> list[int]:
        """Sequence numbers a process's agent produced that never arrived."""
        with self._lock:
            present = set(self._seqs.get(instance, ()))
            produced = max(self._produced.get(instance, 0), max(present, default=-1) + 1)
        return [n for n in range(produced) if n not in present]

    def _process_json(self, process: AppProcess) -> dict[str, Any]:
        install = self._installs.get(process.name) if process.role is not ProcessRole.MAIN else None
        return process.to_json() | {
            "events_produced": self._produced.get(process.instance, 0),
            "lost_sequence_numbers": self.missing_sequence_numbers(process.instance),
            # A second process's own install report (the main one's is the top level's).
            "missing": install.to_json()["missing"] if install is not None else [],
        }

    def report_json(self) -> dict[str, Any]:
        install = self.install.to_json() if self.install else {"installed": [], "missing": []}
        processes = [self._process_json(p) for p in self.processes]
        problems = [p.text for p in self.problems]
        for process in processes[1:]:
            # A later process's lost events must not hide behind the first one's clean count.
            if process["lost_sequence_numbers"]:
                problems.append(
                    f"{process['name']} (pid {process['pid']}): "
                    f"{len(process['lost_sequence_numbers'])} events lost"
                )
        return {
            **install,
            "hooks_ready": self.install is not None,
            "events": len(self._events),
            "permission_requests": len(self._requests),
            "context_events": len(self._context),
            "stacks": len(self.stacks),
            "events_produced": self._produced.get(0, 0),
            "lost_sequence_numbers": self.missing_sequence_numbers(),
            "processes": processes,
            "agent_logs": [{"level": log.level, "text": log.text} for log in self.logs],
            "agent_problems": problems,
        }
