from __future__ import annotations

import pytest

from harness.model import ClockOffset, DataCategory, MarkerKind, Phase
from harness.testkit.records import hook, marker
from harness.timeline import build_timeline

SAME_HOST = ClockOffset(0.0, 0.001, "same-host")


@pytest.mark.parametrize(
    ("kind", "ts", "phase"),
    [
        (MarkerKind.CONSENT_ACCEPT, 5.0, Phase.PRE_CONSENT),
        (MarkerKind.CONSENT_ACCEPT, 15.0, Phase.POST_CONSENT),
        (MarkerKind.CONSENT_REFUSE, 5.0, Phase.PRE_CONSENT),
        (MarkerKind.CONSENT_REFUSE, 15.0, Phase.REFUSED),
        (MarkerKind.CONSENT_NOT_FOUND, 15.0, Phase.PRE_CONSENT),
    ],
)
def test_phase_follows_the_consent_marker(kind: MarkerKind, ts: float, phase: Phase) -> None:
    timeline = build_timeline(
        [marker(1, 0.0, MarkerKind.LAUNCH), marker(2, 10.0, kind)],
        [hook(0, ts, DataCategory.DEVICE_ID)],
        [],
        SAME_HOST,
        0.0,
        20.0,
    )
    assert timeline.events[0].placement.phase is phase


def test_background_span_and_near_change_flag() -> None:
    markers = [
        marker(1, 0.0, MarkerKind.LAUNCH),
        marker(2, 10.0, MarkerKind.CONSENT_ACCEPT),
        marker(3, 12.0, MarkerKind.BACKGROUND_START),
        marker(4, 14.0, MarkerKind.BACKGROUND_END),
    ]
    events = [
        hook(0, 10.0005, DataCategory.LOCATION),
        hook(1, 13.0, DataCategory.LOCATION),
        hook(2, 14.5, DataCategory.LOCATION),
        hook(3, 9.0, DataCategory.LOCATION),
    ]
    timeline = build_timeline(markers, events, [], SAME_HOST, 0.0, 20.0)
    placed = {t.event.seq: t.placement for t in timeline.events}
    assert placed[0].near_phase_change and placed[0].phase is Phase.POST_CONSENT
    assert not placed[3].near_phase_change and placed[3].phase is Phase.PRE_CONSENT
    assert placed[1].background and not placed[2].background


def test_device_clock_is_converted_to_host_clock() -> None:
    # The device runs 100 s ahead: its event at 105 happened at host 5, before consent at 10.
    clock = ClockOffset(100.0, 0.01, "test")
    timeline = build_timeline(
        [marker(1, 10.0, MarkerKind.CONSENT_ACCEPT)],
        [hook(0, 105.0, DataCategory.ANDROID_ID)],
        [],
        clock,
        0.0,
        20.0,
    )
    assert timeline.events[0].event.ts == pytest.approx(5.0)
    assert timeline.events[0].placement.phase is Phase.PRE_CONSENT


def test_records_json_is_in_time_order() -> None:
    timeline = build_timeline(
        [marker(1, 0.0, MarkerKind.LAUNCH), marker(2, 2.0, MarkerKind.CONSENT_ACCEPT)],
        [hook(1, 3.0, DataCategory.LOCATION), hook(0, 1.0, DataCategory.DEVICE_ID)],
        [],
        SAME_HOST,
        0.0,
        5.0,
    )
    rows = timeline.records_json()
    assert [r["ts"] for r in rows] == sorted(r["ts"] for r in rows)
    assert [r["type"] for r in rows] == ["marker", "hook", "marker", "hook"]
    assert rows[1]["phase"] == "pre_consent" and rows[3]["phase"] == "post_consent"
