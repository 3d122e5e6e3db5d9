"""Capture on the device: the global HTTP proxy, or an iptables redirect of the app's uid,
both pointed at the host's mitmproxy through `adb reverse`.

`adb reverse tcp:P tcp:P` makes 127.0.0.1:P on the device reach port P on the host over
the adb transport, so no Wi-Fi routing to the lab host is needed and the device can stay
off the lab network.

Proxy capture: the global proxy (`settings global http_proxy`) is honoured by
HttpURLConnection/OkHttp/Cronet and WebView, not by apps that ignore proxies.

Transparent capture (root): chains of ours (`harness_capture`) hooked into OUTPUT for the
app's uid only (`-m owner --uid-owner`), so no other app on the phone is touched. nat:
its TCP (but loopback) is REDIRECTed to the reversed port. filter: its QUIC (UDP 443) is
rejected, so Cronet and friends fall back to TCP; ip6tables: its IPv6 TCP and QUIC are
rejected (adb reverse listens on IPv4 only), so it falls back to IPv4. The original
destination does not cross adb reverse: the host recovers it from the TLS SNI or the Host
header (harness.traffic.addons.tunnelled). Clearing removes every hook that jumps to our
chains (found by listing OUTPUT, so a crashed run's leftovers go too) and the chains.

Known gaps: DNS runs in netd under another uid (not redirected; the app connects to real
addresses, which is what transparent capture needs); the original port is lost (443 for
TLS, the Host header's for HTTP); a device without the xt_owner match fails to set up.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import adbutils

from harness.android.parse_sys import ProxySetting, parse_proxy_setting
from harness.android.shell import DeviceShell
from harness.errors import InfrastructureError

# ":0" clears the proxy at once; deleting the key alone waits for the next reboot on
# some releases, so clear does both.
_CLEARED = ":0"
_EXTRA_KEYS = (
    "global_http_proxy_host",
    "global_http_proxy_port",
    "global_http_proxy_exclusion_list",
)


def proxy_state(shell: DeviceShell) -> ProxySetting | None:
    return parse_proxy_setting(shell.run(["settings", "get", "global", "http_proxy"]))


def _reverse(shell: DeviceShell, host_port: int, device_port: int) -> None:
    try:
        shell.device.reverse(f"tcp:{device_port}", f"tcp:{host_port}")
    except (adbutils.AdbError, OSError) as exc:
        raise InfrastructureError(
            f"{shell.serial}: adb reverse tcp:{device_port} failed ({exc}); "
            "reverse needs Android 5+"
        ) from None


def set_proxy(shell: DeviceShell, host_port: int, device_port: int | None = None) -> ProxySetting:
    """Route the device's HTTP(S) through the host's proxy port; returns what was set."""
    device_port = device_port or host_port
    _reverse(shell, host_port, device_port)
    shell.run(["settings", "put", "global", "http_proxy", f"127.0.0.1:{device_port}"])
    state = proxy_state(shell)
    wanted = ProxySetting("127.0.0.1", device_port)
    if state != wanted:
        raise InfrastructureError(f"{shell.serial}: proxy reads back as {state}, expected {wanted}")
    return wanted


def clear_proxy(shell: DeviceShell, device_port: int | None = None) -> None:
    """Undo set_proxy; safe to call when nothing was set (a crashed run's leftovers too)."""
    shell.run(["settings", "put", "global", "http_proxy", _CLEARED])
    shell.run(["settings", "delete", "global", "http_proxy"])
    for key in _EXTRA_KEYS:
        shell.run(["settings", "delete", "global", key])
    if device_port is not None:
        # No such reverse: already clean.
        with contextlib.suppress(adbutils.AdbError):
            shell.device.reverse_remove(f"tcp:{device_port}")


# --- transparent capture: iptables for the app's uid --------------------------------------

CAPTURE_CHAIN = "harness_capture"
# (program, table): where our chain lives, in the order they are set up.
_TABLES = (("iptables", "nat"), ("iptables", "filter"), ("ip6tables", "filter"))


@dataclass(frozen=True, slots=True)
class UidRedirect:
    """An app's traffic redirected to the host's transparent proxy port (over adb reverse)."""

    uid: int
    device_port: int

    def chain_rules(self) -> tuple[tuple[str, str, str], ...]:
        """(program, table, rule) appended to our chain, in order."""
        port = self.device_port
        return (
            ("iptables", "nat", "-d 127.0.0.0/8 -j RETURN"),
            ("iptables", "nat", f"-p tcp -j REDIRECT --to-ports {port}"),
            ("iptables", "filter", "-p udp --dport 443 -j REJECT"),
            ("ip6tables", "filter", "-d ::1/128 -j RETURN"),
            ("ip6tables", "filter", "-p tcp -j REJECT --reject-with tcp-reset"),
            ("ip6tables", "filter", "-p udp --dport 443 -j REJECT"),
        )

    def commands(self) -> tuple[str, ...]:
        """Every command that sets the redirect up, in order (run as root)."""
        lines = [f"{prog} -t {table} -N {CAPTURE_CHAIN}" for prog, table in _TABLES]
        lines += [
            f"{prog} -t {table} -A {CAPTURE_CHAIN} {rule}"
            for prog, table, rule in self.chain_rules()
        ]
        lines += [
            f"{prog} -t {table} -A OUTPUT -m owner --uid-owner {self.uid} -j {CAPTURE_CHAIN}"
            for prog, table in _TABLES
        ]
        return tuple(lines)


def set_transparent(
    shell: DeviceShell, host_port: int, uid: int, device_port: int | None = None
) -> UidRedirect:
    """Redirect the TCP of `uid` to the host's transparent proxy port; needs root.

    A leftover of a crashed run is cleared first; if any step fails, what was set is
    removed again before the error is raised.
    """
    redirect = UidRedirect(uid, device_port or host_port)
    clear_transparent(shell, None)
    _reverse(shell, host_port, redirect.device_port)
    try:
        for line in redirect.commands():
            output, rc = shell.run_root(line)
            if rc != 0:
                raise InfrastructureError(
                    f"{shell.serial}: `{line}` exited {rc}: {output.strip()} (transparent capture "
                    "needs root and iptables with the owner match; use capture: proxy otherwise)"
                )
    except BaseException:
        # The set-up's own error is the one to report; a failing clean-up must not hide it.
        with contextlib.suppress(InfrastructureError):
            clear_transparent(shell, redirect.device_port)
        raise
    return redirect


def clear_transparent(shell: DeviceShell, device_port: int | None) -> list[str]:
    """Remove our chains and every OUTPUT rule jumping to them; safe when none exist.

    Returns what could not be removed (empty: the device is clean)."""
    problems: list[str] = []
    for prog, table in _TABLES:
        listing, rc = shell.run_root(f"{prog} -t {table} -S OUTPUT")
        if rc != 0:
            problems.append(f"`{prog} -t {table} -S OUTPUT` exited {rc}: {listing.strip()}")
            continue
        for rule in listing.splitlines():
            if rule.startswith("-A OUTPUT ") and rule.rstrip().endswith(f"-j {CAPTURE_CHAIN}"):
                line = f"{prog} -t {table} -D {rule.strip()[3:]}"
                output, rc = shell.run_root(line)
                if rc != 0:
                    problems.append(f"`{line}` exited {rc}: {output.strip()}")
        for verb in ("-F", "-X"):
            line = f"{prog} -t {table} {verb} {CAPTURE_CHAIN}"
            output, rc = shell.run_root(line)
            # No such chain: nothing was set up in this table (a clean device).
            if rc != 0 and "no chain" not in output.lower():
                problems.append(f"`{line}` exited {rc}: {output.strip()}")
    if device_port is not None:
        with contextlib.suppress(adbutils.AdbError):
            shell.device.reverse_remove(f"tcp:{device_port}")
    return problems
