"""What a fault means for the job and for the device it happened on.

App faults (a crash, a build or install failure) are results: retrying would only repeat
them. Infrastructure faults (device lost, frida-server gone, adb time-out, proxy down) say
nothing about the app, so the job goes to another device, up to `max_attempts` tries. A
device that fails `device_fault_limit` sessions in a row is taken out of the pool: a dead
phone must not eat the whole night's queue one retry at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.session.orchestrator import OutcomeKind


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 3
    device_fault_limit: int = 2
    # A session still running after this long is hung (an adb or Frida call that never
    # returns): given up as an infrastructure fault, and its device leaves the pool.
    session_timeout_s: float = 600.0

    def retry(
        self, outcome: OutcomeKind, attempt_number: int, max_attempts: int | None = None
    ) -> bool:
        limit = self.max_attempts if max_attempts is None else max_attempts
        return outcome is OutcomeKind.INFRA_FAULT and attempt_number < limit

    def retire_device(self, consecutive_infra_faults: int) -> bool:
        return consecutive_infra_faults >= self.device_fault_limit


def may_take(device: str, tried: frozenset[str], active: frozenset[str]) -> bool:
    """Whether `device` should take a job that already ran on the devices in `tried`.

    An untried device always may; a tried one only when every device still in the pool has
    been tried (a one-device lab retries in place). Otherwise it leaves the job to another.
    """
    return device not in tried or active <= tried
