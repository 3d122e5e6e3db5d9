"""One app process under the agent: spawned suspended, hooked, resumed, flushed, stopped.

Works on any Frida device: the local one for the host lab (the app is a `java` process),
a USB/remote one for Android (the app is a package name). `spawn()` starts the app's first
process; `attach()` hooks one that Frida caught suspended (a `:push` process, a restarted
app caught by spawn gating: harness.agent.processes), and leaves the resume to the caller.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import frida

from harness.agent.catalog import Catalog
from harness.agent.messages import AgentMessage, AgentProblem, parse_message
from harness.agent.stacks import StackTable
from harness.agent.tables import SessionTables
from harness.errors import InfrastructureError

MessageSink = Callable[[AgentMessage], None]
_T = TypeVar("_T")

# What Frida raises when the process or the session is already gone. Killing a process that
# just exited can surface as NotSupportedError ("failed to open /proc/PID/auxv").
FRIDA_GONE: tuple[type[Exception], ...] = (
    frida.InvalidOperationError,
    frida.TransportError,
    frida.ProcessNotFoundError,
    frida.ProcessNotRespondingError,
    frida.NotSupportedError,
)
OutputSink = Callable[[int, bytes], None]

# How long the agent may take to answer an RPC or to unload. It answers in milliseconds
# when healthy; init compiles its CModules and installs every hook, so it gets longer. A
# process that does not answer in time is hung (a deadlock inside it, say), not slow: it is
# killed, which ends the call, and the session reports why.
RPC_TIMEOUT_S = 30.0
INIT_TIMEOUT_S = 120.0
# After the kill, how long the call may take to notice that the session is gone.
_AFTER_KILL_S = 10.0
# Frida destroys the script a moment before it reports the process's end (measured: the same
# millisecond): a destroyed script is called a lost agent only if no detach follows this soon.
_DESTROYED_GRACE_S = 1.0


@dataclass(frozen=True, slots=True)
class NetworkOptions:
    """The agent's optional network module (Android): proxy override and unpinning."""

    unpin: bool = True
    proxy: str | None = None  # "host:port" to force, or None to leave the app's proxy alone

    def to_agent(self) -> dict[str, Any]:
        return {"unpin": self.unpin, "proxy": self.proxy}


