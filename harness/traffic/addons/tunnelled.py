"""Tunnelled: the destination of a transparently captured connection that lost it on the way.

mitmproxy's transparent mode reads where a connection was going from the NAT table of its
own host (SO_ORIGINAL_DST). On a phone the REDIRECT happens on the device and the
connection reaches the host through `adb reverse`, which opens a fresh connection to the
proxy: there is no NAT entry, mitmproxy would drop it. `allow_unnatted()` wraps mitmproxy's
lookup so that such a connection is kept, "going to" the listener itself; this addon then
names the real destination from what the app sent: the TLS SNI (port 443) or, for plain
HTTP, the Host header (its port, else 80). A NATed connection (the host lab's namespace)
is untouched: its lookup succeeds.

Known gaps: the original port is lost (TLS on another port than 443 is recorded as 443,
and reaches the wrong port upstream in passthrough); TLS without SNI keeps the
listener's address (recorded as such, refused upstream).
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable

from mitmproxy import ctx, http, platform, tls

logger = logging.getLogger(__name__)

_TLS_PORT = 443
_HTTP_PORT = 80
_patch_lock = threading.Lock()


def _with_fallback(
    lookup: Callable[[socket.socket], tuple[str, int]],
) -> Callable[[socket.socket], tuple[str, int]]:
    def original_addr(sock: socket.socket) -> tuple[str, int]:
        try:
            return lookup(sock)
        except OSError:
            # No NAT entry: the connection came to the listener itself (adb reverse).
            host, port = sock.getsockname()[:2]
            return str(host), int(port)

    original_addr.harness_fallback = True  # type: ignore[attr-defined]
    return original_addr


def allow_unnatted() -> None:
    """Keep transparent connections without a NAT entry (idempotent, process-wide: a
    connection that has one is looked up exactly as before)."""
    with _patch_lock:
        current = platform.original_addr
        if current is None or getattr(current, "harness_fallback", False):
            return
        platform.original_addr = _with_fallback(current)


def _listening(address: tuple[str, int] | None) -> bool:
    """Whether `address` is one of this proxy's own listeners (no destination known)."""
    if address is None:
        return False
    servers = ctx.master.addons.get("proxyserver")
    if servers is None:
        return False
    ports = {int(addr[1]) for addr in servers.listen_addrs()}
    return int(address[1]) in ports and address[0] in {"127.0.0.1", "::1", "::ffff:127.0.0.1"}


class TunnelledDestination:
    def tls_clienthello(self, data: tls.ClientHelloData) -> None:
        server = data.context.server
        sni = data.client_hello.sni
        if sni and _listening(server.address):
            server.address = (sni, _TLS_PORT)
            server.sni = sni

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        if flow.request.scheme != "http" or not _listening(flow.server_conn.address):
            return
        host_header = flow.request.host_header
        if not host_header:
            return
        host, port = host_header, _HTTP_PORT
        name, colon, port_text = host_header.rpartition(":")
        if colon and port_text.isdigit() and not name.endswith(":"):
            host, port = name, int(port_text)
        flow.request.host, flow.request.port = host, port
        flow.server_conn.address = (host, port)
