"""An Android device as a session's target: a real APK on a phone, over TCP, or an emulator.

Opening the target (`AndroidTargets`, the TargetFactory for usb, tcp and emulator devices)
gives the app a clean start: the snapshot restored or the app uninstalled, the APK
installed without pre-granted permissions (the scenarios test the dialogs), its traffic
brought to this session's mitmproxy by the device's capture mode (the global proxy over
`adb reverse`; an iptables redirect of the app's uid over `adb reverse`, root; or the
phone's WireGuard tunnel, whose config the orchestrator wrote), its CA installed, the
matching frida-server running, the device clock's offset measured and the device's
identifiers read. `launch()` streams logcat into the bundle and spawns the package
suspended under the agent (harness.agent.session, the same spawn path as the host lab).
Leaving restores the device whatever happened: agent and app stopped, proxy, redirect and
reverse removed, the app uninstalled (or the snapshot restored); what could not be undone
is recorded in the manifest's device block.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import frida

from harness.agent.session import AgentSession, NetworkOptions
from harness.android import AndroidDevice, frida_server
from harness.android import proxy as capture_setup
from harness.android.adb import AdbEndpoint, adb_session
from harness.android.apps import force_stop
from harness.android.certs import CaInstall
from harness.android.facts import DeviceFacts
from harness.android.logcat import LogcatCollector
from harness.android.shell import DeviceShell
from harness.android.ui import U2Driver
from harness.config.devices import CaptureMode, DeviceKind
from harness.errors import AppFault, InfrastructureError, InputError
from harness.model import ClockOffset, KnownIdentifier
from harness.session.apkapp import ApkApp
from harness.session.target import TargetSpec
from harness.traffic import ca_cert_path
from harness.ui.driver import UiDriver

logger = logging.getLogger(__name__)

LOGCAT_FILE = "logcat.txt"
_HOOKS_READY_TIMEOUT_S = 30.0
NOT_MEASURED = ClockOffset(0.0, 0.0, "not-measured")

FridaDeviceSource = Callable[[str], frida.Device]  # adb serial -> the Frida device
UiConnector = Callable[[DeviceShell, str], UiDriver]  # (shell, package) -> the UI driver


@dataclass(frozen=True, slots=True)
class PreparedDevice:
    """What preparation found and did, for the bundle's manifest."""

    facts: DeviceFacts
    root: str
    clean_state: str  # how the app got a clean start: "snapshot <name>" or "uninstall"
    installed: tuple[str, ...]  # the APK files installed (base first)
    proxy: str | None  # the device's global proxy, "127.0.0.1:<port>" (proxy capture only)
    capture_detail: tuple[str, ...]  # how the capture was set up on the device
    ca: CaInstall
    frida_server: str | None
    clock: ClockOffset
    identifiers: tuple[KnownIdentifier, ...]


@dataclass(frozen=True, slots=True)
class AndroidTargets:
    """The TargetFactory for Android devices. The defaults are the real ones; a test swaps
    in what no machine here can run (a Frida device, a uiautomator2 server)."""

    frida_device: FridaDeviceSource = frida_server.frida_device
    connect_ui: UiConnector = U2Driver.connect
    endpoint: AdbEndpoint | None = None  # None: the adb server adb itself would use

    @contextlib.contextmanager
    def __call__(self, spec: TargetSpec) -> Iterator[AndroidTarget]:
        if not isinstance(spec.app, ApkApp):
            raise InputError(None, f"{spec.app.name} is not an APK: Android devices run APKs")
        endpoint = self.endpoint or AdbEndpoint.from_env()
        with adb_session(endpoint) as client:
            device = AndroidDevice.connect(spec.device, client, endpoint)
            try:
                target = AndroidTarget(device, spec.app, spec, self.frida_device, self.connect_ui)
                try:
                    target.prepare()
                    yield target
                finally:
                    target.close()
            finally:
                device.close()  # an emulator this session started is stopped again


