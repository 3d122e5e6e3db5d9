"""The device clock's offset from the host clock, with its round-trip uncertainty.

Each sample reads the device's wall clock between two host readings t0 and t1; the device
instant lies somewhere in [t0, t1], so offset = device - (t0 + t1) / 2 with uncertainty
(t1 - t0) / 2. The sample with the shortest round trip is the tightest and is kept.
device_time - offset_s = host_time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from harness.android.parse_sys import parse_epoch
from harness.errors import InfrastructureError
from harness.model import ClockOffset

DEVICE_NOW = "date +%s.%N"


METHOD = "adb-shell-date"


def offset_from_sample(t0: float, device_text: str, t1: float) -> ClockOffset | None:
    device = parse_epoch(device_text)
    if device is None:
        return None
    half_rtt = (t1 - t0) / 2
    # Whole seconds only: the true instant is anywhere in [device, device + 1).
    coarse = "." not in device_text.strip() or device_text.strip().endswith("N")
    if coarse:
        device += 0.5
        half_rtt += 0.5
    return ClockOffset(device - (t0 + t1) / 2, half_rtt, METHOD)


def measure_offset(
    run: Callable[[str], str],
    samples: int = 7,
    now: Callable[[], float] = time.time,
) -> ClockOffset:
    """Best of `samples` round trips of `run(DEVICE_NOW)` (e.g. DeviceShell.run)."""
    best: ClockOffset | None = None
    for _ in range(samples):
        t0 = now()
        text = run(DEVICE_NOW)
        t1 = now()
        sample = offset_from_sample(t0, text, t1)
        if sample is not None and (best is None or sample.uncertainty_s < best.uncertainty_s):
            best = sample
    if best is None:
        raise InfrastructureError(f"device clock unreadable: `{DEVICE_NOW}` printed {text!r}")
    return best
