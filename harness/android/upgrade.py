"""Permission settings across an upgrade on an Android device: read the runtime grants,
install the new version over the old one (`pm install -r`, keeping the app's data and
grants, as an app store's update does), read them again, and compare
(harness.rules.grant_changes).

The grants come from `dumpsys package PKG` (user 0's `runtime permissions:`); a permission
counts as the user's decision when its flags carry USER_SET or USER_FIXED.
Known gap: not yet a scenario step; a session does not call it (see grant_changes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harness.android import apps
from harness.android.parse_pkg import PackageState
from harness.android.shell import DeviceShell
from harness.errors import AppFault
from harness.rules.grant_changes import GrantChange, GrantSnapshot, GrantState, grant_changes

USER_DECIDED_FLAGS = frozenset({"USER_SET", "USER_FIXED"})


@dataclass(frozen=True, slots=True)
class UpgradeOutcome:
    package: str
    version_before: int | None
    version_after: int | None
    before: GrantSnapshot
    after: GrantSnapshot
    changes: tuple[GrantChange, ...]


def grant_snapshot(state: PackageState) -> dict[str, GrantState]:
    return {
        grant.name: GrantState(grant.granted, bool(USER_DECIDED_FLAGS.intersection(grant.flags)))
        for grant in state.runtime
    }


def _state(shell: DeviceShell, package: str, when: str) -> PackageState:
    state = apps.package_state(shell, package)
    if state is None:
        raise AppFault(f"{package} is not installed {when} the upgrade")
    return state


def upgrade_and_compare(shell: DeviceShell, package: str, new_version: Path) -> UpgradeOutcome:
    """Install `new_version` over the installed `package`; what its grants were and became."""
    old = _state(shell, package, "before")
    installed = apps.install(shell, new_version, replace=True)
    if installed.package != package:
        raise AppFault(f"{new_version.name} is {installed.package}, not an upgrade of {package}")
    new = _state(shell, package, "after")
    before, after = grant_snapshot(old), grant_snapshot(new)
    return UpgradeOutcome(
        package, old.version_code, new.version_code, before, after, grant_changes(before, after)
    )
