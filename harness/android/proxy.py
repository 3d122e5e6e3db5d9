"""The device's global HTTP proxy, pointed at the host's mitmproxy through `adb reverse`.

`adb reverse tcp:P tcp:P` makes 127.0.0.1:P on the device reach port P on the host over
the adb transport, so no Wi-Fi routing to the lab host is needed and the device can stay
off the lab network. The global proxy (`settings global http_proxy`) is honoured by
HttpURLConnection/OkHttp/Cronet and WebView; apps that ignore proxies need a VPN-style
capture instead (not done here).
"""

from __future__ import annotations

import contextlib

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


def set_proxy(shell: DeviceShell, host_port: int, device_port: int | None = None) -> ProxySetting:
    """Route the device's HTTP(S) through the host's proxy port; returns what was set."""
    device_port = device_port or host_port
    try:
        shell.device.reverse(f"tcp:{device_port}", f"tcp:{host_port}")
    except (adbutils.AdbError, OSError) as exc:
        raise InfrastructureError(
            f"{shell.serial}: adb reverse tcp:{device_port} failed ({exc}); "
            "reverse needs Android 5+"
        ) from None
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
