"""Health checks of the lab's Android devices, each problem with how to fix it.

Read-only on the device: nothing is pushed, started or changed (except `adb connect` for
a tcp device, which is how adb learns about it at all).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

import adbutils

from harness.android import emulator, frida_server, proxy
from harness.android.adb import AdbDeviceEntry, AdbEndpoint
from harness.android.device import state_fix
from harness.android.shell import DeviceShell, RootMode
from harness.config.devices import DeviceConfig, DeviceKind
from harness.errors import InfrastructureError

U2_JAR = "/data/local/tmp/u2.jar"


@dataclass(frozen=True, slots=True)
class Check:
    name: str  # "adb", "frida-server", "uiautomator2", "proxy", "root", "device"
    ok: bool | None  # None: informational, neither good nor bad
    detail: str
    fix: str = ""


@dataclass(frozen=True, slots=True)
class DeviceHealth:
    name: str
    kind: str
    serial: str | None
    checks: tuple[Check, ...]

    @property
    def healthy(self) -> bool:
        return all(c.ok is not False for c in self.checks)

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "serial": self.serial,
            "healthy": self.healthy,
            "checks": [
                {"name": c.name, "ok": c.ok, "detail": c.detail, "fix": c.fix} for c in self.checks
            ],
        }


def check_device(
    config: DeviceConfig,
    entries: tuple[AdbDeviceEntry, ...],
    client: adbutils.AdbClient,
    endpoint: AdbEndpoint,
) -> DeviceHealth:
    serial, adb_check = _adb_check(config, entries, client, endpoint)
    checks = [adb_check]
    if serial is not None and adb_check.ok:
        checks += device_checks(DeviceShell(client.device(serial), timeout=20), config.frida_server)
    return DeviceHealth(config.name, config.kind.value, serial, tuple(checks))


def host_lab_health(config: DeviceConfig) -> DeviceHealth:
    return DeviceHealth(
        config.name, config.kind.value, None, (Check("device", None, "host lab: no adb device"),)
    )


def _adb_check(
    config: DeviceConfig,
    entries: tuple[AdbDeviceEntry, ...],
    client: adbutils.AdbClient,
    endpoint: AdbEndpoint,
) -> tuple[str | None, Check]:
    by_serial = {e.serial: e for e in entries}
    if config.kind is DeviceKind.EMULATOR:
        avd = str(config.avd)
        try:
            serial = emulator.find_running(endpoint, client, avd)
        except InfrastructureError as exc:
            return None, Check(
                "adb", False, str(exc), "check that the adb binary runs: `adb version`"
            )
        if serial is None:
            try:
                binary = emulator.emulator_binary()
            except InfrastructureError as exc:
                return None, Check("adb", False, f"AVD {avd} is not running", str(exc))
            return None, Check(
                "adb",
                None,
                f"AVD {avd} is not running; `harness run` starts it headless ({binary})",
            )
        return serial, Check("adb", True, f"AVD {avd} runs as {serial}")
    if config.kind is DeviceKind.TCP:
        serial = str(config.address)
        if serial not in by_serial:
            try:
                answer = client.connect(serial, timeout=5)
            except (adbutils.AdbError, OSError) as exc:
                answer = str(exc)
            if "connected to" not in answer:
                return None, Check(
                    "adb", False, f"adb connect {serial}: {answer.strip()}", state_fix("tcp")
                )
            by_serial[serial] = AdbDeviceEntry(serial, "device", None, "tcp")
    else:
        serial = str(config.serial)
    entry = by_serial.get(serial)
    if entry is None:
        return None, Check("adb", False, f"{serial} is not attached", state_fix("missing"))
    if entry.state != "device":
        return serial, Check("adb", False, f"{serial} is {entry.state}", state_fix(entry.state))
    return serial, Check(
        "adb", True, f"{serial} ready" + (f" ({entry.model})" if entry.model else "")
    )


def device_checks(shell: DeviceShell, configured_frida: str | None) -> list[Check]:
    checks: list[Check] = []
    release = shell.run(["getprop", "ro.build.version.release"]).strip()
    sdk = shell.run(["getprop", "ro.build.version.sdk"]).strip()
    abi = shell.run(["getprop", "ro.product.cpu.abi"]).strip()
    checks.append(Check("device", None, f"Android {release} (API {sdk}), {abi}"))
    root = shell.root_mode()
    if root is RootMode.NONE:
        checks.append(
            Check(
                "root",
                False,
                "no root: frida-server and the system CA store need it",
                "use a rooted phone (Magisk) or a userdebug emulator image "
                "(Google APIs, not Google Play)",
            )
        )
    else:
        checks.append(Check("root", True, f"root via {root.value}"))
    checks.append(_frida_check(shell, configured_frida, abi))
    checks.append(_u2_check(shell))
    checks.append(_proxy_check(shell))
    return checks


def _frida_check(shell: DeviceShell, configured: str | None, abi: str) -> Check:
    state = frida_server.status(shell)
    want = state.host_version
    try:
        arch = frida_server.arch_for_abi(abi)
        local = frida_server.locate(configured, want, arch)
        supply = f"`harness run` pushes {local}"
    except InfrastructureError as exc:
        if state.matches:
            supply = ""
        else:
            return Check(
                "frida-server", False, f"frida-server {want} is not on the device", str(exc)
            )
    if state.matches and state.running:
        return Check(
            "frida-server", True, f"frida-server {want} running (pid {state.running_pids[0]})"
        )
    if state.matches:
        return Check(
            "frida-server",
            None,
            f"frida-server {want} installed, not running; `harness run` starts it",
        )
    found = state.installed_version or "none"
    running = " (running)" if state.running else ""
    return Check(
        "frida-server", None, f"device has frida-server {found}{running}, host has {want}; {supply}"
    )


def _u2_check(shell: DeviceShell) -> Check:
    ours = _u2_jar_md5()
    theirs = shell.run(["md5sum", U2_JAR]).split()[:1]
    if ours is not None and theirs == [ours]:
        return Check("uiautomator2", True, "u2.jar present and current")
    return Check(
        "uiautomator2",
        None,
        "u2.jar not on the device (or older); uiautomator2 pushes it at first use",
    )


def _u2_jar_md5() -> str | None:
    try:
        data = (resources.files("uiautomator2") / "assets" / "u2.jar").read_bytes()
    except (OSError, ModuleNotFoundError):
        return None
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def _proxy_check(shell: DeviceShell) -> Check:
    current = proxy.proxy_state(shell)
    if current is None:
        return Check("proxy", True, "no global proxy set")
    return Check(
        "proxy",
        False,
        f"a global proxy is set ({current.host}:{current.port}), probably left by a stopped run",
        f"adb -s {shell.serial} shell settings put global http_proxy :0",
    )
