"""The device pool: which devices of a devices file can take sessions right now.

A host-lab device needs a JDK on this host (java to run lab apps, javac to build them). An
Android device (usb, tcp, emulator) must pass the health checks `harness devices` shows
(adb state, root, frida-server, proxy left set...); one that does not is left out with its
failed checks and their fixes. A family of devices the caller has no work for is left out
with the caller's reason, untouched (a suite of lab apps never talks to adb).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harness.config.devices import DeviceConfig, DeviceKind, LabConfig
from harness.errors import InfrastructureError
from harness.hostlab import java_executable
from harness.hostlab.build import find_javac
from harness.suite.family import DeviceFamily, device_family

if TYPE_CHECKING:
    from harness.android.health import DeviceHealth
    from harness.suite.adblink import AdbLink


@dataclass(frozen=True, slots=True)
class PoolSurvey:
    healthy: tuple[DeviceConfig, ...]
    excluded: tuple[tuple[str, str], ...]  # (device name, why)

    @property
    def families(self) -> dict[str, DeviceFamily]:
        """Each healthy device's family, by name (what the job board routes by)."""
        return {d.name: device_family(d.kind) for d in self.healthy}


def survey_pool(
    lab: LabConfig,
    only: tuple[str, ...] = (),
    *,
    skip: Mapping[DeviceFamily, str] | None = None,
    adb: AdbLink | None = None,
) -> PoolSurvey:
    """The healthy devices of `lab` (all of them, or those named in `only`), in file order.

    `skip`: families to leave out, each with the reason shown. Android devices are checked
    through `adb` (the suite's held server); without it they are left out.
    """
    skip = skip or {}
    chosen = [d for d in lab.devices if not only or d.name in only]
    problems: dict[str, str | None] = {}
    android: list[DeviceConfig] = []
    for device in chosen:
        family = device_family(device.kind)
        if family in skip:
            problems[device.name] = skip[family]
        elif family is DeviceFamily.HOST_LAB:
            problems[device.name] = _host_lab_problem()
        else:
            android.append(device)
    problems |= _android_problems(android, adb)
    healthy = tuple(d for d in chosen if problems[d.name] is None)
    excluded = tuple((d.name, why) for d in chosen if (why := problems[d.name]) is not None)
    return PoolSurvey(healthy, excluded)


def _host_lab_problem() -> str | None:
    try:
        java_executable()
        find_javac()
    except InfrastructureError as exc:
        return str(exc)
    return None


def _android_problems(
    devices: Sequence[DeviceConfig], adb: AdbLink | None
) -> dict[str, str | None]:
    if not devices:
        return {}
    if adb is None or adb.client is None:
        why = adb.problem if adb is not None else "no adb server was opened for the survey"
        return {d.name: f"no adb server: {why}" for d in devices}
    # Imported here: the device layer (adbutils, uiautomator2) is for pools with Android
    # devices only, not for every lab-app suite and worker.
    import adbutils

    from harness.android.adb import list_devices
    from harness.android.health import check_device

    try:
        entries = list_devices(adb.client)
    except InfrastructureError as exc:
        return {d.name: str(exc) for d in devices}
    problems: dict[str, str | None] = {}
    for device in devices:
        try:
            health = check_device(device, entries, adb.client, adb.endpoint)
        except (InfrastructureError, adbutils.AdbError, OSError) as exc:
            problems[device.name] = f"the health check failed: {exc}"
            continue
        problems[device.name] = None if health.healthy else _failed_checks(health)
    return problems


def _failed_checks(health: DeviceHealth) -> str:
    """What `harness devices` would flag, each with its fix, on one line."""
    failed = [
        f"{c.name}: {c.detail}" + (f" (fix: {c.fix})" if c.fix else "")
        for c in health.checks
        if c.ok is False
    ]
    return "; ".join(failed) + "; see `harness devices`"


def unused_families(needed: frozenset[DeviceFamily]) -> dict[DeviceFamily, str]:
    """The families a suite has no jobs for, with the reason their devices are left out."""
    return {
        family: f"the suite names no {family.runs} ({_a(family.label)} runs {family.runs})"
        for family in DeviceFamily
        if family not in needed
    }


def _a(noun: str) -> str:
    return f"{'an' if noun[0].lower() in 'aeiou' else 'a'} {noun}"


def needs_adb(lab: LabConfig, only: tuple[str, ...], skip: Mapping[DeviceFamily, str]) -> bool:
    """Whether surveying this pool talks to adb (an Android device is chosen and wanted)."""
    if DeviceFamily.ANDROID in skip:
        return False
    return any(d.kind is not DeviceKind.HOST_LAB for d in lab.devices if not only or d.name in only)
