"""collect-after-withdrawal and no-withdrawal-path on hand-built timelines."""

from __future__ import annotations

from dataclasses import replace

from harness.model import DataCategory, KnownIdentifier, MarkerKind
from tests.rules.builders import (
    IMEI,
    UMENG_FRAME,
    findings,
    flow,
    keys,
    marker,
    read,
    timeline,
)

ANDROID_ID = "5f3c2e8a1d9b7460"


def withdrawn_at(ts: float, *more: tuple[float, MarkerKind]) -> list:  # type: ignore[type-arg]
    made = [
        marker(1, 0.0, MarkerKind.LAUNCH),
        marker(2, 5.0, MarkerKind.CONSENT_ACCEPT),
        replace(marker(3, ts, MarkerKind.CONSENT_WITHDRAWN), evidence=("ui/0007-withdraw.xml",)),
    ]
    made += [marker(4 + i, t, kind) for i, (t, kind) in enumerate(more)]
    return made


def test_reads_and_sends_after_the_withdrawal_are_findings_before_it_not() -> None:
    tl = timeline(
        [
            read(0, 6.0, DataCategory.ANDROID_ID, ret=ANDROID_ID),  # after consent: allowed
            read(1, 21.0, DataCategory.ANDROID_ID, ret=ANDROID_ID),
            read(2, 25.0, DataCategory.DEVICE_ID, ret=IMEI, frame=UMENG_FRAME),
        ],
        [
            flow("f1", 7.0, f"https://api.harnesslab.com/a?id={ANDROID_ID}"),
            flow("f2", 22.0, f"https://api.harnesslab.com/a?id={ANDROID_ID}"),
            flow("f3", 26.0, f"https://alog.umeng.com/app_logs?imei={IMEI}"),
        ],
        markers=withdrawn_at(20.0),
    )
    known = [KnownIdentifier(DataCategory.DEVICE_ID, IMEI, "imei")]
    found = findings(tl, known=known)
    assert keys(found, "collect-after-withdrawal") == {
        ("collect-after-withdrawal", "android_id", "withdrawn", "first_party"),
        # The SDK's read (named by its stack) and its upload (named by the host).
        ("collect-after-withdrawal", "device_id", "withdrawn", "Umeng Analytics"),
        ("collect-after-withdrawal", "device_id", "withdrawn", "Umeng"),
    }
    own = next(
        f
        for f in found
        if f.rule == "collect-after-withdrawal" and f.category.value == "android_id"
    )
    # The read and the flow after the withdrawal, then the withdrawal marker and its screen.
    assert [e.id for e in own.evidence] == ["ev0000001", "f2", "m0003", "ui/0007-withdraw.xml"]
    assert own.count == 2 and own.first_ts == 21.0
    # The consent rules judge none of it (nothing before consent, no refusal).
    consent_rules = ("collect-before-consent", "collect-after-refusal", "share-before-consent")
    assert not [f for f in found if f.rule in consent_rules]


def test_no_withdrawal_no_finding_and_a_new_accept_ends_the_phase() -> None:
    never = timeline([read(0, 30.0, DataCategory.ANDROID_ID, ret=ANDROID_ID)])
    assert not keys(findings(never), "collect-after-withdrawal")
    again = timeline(
        [read(0, 30.0, DataCategory.ANDROID_ID, ret=ANDROID_ID)],
        markers=withdrawn_at(20.0, (25.0, MarkerKind.CONSENT_ACCEPT)),
    )
    assert not keys(findings(again), "collect-after-withdrawal")


def test_a_read_at_the_withdrawal_tap_is_not_judged_but_named() -> None:
    tl = timeline(
        [
            read(0, 20.0005, DataCategory.ANDROID_ID, ret=ANDROID_ID),  # within the clock's 1 ms
            read(1, 24.0, DataCategory.ANDROID_ID, ret=ANDROID_ID),
        ],
        markers=withdrawn_at(20.0),
    )
    (finding,) = [f for f in findings(tl) if f.rule == "collect-after-withdrawal"]
    assert finding.count == 1 and finding.details["near_phase_change"] == ["ev0000000"]


def test_no_withdrawal_path_cites_the_search_and_its_screens() -> None:
    searched = replace(
        marker(3, 30.0, MarkerKind.WITHDRAWAL_NOT_FOUND),
        detail="line 12: no way to withdraw consent within 5 taps (nothing left to try)",
        evidence=(
            "ui/0005-withdraw-search-01.xml",
            "ui/0005-withdraw-search-01.png",
            "ui/0006-withdraw-search-02.xml",
            "ui/0006-withdraw-search-02.png",
        ),
    )
    tl = timeline(
        markers=[
            marker(1, 0.0, MarkerKind.LAUNCH),
            marker(2, 5.0, MarkerKind.CONSENT_ACCEPT),
            searched,
        ]
    )
    (finding,) = [f for f in findings(tl) if f.rule == "no-withdrawal-path"]
    assert (finding.phase.value, finding.collector, finding.category) == (
        "post_consent",
        "first_party",
        None,
    )
    assert finding.evidence[0].id == "m0003"
    assert len(finding.evidence) == 5 and finding.count == 1
    assert finding.details["screens_visited"] == 2
    assert finding.details["bound"] == {"max_depth": 5, "max_taps": 30}
    assert "三、8" in finding.regulation
    # A search that found the way leaves no such marker: no finding.
    assert not keys(findings(timeline(markers=withdrawn_at(20.0))), "no-withdrawal-path")
