"""collect-before-consent, collect-after-refusal, share-before-consent on hand-built timelines.

(Migrated from tests/unit/test_rules.py and extended: findings now name their collector.)
"""

from __future__ import annotations

from harness.model import DataCategory, KnownIdentifier, Marker, MarkerKind, Phase
from tests.rules.builders import (
    IMEI,
    UMENG_FRAME,
    findings,
    flow,
    keys,
    marker,
    profile,
    read,
    timeline,
)

ANDROID_ID = "5f3c2e8a1d9b7460"
CONSENT_RULES = ("collect-before-consent", "collect-after-refusal", "share-before-consent")


def consent_keys(found):  # type: ignore[no-untyped-def]
    return {k for k in keys(found) if k[0] in CONSENT_RULES}


def test_reads_before_consent_are_findings_after_are_not() -> None:
    found = findings(
        timeline(
            [
                read(0, 1.0, DataCategory.DEVICE_ID, ret=IMEI),
                read(1, 2.0, DataCategory.DEVICE_ID, ret=IMEI),
                read(2, 3.0, DataCategory.ANDROID_ID, ret=ANDROID_ID),
                read(3, 12.0, DataCategory.LOCATION),
            ]
        )
    )
    assert consent_keys(found) == {
        ("collect-before-consent", "device_id", "pre_consent", "first_party"),
        ("collect-before-consent", "android_id", "pre_consent", "first_party"),
    }
    device = next(
        f
        for f in found
        if f.rule == "collect-before-consent" and f.category is DataCategory.DEVICE_ID
    )
    assert device.count == 2
    # The reads, then the consent tap that ended the pre-consent phase.
    assert [(e.kind, e.id) for e in device.evidence] == [
        ("event", "ev0000000"),
        ("event", "ev0000001"),
        ("marker", "m0002"),
    ]
    assert device.first_ts == 1.0 and device.phase is Phase.PRE_CONSENT
    assert device.regulation.startswith("《App违法违规收集使用个人信息行为认定方法》三、1")
    assert "3.1" in device.regulation_en and device.rule_pack


def test_an_sdk_read_and_an_app_read_are_two_findings_with_their_collectors() -> None:
    found = findings(
        timeline(
            [
                read(0, 1.0, DataCategory.DEVICE_ID, ret=IMEI),
                read(1, 1.5, DataCategory.DEVICE_ID, ret=IMEI, frame=UMENG_FRAME),
            ]
        )
    )
    before = [f for f in found if f.rule == "collect-before-consent"]
    assert sorted(f.collector for f in before) == ["Umeng Analytics", "first_party"]
    umeng = next(f for f in before if f.collector != "first_party")
    assert umeng.details["sdk_id"] == "canonical:umeng-analytics"
    assert umeng.details["attributed_by"] == UMENG_FRAME
    assert [e.id for e in umeng.evidence] == ["ev0000001", "m0002"]


def test_value_read_by_a_hook_is_found_in_third_party_traffic() -> None:
    # Not configured as known: the matcher learns the value from the hook's return value.
    found = findings(
        timeline(
            [read(0, 1.0, DataCategory.DEVICE_ID, ret=IMEI)],
            [
                flow(
                    "f1", 2.0, "https://alog.umeng.com/app_logs", f"appkey=x&imei={IMEI}".encode()
                ),
                flow("f2", 2.5, "https://alog.umeng.com/ping", b"nothing personal"),
                flow("f3", 11.0, "https://alog.umeng.com/app_logs", f"imei={IMEI}".encode()),
            ],
        )
    )
    shared = [f for f in found if f.rule == "share-before-consent"]
    assert len(shared) == 1
    assert shared[0].category is DataCategory.DEVICE_ID
    assert [e.id for e in shared[0].evidence] == ["f1", "m0002"]
    assert shared[0].details["receivers"] == ["alog.umeng.com"]
    # By the host's network signature: several Umeng SDKs share the domain.
    assert shared[0].collector == "Umeng"


def test_an_unknown_third_party_is_named_by_its_host() -> None:
    found = findings(
        timeline([], [flow("f1", 2.0, f"https://t.example.net/c?imei={IMEI}")]),
        known=[KnownIdentifier(DataCategory.DEVICE_ID, IMEI, "devices.yaml")],
    )
    assert keys(found, "share-before-consent") == {
        ("share-before-consent", "device_id", "pre_consent", "t.example.net")
    }


