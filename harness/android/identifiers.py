"""The device's own identifiers, read over adb where Android lets the shell (or root) read them.

They seed the traffic matcher (an app sending the IMEI is found by its value). Each read
is best effort: a value Android hides from the shell is skipped, not guessed, and every
value is checked for its shape (an IMEI's Luhn digit, an IMSI's digits) before use.

What is read: the serial; the IMEI of each SIM slot (getDeviceId, then getDeviceIdForPhone
per slot: the second IMEI of a dual-SIM phone), the IMSI and the ICCID through `service
call iphonesubinfo` with the transaction codes of the device's release
(harness/data/iphonesubinfo.yaml); the Wi-Fi MAC; with root, Google's advertising id and,
on Huawei/Honor builds, the OAID that HMS keeps in `settings global pps_oaid`.

ANDROID_ID: since Android 8 each app gets its own (SSAID, per signing key and user), so the
device-wide value the shell reads is not what the app sends. The app's own is read as root
from /data/system/users/0/settings_ssaid.xml (`abx2xml` first: Android 12+ stores it as
binary XML) once the app has run, because Android creates it on the app's first read
(`app_identifiers`, called by the session after the scenario). The device-wide value is
still recorded (some SDKs read it through a system process). Values the hooks observe at
run time (KnownIdentifier with an event id as source) fill the remaining gaps.

Known gaps: IMEI/IMSI/ICCID need READ_PRIVILEGED_PHONE_STATE from Android 10 on, which the
shell has on most builds and root always has; codes are known for Android 10 to 15 only;
the Wi-Fi MAC an app sees is randomised per network on Android 10+; other vendors' OAIDs
(MIUI, ColorOS, vivo) live in their own providers and are only seen through the hooks.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from harness.android.parse_sys import (
    is_valid_imei,
    parse_adid_prefs,
    parse_mac,
    parse_parcel_string,
    parse_settings_value,
)
from harness.android.shell import DeviceShell, RootMode
from harness.model import DataCategory, KnownIdentifier
from harness.yamlfile import load_model

# IPhoneSubInfo transaction 1 is getDeviceId on every release (greylisted, so stable); the
# calling-package argument is required from Android 10 and ignored before.
IMEI_CALL = "service call iphonesubinfo 1 s16 com.android.shell"
ADID_PREFS = "/data/data/com.google.android.gms/shared_prefs/adid_settings.xml"
SSAID_XML = "/data/system/users/0/settings_ssaid.xml"
SIM_SLOTS = 2
_NOT_SERIALS = {"", "unknown", "0123456789ABCDEF"}
_ZERO_IDS = {"00000000-0000-0000-0000-000000000000", "0" * 16}


class _Call(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: Annotated[int, Field(ge=1)]
    args: str


class _Release(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    min_sdk: int
    max_sdk: int
    imei_for_slot: _Call
    imsi: _Call
    iccid: _Call


class SubInfoCodes(BaseModel):
    """harness/data/iphonesubinfo.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    releases: list[_Release]

    def for_sdk(self, sdk: int | None) -> _Release | None:
        if sdk is None:
            return None
        return next((r for r in self.releases if r.min_sdk <= sdk <= r.max_sdk), None)


def load_codes(path: Path | None = None) -> SubInfoCodes:
    if path is None:
        path = Path(str(resources.files("harness") / "data" / "iphonesubinfo.yaml"))
    return load_model(path, SubInfoCodes)


def is_valid_imsi(value: str) -> bool:
    """14 or 15 digits (MCC + MNC + MSIN), not all zeros."""
    return value.isdigit() and len(value) in (14, 15) and set(value) != {"0"}


def is_valid_iccid(value: str) -> bool:
    """18-22 digits starting 89 (ITU-T E.118 telecom), some ending in an F filler."""
    digits = value.rstrip("Ff")
    return digits.isdigit() and 18 <= len(digits) <= 22 and digits.startswith("89")


@dataclass(frozen=True, slots=True)
class _Read:
    category: DataCategory
    call: str
    valid: Callable[[str], bool]


def read_identifiers(
    shell: DeviceShell, sdk: int | None = None, codes: SubInfoCodes | None = None
) -> tuple[KnownIdentifier, ...]:
    seen: dict[tuple[DataCategory, str], KnownIdentifier] = {}
    for ident in _all(shell, sdk, codes or load_codes()):
        seen.setdefault((ident.category, ident.value), ident)
    return tuple(seen.values())


def app_identifiers(shell: DeviceShell, package: str) -> tuple[KnownIdentifier, ...]:
    """What Android gave this app alone: its ANDROID_ID (SSAID), once it has run."""
    if shell.root_mode() is RootMode.NONE:
        return ()
    output, rc = shell.run_root(f"abx2xml {SSAID_XML} - 2>/dev/null || cat {SSAID_XML}")
    value = parse_ssaid(output, package) if rc == 0 else None
    if value is None:
        return ()
    return (KnownIdentifier(DataCategory.ANDROID_ID, value, f"device:{SSAID_XML} ({package})"),)