class AndroidTarget:
    """Implements SessionTarget (the runner's AppUnderTest and more) for one APK."""

    def __init__(
        self,
        device: AndroidDevice,
        app: ApkApp,
        spec: TargetSpec,
        frida_device: FridaDeviceSource,
        connect_ui: UiConnector,
    ) -> None:
        self._device = device
        self._app = app
        self._spec = spec
        self._frida_device = frida_device
        self._connect_ui = connect_ui
        self._agent: AgentSession | None = None
        self._ui: UiDriver | None = None
        self._logcat: LogcatCollector | None = None
        self._cleanup_problems: list[str] = []
        self._redirect_port: int | None = None  # transparent capture's reversed port
        self.prepared: PreparedDevice | None = None

    # -- what the session reads -----------------------------------------------------
    @property
    def package(self) -> str:
        return self._app.package

    @property
    def clock(self) -> ClockOffset:
        return self.prepared.clock if self.prepared is not None else NOT_MEASURED

    @property
    def boot_mode(self) -> str | None:
        return self._agent.boot_mode if self._agent is not None else None

    @property
    def known(self) -> tuple[KnownIdentifier, ...]:
        if self.prepared is not None:
            return self.prepared.identifiers
        return self._spec.device.known_identifiers()

    def evidence(self) -> Mapping[str, bytes]:
        return {}  # logcat streams straight into the bundle's folder (LOGCAT_FILE)

    @property
    def capture_detail(self) -> tuple[str, ...]:
        return self.prepared.capture_detail if self.prepared is not None else ()

    def device_facts(self) -> dict[str, Any]:
        facts: dict[str, Any] = {"serial": self._device.serial}
        if self.prepared is not None:
            p = self.prepared
            facts |= p.facts.to_json() | {
                "root": p.root,
                "frida_server": p.frida_server,
                "ca": {"store": p.ca.store, "path": p.ca.path, "note": p.ca.note},
                "proxy": f"{p.proxy} (adb reverse to this host)" if p.proxy else None,
                "clean_state": p.clean_state,
                "installed": list(p.installed),
            }
        # What could not be undone after the session (empty: the device was left clean).
        facts["cleanup_problems"] = list(self._cleanup_problems)
        # devices.yaml's entry, as the host lab records it (its identifiers are ground truth).
        facts["entry"] = self._spec.device.model_dump(mode="json")
        return facts

    # -- preparation ----------------------------------------------------------------
    def prepare(self) -> PreparedDevice:
        device, config = self._device, self._spec.device
        facts = device.facts()
        device.reset_for_app(self.package)
        installed = device.install(self._app.apk)
        if installed.package != self.package:
            raise InfrastructureError(
                f"installed {installed.package}, expected {self.package} from {self._app.apk}"
            )
        proxy, capture_detail = self._set_up_capture()
        ca = device.install_ca(ca_cert_path().read_bytes())
        server = device.ensure_frida_server()
        snapshot = config.snapshot if config.kind is DeviceKind.EMULATOR else None
        self.prepared = PreparedDevice(
            facts=facts,
            root=device.shell.root_mode().value,
            clean_state=f"snapshot {snapshot}" if snapshot else "uninstall",
            installed=installed.apks,
            proxy=proxy,
            capture_detail=capture_detail,
            ca=ca,
            frida_server=server.installed_version,
            clock=device.clock_offset(),
            identifiers=device.identifiers(),
        )
        return self.prepared

    def _set_up_capture(self) -> tuple[str | None, tuple[str, ...]]:
        """Bring the app's traffic to the proxy: (the global proxy set, how it was done)."""
        device, spec = self._device, self._spec
        match spec.capture:
            case CaptureMode.PROXY:
                proxy = device.set_proxy(spec.proxy_port)
                where = f"{proxy.host}:{proxy.port}"
                return where, (f"settings global http_proxy {where}, adb reverse to this host",)
            case CaptureMode.TRANSPARENT:
                state = device.package_state(self.package)
                if state is None or state.uid is None:
                    raise InfrastructureError(
                        f"{device.serial}: no uid for {self.package} in `dumpsys package`: "
                        "transparent capture redirects the app's uid"
                    )
                redirect = capture_setup.set_transparent(device.shell, spec.proxy_port, state.uid)
                self._redirect_port = redirect.device_port
                return None, (
                    f"uid {redirect.uid} redirected to 127.0.0.1:{redirect.device_port}, "
                    "adb reverse to mitmproxy's transparent mode",
                    *redirect.commands(),
                )
            case CaptureMode.WIREGUARD:
                config = spec.wireguard_config
                logger.warning(
                    "%s: wireguard capture: import %s into the phone's WireGuard app (or show "
                    "it as a QR code: qrencode -t ansiutf8 < %s), switch the tunnel on, and "
                    "leave it on for the session; the phone must reach this host over UDP "
                    "port %d",
                    device.serial,
                    config,
                    config,
                    spec.proxy_port,
                )
                return None, (
                    f"WireGuard tunnel to this host's UDP port {spec.proxy_port}, client "
                    f"config {config} (IncludedApplications = {self.package})",
                )

    # -- AppUnderTest ---------------------------------------------------------------
    def launch(self) -> float:
        if self.prepared is None:
            raise InfrastructureError("the device was not prepared")
        self._logcat = self._device.logcat(self._spec.evidence_dir / LOGCAT_FILE, self.package)
        self._logcat.start()
        agent = AgentSession(
            self._frida_device(self._device.serial),
            self._spec.agent_bundle,
            self._spec.catalog,
            self._spec.on_message,
            # Apps that pin certificates or bypass the system proxy are unpinned and pointed
            # at the same proxy from inside; on the host lab the module finds nothing to hook.
            # Forcing the proxy from inside serves proxy capture only: the other modes catch
            # the app's connections where they go.
            network=NetworkOptions(
                unpin=self._spec.device.resolved_unpin(), proxy=self.prepared.proxy
            ),
        )
        self._agent = agent
        spawned_at = time.time()
        try:
            agent.spawn(self.package)
        except BaseException:
            agent.close(kill=True)  # never leave an app running without its hooks
            raise
        if not self._spec.hooks_ready.wait(_HOOKS_READY_TIMEOUT_S):
            raise InfrastructureError(
                f"the agent did not report its hooks within {_HOOKS_READY_TIMEOUT_S:g} s "
                f"(boot mode {agent.boot_mode})"
            )
        self._ui = self._connect_ui(self._device.shell, self.package)
        return spawned_at

    def ui(self) -> UiDriver:
        if self._ui is None:
            raise InfrastructureError("the app has not been launched")
        return self._ui

    def stop(self) -> float:
        """Deliver every event, then stop the app (Frida sees its process end)."""
        if self._agent is not None:
            self._agent.flush()
        stopped_at = time.time()
        force_stop(self._device.shell, self.package)
        return stopped_at

    def check_alive(self) -> None:
        agent = self._agent
        # Only the process's own end blames the app: a lost USB link or a dead frida-server
        # also detaches the session, and that is the lab's fault.
        if (
            agent is not None
            and agent.detached.is_set()
            and agent.detach_reason == "process-terminated"
        ):
            raise AppFault(f"the app exited unexpectedly ({agent.detach_reason})")
        ends = self._logcat.ends() if self._logcat is not None else ()
        if ends:
            end = ends[-1]
            raise AppFault(f"the app ended: {end.kind.value} ({end.detail})")

    # -- leaving --------------------------------------------------------------------
    def _clear_redirect(self) -> None:
        # Safe when set-up never ran or failed half-way: it removes whatever exists.
        problems = capture_setup.clear_transparent(self._device.shell, self._redirect_port)
        if problems:
            raise InfrastructureError("; ".join(problems))

    def close(self) -> None:
        """Undo the session on the device; every step runs even when an earlier one fails."""
        agent, logcat = self._agent, self._logcat
        steps: list[tuple[str, Callable[[], object]]] = []
        if agent is not None:
            steps.append(("agent", lambda: agent.close(kill=True)))
        if logcat is not None:
            steps.append(("logcat", logcat.stop))
        if self._spec.capture is CaptureMode.TRANSPARENT:
            steps.append(("capture", self._clear_redirect))
        steps += [
            ("proxy", self._device.clear_proxy),
            ("app", lambda: self._device.leave_clean(self.package)),
        ]
        for what, step in steps:
            try:
                step()
            # Whatever went wrong, the next step must still run; the problem is recorded in
            # the manifest's device block, never hidden.
            except Exception as exc:
                problem = f"{what}: {type(exc).__name__}: {exc}"
                logger.warning("%s: cleanup %s", self._device.serial, problem)
                self._cleanup_problems.append(problem)
