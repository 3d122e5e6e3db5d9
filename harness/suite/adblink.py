"""The adb server a suite holds open while its Android devices take sessions.

Each Android session opens its own adb connection, and one that finds no server starts one
and stops it again when it ends (harness.android.adb.adb_session), which would pull the
server from under a session still running on another device. So a suite with Android
devices opens the server once, for the pool's health survey and its whole run: sessions
then find it running and leave it alone, and it is stopped at the end only if the suite
started it. A server that cannot be had (no adb binary, a remote endpoint that is down)
leaves the Android devices out of the pool with that reason; lab apps still run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harness.errors import InfrastructureError

if TYPE_CHECKING:  # the device layer imports Frida: not before a worker forks (pool.py)
    import adbutils

    from harness.android.adb import AdbEndpoint


@dataclass(frozen=True, slots=True)
class AdbLink:
    endpoint: AdbEndpoint
    client: adbutils.AdbClient | None  # None: no server could be had
    problem: str = ""  # why there is no client


@contextlib.contextmanager
def hold_adb(endpoint: AdbEndpoint | None = None) -> Iterator[AdbLink]:
    """An adb server for the suite's duration (started when none runs, stopped after)."""
    from harness.android.adb import AdbEndpoint, adb_session

    endpoint = endpoint or AdbEndpoint.from_env()
    with contextlib.ExitStack() as stack:
        try:
            client = stack.enter_context(adb_session(endpoint))
        except InfrastructureError as exc:
            yield AdbLink(endpoint, None, str(exc))
            return
        yield AdbLink(endpoint, client)
