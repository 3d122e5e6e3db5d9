"""The Android device layer: adb, apps, proxy and CA, frida-server, UI, logcat, facts.

Public entry: `AndroidDevice` (one device of devices.yaml), `adb_session` (an adb server
the harness leaves as it found it) and `U2Driver` (harness.ui.driver.UiDriver on
uiautomator2). Everything else is a module with one job; the parsers are pure functions
in parse_pkg / parse_sys / logcat, tested offline against recorded outputs. Starting the
app under the agent is not done here: harness.agent.session.AgentSession spawns it
suspended on the Frida device `AndroidDevice.frida_device()` gives, for every kind of
device alike.

May import: the model, harness.config, harness.apk (archive, build, manifest), harness.ui,
harness.hostlab and harness.session (the device kit reuses lab ground truth and APK apps),
errors, paths, yamlfile; never the rules, traffic or evidence.
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
