"""Every process of the app under the agent: the first one spawned, the others caught as they start.

An app is often more than one process: push SDKs collect in `package:push` / `:remote` /
`:pushservice`, and some apps restart themselves (a hot fix applied, a crash handler). Each
process gets the same agent with the same config while it is held before its first
instruction, so it is hooked from the start.

Where a new process comes from decides how it is caught:

- Android (`Gating.SPAWN`): every app process is forked from zygote at the system's request,
  not by the app, so frida-server's spawn gating holds it (`spawn-added`, its identifier is
  the process name). Those of the package (`package`, `package:*`) get the agent; any other
  app of the phone is resumed at once. Gating is disabled again at the end, and what it still
  held is let go (the app's killed, others resumed).
- Host lab (`Gating.NONE`): the lab runtime asks the harness to start a lab app's other
  processes, as an Android app asks the system (harness.hostlab.zygote): `start()` spawns
  each suspended under its own agent, like the first.

A process with the main process's name that starts while the main one ends, or within
`RESTART_WINDOW_S` after it ended, is the app restarting itself: it becomes the main process
(`restarts()`, with both pids and times), not an app fault. A process whose agent could not
be loaded, or that lost its agent without ending, is reported as an AgentProblem and in its
`AppProcess` record: never silent.

Frida's device signals arrive on Frida's own thread, which must not block on an attach, so
gated spawns are handled in order on a worker thread of this object.

Known gaps: on Android a process the app forks itself (not through zygote) is not caught. On
the host lab, Frida's child gating would catch a JVM the app forks, but the forked child of
a JVM running the agent crashes inside frida-agent before its exec (HotSpot 17, Frida 17),
and a posix_spawn through the JDK's jspawnhelper is not followed into its exec: hence the
lab's request to the harness.
"""

from __future__ import annotations

import contextlib
import enum
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import frida

from harness.agent.messages import AgentProblem
from harness.agent.session import FRIDA_GONE, AgentSession, MessageSink
from harness.agent.stacks import StackTable
from harness.errors import AppFault, InfrastructureError
from harness.evidence.facts import utc_iso
from harness.model import AppProcess, ProcessRole

logger = logging.getLogger(__name__)

# How long after the main process ended a new one of the same name still counts as the app
# restarting itself. Android relaunches within a second or two (AlarmManager, a pending
# intent); a longer gap is the app dying, which the session reports as such.
RESTART_WINDOW_S = 5.0
_STOP_TIMEOUT_S = 30.0
# How long an exiting main process may take to end, or its successor to appear, before a
# failed UI request is taken for what it looks like.
_SETTLE_S = 3.0

# (process name, instance, the session's stack table, detach callback) -> an AgentSession
AgentFactory = Callable[[str, int, StackTable, Callable[[AgentSession, str], None]], AgentSession]


class Gating(enum.StrEnum):
    SPAWN = "spawn"  # frida-server's spawn gating (Android: zygote forks every app process)
    NONE = "none"  # the harness spawns every process itself (host lab: `start()`)


@dataclass(frozen=True, slots=True)
class ProcessRestart:
    """The app's main process ended and a new one of the same package took over."""

    old_pid: int
    old_ended: float | None  # None: its end was not seen (it was still ending at the close)
    new_pid: int
    new_started: float

    def detail(self) -> str:
        ended = "end not seen" if self.old_ended is None else f"ended at {self.old_ended:.6f}"
        return f"pid {self.old_pid} {ended}; pid {self.new_pid} started at {self.new_started:.6f}"


def restarts_of(processes: list[AppProcess]) -> list[ProcessRestart]:
    """The restarts a session's process records show: each main process after the first."""
    mains = [p for p in processes if p.role is ProcessRole.MAIN and p.agent != "-"]
    return [
        ProcessRestart(old.pid, old.ended, new.pid, new.started)
        for old, new in itertools.pairwise(mains)
    ]


@dataclass(frozen=True, slots=True)
class _Caught:
    """A process Frida's spawn gating holds suspended for the harness."""

    pid: int
    name: str | None  # the app process it is; None: another app's