def test_first_party_traffic_before_consent_is_collection_not_sharing() -> None:
    found = findings(
        timeline([], [flow("f1", 2.0, f"https://api.harnesslab.com/register?imei={IMEI}")]),
        known=[KnownIdentifier(DataCategory.DEVICE_ID, IMEI, "devices.yaml")],
    )
    assert consent_keys(found) == {
        ("collect-before-consent", "device_id", "pre_consent", "first_party")
    }
    before = next(f for f in found if f.rule == "collect-before-consent")
    assert before.evidence[0].kind == "flow"


def test_nothing_before_consent_means_no_consent_findings() -> None:
    found = findings(
        timeline(
            [read(0, 12.0, DataCategory.DEVICE_ID, ret=IMEI)],
            [flow("f1", 13.0, f"https://alog.umeng.com/x?imei={IMEI}")],
        )
    )
    assert consent_keys(found) == set()


def test_read_within_clock_uncertainty_of_the_tap_is_not_judged() -> None:
    # CLOCK has 1 ms uncertainty: a read 0.5 ms before the tap may really have come after it.
    found = findings(
        timeline(
            [read(0, 9.9995, DataCategory.LOCATION), read(1, 5.0, DataCategory.DEVICE_ID, ret=IMEI)]
        )
    )
    before = [f for f in found if f.rule == "collect-before-consent"]
    assert [f.key() for f in before] == [("collect-before-consent", "device_id", "pre_consent")]


def test_reads_and_sends_after_refusal_are_collect_after_refusal() -> None:
    found = findings(
        timeline(
            [
                read(0, 1.0, DataCategory.ANDROID_ID, ret=ANDROID_ID),
                read(1, 12.0, DataCategory.IMSI, ret="460001234567890"),
                read(2, 13.0, DataCategory.IMSI, ret="460001234567890", frame=UMENG_FRAME),
            ],
            [
                # After refusal even the app's own server may not receive it.
                flow("f1", 14.0, "https://api.harnesslab.com/a?imsi=460001234567890"),
                flow("f2", 15.0, "https://ulogs.umeng.com/b?imsi=460001234567890"),
            ],
            consent=MarkerKind.CONSENT_REFUSE,
        )
    )
    assert keys(found, "collect-after-refusal") == {
        ("collect-after-refusal", "imsi", "refused", "first_party"),
        ("collect-after-refusal", "imsi", "refused", "Umeng Analytics"),  # by its stack
        ("collect-after-refusal", "imsi", "refused", "Umeng"),  # by the host it sent to
    }
    app = next(
        f for f in found if f.rule == "collect-after-refusal" and f.collector == "first_party"
    )
    assert [e.id for e in app.evidence] == ["ev0000001", "f1", "m0002"]  # m0002: the refusal
    # Before the refusal it was plain collection before consent.
    assert keys(found, "collect-before-consent") == {
        ("collect-before-consent", "android_id", "pre_consent", "first_party")
    }
    assert keys(found, "share-before-consent") == set()


def test_accepting_means_no_refusal_findings() -> None:
    found = findings(timeline([read(0, 12.0, DataCategory.IMSI)]))
    assert keys(found, "collect-after-refusal") == set()


def test_profile_own_domains_decide_first_party() -> None:
    tl = timeline([], [flow("f1", 2.0, f"https://cdn.partner.cn/x?imei={IMEI}")])
    known = [KnownIdentifier(DataCategory.DEVICE_ID, IMEI, "devices.yaml")]
    as_third = findings(tl, profile(own=()), known=known)
    as_first = findings(tl, profile(own=("partner.cn",)), known=known)
    assert {f.rule for f in as_third} >= {"share-before-consent"}
    assert "share-before-consent" not in {f.rule for f in as_first}
    assert "collect-before-consent" in {f.rule for f in as_first}


def test_the_consent_tap_and_its_screens_are_cited() -> None:
    screens = ("ui/0002.xml", "ui/0002.png")
    tap = Marker("m0002", 10.0, MarkerKind.CONSENT_ACCEPT, "tapped 同意", screens)
    launch = marker(1, 0.0, MarkerKind.LAUNCH)
    tl = timeline([read(0, 1.0, DataCategory.DEVICE_ID)], markers=[launch, tap])
    (before,) = [f for f in findings(tl) if f.rule == "collect-before-consent"]
    assert [(e.kind, e.id) for e in before.evidence] == [
        ("event", "ev0000000"),
        ("marker", "m0002"),
        ("file", "ui/0002.xml"),
        ("file", "ui/0002.png"),
    ]
    assert before.count == 1
