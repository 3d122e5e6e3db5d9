"""The host-lab device: a lab app as a JVM process under the agent, behind the proxy.

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
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import frida

from harness.agent.catalog import Catalog
from harness.agent.messages import AgentMessage
from harness.agent.session import AgentSession, MessageSink, NetworkOptions
from harness.config.devices import CaptureMode, DeviceConfig
from harness.errors import AppFault, InfrastructureError, InputError
from harness.evidence.facts import host_fingerprint
from harness.hostlab import HostLabUi, LabApp, build_lab_app, jvm_command
from harness.model import ClockOffset, KnownIdentifier
from harness.session import netns_capture
from harness.session.target import TargetSpec
from harness.traffic import jvm_proxy_properties, jvm_trust_properties, jvm_truststore

logger = logging.getLogger(__name__)

SAME_HOST_CLOCK = ClockOffset(offset_s=0.0, uncertainty_s=1e-6, method="same-host")
_HOOKS_READY_TIMEOUT_S = 30.0
_EXIT_TIMEOUT_S = 10.0


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
            spec.agent_bundle,
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
        agent_bundle: str,
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
        self._agent = AgentSession(
            frida.get_local_device(),
            agent_bundle,
            catalog,
            self._forward,
            self._collect_output,
            # Unpinning only: the lab app's proxy is the JVM's properties (or none at all).
            network=NetworkOptions(unpin=True, proxy=None) if device.resolved_unpin() else None,
        )
        self._workdir = Path(tempfile.mkdtemp(prefix="harness-hostlab-"))
        self._ui: HostLabUi | None = None
        self.pid: int | None = None

    @property
    def package(self) -> str:
        """The app's package: what the scenario runner expects on screen."""
        return self._app.package

    @property
    def output(self) -> bytes:
        return bytes(self._output)

    @property
    def boot_mode(self) -> str | None:
        return self._agent.boot_mode

    @property
    def known(self) -> tuple[KnownIdentifier, ...]:
        """devices.yaml's identifiers: the lab runtime returns exactly these."""
        return self._device.known_identifiers()

    def evidence(self) -> Mapping[str, bytes]:
        return {"app-output.log": self.output}

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
        portfile = self._workdir / "ui.port"
        argv = jvm_command(
            self._app,
            classes.classpath,
            portfile=portfile,
            identifiers=self._device.identifiers,
            extra_props=self._network_properties(),
        )
        spawned_at = time.time()
        self.pid = self._agent.spawn(list[str | bytes](argv))
        if not self._hooks_ready.wait(_HOOKS_READY_TIMEOUT_S):
            raise InfrastructureError(
                f"the agent did not report its hooks within {_HOOKS_READY_TIMEOUT_S:g} s "
                f"(boot mode {self._agent.boot_mode})"
            )
        self._ui = HostLabUi.connect(portfile, alive=lambda: not self._agent.detached.is_set())
        return spawned_at

    def ui(self) -> HostLabUi:
        if self._ui is None:
            raise InfrastructureError("the app has not been launched")
        return self._ui

    def stop(self) -> float:
        """Deliver every event, then ask the app to quit and wait for the process to end."""
        self._agent.flush()
        stopped_at = time.time()
        if self._ui is not None:
            try:
                self._ui.quit()
            except InfrastructureError:
                # The app is gone already: that is an app fault, recorded, not a harness error.
                # Frida reports the end on its own thread, maybe just after the socket closed.
                if not self._agent.detached.wait(_EXIT_TIMEOUT_S):
                    raise
        if not self._agent.detached.wait(_EXIT_TIMEOUT_S):
            self._agent.close(kill=True)
        return stopped_at

    def close(self) -> None:
        if self._ui is not None:
            self._ui.close()
        self._agent.close(kill=True)

    def check_alive(self) -> None:
        if self._agent.detached.is_set():
            raise AppFault(f"the app exited unexpectedly ({self._agent.detach_reason})")

    def _forward(self, message: AgentMessage) -> None:
        self._on_message(message)

    def _collect_output(self, _fd: int, data: bytes) -> None:
        self._output.extend(data)
