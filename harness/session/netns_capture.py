"""Transparent capture on the host lab: an iptables redirect inside a private network namespace.

A lab app that ignores the proxy settings (Proxy.NO_PROXY, a raw socket) connects straight to
its server. In a network namespace of its own (the harness started under `unshare -n`, as
root) that connection can be sent to mitmproxy's transparent port without touching the
host's network: loopback up, every address routed over loopback (from 198.18.0.1, so that
replies find their way back), and a nat OUTPUT chain of ours that REDIRECTs TCP to the
proxy and DNS (UDP/TCP 53, whatever resolver /etc/resolv.conf names) to the proxy's DNS
listener, which answers every name with the sinkhole address. Loopback traffic (the UI
socket, the WebSocket sink, Frida) is left alone. Leaving removes the chain.

Known gaps: the redirect catches every process in the namespace that is not talking to
loopback, so one transparent session runs per namespace at a time (a second one finds the
chain and fails); IPv4 only; the namespace's routes stay until it ends with the process.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from harness.errors import InfrastructureError

CHAIN = "HARNESS_CAPTURE"
# This side of the namespace's routes (RFC 2544's benchmarking range, never a real host).
SOURCE_ADDRESS = "198.18.0.1"


@dataclass(frozen=True, slots=True)
class NetnsRedirect:
    """The rules one session added, for the bundle and for removal."""

    tcp_port: int
    dns_port: int

    def rules(self) -> tuple[tuple[str, ...], ...]:
        """The chain's rules, in order (iptables -t nat -A CHAIN ...)."""
        return (
            ("-p", "udp", "--dport", "53", "-j", "REDIRECT", "--to-ports", str(self.dns_port)),
            ("-p", "tcp", "--dport", "53", "-j", "REDIRECT", "--to-ports", str(self.dns_port)),
            ("-d", "127.0.0.0/8", "-j", "RETURN"),
            ("-p", "tcp", "-j", "REDIRECT", "--to-ports", str(self.tcp_port)),
        )

    def describe(self) -> tuple[str, ...]:
        return tuple(f"iptables -t nat -A {CHAIN} {' '.join(rule)}" for rule in self.rules())


def unavailable_reason() -> str | None:
    """Why transparent capture cannot run here, or None when it can."""
    if os.geteuid() != 0:
        return "transparent capture on the host lab needs root (iptables in a network namespace)"
    if shutil.which("iptables") is None:
        return "transparent capture on the host lab needs iptables (apt-get install iptables)"
    if shutil.which("ip") is None:
        return "transparent capture on the host lab needs ip (apt-get install iproute2)"
    # A namespace with nothing but loopback (what `unshare -n` makes) has nothing to disturb;
    # any other interface means the host's (or a real) network, which is not ours to redirect.
    others = sorted({name for _index, name in socket.if_nameindex()} - {"lo"})
    if others:
        return (
            "transparent capture on the host lab redirects this process's network: run the "
            "harness in a network namespace of its own, e.g. "
            "`unshare -n .venv/bin/harness run ...` "
            f"(this one has {', '.join(others)})"
        )
    return None


def _run(argv: Sequence[str]) -> None:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InfrastructureError(f"`{' '.join(argv)}` failed: {exc}") from None
    if done.returncode != 0:
        said = done.stderr.strip() or done.stdout.strip()
        raise InfrastructureError(f"`{' '.join(argv)}` exited {done.returncode}: {said}")


def prepare_namespace() -> None:
    """Loopback up and every address routed over it; before the proxy binds (a UDP listener
    bound to 127.0.0.1 while loopback was down never gets its replies un-NATed)."""
    reason = unavailable_reason()
    if reason is not None:
        raise InfrastructureError(reason)
    _run(["ip", "link", "set", "lo", "up"])
    _run(["ip", "addr", "replace", f"{SOURCE_ADDRESS}/32", "dev", "lo"])
    _run(["ip", "route", "replace", "default", "dev", "lo", "src", SOURCE_ADDRESS])


def install(tcp_port: int, dns_port: int) -> NetnsRedirect:
    """Redirect the namespace's traffic to the proxy's ports (prepare_namespace came first)."""
    reason = unavailable_reason()
    if reason is not None:
        raise InfrastructureError(reason)
    redirect = NetnsRedirect(tcp_port, dns_port)
    try:
        _run(["iptables", "-t", "nat", "-N", CHAIN])
    except InfrastructureError as exc:
        raise InfrastructureError(
            f"{exc} (another transparent session runs in this network namespace?)"
        ) from None
    try:
        for rule in redirect.rules():
            _run(["iptables", "-t", "nat", "-A", CHAIN, *rule])
        _run(["iptables", "-t", "nat", "-A", "OUTPUT", "-j", CHAIN])
    except InfrastructureError:
        remove()
        raise
    return redirect


def remove() -> list[str]:
    """Take our chain out of nat OUTPUT and delete it; every step runs, problems returned."""
    problems = []
    for argv in (
        ["iptables", "-t", "nat", "-D", "OUTPUT", "-j", CHAIN],
        ["iptables", "-t", "nat", "-F", CHAIN],
        ["iptables", "-t", "nat", "-X", CHAIN],
    ):
        try:
            _run(argv)
        except InfrastructureError as exc:
            problems.append(str(exc))
    return problems
