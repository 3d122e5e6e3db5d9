"""AndroidDevice: one lab device from devices.yaml, ready for a session.

The public entry of the device layer. It resolves the configured device to an adb serial
(USB serial, `adb connect` for tcp, the running or freshly started emulator for an AVD),
and offers the operations a session needs; each delegates to a module with one job.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import adbutils
import frida

from harness.android import apps, certs, emulator, frida_server, proxy, screen, session_settings
from harness.android.adb import AdbEndpoint, list_devices
from harness.android.certs import CaInstall
from harness.android.clock import ClockOffset, measure_offset
from harness.android.facts import DeviceFacts, read_facts
from harness.android.frida_server import FridaServerStatus, ServerSpec
from harness.android.identifiers import app_identifiers, read_identifiers
from harness.android.logcat import AppEnd, LogcatCollector
from harness.android.parse_pkg import PackageState
from harness.android.parse_sys import ProxySetting
from harness.android.shell import DeviceShell
from harness.android.ui import U2Driver
from harness.config.devices import DeviceConfig, DeviceKind
from harness.errors import InfrastructureError
from harness.model import KnownIdentifier


class AndroidDevice:
    def __init__(
        self,
        config: DeviceConfig,
        client: adbutils.AdbClient,
        endpoint: AdbEndpoint,
        serial: str,
        started: emulator.StartedEmulator | None = None,
    ) -> None:
        self.config = config
        self.serial = serial
        self.endpoint = endpoint
        self._client = client
        self._started = started
        self.shell = DeviceShell(client.device(serial))
        self._proxy_port: int | None = None
        self._frida_forward: int | None = None  # host port forwarded to a custom frida port
        self._settings: tuple[session_settings.SettingChange, ...] = ()

    @classmethod
    def connect(
        cls,
        config: DeviceConfig,
        client: adbutils.AdbClient,
        endpoint: AdbEndpoint,
        log_dir: Path | None = None,
    ) -> AndroidDevice:
        started: emulator.StartedEmulator | None = None
        if config.kind is DeviceKind.USB:
            serial = resolve_serial(client, str(config.serial))
        elif config.kind is DeviceKind.TCP:
            serial = connect_tcp(client, str(config.address))
        elif config.kind is DeviceKind.EMULATOR:
            avd = str(config.avd)
            found = emulator.find_running(endpoint, client, avd)
            if found is None:
                log = (log_dir or Path(".harness-cache")) / f"emulator-{avd}.log"
                started = emulator.start(endpoint, client, avd, config.snapshot, log)
                found = started.serial
            serial = found
        else:
            raise InfrastructureError(
                f"{config.name} is a {config.kind.value} device, not an Android one"
            )
        return cls(config, client, endpoint, serial, started)

    # -- device facts -------------------------------------------------------------
    def sdk(self) -> int:
        value = self.shell.run(["getprop", "ro.build.version.sdk"]).strip()
        if not value.isdigit():
            raise InfrastructureError(f"{self.serial}: unreadable SDK level {value!r}")
        return int(value)

    def facts(self) -> DeviceFacts:
        return read_facts(self.shell)

    def identifiers(self, sdk: int | None = None) -> tuple[KnownIdentifier, ...]:
        """devices.yaml's values first (the lab's ground truth), then what the device shows."""
        known = list(self.config.known_identifiers())
        have = {(k.category, k.value) for k in known}
        shown = read_identifiers(self.shell, sdk if sdk is not None else self.sdk())
        known += [k for k in shown if (k.category, k.value) not in have]
        return tuple(known)

    def app_identifiers(self, package: str) -> tuple[KnownIdentifier, ...]:
        """What Android gave this app alone (its ANDROID_ID): read once the app has run."""
        return app_identifiers(self.shell, package)

    def clock_offset(self, samples: int = 7) -> ClockOffset:
        return measure_offset(self.shell.run, samples)

    # -- screen and session settings ----------------------------------------------
    def keep_awake(self) -> tuple[session_settings.SettingChange, ...]:
        """Screen kept on and install verification off until restore_settings()."""
        self._settings = session_settings.apply(self.shell)
        return self._settings

    def restore_settings(self) -> None:
        changes, self._settings = self._settings, ()
        session_settings.restore(self.shell, changes)

    def make_screen_usable(self) -> screen.ScreenSetup:
        return screen.make_usable(self.shell)

    # -- clean state and apps -----------------------------------------------------
    def reset_for_app(self, package: str) -> None:
        """A clean start for the next app: restore the snapshot, or remove the app's traces."""
        if self.config.kind is DeviceKind.EMULATOR and self.config.snapshot:
            emulator.load_snapshot(self.endpoint, self.serial, self.config.snapshot)
            emulator.wait_reloaded(self._client, self.serial, timeout=120)
        apps.uninstall(self.shell, package)

    def leave_clean(self, package: str) -> None:
        """After a session: the snapshot restored (emulators with one), else the app removed
        with its data, so nothing it stored outlives its session."""
        if self.config.kind is DeviceKind.EMULATOR and self.config.snapshot:
            emulator.load_snapshot(self.endpoint, self.serial, self.config.snapshot)
            emulator.wait_reloaded(self._client, self.serial, timeout=120)
        else:
            apps.uninstall(self.shell, package)

    def install(self, path: Path) -> apps.Installed:
        return apps.install(self.shell, path)

    def uninstall(self, package: str) -> bool:
        return apps.uninstall(self.shell, package)

    def clear_data(self, package: str) -> None:
        apps.clear_data(self.shell, package)

    def grant(self, package: str, permission: str) -> None:
        apps.grant(self.shell, package, permission)

    def revoke(self, package: str, permission: str) -> None:
        apps.revoke(self.shell, package, permission)

    def package_state(self, package: str) -> PackageState | None:
        return apps.package_state(self.shell, package)

    def is_running(self, package: str) -> bool:
        return bool(apps.pids(self.shell, package))

    # -- network ------------------------------------------------------------------
    def set_proxy(self, host_port: int) -> ProxySetting:
        setting = proxy.set_proxy(self.shell, host_port)
        self._proxy_port = setting.port
        return setting

    def clear_proxy(self) -> None:
        proxy.clear_proxy(self.shell, self._proxy_port)
        self._proxy_port = None

    def install_ca(self, pem: bytes, system: bool = True) -> CaInstall:
        return certs.install_ca(self.shell, pem, system)

    def remove_ca(self, installed: CaInstall) -> None:
        certs.remove_ca(self.shell, installed)

    # -- instrumentation ----------------------------------------------------------
    def frida_spec(self) -> ServerSpec:
        """devices.yaml's frida-server path and port on the device (defaults otherwise)."""
        return ServerSpec(
            self.config.frida_server_device_path or frida_server.DEVICE_PATH,
            self.config.frida_server_port or frida_server.DEFAULT_PORT,
        )

    def ensure_frida_server(self) -> FridaServerStatus:
        return frida_server.ensure_running(self.shell, self.config.frida_server, self.frida_spec())

    def frida_device(self) -> frida.Device:
        spec = self.frida_spec()
        if spec.port == frida_server.DEFAULT_PORT:
            return frida_server.frida_device(self.serial)
        device, self._frida_forward = frida_server.remote_frida_device(self.shell, spec.port)
        return device

    def logcat(
        self, out: Path, package: str, on_end: Callable[[AppEnd], None] | None = None
    ) -> LogcatCollector:
        return LogcatCollector(self.shell, out, package, on_end)

    def ui(self, package: str) -> U2Driver:
        return U2Driver.connect(self.shell, package)

    def close(self) -> None:
        """Leave the device as found: no proxy, settings restored, an emulator we started
        stopped."""
        if self._proxy_port is not None:
            self.clear_proxy()
        if self._settings:
            self.restore_settings()
        if self._frida_forward is not None:
            frida_server.release_remote(self.shell, self._frida_forward)
            self._frida_forward = None
        if self._started is not None:
            emulator.stop(self.endpoint, self._started)
            self._started = None


