"""The Android device layer: adb, apps, proxy and CA, frida-server, spawn, UI, logcat.

Public entry: `AndroidDevice` (one device of devices.yaml), `adb_session` (an adb server
the harness leaves as it found it) and `U2Driver` (harness.ui.driver.UiDriver on
uiautomator2). Everything else is a module with one job; the parsers are pure functions
in parse_pkg / parse_sys / logcat, tested offline against recorded outputs.
"""

from harness.android.adb import AdbEndpoint, adb_session, list_devices
from harness.android.clock import ClockOffset, measure_offset
from harness.android.device import AndroidDevice
from harness.android.ui import U2Driver

__all__ = [
    "AdbEndpoint",
    "AndroidDevice",
    "ClockOffset",
    "U2Driver",
    "adb_session",
    "list_devices",
    "measure_offset",
]
