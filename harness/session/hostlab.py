"""The host-lab device: a lab app as a JVM process under the agent, behind the proxy.

Every process of the app is hooked: a lab app's second process (`package:push`) and the app
restarting itself are JVMs the lab runtime asks the harness for (harness.hostlab.zygote), as
an Android app asks the system; each is spawned under its own agent (harness.agent.processes).
After a restart the UI is the new process's: `ui()` reconnects, and a request the old process
could not answer while it ended is sent again to the new one.

Same clock on both sides: the agent (clock_gettime), the lab's UI (Instant.now()) and the
harness all read this host's CLOCK_REALTIME, so the offset is zero and the uncertainty is
the coarsest timestamp resolution, one microsecond.

Capture: `proxy` gives the JVM the proxy properties (an app may still ignore them);
`transparent` gives it none and redirects its connections inside the harness's own
network namespace (harness.session.netns_capture), as iptables does on a rooted phone;
`wireguard` needs a phone. Both trust the proxy's CA (the JVM truststore), as a phone with
the CA installed does. `unpin` (devices.yaml) loads the agent's unpinning module.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import frida

from harness.agent.catalog import Catalog
from harness.agent.messages import AgentMessage
from harness.agent.processes import AppProcesses, Gating
from harness.agent.session import INIT_TIMEOUT_S, AgentSession, MessageSink, NetworkOptions
from harness.agent.stacks import StackTable
from harness.config.devices import CaptureMode, DeviceConfig
from harness.errors import InfrastructureError, InputError
from harness.evidence.facts import host_fingerprint
from harness.hostlab import HostLabUi, LabApp, build_lab_app, jvm_command
from harness.hostlab.broadcasts import LabSystem
from harness.hostlab.grants import PERMISSIONS_PROPERTY, lab_grants
from harness.hostlab.zygote import ZYGOTE_PROPERTY, LabZygote
from harness.model import ClockOffset, GrantState, KnownIdentifier, ProcessStart
from harness.scenario.context import Upgraded
from harness.session import netns_capture
from harness.session.hang import HangWatch
from harness.session.target import TargetSpec
from harness.traffic.ca import jvm_proxy_properties, jvm_trust_properties, jvm_truststore
from harness.ui.driver import Key

logger = logging.getLogger(__name__)

SAME_HOST_CLOCK = ClockOffset(offset_s=0.0, uncertainty_s=1e-6, method="same-host")
_HOOKS_READY_TIMEOUT_S = 30.0
_EXIT_TIMEOUT_S = 10.0
_T = TypeVar("_T")


def _properties(args: list[str]) -> dict[str, str]:
    """['-Dk=v', ...] -> {'k': 'v'}."""
    props: dict[str, str] = {}
    for arg in args:
        name, _, value = arg.removeprefix("-D").partition("=")
        props[name] = value
    return props


@contextlib.contextmanager
def open_hostlab_target(spec: TargetSpec) -> Iterator[HostLabTarget]:
    """The TargetFactory for host-lab devices: nothing to prepare, the process to end."""
    if not isinstance(spec.app, LabApp):
        raise InputError(None, f"{spec.app.name} is not a lab app: host-lab devices run lab apps")
    if spec.capture is CaptureMode.WIREGUARD:
        raise InputError(
            None,
            f"device '{spec.device.name}': wireguard capture needs a phone with the WireGuard "
            "app; on the host lab use capture: proxy or transparent",
        )
    redirect: netns_capture.NetnsRedirect | None = None
    if spec.capture is CaptureMode.TRANSPARENT:
        if spec.dns_port is None:
            raise InfrastructureError("transparent capture on the host lab needs the DNS port")
        redirect = netns_capture.install(spec.proxy_port, spec.dns_port)
    try:
        target = HostLabTarget(
            spec.app,
            spec.device,
            spec.proxy_port,
            spec.agent_script,
            spec.catalog,
            spec.on_message,
            spec.hooks_ready,
            capture=spec.capture,
            redirect=redirect,
        )
        try:
            yield target
        finally:
            target.close()
    except BaseException:
        if redirect is not None:
            for problem in netns_capture.remove():  # the session's own error goes on
                logger.warning("transparent capture cleanup: %s", problem)
        raise
    if redirect is not None:
        problems = netns_capture.remove()
        if problems:
            raise InfrastructureError("; ".join(problems))


class HostLabTarget:
    """Implements SessionTarget (the runner's AppUnderTest and more) for one lab app here."""

    clock = SAME_HOST_CLOCK

    def __init__(
        self,
        app: LabApp,
        device: DeviceConfig,
        proxy_port: int,
        agent_script: str,
        catalog: Catalog,
        on_message: MessageSink,
        hooks_ready: threading.Event,
        *,
        capture: CaptureMode = CaptureMode.PROXY,
        redirect: netns_capture.NetnsRedirect | None = None,
    ) -> None:
        self._app = app
        self._capture = capture
        self._redirect = redirect
        self._device = device
        self._proxy_port = proxy_port
        self._on_message = on_message
        self._hooks_ready = hooks_ready
        self._output = bytearray()
        frida_device = frida.get_local_device()
        network = NetworkOptions(unpin=True, proxy=None) if device.resolved_unpin() else None

        def new_agent(
            process: str,
            instance: int,
            stacks: StackTable,
            on_detached: Callable[[AgentSession, str], None],
        ) -> AgentSession:
            return AgentSession(
                frida_device,
                agent_script,
                catalog,
                self._forward,
                self._collect_output,  # every process's output, in one log
                # Unpinning only: the lab app's proxy is the JVM's properties (or none).
                network=network,
                process=process,
                instance=instance,
                stacks=stacks,
                on_detached=on_detached,
            )

        self._workdir = Path(tempfile.mkdtemp(prefix="harness-hostlab-"))
        self._portfile = self._workdir / "ui.port"
        self._grants = self._workdir / "runtime-permissions"  # the lab phone's, for this app
        self._processes = AppProcesses(
            frida_device,
            app.package,
            Gating.NONE,
            new_agent,
            self._forward,
            # The restarted app writes its own UI port: never connect to the old one's.
            before_new_main=lambda _pid: self._portfile.unlink(missing_ok=True),
        )
        self._zygote: LabZygote | None = None
        self._system: LabSystem | None = None  # broadcasts to a stopped app (the probe)
        self._ui: HostLabUi | None = None
        self._ui_generation = 0
        self.pid: int | None = None
        # A frozen app is said within seconds (harness.session.hang), whichever process is main.
        self._hang_watch = HangWatch(lambda: self._processes.main.pid, self._hung)

    @property
    def package(self) -> str:
        """The app's package: what the scenario runner expects on screen."""
        return self._app.package

    @property
    def output(self) -> bytes:
        return bytes(self._output)

    @property
    def boot_mode(self) -> str | None:
        return self._processes.main.boot_mode if self.pid is not None else None

    @property
    def processes(self) -> AppProcesses:
        return self._processes

    @property
    def known(self) -> tuple[KnownIdentifier, ...]:
        """devices.yaml's identifiers: the lab runtime returns exactly these."""
        return self._device.known_identifiers()

    def evidence(self) -> Mapping[str, bytes]:
        files = {"app-output.log": self.output}
        if self._system is not None and self._system.starts:
            files["logcat.txt"] = self._system.logcat()  # the lab system's ActivityManager lines
        return files

    @property
    def capture_detail(self) -> tuple[str, ...]:
        if self._redirect is not None:
            return (
                f"mitmproxy transparent on 127.0.0.1:{self._redirect.tcp_port}, "
                f"DNS on 127.0.0.1:{self._redirect.dns_port}, in a private network namespace",
                *self._redirect.describe(),
            )
        return (f"JVM proxy properties: 127.0.0.1:{self._proxy_port}",)

    def _network_properties(self) -> dict[str, str]:
        truststore = jvm_truststore()
        if self._capture is CaptureMode.TRANSPARENT:
            # No proxy: the app connects where it wants and the redirect brings it to us.
            return _properties(jvm_trust_properties(truststore))
        # The host lab is offline: a connection that ignores the proxy must not reach the real
        # network, nor its name the real resolver. The JVM resolves from this file only (the
        # proxy gets names, not addresses), so such a connection fails at once, unseen: the
        # proxy capture's blind spot, as on a phone.
        hosts = self._workdir / "hosts"
        hosts.write_text("127.0.0.1 localhost\n::1 localhost\n", encoding="ascii")
        return _properties(jvm_proxy_properties(self._proxy_port, truststore)) | {
            "jdk.net.hosts.file": str(hosts)
        }

    def device_facts(self) -> dict[str, Any]:
        # The host lab's device is this machine (harness.evidence.facts).
        return host_fingerprint(self._device.model_dump(mode="json"))

    def launch(self) -> float:
        classes = build_lab_app(self._app)
        argv = jvm_command(
            self._app,
            classes.classpath,
            portfile=self._portfile,
            identifiers=self._device.identifiers,
            # The lab phone's permission settings outlive the process (restarts, upgrades).
            extra_props=self._network_properties() | {PERMISSIONS_PROPERTY: str(self._grants)},
        )
        if self.pid is not None:
            return self._relaunch(argv)
        processes = self._processes
        self._zygote = LabZygote(
            self._app.package,
            argv[0],
            lambda command, name: processes.start(list[str | bytes](command), name, stdio="pipe"),
        )
        # The app's other processes are asked for here (the -D goes before the class path).
        argv.insert(1, f"-D{ZYGOTE_PROPERTY}={self._zygote.property_value}")
        self._system = LabSystem(
            self._app,
            argv,
            lambda command, name: processes.start(list[str | bytes](command), name, stdio="pipe"),
        )
        spawned_at = time.time()
        self.pid = self._processes.spawn(list[str | bytes](argv))
        self._hang_watch.start()
        if not self._hooks_ready.wait(_HOOKS_READY_TIMEOUT_S):
            raise InfrastructureError(
                f"the agent did not report its hooks within {_HOOKS_READY_TIMEOUT_S:g} s "
                f"(boot mode {self.boot_mode})"
            )
        self._connect()
        return spawned_at

    def _relaunch(self, argv: list[str]) -> float:
        """A launch after the app stopped (after an upgrade): a new main process, hooked
        like the first; its other processes ask the zygote the first launch started."""
        if self._zygote is not None:
            argv.insert(1, f"-D{ZYGOTE_PROPERTY}={self._zygote.property_value}")
        spawned_at = time.time()
        self.pid = self._processes.start(list[str | bytes](argv), self._app.package, stdio="pipe")
        self._connect()
        return spawned_at

    def permission_grants(self) -> dict[str, GrantState]:
        """The lab phone's runtime-permission state for the app: what the user decided (the
        runtime's store), and every other dangerous permission of its manifest as not granted."""
        return lab_grants(self._grants, self._app.manifest_permissions or ())

    def upgrade(self) -> Upgraded:
        """Stop the app, install version N+1 over it (a new signing key: version N and its
        permission settings removed first, as Android must), and read the grants around it."""
        new = self._app.upgraded()  # an InputError when app.yaml has no version N+1
        upgrade = self._app.upgrade
        self.stop()
        before = self.permission_grants()
        build_lab_app(new)  # the install: version N+1's classes, compiled (or cached)
        if upgrade is not None and not upgrade.same_signature:
            self._grants.unlink(missing_ok=True)
        old_version, self._app = self._app.version_name or "(no version name)", new
        return Upgraded(
            time.time(), old_version, new.version_name or "", before, self.permission_grants()
        )

    def _connect(self) -> HostLabUi:
        generation = self._processes.generation()
        ui = HostLabUi.connect(
            self._portfile,
            # A restart in progress is not a dead app: wait for the new one's UI server.
            timeout=_HOOKS_READY_TIMEOUT_S + INIT_TIMEOUT_S,
            alive=lambda: self._processes.main_gone() is None,
        )
        if self._ui is not None:
            self._ui.close()
        self._ui, self._ui_generation = ui, generation
        return ui

    def ui(self) -> RestartFollowingUi:
        if self._ui is None:
            raise InfrastructureError("the app has not been launched")
        return RestartFollowingUi(self)

    def current_ui(self) -> HostLabUi:
        """The UI of the app's current main process (reconnected after a restart)."""
        if self._ui is None or self._ui_generation != self._processes.generation():
            return self._connect()
        return self._ui

    def follow_restart(self) -> bool:
        """After a failed UI request: True once a restarted app's UI is connected."""
        if not self._processes.await_new_main(self._ui_generation, INIT_TIMEOUT_S):
            return False
        self._connect()
        return True

    def stop(self) -> float:
        """Deliver every event, then ask the app to quit and wait for the process to end."""
        self._processes.flush()
        stopped_at = time.time()
        main = self._processes.main
        if self._ui is not None:
            try:
                self.current_ui().quit()
            except InfrastructureError:
                # The app is gone already: that is an app fault, recorded, not a harness error.
                # Frida reports the end on its own thread, maybe just after the socket closed.
                if not main.detached.wait(_EXIT_TIMEOUT_S):
                    raise
        main.detached.wait(_EXIT_TIMEOUT_S)  # the rest (and other processes) end at close()
        return stopped_at

    # -- the self-start probe (harness.scenario.probe.SystemBroadcasts) --------------

    def stop_app(self) -> float:
        """The app quits (every event delivered first); the probe's broadcasts come next."""
        self._processes.flush()
        stopped_at = time.time()
        main = self._processes.main
        with contextlib.suppress(InfrastructureError):
            self.current_ui().quit()
        main.detached.wait(_EXIT_TIMEOUT_S)
        return stopped_at

    def send_broadcast(self, action: str) -> float:
        if self._system is None:
            raise InfrastructureError("the app has not been launched")
        sent = time.time()
        self._system.deliver(action)
        return sent

    def process_starts(self, since: float) -> list[ProcessStart]:
        return [] if self._system is None else self._system.since(since)

    def _hung(self, pid: int, since: float, detail: str) -> None:
        """Recorded on the process, then killed: every pending UI request fails at once
        and the scenario records the app's end (the session adds the app_hung marker)."""
        logger.warning("the app hung: %s", detail)
        self._processes.mark_hung(pid, since, detail)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def close(self) -> None:
        self._hang_watch.close()
        if self._zygote is not None:
            self._zygote.close()  # no new process once the session ends
        if self._ui is not None:
            self._ui.close()
        try:
            self._processes.close()
        finally:
            # The UI port file and the hosts file: nothing the bundle keeps.
            shutil.rmtree(self._workdir, ignore_errors=True)

    def check_alive(self) -> None:
        self._processes.check_alive()

    def _forward(self, message: AgentMessage) -> None:
        self._on_message(message)

    def _collect_output(self, _fd: int, data: bytes) -> None:
        self._output.extend(data)


class RestartFollowingUi:
    """The target's UiDriver: each request goes to the current main process's UI server.

    When a request fails because the app is restarting (its old process answers "exiting"
    or has closed the socket), it waits for the new process and sends the request again:
    the old process never saw it through, so the scenario goes on as a user's would.
    """

    def __init__(self, target: HostLabTarget) -> None:
        self._target = target

    def _call(self, request: Callable[[HostLabUi], _T]) -> _T:
        try:
            return request(self._target.current_ui())
        except InfrastructureError:
            if not self._target.follow_restart():
                raise
            return request(self._target.current_ui())

    def dump_hierarchy(self) -> str:
        return self._call(lambda ui: ui.dump_hierarchy())

    def click(self, x: int, y: int) -> float:
        return self._call(lambda ui: ui.click(x, y))

    def long_click(self, x: int, y: int, duration_s: float) -> float:
        return self._call(lambda ui: ui.long_click(x, y, duration_s))

    def swipe(self, x1: int, y1: int, x2: int, y2: int, duration_s: float) -> float:
        return self._call(lambda ui: ui.swipe(x1, y1, x2, y2, duration_s))

    def input_text(self, text: str, clear: bool = True) -> float:
        return self._call(lambda ui: ui.input_text(text, clear))

    def press(self, key: Key) -> float:
        return self._call(lambda ui: ui.press(key))

    def bring_to_foreground(self) -> float:
        return self._call(lambda ui: ui.bring_to_foreground())

    def screenshot_png(self) -> bytes | None:
        return self._call(lambda ui: ui.screenshot_png())

    def is_app_alive(self) -> bool:
        if self._target.current_ui().is_app_alive():
            return True
        return self._target.follow_restart()
