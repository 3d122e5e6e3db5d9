"""An Android device as a session's target: a real APK on a phone, over TCP, or an emulator.

Opening the target (`AndroidTargets`, the TargetFactory for usb, tcp and emulator devices)
gives the app a clean start: the snapshot restored or the app uninstalled, the APK
installed without pre-granted permissions (the scenarios test the dialogs), its traffic
brought to this session's mitmproxy by the device's capture mode (the global proxy over
`adb reverse`; an iptables redirect of the app's uid over `adb reverse`, root; or the
phone's WireGuard tunnel, whose config the orchestrator wrote), its CA installed, the
matching frida-server running, the device clock's offset measured and the device's
identifiers read. `launch()` streams logcat into the bundle and spawns the package
suspended under the agent (harness.agent.session, the same spawn path as the host lab); spawn
gating then holds every other process of the package (`package:push`, the app restarted)
until it has the agent too (harness.agent.processes).
Leaving restores the device whatever happened: agent and app stopped, proxy, redirect and
reverse removed, the app uninstalled (or the snapshot restored); what could not be undone is
recorded in the manifest's device block.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

import frida

from harness.agent.processes import AppProcesses, Gating
from harness.agent.session import AgentSession, NetworkOptions
from harness.agent.stacks import StackTable
from harness.android import AndroidDevice
from harness.android import proxy as capture_setup
from harness.android.adb import AdbEndpoint, adb_session
from harness.android.apps import force_stop
from harness.android.broadcasts import send_broadcast, stop_app_processes
from harness.android.certs import CaInstall
from harness.android.facts import DeviceFacts
from harness.android.frida_server import FridaServerStatus
from harness.android.logcat import LogcatCollector
from harness.android.screen import ScreenSetup
from harness.android.session_settings import SettingChange
from harness.android.shell import DeviceShell
from harness.android.ui import U2Driver
from harness.config.devices import CaptureMode, DeviceKind
from harness.errors import AppFault, InfrastructureError, InputError
from harness.model import ClockOffset, KnownIdentifier, ProcessStart
from harness.session.apkapp import ApkApp
from harness.session.target import TargetSpec
from harness.traffic.ca import ca_cert_path
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
    skipped_splits: tuple[str, ...]  # splits that do not fit the device, each with why
    proxy: str | None  # the device's global proxy, "127.0.0.1:<port>" (proxy capture only)
    capture_detail: tuple[str, ...]  # how the capture was set up on the device
    ca: CaInstall
    frida_server: FridaServerStatus
    clock: ClockOffset
    identifiers: tuple[KnownIdentifier, ...]
    screen: ScreenSetup  # the screen as found, and what woke/unlocked it
    settings: tuple[SettingChange, ...]  # changed for the session, restored at cleanup


@dataclass(frozen=True, slots=True)
class AndroidTargets:
    """The TargetFactory for Android devices. The defaults are the real ones; a test swaps
    in what no machine here can run (a Frida device, a uiautomator2 server)."""

    # None: the device's own (its configured frida-server port, over adb).
    frida_device: FridaDeviceSource | None = None
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
        frida_device: FridaDeviceSource | None,
        connect_ui: UiConnector,
    ) -> None:
        self._device = device
        self._app = app
        self._spec = spec
        self._frida_device = frida_device
        self._connect_ui = connect_ui
        self._processes: AppProcesses | None = None
        self._ui: UiDriver | None = None
        self._logcat: LogcatCollector | None = None
        self._cleanup_problems: list[str] = []
        self._ca: CaInstall | None = None  # removed again at cleanup
        # The app's own ANDROID_ID (Android 8+), read after it ran and before it is removed.
        self._app_identifiers: tuple[KnownIdentifier, ...] = ()
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
        return self._processes.main.boot_mode if self._processes is not None else None

    @property
    def known(self) -> tuple[KnownIdentifier, ...]:
        if self.prepared is not None:
            return self.prepared.identifiers + self._app_identifiers
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
                "frida_server": p.frida_server.installed_version,
                "frida_server_port": p.frida_server.port,
                "frida_server_actions": list(p.frida_server.actions),
                "ca": {"store": p.ca.store, "path": p.ca.path, "note": p.ca.note},
                "proxy": f"{p.proxy} (adb reverse to this host)" if p.proxy else None,
                "clean_state": p.clean_state,
                "installed": list(p.installed),
                "skipped_splits": list(p.skipped_splits),
                "screen": {
                    "before": p.screen.before,
                    "actions": list(p.screen.actions)
                    + (list(self._ui.screen_actions) if isinstance(self._ui, U2Driver) else []),
                },
                # Restored at cleanup unless cleanup_problems names "settings".
                "settings_changed": [c.to_json() for c in p.settings],
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
        device.reset_for_app(self.package)  # a snapshot load resets settings: first
        # Install verification off before the install; the screen kept on and usable.
        settings = device.keep_awake()
        screen = device.make_screen_usable()
        installed = device.install(self._app.apk)
        if installed.package != self.package:
            raise InfrastructureError(
                f"installed {installed.package}, expected {self.package} from {self._app.apk}"
            )
        proxy, capture_detail = self._set_up_capture()
        ca = self._ca = device.install_ca(ca_cert_path().read_bytes())
        server = device.ensure_frida_server()
        snapshot = config.snapshot if config.kind is DeviceKind.EMULATOR else None
        self.prepared = PreparedDevice(
            facts=facts,
            root=device.shell.root_mode().value,
            clean_state=f"snapshot {snapshot}" if snapshot else "uninstall",
            installed=installed.apks,
            skipped_splits=installed.skipped,
            proxy=proxy,
            capture_detail=capture_detail,
            ca=ca,
            frida_server=server,
            clock=device.clock_offset(),
            identifiers=device.identifiers(facts.sdk),
            screen=screen,
            settings=settings,
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
        frida_device = (
            self._frida_device(self._device.serial)
            if self._frida_device is not None
            else self._device.frida_device()
        )
        spec, proxy = self._spec, self.prepared.proxy
        unpin = spec.device.resolved_unpin()

        def new_agent(
            process: str,
            instance: int,
            stacks: StackTable,
            on_detached: Callable[[AgentSession, str], None],
        ) -> AgentSession:
            return AgentSession(
                frida_device,
                spec.agent_script,
                spec.catalog,
                spec.on_message,
                # Apps that pin certificates or bypass the system proxy are unpinned and
                # pointed at the same proxy from inside. Forcing the proxy from inside
                # serves proxy capture only (proxy is None otherwise): the other modes
                # catch the app's connections where they go.
                network=NetworkOptions(unpin=unpin, proxy=proxy),
                process=process,
                instance=instance,
                stacks=stacks,
                on_detached=on_detached,
            )

        processes = AppProcesses(
            frida_device, self.package, Gating.SPAWN, new_agent, spec.on_message
        )
        self._processes = processes
        spawned_at = time.time()
        try:
            processes.spawn(self.package)
        except BaseException:
            processes.close()  # never leave an app running without its hooks
            raise
        if not self._spec.hooks_ready.wait(_HOOKS_READY_TIMEOUT_S):
            raise InfrastructureError(
                f"the agent did not report its hooks within {_HOOKS_READY_TIMEOUT_S:g} s "
                f"(boot mode {processes.main.boot_mode})"
            )
        self._ui = self._connect_ui(self._device.shell, self.package)
        return spawned_at

    def ui(self) -> UiDriver:
        if self._ui is None:
            raise InfrastructureError("the app has not been launched")
        return self._ui

    def stop(self) -> float:
        """Deliver every event, then stop the app (Frida sees its process end)."""
        if self._processes is not None:
            self._processes.flush()
        stopped_at = time.time()
        force_stop(self._device.shell, self.package)
        return stopped_at

    # -- the self-start probe (harness.scenario.probe.SystemBroadcasts) --------------

    def stop_app(self) -> float:
        """Every event delivered, then the app's processes end (not force-stopped)."""
        if self._processes is not None:
            self._processes.flush()
        stopped_at = time.time()
        stop_app_processes(self._device.shell, self.package)
        return stopped_at

    def send_broadcast(self, action: str) -> float:
        sent = time.time()
        send_broadcast(self._device.shell, action)
        return sent

    def process_starts(self, since: float) -> list[ProcessStart]:
        """Logcat's "Start proc" lines since `since` (host clock), their times on the host's."""
        starts = self._logcat.process_starts() if self._logcat is not None else ()
        converted = (replace(s, ts=self.clock.to_host(s.ts)) for s in starts)
        return [s for s in converted if s.ts >= since]

    def check_alive(self) -> None:
        processes = self._processes
        main = processes.main if processes is not None else None
        # Only the process's own end blames the app: a lost USB link or a dead frida-server
        # also detaches the session, and that is the lab's fault. An app that restarts
        # itself is caught again within the restart window: not an end.
        ending = (
            main is not None
            and main.detached.is_set()
            and main.detach_reason == "process-terminated"
        )
        if ending and processes is not None:
            processes.check_alive()
            return
        # Logcat's ends of the current main process only: an earlier one's (the app
        # restarted) and a `:push` process's are not the app's end.
        ends = [
            end
            for end in (self._logcat.ends() if self._logcat is not None else ())
            if end.pid is None or main is None or end.pid == main.pid
        ]
        if ends:
            end = ends[-1]
            raise AppFault(f"the app ended: {end.kind.value} ({end.detail})")

    def _read_app_identifiers(self) -> None:
        have = {(k.category, k.value) for k in self.known}
        self._app_identifiers = tuple(
            k
            for k in self._device.app_identifiers(self.package)
            if (k.category, k.value) not in have
        )

    # -- leaving --------------------------------------------------------------------
    def _clear_redirect(self) -> None:
        # Safe when set-up never ran or failed half-way: it removes whatever exists.
        problems = capture_setup.clear_transparent(self._device.shell, self._redirect_port)
        if problems:
            raise InfrastructureError("; ".join(problems))

    def close(self) -> None:
        """Undo the session on the device; every step runs even when an earlier one fails."""
        processes, logcat = self._processes, self._logcat
        steps: list[tuple[str, Callable[[], object]]] = []
        if processes is not None:
            steps.append(("agent", processes.close))
        if logcat is not None:
            steps.append(("logcat", logcat.stop))
        if self._spec.capture is CaptureMode.TRANSPARENT:
            steps.append(("capture", self._clear_redirect))
        steps += [
            ("proxy", self._device.clear_proxy),
            ("settings", self._device.restore_settings),
        ]
        if processes is not None:  # the app ran, so it has read its ANDROID_ID (if ever)
            steps.append(("app identifiers", self._read_app_identifiers))
        ca = self._ca
        if ca is not None:
            steps.append(("ca", lambda: self._device.remove_ca(ca)))
        steps.append(("app", lambda: self._device.leave_clean(self.package)))
        for what, step in steps:
            try:
                step()
            # Whatever went wrong, the next step must still run; the problem is recorded in
            # the manifest's device block, never hidden.
            except Exception as exc:
                problem = f"{what}: {type(exc).__name__}: {exc}"
                logger.warning("%s: cleanup %s", self._device.serial, problem)
                self._cleanup_problems.append(problem)
