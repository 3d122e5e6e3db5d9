"""Device families: which devices run which apps.

Lab apps run as JVM programs on host-lab devices; APKs run on Android devices (usb, tcp,
emulator). A suite's job goes to, and is retried on, devices of its own family. Kept apart
from `jobs` so the worker's parent can read a pool without importing the session machinery
(and Frida with it) before it forks.
"""

from __future__ import annotations

import enum

from harness.config.devices import DeviceKind


class DeviceFamily(enum.StrEnum):
    """Devices that run the same kind of app; a job goes to (and is retried on) its own."""

    HOST_LAB = "host-lab"  # lab apps, as JVM programs on this host
    ANDROID = "android"  # APKs, on usb, tcp and emulator devices

    @property
    def label(self) -> str:
        """How messages name a device of the family."""
        if self is DeviceFamily.ANDROID:
            return "Android device (usb, tcp or emulator)"
        return "host-lab device"

    @property
    def runs(self) -> str:
        return "APKs" if self is DeviceFamily.ANDROID else "lab apps"


def device_family(kind: DeviceKind) -> DeviceFamily:
    return DeviceFamily.HOST_LAB if kind is DeviceKind.HOST_LAB else DeviceFamily.ANDROID
