"""frida-server on the device: the binary matching the host's frida, pushed, started, answering.

Frida's host library and frida-server must be the same release, and the server must be
built for the device's ABI. The harness never downloads: devices.yaml names a file or a
cache folder (`frida_server:`), which holds the release files as Frida publishes them
(`frida-server-<version>-android-<arch>`, or the `.xz` that the release page offers).
"""

from __future__ import annotations

import lzma
import time
from dataclasses import dataclass
from pathlib import Path

import frida

from harness.android.parse_sys import parse_abi, parse_frida_version, parse_pidof
from harness.android.shell import DeviceShell, RootMode
from harness.errors import InfrastructureError

DEVICE_PATH = "/data/local/tmp/frida-server"
DEFAULT_CACHE = Path("~/.cache/harness/frida-server")
RELEASES = "https://github.com/frida/frida/releases"
# Android ABI (ro.product.cpu.abi) -> the arch in Frida's release file names.
ABI_TO_ARCH = {
    "arm64-v8a": "arm64",
    "armeabi-v7a": "arm",
    "armeabi": "arm",
    "x86": "x86",
    "x86_64": "x86_64",
}


@dataclass(frozen=True, slots=True)
class FridaServerStatus:
    installed_version: str | None  # what DEVICE_PATH --version prints, None if absent
    running_pids: tuple[int, ...]
    host_version: str

    @property
    def matches(self) -> bool:
        return self.installed_version == self.host_version

    @property
    def running(self) -> bool:
        return bool(self.running_pids)


def host_version() -> str:
    return str(frida.__version__)


def arch_for_abi(abi: str) -> str:
    try:
        return ABI_TO_ARCH[abi]
    except KeyError:
        raise InfrastructureError(f"no frida-server build for ABI {abi!r}") from None


def release_name(version: str, arch: str) -> str:
    return f"frida-server-{version}-android-{arch}"


def how_to_get(version: str, arch: str, folder: Path) -> str:
    name = release_name(version, arch)
    return (
        f"download {name}.xz from {RELEASES}/tag/{version} and put it (compressed or not) in "
        f"{folder}, or set `frida_server:` in devices.yaml to the file or folder that has it"
    )


def locate(configured: str | None, version: str, arch: str) -> Path:
    """The frida-server file for (version, arch) from the configured path or cache folder."""
    base = Path(configured).expanduser() if configured else DEFAULT_CACHE.expanduser()
    name = release_name(version, arch)
    if base.is_file():
        # A file named after a release must be that release; an unversioned name is trusted
        # here and checked on the device with --version after the push.
        if base.name.startswith("frida-server-") and not base.name.startswith(name):
            raise InfrastructureError(
                f"{base} is not frida-server {version} for {arch} (the host has frida {version}); "
                + how_to_get(version, arch, base.parent)
            )
        return _decompressed(base) if base.suffix == ".xz" else base
    if base.is_dir():
        for candidate in (base / name, base / f"{name}.xz"):
            if candidate.is_file():
                return _decompressed(candidate) if candidate.suffix == ".xz" else candidate
    raise InfrastructureError(
        f"frida-server {version} for android-{arch} not found: " + how_to_get(version, arch, base)
    )


def _decompressed(path: Path) -> Path:
    target = path.with_suffix("")
    if target.is_file() and target.stat().st_mtime >= path.stat().st_mtime:
        return target
    try:
        target.write_bytes(lzma.decompress(path.read_bytes()))
    except (lzma.LZMAError, OSError) as exc:
        raise InfrastructureError(f"{path}: cannot decompress ({exc}); download it again") from None
    return target


def status(shell: DeviceShell) -> FridaServerStatus:
    installed = parse_frida_version(shell.run(f"{DEVICE_PATH} --version 2>&1"))
    return FridaServerStatus(
        installed, parse_pidof(shell.run("pidof frida-server")), host_version()
    )


def device_arch(shell: DeviceShell) -> str:
    abi = parse_abi(shell.run(["getprop", "ro.product.cpu.abi"]))
    if abi is None:
        raise InfrastructureError(f"{shell.serial}: cannot read ro.product.cpu.abi")
    return arch_for_abi(abi)


def ensure_running(
    shell: DeviceShell, configured: str | None, wait_s: float = 10
) -> FridaServerStatus:
    """Make the matching frida-server run on the device (push it first when needed)."""
    current = status(shell)
    if current.matches and current.running:
        return current
    if shell.root_mode() is RootMode.NONE:
        raise InfrastructureError(
            f"{shell.serial}: frida-server needs root; use a rooted phone or a userdebug "
            "emulator image (Google APIs, not Google Play)"
        )
    for pid in current.running_pids:  # a stale or mismatched server holds the port
        shell.run_root(f"kill {pid}")
    if not current.matches:
        binary = locate(configured, current.host_version, device_arch(shell))
        shell.device.sync.push(binary, DEVICE_PATH, mode=0o755)
        shell.run(["chmod", "755", DEVICE_PATH])
        current = status(shell)
        if not current.matches:
            raise InfrastructureError(
                f"{shell.serial}: pushed {binary} but it reports {current.installed_version!r}, "
                f"not {current.host_version}"
            )
    # -D daemonizes, so the adb shell returns and the server outlives it.
    shell.run_root(f"{DEVICE_PATH} -D")
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        current = status(shell)
        if current.running:
            return current
        time.sleep(0.3)
    raise InfrastructureError(
        f"{shell.serial}: frida-server did not start; run `{DEVICE_PATH}` as root to see why"
    )


def frida_device(serial: str, timeout: float = 10) -> frida.Device:
    """The Frida device for an adb serial, checked to answer (frida-server is up)."""
    try:
        device = frida.get_device(serial, timeout=timeout)
    except (frida.InvalidArgumentError, frida.TimedOutError, frida.TransportError) as exc:
        raise InfrastructureError(f"frida does not see device {serial}: {exc}") from None
    try:
        device.query_system_parameters()
    except (frida.ServerNotRunningError, frida.TransportError, frida.TimedOutError) as exc:
        raise InfrastructureError(
            f"{serial}: frida-server does not answer ({exc}); `harness devices` shows how to fix it"
        ) from None
    return device