def parse_ssaid(text: str, package: str) -> str | None:
    """settings_ssaid.xml (as XML): `<setting ... value="HEX" package="PKG" .../>`."""
    try:
        root = ET.fromstring(text.strip())
    except ET.ParseError:
        return None
    for setting in root.iter("setting"):
        if setting.get("package") == package:
            value = (setting.get("value") or "").strip()
            return value if value and value not in _ZERO_IDS else None
    return None


def _all(shell: DeviceShell, sdk: int | None, codes: SubInfoCodes) -> Iterator[KnownIdentifier]:
    yield from _serial(shell)
    android_id = parse_settings_value(shell.run(["settings", "get", "secure", "android_id"]))
    if android_id:
        yield KnownIdentifier(
            DataCategory.ANDROID_ID, android_id, "device:settings secure android_id"
        )
    yield from _telephony(shell, sdk, codes)
    yield from _mac(shell)
    yield from _adid(shell)
    yield from _oaid(shell)


def _serial(shell: DeviceShell) -> Iterator[KnownIdentifier]:
    for prop in ("ro.serialno", "ro.boot.serialno"):
        value = shell.run(["getprop", prop]).strip()
        if value not in _NOT_SERIALS:
            yield KnownIdentifier(DataCategory.SERIAL, value, f"device:getprop {prop}")
            return


def _telephony(
    shell: DeviceShell, sdk: int | None, codes: SubInfoCodes
) -> Iterator[KnownIdentifier]:
    reads = [_Read(DataCategory.DEVICE_ID, IMEI_CALL, is_valid_imei)]
    release = codes.for_sdk(sdk)
    if release is not None:
        slot = release.imei_for_slot
        reads += [
            _Read(
                DataCategory.DEVICE_ID,
                f"service call iphonesubinfo {slot.code} " + slot.args.format(slot=index),
                is_valid_imei,
            )
            for index in range(SIM_SLOTS)
        ]
        reads += [
            _Read(
                DataCategory.IMSI,
                f"service call iphonesubinfo {release.imsi.code} {release.imsi.args}",
                is_valid_imsi,
            ),
            _Read(
                DataCategory.SIM_SERIAL,
                f"service call iphonesubinfo {release.iccid.code} {release.iccid.args}",
                is_valid_iccid,
            ),
        ]
    rooted = shell.root_mode() is not RootMode.NONE
    for read in reads:
        value, source = _service_call(shell, read.call, rooted)
        if value is not None and read.valid(value):
            yield KnownIdentifier(read.category, value, source)


def _service_call(shell: DeviceShell, call: str, rooted: bool) -> tuple[str | None, str]:
    code = call.split()[3]
    attempts: list[tuple[str, Callable[[], str]]] = [
        (f"device:service call iphonesubinfo {code}", lambda: shell.run(call))
    ]
    if rooted and shell.root_mode() is not RootMode.ADBD:  # adbd as root: the same call
        attempts.append(
            (f"device:service call iphonesubinfo {code} (root)", lambda: shell.run_root(call)[0])
        )
    for source, read in attempts:
        try:
            reply = parse_parcel_string(read())
        except ValueError:
            continue  # no telephony service (tablets, some emulators)
        if reply.value:
            return reply.value, source
    return None, ""


def _mac(shell: DeviceShell) -> Iterator[KnownIdentifier]:
    for command, source in (
        ("cat /sys/class/net/wlan0/address", "device:/sys/class/net/wlan0/address"),
        ("ip link show wlan0", "device:ip link show wlan0"),
    ):
        mac = parse_mac(shell.run(command))
        if mac:
            yield KnownIdentifier(DataCategory.MAC_ADDRESS, mac, source)
            return


def _adid(shell: DeviceShell) -> Iterator[KnownIdentifier]:
    if shell.root_mode() is RootMode.NONE:
        return
    output, rc = shell.run_root(f"cat {ADID_PREFS}")
    value = parse_adid_prefs(output) if rc == 0 else None
    if value:
        yield KnownIdentifier(DataCategory.ADVERTISING_ID, value, f"device:{ADID_PREFS}")


def _oaid(shell: DeviceShell) -> Iterator[KnownIdentifier]:
    # HMS Core keeps the OAID in a global setting (readable by the shell); other builds
    # answer "null".
    value = parse_settings_value(shell.run(["settings", "get", "global", "pps_oaid"]))
    if value and value not in _ZERO_IDS and len(value) >= 16:
        yield KnownIdentifier(
            DataCategory.ADVERTISING_ID, value, "device:settings global pps_oaid (OAID)"
        )
