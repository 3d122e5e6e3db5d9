"""Health checks of the lab's Android devices, each problem with how to fix it.

Read-only on the device: nothing is pushed, started or changed (except `adb connect` for
a tcp device, which is how adb learns about it at all).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

import adbutils

from harness.android import emulator, frida_server, proxy, screen, session_settings
from harness.android.adb import AdbDeviceEntry, AdbEndpoint
from harness.android.device import state_fix
from harness.android.parse_sys import parse_settings_value
from harness.android.shell import MAGISK_FIX, DeviceShell, RootMode
from harness.config.devices import DeviceConfig, DeviceKind
from harness.errors import InfrastructureError

U2_JAR = "/data/local/tmp/u2.jar"


@dataclass(frozen=True, slots=True)
class Check:
    # "adb", "device", "root", "screen", "install-verify", "frida-server", "uiautomator2", "proxy"
    name: str
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
        checks += device_checks(DeviceShell(client.device(serial), timeout=20), config)
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


def device_checks(shell: DeviceShell, config: DeviceConfig) -> list[Check]:
    checks: list[Check] = []
    release = shell.run(["getprop", "ro.build.version.release"]).strip()
    sdk = shell.run(["getprop", "ro.build.version.sdk"]).strip()
    abi = shell.run(["getprop", "ro.product.cpu.abi"]).strip()
    checks.append(Check("device", None, f"Android {release} (API {sdk}), {abi}"))
    try:
        root = shell.root_mode()
    except InfrastructureError as exc:  # su is there but did not grant (a Magisk prompt)
        checks.append(Check("root", False, str(exc), MAGISK_FIX))
        return checks
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
    checks.append(_screen_check(shell))
    checks.append(_verifier_check(shell))
    checks.append(_frida_check(shell, config, abi))
    checks.append(_u2_check(shell))
    checks.append(_proxy_check(shell))
    return checks


def _frida_check(shell: DeviceShell, config: DeviceConfig, abi: str) -> Check:
    spec = frida_server.ServerSpec(
        config.frida_server_device_path or frida_server.DEVICE_PATH,
        config.frida_server_port or frida_server.DEFAULT_PORT,
    )
    try:
        state = frida_server.status(shell, spec)
    except InfrastructureError as exc:  # adb forward refused: the probe could not ask
        return Check("frida-server", False, str(exc), "check `adb forward --list` and adb")
    want = state.host_version
    names = ", ".join(f"{s.program} (pid {s.pid}, port {s.port})" for s in state.running)
    if state.answering:
        return Check(
            "frida-server",
            True,
            f"a frida-server answers on port {spec.port}" + (f": {names}" if names else ""),
        )
    try:
        arch = frida_server.arch_for_abi(abi)
        local = frida_server.locate(config.frida_server, want, arch)
        supply = f"`harness run` pushes {local} to {spec.device_path}"
    except InfrastructureError as exc:
        if not state.matches:
            return Check(
                "frida-server",
                False,
                f"frida-server {want} is not at {spec.device_path}"
                + (f"; running but silent on port {spec.port}: {names}" if names else ""),
                str(exc),
            )
        supply = ""
    if state.matches:
        return Check(
            "frida-server",
            None,
            f"frida-server {want} at {spec.device_path}, not answering on port {spec.port}; "
            "`harness run` starts it",
        )
    found = state.installed_version or "none"
    running = f"; running: {names}" if names else ""
    return Check(
        "frida-server",
        None,
        f"{spec.device_path} is frida-server {found}, host has {want}{running}; {supply}",
    )


def _screen_check(shell: DeviceShell) -> Check:
    state = screen.read_screen(shell)
    stay = " (Stay awake is off: `harness run` keeps it on for the session)"
    stay = stay if state.power.stay_on is False else ""
    if state.locked and state.keyguard.secure:
        return Check("screen", False, f"screen {state.describe()}", screen.SECURE_LOCK_FIX)
    if state.usable:
        return Check("screen", True, f"screen {state.describe()}{stay}")
    return Check(
        "screen",
        None,
        f"screen {state.describe()}; `harness run` wakes it and dismisses a swipe lock{stay}",
    )


def _verifier_check(shell: DeviceShell) -> Check:
    values = {
        key: parse_settings_value(shell.run(["settings", "get", ns, key]))
        for ns, key in session_settings.VERIFIER_SETTINGS
    }
    on = [key for key, value in values.items() if value != "0"]
    if not on:
        return Check("install-verify", True, "adb install verification (Play Protect) is off")
    return Check(
        "install-verify",
        None,
        f"install verification on ({', '.join(on)}); `harness run` turns it off for the "
        "session and restores it",
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
