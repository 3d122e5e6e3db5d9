"""The adb server the harness talks to, and leaving it as we found it.

adbutils starts an adb server as a side effect of its first connection when none is
listening. The harness instead checks first, starts one itself only when allowed, and
stops it again on the way out if (and only if) it was the one that started it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import adbutils

from harness.errors import InfrastructureError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5037


@dataclass(frozen=True, slots=True)
class AdbEndpoint:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT

    @classmethod
    def from_env(cls) -> AdbEndpoint:
        """The server adb itself would use (ANDROID_ADB_SERVER_HOST/PORT)."""
        host = os.environ.get("ANDROID_ADB_SERVER_HOST", DEFAULT_HOST)
        try:
            port = int(os.environ.get("ANDROID_ADB_SERVER_PORT", DEFAULT_PORT))
        except ValueError:
            port = DEFAULT_PORT
        return cls(host, port)


@dataclass(frozen=True, slots=True)
class AdbDeviceEntry:
    """One line of `adb devices -l`."""

    serial: str
    state: str  # "device", "unauthorized", "offline", "recovery", ...
    model: str | None
    transport: str  # "usb", "tcp" (serial host:port), "emulator" (emulator-NNNN)


def server_running(endpoint: AdbEndpoint, timeout: float = 0.3) -> bool:
    try:
        with socket.create_connection((endpoint.host, endpoint.port), timeout=timeout):
            return True
    except OSError:
        return False


@contextmanager
def adb_session(
    endpoint: AdbEndpoint | None = None, start: bool = True
) -> Iterator[adbutils.AdbClient]:
    """An AdbClient on a running server; starts one when allowed and stops what it started."""
    endpoint = endpoint or AdbEndpoint.from_env()
    started = False
    if not server_running(endpoint):
        if not start:
            raise InfrastructureError(
                f"no adb server on {endpoint.host}:{endpoint.port}; "
                "start one with `adb start-server`"
            )
        _start_server(endpoint)
        started = True
    client = adbutils.AdbClient(host=endpoint.host, port=endpoint.port, socket_timeout=30)
    try:
        yield client
    finally:
        if started:
            stop_server(client)


def stop_server(client: adbutils.AdbClient) -> None:
    # Already gone: nothing left to clean up.
    with contextlib.suppress(adbutils.AdbError, OSError):
        client.server_kill()


def list_devices(client: adbutils.AdbClient) -> tuple[AdbDeviceEntry, ...]:
    try:
        infos = client.list(extended=True)
    except (adbutils.AdbError, OSError) as exc:
        raise InfrastructureError(f"adb server did not list devices: {exc}") from None
    return tuple(
        AdbDeviceEntry(
            serial=i.serial,
            state=i.state,
            model=i.tags.get("model"),
            transport=transport_of(i.serial),
        )
        for i in infos
    )


def transport_of(serial: str) -> str:
    if serial.startswith("emulator-"):
        return "emulator"
    host, _, port = serial.rpartition(":")
    if host and port.isdigit():
        return "tcp"
    return "usb"


def adb_binary() -> str:
    """The adb that adbutils ships (or ADBUTILS_ADB_PATH / PATH, as adbutils decides)."""
    try:
        return str(adbutils.adb_path())
    except (OSError, RuntimeError) as exc:
        raise InfrastructureError(f"no adb binary: {exc}; install Android platform-tools") from None


def adb_command(
    endpoint: AdbEndpoint, *args: str, serial: str | None = None, timeout: float = 30
) -> str:
    """Run the adb binary itself, for what the wire protocol does not cover (`emu`)."""
    cmd = [adb_binary(), "-H", endpoint.host, "-P", str(endpoint.port)]
    if serial:
        cmd += ["-s", serial]
    cmd += list(args)
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InfrastructureError(f"`adb {' '.join(args)}` failed: {exc}") from None
    return done.stdout + done.stderr


def _start_server(endpoint: AdbEndpoint) -> None:
    if endpoint.host not in ("127.0.0.1", "localhost"):
        raise InfrastructureError(
            f"no adb server on {endpoint.host}:{endpoint.port}, "
            "and a remote one cannot be started from here"
        )
    try:
        subprocess.run(
            [adb_binary(), "-P", str(endpoint.port), "start-server"],
            capture_output=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise InfrastructureError(
            f"could not start an adb server ({exc}); run `adb start-server` and check `adb devices`"
        ) from None
    if not server_running(endpoint, timeout=2):
        raise InfrastructureError(
            f"adb start-server ran but nothing listens on port {endpoint.port}"
        )
