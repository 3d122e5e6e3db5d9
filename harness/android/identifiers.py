"""The device's own identifiers, read over adb where Android lets the shell read them.

They seed the traffic matcher (an app sending the IMEI is found by its value). Each read
is best effort: a value Android hides from the shell is skipped, not guessed. Known gaps:
since Android 8 apps get a per-app ANDROID_ID (the shell reads the device-level one); the
IMEI needs READ_PRIVILEGED_PHONE_STATE from Android 10 on, which the shell has on most
builds and root always has; the Wi-Fi MAC an app sees is randomised per network on
Android 10+; the advertising id is only readable with root. Values the hooks observe at
run time (KnownIdentifier with an event id as source) fill these gaps.
"""

from __future__ import annotations

from collections.abc import Iterator

from harness.android.parse_sys import (
    is_valid_imei,
    parse_adid_prefs,
    parse_mac,
    parse_parcel_string,
    parse_settings_value,
)
from harness.android.shell import DeviceShell, RootMode
from harness.model import DataCategory, KnownIdentifier

# IPhoneSubInfo transaction 1 is getDeviceId on every release (greylisted, so stable); the
# calling-package argument is required from Android 10 and ignored before.
IMEI_CALL = "service call iphonesubinfo 1 s16 com.android.shell"
ADID_PREFS = "/data/data/com.google.android.gms/shared_prefs/adid_settings.xml"
_NOT_SERIALS = {"", "unknown", "0123456789ABCDEF"}


def read_identifiers(shell: DeviceShell) -> tuple[KnownIdentifier, ...]:
    seen: dict[tuple[DataCategory, str], KnownIdentifier] = {}
    for ident in _all(shell):
        seen.setdefault((ident.category, ident.value), ident)
    return tuple(seen.values())


def _all(shell: DeviceShell) -> Iterator[KnownIdentifier]:
    yield from _serial(shell)
    android_id = parse_settings_value(shell.run(["settings", "get", "secure", "android_id"]))
    if android_id:
        yield KnownIdentifier(
            DataCategory.ANDROID_ID, android_id, "device:settings secure android_id"
        )
    yield from _imei(shell)
    yield from _mac(shell)
    yield from _adid(shell)


def _serial(shell: DeviceShell) -> Iterator[KnownIdentifier]:
    for prop in ("ro.serialno", "ro.boot.serialno"):
        value = shell.run(["getprop", prop]).strip()
        if value not in _NOT_SERIALS:
            yield KnownIdentifier(DataCategory.SERIAL, value, f"device:getprop {prop}")
            return


def _imei(shell: DeviceShell) -> Iterator[KnownIdentifier]:
    attempts = [("device:service call iphonesubinfo", lambda: shell.run(IMEI_CALL))]
    if shell.root_mode() is not RootMode.NONE:
        attempts.append(
            ("device:service call iphonesubinfo (root)", lambda: shell.run_root(IMEI_CALL)[0])
        )
    for source, read in attempts:
        try:
            reply = parse_parcel_string(read())
        except ValueError:
            continue  # no telephony service (tablets, some emulators)
        if reply.value and is_valid_imei(reply.value):
            yield KnownIdentifier(DataCategory.DEVICE_ID, reply.value, source)
            return


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