class AppProcesses:
    """Owns every AgentSession of one app on one Frida device; `close()` ends them all."""

    def __init__(
        self,
        device: frida.Device,
        package: str,
        gating: Gating,
        new_agent: AgentFactory,
        on_message: MessageSink,
        *,
        before_new_main: Callable[[int], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._device = device
        self._package = package
        self._gating = gating
        self._new_agent = new_agent
        self._on_message = on_message
        # Runs while a restarted app's new main process is still held (e.g. to drop what the
        # old one left for the harness, such as its UI port).
        self._before_new_main = before_new_main
        self._clock = clock
        self._stacks = StackTable()
        self._lock = threading.Lock()
        self._agents: list[AgentSession] = []  # by instance
        self._records: list[AppProcess] = []  # by instance
        self._main = 0  # the instance of the current main process
        self._queue: queue.Queue[_Caught | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._closing = False
        self._listening = False

    # -- what the target reads -------------------------------------------------------
    @property
    def main(self) -> AgentSession:
        with self._lock:
            if not self._agents:
                raise InfrastructureError("the app has not been spawned")
            return self._agents[self._main]

    @property
    def records(self) -> list[AppProcess]:
        with self._lock:
            return list(self._records)

    def restarts(self) -> list[ProcessRestart]:
        """Each hand-over from one main process to the next, in order."""
        return restarts_of(self.records)

    def generation(self) -> int:
        """Changes whenever a new main process took over (the UI must reconnect)."""
        with self._lock:
            return self._main

    def main_gone(self) -> str | None:
        """Why the app is gone, or None while its main process (or a successor) may run.

        The main process ending is not the app's end until RESTART_WINDOW_S passed with no
        successor: a restarting app is caught again in the meantime.
        """
        with self._lock:
            if not self._records:
                return None
            record = self._records[self._main]
            agent = self._agents[self._main]
        if not agent.detached.is_set() or self._successor_pending():
            return None
        if agent.detach_reason == "process-terminated":
            ended = record.ended if record.ended is not None else self._clock()
            if self._clock() - ended < RESTART_WINDOW_S:
                return None
        elif record.agent.startswith("lost") and self._running(agent.pid):
            return None  # the agent is gone, the app is not: the lab's fault (lost_agents)
        return f"the app exited unexpectedly ({agent.detach_reason})"

    def mark_hung(self, pid: int, since: float, detail: str) -> None:
        """The process `pid` stopped answering at `since` (seen by a watch, e.g.
        harness.session.hang): said in its record, which keeps it through its end."""
        with self._lock:
            instance = next((r.instance for r in self._records if r.pid == pid), None)
        if instance is not None:
            self._update(instance, hung_since=since, hung=detail)

    def lost_agents(self) -> list[AppProcess]:
        """The processes whose agent was lost while they ran (a gap, the lab's fault)."""
        return [r for r in self.records if r.agent.startswith("lost")]

    def _running(self, pid: int | None) -> bool:
        """Whether the process still runs, asked of the device (not of the lost agent)."""
        if not pid:
            return False
        try:
            return bool(self._device.enumerate_processes(pids=[pid], scope="minimal"))
        except FRIDA_GONE:
            return False

    def await_new_main(self, generation: int, timeout_s: float) -> bool:
        """Wait until a main process newer than `generation` runs; False if the app is gone."""
        start = time.monotonic()
        while time.monotonic() - start < timeout_s:
            if self.generation() != generation:
                return True
            if self.main_gone() is not None:
                return False
            settled = time.monotonic() - start > _SETTLE_S
            if settled and not self.main.detached.is_set() and not self._successor_pending():
                return False  # the main process still runs and nothing is starting
            time.sleep(0.05)
        return False

    def _successor_pending(self) -> bool:
        with self._lock:
            return any(
                r.role is ProcessRole.MAIN and r.agent == "-" and r.instance > self._main
                for r in self._records
            )

    def check_alive(self) -> None:
        gone = self.main_gone()
        if gone is not None:
            raise AppFault(gone)

    # -- life cycle ------------------------------------------------------------------
    def spawn(self, program: str | list[str | bytes], **spawn_options: Any) -> int:
        """Spawn the app's first process under the agent, with gating on before it runs."""
        agent = self._add_agent(self._package, ProcessRole.MAIN, pid=0)
        if self._gating is Gating.SPAWN:
            self._worker = threading.Thread(target=self._work, name="app-processes", daemon=True)
            self._worker.start()
            pid = agent.spawn(program, before_resume=self._enable_spawn_gating, **spawn_options)
        else:
            pid = agent.spawn(program, **spawn_options)
        self._update(0, pid=pid, agent="hooked")
        return pid

    def start(self, program: str | list[str | bytes], name: str, **spawn_options: Any) -> int:
        """Spawn another process of the app (`name`: `package:push`, or `package` for the app
        restarting itself) under the agent; the host lab's way (Gating.NONE)."""
        if not self._ours(name):
            raise InfrastructureError(f"{name!r} is not a process of {self._package}")
        with self._lock:
            if self._closing:
                raise InfrastructureError("the session is ending: no new process")
        role = ProcessRole.MAIN if name == self._package else ProcessRole.SECONDARY
        agent = self._add_agent(name, role, pid=0)
        instance = agent.tables.instance
        before = self._before_new_main if role is ProcessRole.MAIN else None
        try:
            pid = agent.spawn(program, before_resume=before, **spawn_options)
        except Exception as exc:
            self._update(instance, agent=f"failed: {type(exc).__name__}: {exc}")
            self._problem(f"{name}: the agent could not be loaded: {exc}")
            raise
        self._update(instance, pid=pid, agent="hooked")
        if role is ProcessRole.MAIN:
            with self._lock:
                self._main = instance
        return pid

    def flush(self) -> None:
        for agent in self._live_agents():
            agent.flush()

    def close(self) -> None:
        """Gating off, every agent flushed and unloaded, every process of the app killed."""
        with self._lock:
            self._closing = True
        if self._listening:
            with contextlib.suppress(*FRIDA_GONE):
                self._device.disable_spawn_gating()
                self._device.off("spawn-added", self._spawn_added)
        self._queue.put(None)
        if self._worker is not None:
            self._worker.join(_STOP_TIMEOUT_S)
        self._release_held()
        with self._lock:
            agents = list(self._agents)
        for agent in agents:
            agent.close(kill=True)

    # -- catching processes ----------------------------------------------------------
    def _enable_spawn_gating(self, _pid: int) -> None:
        # After the agent is in the first process, before it runs: every process the app
        # then starts (and any other app's) is held until the worker decides.
        self._device.on("spawn-added", self._spawn_added)
        self._listening = True
        self._device.enable_spawn_gating()

    def _spawn_added(self, spawn: Any) -> None:
        identifier = str(spawn.identifier or "")
        self._queue.put(_Caught(int(spawn.pid), identifier if self._ours(identifier) else None))

    def _ours(self, name: str) -> bool:
        return name == self._package or name.startswith(self._package + ":")

    def _work(self) -> None:
        while True:
            caught = self._queue.get()
            if caught is None:
                return
            try:
                self._handle(caught)
            # The worker must go on whatever one process did; the failure is reported.
            except Exception as exc:
                self._problem(f"process {caught.pid} ({caught.name}): {type(exc).__name__}: {exc}")

    def _handle(self, caught: _Caught) -> None:
        with self._lock:
            closing = self._closing
            mine = any(a.pid == caught.pid for a in self._agents if not a.detached.is_set())
        if mine:
            return  # our own spawn, reported by the gating too
        if closing:
            self._let_go(caught)
            return
        if caught.name is None:
            self._resume(caught.pid)  # another app of the phone: not ours to hold
            return
        role = ProcessRole.MAIN if caught.name == self._package else ProcessRole.SECONDARY
        agent = self._add_agent(caught.name, role, caught.pid)
        instance = agent.tables.instance
        try:
            agent.attach(caught.pid)
        except Exception as exc:  # attach() killed the process: report it, go on
            self._update(instance, agent=f"failed: {type(exc).__name__}: {exc}")
            self._problem(f"{caught.name} (pid {caught.pid}): the agent could not be loaded: {exc}")
            return
        self._update(instance, pid=caught.pid, agent="hooked")
        with self._lock:
            if role is ProcessRole.MAIN:
                self._main = instance
        if role is ProcessRole.MAIN and self._before_new_main is not None:
            self._before_new_main(caught.pid)
        self._resume(caught.pid)

    def _let_go(self, caught: _Caught) -> None:
        """At the close: an app process is killed (it would run unhooked), any other resumed."""
        with contextlib.suppress(*FRIDA_GONE):
            if caught.name is not None:
                self._device.kill(caught.pid)
            else:
                self._device.resume(caught.pid)

    def _release_held(self) -> None:
        while True:
            try:
                caught = self._queue.get_nowait()
            except queue.Empty:
                return
            if caught is not None:
                self._let_go(caught)

    def _resume(self, pid: int) -> None:
        with contextlib.suppress(*FRIDA_GONE):
            self._device.resume(pid)

    # -- records -----------------------------------------------------------------------
    def _add_agent(self, name: str, role: ProcessRole, pid: int) -> AgentSession:
        with self._lock:
            instance = len(self._agents)
            agent = self._new_agent(name, instance, self._stacks, self._detached)
            self._agents.append(agent)
            record = AppProcess(name, pid, instance, role, self._clock(), agent="-")
            self._records.append(record)
        return agent

    def _update(self, instance: int, **changes: Any) -> None:
        with self._lock:
            record = replace(self._records[instance], **changes)
            self._records[instance] = record
        self._on_message(record)

    def _detached(self, agent: AgentSession, reason: str) -> None:
        instance = agent.tables.instance
        with self._lock:
            if self._records[instance].ended is not None:
                return  # told twice (a device that reports every session's end again)
            closing = self._closing
            hooked = self._records[instance].agent == "hooked"
        now = self._clock()
        changes: dict[str, Any] = {"ended": now, "end_reason": reason}
        if reason != "process-terminated" and not closing and hooked:
            # The process may still run, now unhooked: that is a gap in the evidence, and
            # nothing it does from now on is seen. When it happened goes with the problem.
            changes["agent"] = f"lost: {reason}"
            self._problem(
                f"{agent.process} (pid {agent.pid}): the agent was lost ({reason}) at "
                f"{utc_iso(now)} ({now:.6f}): no hook event after that time is in the evidence"
            )
        self._update(instance, **changes)

    def _problem(self, text: str) -> None:
        logger.warning("%s", text)
        self._on_message(AgentProblem(text=text))

    def _live_agents(self) -> list[AgentSession]:
        with self._lock:
            return [a for a in self._agents if a.pid and not a.detached.is_set()]
