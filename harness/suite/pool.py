"""The device pool: which devices of a devices file can take sessions right now.

A host-lab device needs a JDK on this host (java to run lab apps, javac to build them).
Android devices are set aside with the reason: `run_session` drives them, but a suite's
apps are lab apps (suite files name lab apps; jobs resolve and build them with javac), and
a lab app runs on a host-lab device only. Letting Android devices take suite sessions needs
suites that name APKs first; `harness devices` checks their health meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.config.devices import DeviceConfig, DeviceKind, LabConfig
from harness.errors import InfrastructureError
from harness.hostlab import java_executable
from harness.hostlab.build import find_javac


@dataclass(frozen=True, slots=True)
class PoolSurvey:
    healthy: tuple[DeviceConfig, ...]
    excluded: tuple[tuple[str, str], ...]  # (device name, why)


def survey_pool(lab: LabConfig, only: tuple[str, ...] = ()) -> PoolSurvey:
    """The healthy devices of `lab` (all of them, or those named in `only`), in file order."""
    healthy: list[DeviceConfig] = []
    excluded: list[tuple[str, str]] = []
    for device in lab.devices:
        if only and device.name not in only:
            continue
        problem = _problem(device)
        if problem is None:
            healthy.append(device)
        else:
            excluded.append((device.name, problem))
    return PoolSurvey(tuple(healthy), tuple(excluded))


def _problem(device: DeviceConfig) -> str | None:
    if device.kind is not DeviceKind.HOST_LAB:
        return (
            f"a {device.kind.value} device runs APKs (`harness run APP.apk --device "
            f"{device.name}`) and suites run lab apps, which need a host-lab device; "
            "see `harness devices` for its health"
        )
    try:
        java_executable()
        find_javac()
    except InfrastructureError as exc:
        return str(exc)
    return None
