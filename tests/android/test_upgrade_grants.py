"""Runtime grants across an upgrade on a phone (`pm install -r`), over the real adb wire
protocol against the stand-in; and the comparison that judges them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import uiautomator2

from harness.android.parse_pkg import parse_dumpsys_package
from harness.android.shell import DeviceShell
from harness.android.upgrade import grant_snapshot, upgrade_and_compare
from harness.errors import AppFault
from harness.rules.grant_changes import ChangeKind, GrantState, grant_changes
from tests.android.adb_standin import AdbStandin
from tests.android.conftest import EMULATOR

U2_APK = Path(uiautomator2.__file__).parent / "assets" / "app-uiautomator.apk"
OUTPUTS = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "outputs"
FIXTURE_PACKAGE = "org.harness.fixture"
PACKAGE = "com.github.uiautomator"  # the APK the test installs; the recorded dump renamed
INSTALL = "pm install -r -t /data/local/tmp/harness-install/base.apk"


def _dump(name: str) -> str:
    return (OUTPUTS / name).read_text(encoding="utf-8").replace(FIXTURE_PACKAGE, PACKAGE)


def _answer_by_install(standin: AdbStandin, before: str, after: str) -> None:
    """`dumpsys package` answers as the phone would: the old state until the install ran."""
    device = standin.devices[EMULATOR]

    def answer(_match: re.Match[str]) -> tuple[str, int]:
        return (after if INSTALL in device.shell_log else before), 0

    device.patterns.insert(0, (re.compile(rf"^dumpsys package {re.escape(PACKAGE)}$"), answer))


def test_an_update_that_resets_a_user_grant_is_a_change(
    emu_shell: DeviceShell, standin: AdbStandin
) -> None:
    _answer_by_install(
        standin, _dump("dumpsys-package-api34.txt"), _dump("dumpsys-package-api34-upgraded.txt")
    )
    outcome = upgrade_and_compare(emu_shell, PACKAGE, U2_APK)
    assert (outcome.version_before, outcome.version_after) == (7, 8)
    loc = "android.permission.ACCESS_FINE_LOCATION"
    assert outcome.before[loc] == GrantState(granted=True, user_set=True)
    assert outcome.after[loc] == GrantState(granted=False, user_set=False)
    (change,) = outcome.changes
    assert change.permission == loc and change.kind is ChangeKind.REVOKED
    log = standin.devices[EMULATOR].shell_log
    reads = [i for i, c in enumerate(log) if c == f"dumpsys package {PACKAGE}"]
    assert len(reads) == 2 and reads[0] < log.index(INSTALL) < reads[1]


def test_an_update_that_keeps_the_grants_changes_nothing(
    emu_shell: DeviceShell, standin: AdbStandin
) -> None:
    same = _dump("dumpsys-package-api34.txt")
    _answer_by_install(standin, same, same)
    assert upgrade_and_compare(emu_shell, PACKAGE, U2_APK).changes == ()


def test_an_app_not_installed_is_an_app_fault(emu_shell: DeviceShell, standin: AdbStandin) -> None:
    absent = (OUTPUTS / "dumpsys-package-absent.txt").read_text(encoding="utf-8")
    _answer_by_install(standin, absent, absent)
    with pytest.raises(AppFault, match="not installed before the upgrade"):
        upgrade_and_compare(emu_shell, PACKAGE, U2_APK)
    assert INSTALL not in standin.devices[EMULATOR].shell_log


def test_user_set_and_user_fixed_are_the_users_decisions() -> None:
    state = parse_dumpsys_package(_dump("dumpsys-package-api34.txt"), PACKAGE)
    assert state is not None
    snapshot = grant_snapshot(state)
    assert snapshot["android.permission.ACCESS_FINE_LOCATION"].user_set
    assert not snapshot["android.permission.READ_PHONE_STATE"].user_set  # never answered


G, D = True, False


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        ((G, True), (D, False), ChangeKind.REVOKED),  # the user's grant reset to "ask"
        ((G, True), (D, True), ChangeKind.REVOKED),
        ((D, True), (G, False), ChangeKind.GRANTED),  # the user's denial overturned
        ((D, True), (D, False), ChangeKind.RESET),  # the denial forgotten: it will ask again
        ((D, False), (G, False), ChangeKind.GRANTED),  # never asked, granted unasked
        (None, (G, False), ChangeKind.GRANTED),  # newly requested, granted unasked
        ((G, True), (G, True), None),
        ((D, False), (D, False), None),
        (None, (D, False), None),  # newly requested, to be asked
        (None, (G, True), None),  # granted by the user (e.g. asked after the upgrade)
        ((G, True), None, None),  # no longer requested
    ],
)
def test_what_counts_as_a_change(
    before: tuple[bool, bool] | None, after: tuple[bool, bool] | None, kind: ChangeKind | None
) -> None:
    p = "android.permission.CAMERA"
    old = {} if before is None else {p: GrantState(*before)}
    new = {} if after is None else {p: GrantState(*after)}
    changes = grant_changes(old, new)
    assert [c.kind for c in changes] == ([] if kind is None else [kind])
