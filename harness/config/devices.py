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


class DeviceConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    kind: DeviceKind
    serial: str | None = None  # usb: adb serial
    address: str | None = None  # tcp: host:port
    avd: str | None = None  # emulator: AVD name
    snapshot: str | None = None  # emulator: snapshot restored before each app
    frida_server: str | None = None  # path or cache folder of frida-server binaries
    proxy_mode: ProxyMode = ProxyMode.SINKHOLE
    identifiers: dict[DataCategory, str] = Field(default_factory=dict)

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
        return self

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
