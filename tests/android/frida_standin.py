"""A real Frida service answering where frida-server would on a phone.

No frida-server for Android can run here, but Frida's PortalService speaks the same
host-session protocol on its control endpoint: a Frida client connects, completes the
handshake and lists processes exactly as it would against frida-server. The adb stand-in
relays `adb forward tcp:L tcp:PORT` to it (StandinDevice.tcp_services), so the harness's
real probe (harness.android.frida_server.adb_probe) asks a real Frida peer.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import frida


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def frida_service() -> Iterator[tuple[str, int]]:
    """(host, port) of a Frida control endpoint on loopback, stopped afterwards."""
    cluster, control = _free_port(), _free_port()
    service = frida.PortalService(
        frida.EndpointParameters(address="127.0.0.1", port=cluster),
        frida.EndpointParameters(address="127.0.0.1", port=control),
    )
    service.start()
    try:
        yield ("127.0.0.1", control)
    finally:
        service.stop()
