"""The app on its device, as a session drives it: one protocol for every kind of device.

The scenario runner only needs an `AppUnderTest` (launch, UI, stop). A session needs a
little more of the same object: the clock that converts the agent's timestamps, the
identifiers to search the traffic for, how to tell that the app died, the files the target
leaves for the bundle and the facts about the device for the manifest. `HostLabTarget`
(a lab app as a JVM on this host) and `AndroidTarget` (an APK on a phone or emulator) both
implement `SessionTarget`; the orchestrator opens one through a `TargetFactory` chosen by
the device's kind, as a context manager: entering prepares the device, leaving restores it
(the host lab has nothing to restore but its process).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from harness.agent.catalog import Catalog
from harness.agent.session import MessageSink
from harness.config.devices import CaptureMode, DeviceConfig, DeviceKind
from harness.hostlab import LabApp
from harness.model import ClockOffset, KnownIdentifier
from harness.scenario.context import AppUnderTest
from harness.session.apkapp import ApkApp

SessionApp = LabApp | ApkApp
# The kinds of devices.yaml that are Android devices (run APKs through harness.android).
ANDROID_KINDS = frozenset({DeviceKind.USB, DeviceKind.TCP, DeviceKind.EMULATOR})


class SessionTarget(AppUnderTest, Protocol):
    @property
    def clock(self) -> ClockOffset:
        """Device clock minus host clock, as measured (valid once the target is open)."""
        ...

    @property
    def boot_mode(self) -> str | None:
        """How the agent found the app's runtime (its init answer), for hooks.json."""
        ...

    @property
    def known(self) -> tuple[KnownIdentifier, ...]:
        """Identifiers to search the traffic for: devices.yaml's, then what the device shows."""
        ...

    def check_alive(self) -> None:
        """Raise AppFault if the app's process has ended."""
        ...

    def evidence(self) -> Mapping[str, bytes]:
        """Files for the bundle that the target kept in memory (name -> content)."""
        ...

    def device_facts(self) -> dict[str, Any]:
        """The manifest's `device.fingerprint`: what the device was, and how it was set up."""
        ...

    @property
    def capture_detail(self) -> tuple[str, ...]:
        """How this session's capture was set up (rules, ports, files), for the bundle."""
        ...


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """Everything a factory needs to open the target of one session."""

    app: SessionApp
    device: DeviceConfig
    proxy_port: int  # this session's mitmproxy, on this host
    agent_script: str  # the compiled agent (harness.agent.build)
    catalog: Catalog
    on_message: MessageSink  # the agent's messages, parsed
    hooks_ready: threading.Event  # set by the caller when the hook install report arrives
    evidence_dir: Path  # the bundle's staging folder: logs may stream straight into it
    capture: CaptureMode = CaptureMode.PROXY  # how proxy_port is reached (devices.yaml)
    dns_port: int | None = None  # the proxy's DNS listener (host-lab transparent capture)
    # wireguard capture: the config file the phone's WireGuard app imports (written by the
    # orchestrator, outside the bundle: it holds the tunnel's private key).
    wireguard_config: Path | None = None


TargetFactory = Callable[[TargetSpec], AbstractContextManager[SessionTarget]]
