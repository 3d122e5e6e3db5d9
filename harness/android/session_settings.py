"""Device settings a session changes for its duration, each restored to what it was.

- the screen stays on while plugged in (`svc power stayon true`): a screen that times out
  mid-scenario makes every later UI dump empty;
- install verification is off (`verifier_verify_adb_installs`, `package_verifier_enable`
  = 0): Play Protect otherwise holds an adb install behind a "Scan app?"/"Install
  anyway" prompt, or blocks an app it flags, and the install times out or fails.

How: each value is read first (`settings get`; "null" is unset), then set, and the old
value put back at cleanup (deleted when it was unset), so the device ends as it began. A
setting that reads back unchanged is recorded as such, not hidden.

Known gaps: a device-owner policy can force these settings (the put is then ignored and
recorded); OEM verifiers (MIUI's "USB install" prompt, ColorOS's install guard) have their
own switches in Developer options that adb cannot reach.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.android.parse_sys import parse_settings_value
from harness.android.shell import DeviceShell

STAY_ON = ("global", "stay_on_while_plugged_in")
# `svc power stayon true` stores this bitmask (AC | USB | wireless) in STAY_ON.
STAY_ON_ALL = "7"
VERIFIER_SETTINGS = (
    ("global", "verifier_verify_adb_installs"),
    ("global", "package_verifier_enable"),
)


@dataclass(frozen=True, slots=True)
class SettingChange:
    namespace: str
    key: str
    before: str | None  # None: unset
    during: str | None  # what it read back after the change

    def to_json(self) -> dict[str, str | None]:
        return {
            "setting": f"{self.namespace} {self.key}",
            "before": self.before,
            "during": self.during,
        }


def _get(shell: DeviceShell, namespace: str, key: str) -> str | None:
    return parse_settings_value(shell.run(["settings", "get", namespace, key]))


def apply(shell: DeviceShell) -> tuple[SettingChange, ...]:
    """Keep the screen on and install verification off; returns what to restore."""
    changes = []
    before = _get(shell, *STAY_ON)
    shell.run(["svc", "power", "stayon", "true"])
    changes.append(SettingChange(*STAY_ON, before, _get(shell, *STAY_ON)))
    for namespace, key in VERIFIER_SETTINGS:
        before = _get(shell, namespace, key)
        if before != "0":
            shell.run(["settings", "put", namespace, key, "0"])
        changes.append(SettingChange(namespace, key, before, _get(shell, namespace, key)))
    return tuple(changes)


def restore(shell: DeviceShell, changes: tuple[SettingChange, ...]) -> None:
    for change in changes:
        if change.before == change.during:
            continue  # nothing was changed
        if change.before is None:
            shell.run(["settings", "delete", change.namespace, change.key])
        else:
            shell.run(["settings", "put", change.namespace, change.key, change.before])