class AgentSession:
    """Owns the spawned process, the Frida session and the script; `close()` ends all three.

    Limits (frames per stack, batch size and interval) come from the catalog's `agent:`
    section; `send_each` (one send() per event) exists for the hooks benchmark only.
    """

    def __init__(
        self,
        device: frida.Device,
        agent_script: str,
        catalog: Catalog,
        on_message: MessageSink,
        on_output: OutputSink | None = None,
        *,
        send_each: bool = False,
        network: NetworkOptions | None = None,
        rpc_timeout_s: float = RPC_TIMEOUT_S,
        process: str = "",
        instance: int = 0,
        stacks: StackTable | None = None,
        on_detached: Callable[[AgentSession, str], None] | None = None,
    ) -> None:
        self._device = device
        self._agent_script = agent_script  # the compiled agent (harness.agent.build)
        limits = catalog.agent
        self._config: dict[str, Any] = {
            "entries": [e.to_agent() for e in catalog.entries],
            "native": [n.to_agent() for n in catalog.native],
            "framework_frames": list(catalog.framework_frames),
            "max_frames": limits.max_frames,
            "max_value_chars": limits.max_value_chars,
            "flush_interval_ms": limits.flush_interval_ms,
            "max_batch": limits.max_batch,
            "send_each": send_each,
            "network": network.to_agent() if network else None,
            "process": process,
        }
        self._rpc_timeout_s = rpc_timeout_s
        # One stack table per session, whichever process a stack comes from (tables.py).
        self.tables = SessionTables(
            stacks=stacks if stacks is not None else StackTable(),
            process=process,
            instance=instance,
        )
        self.process = process
        self._on_detached = on_detached
        self._on_message = on_message
        self._on_output = on_output
        self._session: frida.Session | None = None
        self._script: frida.Script | None = None
        self.pid: int | None = None
        self.boot_mode: str | None = None
        self.detached = threading.Event()
        self.detach_reason: str | None = None
        self.hung: str | None = None  # what the agent did not answer, when it was killed for it
        self._closing = False  # close() unloads the script: its end is then no loss

    def spawn(
        self,
        program: str | list[str | bytes],
        *,
        before_resume: Callable[[int], None] | None = None,
        **spawn_options: Any,
    ) -> int:
        """Spawn suspended, load the agent, init it, resume. Returns the pid.

        `before_resume(pid)` runs once the agent is in, before the app's first instruction
        (harness.agent.processes turns spawn gating on there).
        """
        if self._on_output is not None:
            self._device.on("output", self._output)
            spawn_options.setdefault("stdio", "pipe")
        try:
            pid = self._device.spawn(program, **spawn_options)
            self.pid = pid
            self._instrument(pid)
            if before_resume is not None:
                before_resume(pid)
            self._device.resume(pid)
        except (frida.ExecutableNotFoundError, frida.ExecutableNotSupportedError) as exc:
            raise InfrastructureError(f"Frida could not spawn {program!r}: {exc}") from exc
        except BaseException as exc:
            # Never leave an un-hooked app behind: whatever failed before the resume, the
            # process is killed (it may already have exited; close() takes that in stride).
            self.close(kill=True)
            if isinstance(exc, frida.InvalidOperationError):
                raise InfrastructureError(f"Frida could not instrument {program!r}: {exc}") from exc
            raise
        return pid

    def attach(self, pid: int) -> None:
        """Hook a process Frida holds suspended (spawn gating); the caller resumes it.

        On failure the process is killed, as spawn() does: never an un-hooked app process.
        """
        self.pid = pid
        try:
            self._instrument(pid)
        except BaseException as exc:
            self.close(kill=True)
            if isinstance(exc, frida.InvalidOperationError):
                raise InfrastructureError(f"Frida could not instrument pid {pid}: {exc}") from exc
            raise

    def _instrument(self, pid: int) -> None:
        session = self._device.attach(pid)
        self._session = session
        session.on("detached", self._detached)
        script = session.create_script(self._agent_script, name="harness-agent")
        self._script = script
        script.on("message", self._message)
        script.on("destroyed", self._script_destroyed)
        self._bounded("load", script.load, INIT_TIMEOUT_S)
        self.boot_mode = self._bounded(
            "init", lambda: script.exports_sync.init(self._config), INIT_TIMEOUT_S
        )

    @property
    def stacks(self) -> StackTable:
        return self.tables.stacks

    def install_report(self) -> dict[str, Any] | None:
        """The agent's install report as it stands (also sent as messages as it changes)."""
        if self._script is None or self.detached.is_set():
            return None
        script = self._script
        try:
            report: dict[str, Any] | None = self._bounded(
                "report", lambda: script.exports_sync.report(), self._rpc_timeout_s
            )
        except FRIDA_GONE:
            return None
        return report

    def flush(self) -> None:
        """Deliver every buffered event now (batches arrive before the RPC reply does)."""
        if self._script is None or self.detached.is_set():
            return
        script = self._script
        try:
            self._bounded("flush", lambda: script.exports_sync.flush(), self._rpc_timeout_s)
        except FRIDA_GONE as exc:
            self._on_message(AgentProblem(text=f"flush failed: {exc}"))

    def close(self, kill: bool = True) -> None:
        """Flush, unload, detach and (by default) kill the process. Safe to call twice."""
        self.flush()
        self._closing = True
        exited = self.detached.is_set() and self.detach_reason == "process-terminated"
        script, self._script = self._script, None
        session, self._session = self._session, None
        # Each step may find the process already gone; that is the normal end, not an error.
        if script is not None:
            with contextlib.suppress(*FRIDA_GONE):
                self._bounded("unload", script.unload, self._rpc_timeout_s)
        if session is not None:
            with contextlib.suppress(*FRIDA_GONE):
                self._bounded("detach", session.detach, self._rpc_timeout_s)
        if kill and not exited and self.pid is not None:
            with contextlib.suppress(*FRIDA_GONE):
                self._device.kill(self.pid)
        if self._on_output is not None:
            self._device.off("output", self._output)
            self._on_output = None

    def _bounded(self, what: str, call: Callable[[], _T], timeout_s: float) -> _T:
        """Run a blocking Frida call; if the agent does not answer in time, kill the process.

        Frida's synchronous calls have no timeout of their own: one waiting on a hung agent
        would wait forever. The call runs on a helper thread; killing the process ends the
        session, which fails the pending call, so the helper thread ends too.
        """
        outcome: list[_T] = []
        failure: list[BaseException] = []

        def run() -> None:
            try:
                outcome.append(call())
            except BaseException as exc:  # handed to the caller's thread below
                failure.append(exc)

        worker = threading.Thread(target=run, name=f"frida-{what}", daemon=True)
        worker.start()
        worker.join(timeout_s)
        if worker.is_alive():
            self.hung = f"the agent did not answer {what} within {timeout_s:g} s"
            self._on_message(AgentProblem(text=f"{self.hung}: process {self.pid} killed"))
            self._kill_hung()
            worker.join(_AFTER_KILL_S)
            if worker.is_alive():
                raise InfrastructureError(f"{self.hung}, and Frida did not let go after a kill")
        if failure:
            raise failure[0]
        if not outcome:
            raise InfrastructureError(f"{self.hung or what}: no answer")
        return outcome[0]

    def _kill_hung(self) -> None:
        if self.pid is None:
            return
        if self._device.type == "local":
            # Straight to the kernel: nothing of Frida's that the hang may hold is needed.
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        else:
            with contextlib.suppress(*FRIDA_GONE):
                self._device.kill(self.pid)

    def _message(
        self, message: frida.ScriptPayloadMessage | frida.ScriptErrorMessage, _data: bytes | None
    ) -> None:
        parsed = parse_message(dict(message), self.tables)
        if isinstance(parsed, AgentProblem) and self.tables.instance > 0:
            # A second process's problem says whose it is (the main one's stay as they were).
            parsed = AgentProblem(text=f"{self.process} (pid {self.pid}): {parsed.text}")
        self._on_message(parsed)

    def _output(self, pid: int, fd: int, data: bytes) -> None:
        if pid == self.pid and self._on_output is not None and data:
            self._on_output(fd, data)

    def _script_destroyed(self) -> None:
        """The agent's script ended without close(): unloaded from outside, or the agent
        died with the session still attached. Unless the process's end follows at once
        (Frida destroys the script first), the agent is lost: reported as a detach."""
        if self._closing:
            return

        def judge() -> None:
            if self._closing or self.detached.wait(_DESTROYED_GRACE_S):
                return
            if not self._process_running():
                return  # the process ended: its detach, late under load, will say so
            self._detached("script-destroyed")

        threading.Thread(target=judge, name="agent-destroyed", daemon=True).start()

    def _process_running(self) -> bool:
        if self.pid is None:
            return False
        try:
            return bool(self._device.enumerate_processes(pids=[self.pid], scope="minimal"))
        except FRIDA_GONE:
            return False

    def _detached(self, reason: str, *_rest: Any) -> None:
        if self.detached.is_set() and self.detach_reason == "script-destroyed":
            return  # the agent was lost already: that is its story, not the later detach
        self.detach_reason = reason
        self.detached.set()
        if self._on_detached is not None:
            self._on_detached(self, reason)
