from __future__ import annotations

from harness.model import ClockOffset, DataCategory, KnownIdentifier, MarkerKind, Phase
from harness.profile import AppProfile
from harness.rules.engine import build_context, score
from harness.rules.pack import load_rule_pack
from harness.timeline import build_timeline
from tests.unit.records import flow, hook, marker

CLOCK = ClockOffset(0.0, 0.001, "same-host")
PROFILE = AppProfile(package="com.harnesslab.calibration", own_domains=("harnesslab.com",))
IMEI = "867530912345678"


def _score(events, flows, consent_ts: float = 10.0, known=()):
    timeline = build_timeline(
        [marker(1, 0.0, MarkerKind.LAUNCH), marker(2, consent_ts, MarkerKind.CONSENT_ACCEPT)],
        events,
        flows,
        CLOCK,
        0.0,
        30.0,
    )
    context = build_context(timeline, PROFILE, known)
    return score(timeline, context, load_rule_pack())


def test_reads_before_consent_are_findings_after_are_not() -> None:
    findings = _score(
        [
            hook(0, 1.0, DataCategory.DEVICE_ID, IMEI),
            hook(1, 2.0, DataCategory.DEVICE_ID, IMEI),
            hook(2, 3.0, DataCategory.ANDROID_ID, "9774d56d682e549c"),
            hook(3, 12.0, DataCategory.LOCATION),
        ],
        [],
    )
    assert {f.key() for f in findings} == {
        ("collect-before-consent", "device_id", "pre_consent"),
        ("collect-before-consent", "android_id", "pre_consent"),
    }
    device = next(f for f in findings if f.category is DataCategory.DEVICE_ID)
    assert device.count == 2 and [e.id for e in device.evidence] == ["ev0000000", "ev0000001"]
    assert device.first_ts == 1.0 and device.phase is Phase.PRE_CONSENT


def test_value_read_by_a_hook_is_found_in_third_party_traffic() -> None:
    # Not configured as known: the matcher learns the value from the hook's return value.
    findings = _score(
        [hook(0, 1.0, DataCategory.DEVICE_ID, IMEI)],
        [
            flow("f1", 2.0, "https://alog.umeng.com/app_logs", f"appkey=x&imei={IMEI}".encode()),
            flow("f2", 2.5, "https://alog.umeng.com/ping", b"nothing personal"),
            flow("f3", 11.0, "https://alog.umeng.com/app_logs", f"imei={IMEI}".encode()),
        ],
    )
    shared = [f for f in findings if f.rule == "share-before-consent"]
    assert len(shared) == 1
    assert shared[0].category is DataCategory.DEVICE_ID
    assert [e.id for e in shared[0].evidence] == ["f1"]
    assert shared[0].details["receivers"] == ["alog.umeng.com"]


def test_first_party_traffic_before_consent_is_collection_not_sharing() -> None:
    findings = _score(
        [],
        [flow("f1", 2.0, f"https://api.harnesslab.com/register?imei={IMEI}")],
        known=[KnownIdentifier(DataCategory.DEVICE_ID, IMEI, "devices.yaml")],
    )
    assert [f.key() for f in findings] == [("collect-before-consent", "device_id", "pre_consent")]
    assert findings[0].evidence[0].kind == "flow"


def test_nothing_before_consent_means_no_findings() -> None:
    assert (
        _score(
            [hook(0, 12.0, DataCategory.DEVICE_ID, IMEI)],
            [flow("f1", 13.0, f"https://alog.umeng.com/x?imei={IMEI}")],
        )
        == []
    )


def test_read_within_clock_uncertainty_of_the_tap_is_not_judged() -> None:
    # CLOCK has 1 ms uncertainty: a read 0.5 ms before the tap may really have come after it.
    findings = _score(
        [hook(0, 9.9995, DataCategory.LOCATION), hook(1, 5.0, DataCategory.DEVICE_ID, IMEI)], []
    )
    assert [f.key() for f in findings] == [("collect-before-consent", "device_id", "pre_consent")]
