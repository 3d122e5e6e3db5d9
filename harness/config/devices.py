"""devices.yaml: the lab's devices, their kind and their known identifiers."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from harness.errors import InputError
from harness.model import DataCategory, KnownIdentifier
from harness.yamlfile import load_model


class DeviceKind(enum.StrEnum):
    HOST_LAB = "host-lab"
    USB = "usb"
    TCP = "tcp"
    EMULATOR = "emulator"


class ProxyMode(enum.StrEnum):
    SINKHOLE = "sinkhole"  # the proxy answers every request itself (no internet needed)
    PASSTHROUGH = "passthrough"  # requests go on to the real servers


class CaptureMode(enum.StrEnum):
    """How the app's traffic reaches mitmproxy (harness.traffic.capture says what each misses)."""

    PROXY = "proxy"  # the device's HTTP proxy setting (the JVM's proxy properties on the host lab)
    TRANSPARENT = "transparent"  # an iptables redirect of the app's own traffic (root)
    WIREGUARD = "wireguard"  # the phone's WireGuard app tunnels everything to mitmproxy


# A device's proxy mode when devices.yaml names none (every kind has one: a new kind must say).
_DEFAULT_PROXY_MODE = {
    DeviceKind.HOST_LAB: ProxyMode.SINKHOLE,
    DeviceKind.USB: ProxyMode.PASSTHROUGH,
    DeviceKind.TCP: ProxyMode.PASSTHROUGH,
    DeviceKind.EMULATOR: ProxyMode.PASSTHROUGH,
}


class DeviceConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    kind: DeviceKind
    serial: str | None = None  # usb: adb serial
    address: str | None = None  # tcp: host:port
    avd: str | None = None  # emulator: AVD name
    snapshot: str | None = None  # emulator: snapshot restored before each app
    frida_server: str | None = None  # path or cache folder of frida-server binaries
    # Where frida-server lives on the device and the port it listens on. Anti-Frida apps
    # look for a process named frida-server and for port 27042: a renamed binary on another
    # port hides it from both. None: /data/local/tmp/frida-server on 27042.
    frida_server_device_path: Annotated[str, Field(pattern=r"^/[^\s'\"]+$")] | None = None
    frida_server_port: Annotated[int, Field(ge=1, le=65535)] | None = None
    # None: chosen by kind (resolved_proxy_mode). Kept unset rather than defaulted so that
    # "not given" survives a model_dump/model_validate round trip.
    proxy_mode: ProxyMode | None = None
    identifiers: dict[DataCategory, str] = Field(default_factory=dict)
    # How traffic reaches the proxy (default: proxy). Unset rather than defaulted, as above.
    capture: CaptureMode | None = None
    # wireguard capture: the UDP port the lab host listens on (the phone's tunnel names it;
    # 0: any free port, which changes the config to import every session).
    wireguard_port: Annotated[int, Field(ge=0, le=65535)] = 51820
    # The agent's unpinning module; None: on for Android devices, off on the host lab.
    unpin: bool | None = None

    @field_validator("identifiers")
    @classmethod
    def _non_empty_values(cls, value: dict[DataCategory, str]) -> dict[DataCategory, str]:
        for category, ident in value.items():
            if not str(ident).strip():
                raise ValueError(f"identifier {category.value} is empty")
        return value

    @model_validator(mode="after")
    def _kind_fields(self) -> DeviceConfig:
        needed = {
            DeviceKind.USB: ("serial",),
            DeviceKind.TCP: ("address",),
            DeviceKind.EMULATOR: ("avd",),
            DeviceKind.HOST_LAB: (),
        }[self.kind]
        for name in needed:
            if getattr(self, name) is None:
                raise ValueError(f"a {self.kind.value} device needs '{name}'")
        if self.kind is DeviceKind.HOST_LAB and self.capture is CaptureMode.WIREGUARD:
            raise ValueError(
                "capture: wireguard needs a phone with the WireGuard app; a host-lab device "
                "captures with proxy or transparent"
            )
        return self

    def resolved_proxy_mode(self) -> ProxyMode:
        """The mode the session's proxy runs in: devices.yaml's `proxy_mode` when given;
        else passthrough for Android devices (a real app talks to its real servers) and
        sinkhole for the host lab (lab apps need no internet)."""
        if self.proxy_mode is not None:
            return self.proxy_mode
        return _DEFAULT_PROXY_MODE[self.kind]

    def resolved_capture(self) -> CaptureMode:
        """devices.yaml's `capture`, else the HTTP proxy setting (works without root)."""
        return self.capture if self.capture is not None else CaptureMode.PROXY

    def resolved_unpin(self) -> bool:
        """Whether the agent unpins TLS: devices.yaml's `unpin`, else on for Android devices
        (apps there pin) and off on the host lab (its lab apps that pin test exactly this)."""
        if self.unpin is not None:
            return self.unpin
        return self.kind is not DeviceKind.HOST_LAB

    def known_identifiers(self) -> tuple[KnownIdentifier, ...]:
        return tuple(
            KnownIdentifier(category=c, value=v, source="devices.yaml")
            for c, v in self.identifiers.items()
        )


class LabConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    devices: Annotated[list[DeviceConfig], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_names(self) -> LabConfig:
        seen: set[str] = set()
        for device in self.devices:
            if device.name in seen:
                raise ValueError(f"device name '{device.name}' is used twice")
            seen.add(device.name)
        return self

    def device(self, name: str | None, source: Path) -> DeviceConfig:
        """The named device, or the first one (the default) when no name is given."""
        if name is None:
            return self.devices[0]
        for device in self.devices:
            if device.name == name:
                return device
        names = ", ".join(d.name for d in self.devices)
        raise InputError(source, f"no device named '{name}' (devices: {names})")


def load_devices(path: Path) -> LabConfig:
    return load_model(path, LabConfig)