def resolve_serial(client: adbutils.AdbClient, serial: str) -> str:
    for entry in list_devices(client):
        if entry.serial == serial:
            if entry.state != "device":
                raise InfrastructureError(f"{serial} is {entry.state}: " + state_fix(entry.state))
            return serial
    raise InfrastructureError(f"{serial} is not attached: " + state_fix("missing"))


def connect_tcp(client: adbutils.AdbClient, address: str) -> str:
    try:
        answer = client.connect(address, timeout=10)
    except (adbutils.AdbError, OSError) as exc:
        raise InfrastructureError(f"adb connect {address} failed: {exc}") from None
    if "connected to" not in answer:
        raise InfrastructureError(f"adb connect {address}: {answer.strip()}; " + state_fix("tcp"))
    return resolve_serial(client, address)


def state_fix(state: str) -> str:
    """How a person fixes a device in this adb state."""
    return {
        "unauthorized": "unlock the phone and accept 'Allow USB debugging' for this computer",
        "offline": "replug the cable (or `adb reconnect offline`); "
        "restart adbd by toggling USB debugging",
        "missing": "plug it in, enable Developer options > USB debugging, and check `adb devices`",
        "tcp": "enable wireless debugging (or `adb tcpip 5555` over USB first) "
        "and check the address",
        "recovery": "the device is in recovery: reboot it into Android",
        "bootloader": "the device is in the bootloader: reboot it into Android",
    }.get(state, f"adb reports state {state!r}; check `adb devices`")
