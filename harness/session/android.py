"""An Android device as the scenario runner's AppUnderTest: a real APK on a real phone.

Preparation gives the app a clean start: the snapshot restored or the app uninstalled, the
APK installed without pre-granted permissions, the global proxy pointed (over `adb reverse`)
at this session's mitmproxy, its CA installed, frida-server checked. `launch()` spawns the
package suspended under the agent and resumes it; the device clock's offset (measured by
round trips) converts the agent's timestamps to the host clock.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import adbutils

from harness.agent.catalog import Catalog
from harness.agent.session import AgentSession, MessageSink
from harness.android import AndroidDevice
from harness.android.adb import AdbEndpoint, adb_session
from harness.android.apps import force_stop
from harness.android.certs import CaInstall
from harness.android.logcat import LogcatCollector
from harness.android.ui import U2Driver
from harness.config.devices import DeviceConfig
from harness.errors import InfrastructureError
from harness.model import ClockOffset, KnownIdentifier
from harness.traffic import ca_cert_path

_HOOKS_READY_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class PreparedDevice:
    """What preparation found and did, for the bundle's manifest."""

    serial: str
    sdk: int
    package: str
    ca: CaInstall
    clock: ClockOffset
    identifiers: tuple[KnownIdentifier, ...]


@contextlib.contextmanager
def android_device(config: DeviceConfig, log_dir: Path) -> Iterator[AndroidDevice]:
    """The device for one session, on an adb server that is stopped again if we started it."""
    endpoint = AdbEndpoint.from_env()
    with adb_session(endpoint) as client:
        device = AndroidDevice.connect(config, client, endpoint, log_dir)
        try:
            yield device
        finally:
            device.close()


class AndroidTarget:
    """Implements the scenario runner's AppUnderTest for one APK on one Android device."""

    def __init__(
        self,
        device: AndroidDevice,
        apk: Path,
        package: str,
        proxy_port: int,
        agent_bundle: str,
        catalog: Catalog,
        on_message: MessageSink,
        hooks_ready: threading.Event,
        logcat_path: Path,
    ) -> None:
        self._device = device
        self._apk = apk
        self.package = package
        self._proxy_port = proxy_port
        self._bundle = agent_bundle
        self._catalog = catalog
        self._on_message = on_message
        self._hooks_ready = hooks_ready
        self._logcat_path = logcat_path
        self._agent: AgentSession | None = None
        self._ui: U2Driver | None = None
        self._logcat: LogcatCollector | None = None
        self.clock = ClockOffset(0.0, 0.0, "not-measured")
        self.prepared: PreparedDevice | None = None

    def prepare(self) -> PreparedDevice:
        device = self._device
        device.ensure_frida_server()
        device.reset_for_app(self.package)
        installed = device.install(self._apk)
        if installed.package != self.package:
            raise InfrastructureError(
                f"installed {installed.package}, expected {self.package} from {self._apk}"
            )
        device.set_proxy(self._proxy_port)
        ca = device.install_ca(ca_cert_path().read_bytes())
        self.clock = device.clock_offset()
        self.prepared = PreparedDevice(
            serial=device.serial,
            sdk=device.sdk(),
            package=self.package,
            ca=ca,
            clock=self.clock,
            identifiers=device.identifiers(),
        )
        return self.prepared

    def launch(self) -> float:
        self._logcat = self._device.logcat(self._logcat_path, self.package)
        self._logcat.start()
        self._agent = AgentSession(
            self._device.frida_device(), self._bundle, self._catalog, self._on_message
        )
        spawned_at = time.time()
        self._agent.spawn(self.package)
        if not self._hooks_ready.wait(_HOOKS_READY_TIMEOUT_S):
            raise InfrastructureError(
                f"the agent did not report its hooks within {_HOOKS_READY_TIMEOUT_S:g} s"
            )
        self._ui = self._device.ui(self.package)
        return spawned_at

    def ui(self) -> U2Driver:
        if self._ui is None:
            raise InfrastructureError("the app has not been launched")
        return self._ui

    def stop(self) -> float:
        if self._agent is not None:
            self._agent.flush()
        stopped_at = time.time()
        force_stop(self._device.shell, self.package)
        return stopped_at

    def close(self) -> None:
        if self._agent is not None:
            self._agent.close(kill=True)
        if self._logcat is not None:
            with contextlib.suppress(adbutils.AdbError, OSError):
                self._logcat.stop()
        with contextlib.suppress(adbutils.AdbError, OSError, InfrastructureError):
            self._device.clear_proxy()
