"""Device-host clock offset with round-trip uncertainty."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.android.clock import ClockOffset, measure_offset, offset_from_sample
from harness.android.shell import DeviceShell
from harness.errors import InfrastructureError


@pytest.mark.parametrize(
    ("t0", "text", "t1", "expected"),
    [
        (100.0, "112.5\n", 101.0, ClockOffset(12.0, 0.5, "adb-shell-date")),
        (100.0, "100.25", 100.5, ClockOffset(0.0, 0.25, "adb-shell-date")),
        (100.0, "99.0", 100.0, ClockOffset(-1.0, 0.0, "adb-shell-date")),
        # No %N support: whole seconds, so half a second more uncertainty.
        (100.0, "110.N", 100.2, ClockOffset(10.4, 0.6, "adb-shell-date")),
        (100.0, "garbage", 101.0, None),
    ],
)
def test_offset_from_sample(t0: float, text: str, t1: float, expected: ClockOffset | None) -> None:
    got = offset_from_sample(t0, text, t1)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert got.offset_s == pytest.approx(expected.offset_s)
        assert got.uncertainty_s == pytest.approx(expected.uncertainty_s)


def test_best_round_trip_wins() -> None:
    # Host clock ticks: (t0, t1) pairs with round trips of 0.2, 0.02 and 0.1 s.
    ticks: Iterator[float] = iter([10.0, 10.2, 20.0, 20.02, 30.0, 30.1])
    device = iter(["15.1", "25.01", "35.05"])
    offset = measure_offset(lambda _cmd: next(device), samples=3, now=lambda: next(ticks))
    assert offset.offset_s == pytest.approx(5.0)
    assert offset.uncertainty_s == pytest.approx(0.01)
    assert offset.to_host(25.01) == pytest.approx(20.01)


def test_unreadable_clock() -> None:
    with pytest.raises(InfrastructureError, match="unreadable"):
        measure_offset(lambda _cmd: "date: unknown option", samples=2)


def test_against_standin(phone_shell: DeviceShell) -> None:
    offset = measure_offset(phone_shell.run, samples=3)
    assert offset.uncertainty_s < 2  # local socket round trips
    assert offset.to_json().keys() == {"offset_s", "uncertainty_s", "method"}
    assert offset.method == "adb-shell-date"
