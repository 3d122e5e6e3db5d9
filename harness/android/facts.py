"""What a device is, for the bundle's manifest: model, Android release, ABI, build fingerprint.

Read with one `getprop` (all properties), so the facts come from a single moment and a
single round trip. A property a build does not set reads as "" (not guessed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.android.parse_sys import parse_getprop
from harness.android.shell import DeviceShell


@dataclass(frozen=True, slots=True)
class DeviceFacts:
    serial: str  # the adb serial the session used
    model: str  # ro.product.model
    manufacturer: str  # ro.product.manufacturer
    release: str  # ro.build.version.release, e.g. "14"
    sdk: int | None  # ro.build.version.sdk, e.g. 34
    abi: str  # ro.product.cpu.abi
    build_fingerprint: str  # ro.build.fingerprint: names the exact system image

    def to_json(self) -> dict[str, Any]:
        return {
            "serial": self.serial,
            "model": self.model,
            "manufacturer": self.manufacturer,
            "release": self.release,
            "sdk": self.sdk,
            "abi": self.abi,
            "build_fingerprint": self.build_fingerprint,
        }


def facts_from_props(serial: str, props: dict[str, str]) -> DeviceFacts:
    sdk = props.get("ro.build.version.sdk", "").strip()
    return DeviceFacts(
        serial=serial,
        model=props.get("ro.product.model", ""),
        manufacturer=props.get("ro.product.manufacturer", ""),
        release=props.get("ro.build.version.release", ""),
        sdk=int(sdk) if sdk.isdigit() else None,
        abi=props.get("ro.product.cpu.abi", ""),
        build_fingerprint=props.get("ro.build.fingerprint", ""),
    )


def read_facts(shell: DeviceShell) -> DeviceFacts:
    return facts_from_props(shell.serial, parse_getprop(shell.run("getprop")))
