"""Spawn-gated start: the app process is created suspended, hooked, then resumed.

This is what makes "from its very first instruction" true: no app code runs before the
caller's `prepare` (which loads the agent) returns. Works on any Frida device; on Android
the program is the package name and frida-server does the spawning through zygote.
harness.agent.session.AgentSession does the same for the agent itself; this helper is the
device layer's own, for device checks and for callers that load other scripts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import frida

from harness.errors import AppFault, InfrastructureError


@dataclass(frozen=True, slots=True)
class Spawned:
    pid: int
    session: frida.Session


def spawn_gated(
    device: frida.Device,
    program: str | Sequence[str],
    prepare: Callable[[frida.Session], None],
) -> Spawned:
    """Spawn suspended, attach, run `prepare(session)`, resume. Kills the process if any
    step before the resume fails, so no un-hooked app is left running."""
    try:
        pid = device.spawn(program if isinstance(program, str) else list(program))
    except frida.ExecutableNotFoundError as exc:
        raise AppFault(f"cannot spawn {program}: {exc}") from None
    except (frida.ServerNotRunningError, frida.TransportError, frida.NotSupportedError) as exc:
        raise InfrastructureError(f"frida could not spawn {program}: {exc}") from None
    try:
        session = device.attach(pid)
        prepare(session)
        device.resume(pid)
    except BaseException:
        _kill_quietly(device, pid)
        raise
    return Spawned(pid, session)


def _kill_quietly(device: frida.Device, pid: int) -> None:
    # Already gone is fine.
    with contextlib.suppress(
        frida.ProcessNotFoundError, frida.InvalidOperationError, frida.TransportError
    ):
        device.kill(pid)
