"""excessive-frequency (sliding window, per category and collector) and background-collection."""

from __future__ import annotations

import pytest

from harness.model import DataCategory, MarkerKind, Phase
from harness.rules.pack import FrequencyParams, RuleDef, rule_params
from tests.rules.builders import (
    UMENG_FRAME,
    default_pack,
    keys,
    marker,
    profile,
    read,
    scored,
    timeline,
)

AID = DataCategory.ANDROID_ID


def _reads(times: list[float], category: DataCategory = AID, **kwargs: str) -> list:  # type: ignore[type-arg]
    return [read(i, t, category, **kwargs) for i, t in enumerate(times)]


def _frequency(events: list, **params: float) -> list:  # type: ignore[type-arg]
    pack = default_pack()
    if params:
        rule = pack.rules["excessive-frequency"]
        new_rule = RuleDef(**{**rule.model_dump(), "params": {**rule.params, **params}})
        pack = pack.model_copy(update={"rules": {**pack.rules, "excessive-frequency": new_rule}})
    found = scored(timeline(events, end=400.0), profile(), pack=pack).findings
    return [f for f in found if f.rule == "excessive-frequency"]


@pytest.mark.parametrize(
    ("period_s", "reads", "tripped"),
    [
        (2.0, 16, True),  # every 2 s: 15 reads in a 30 s window > 10
        (3.0, 16, False),  # every 3 s: exactly 10 per 30 s window (a read at +30 s is outside)
        (2.9, 16, True),  # 11 reads fit within 29 s
        (30.0, 12, False),  # every 30 s: the 164 doc's tolerable pace
        (0.2, 10, False),  # fast, but only 10 reads in all
        (0.2, 11, True),
    ],
)
def test_the_window_and_the_limit(period_s: float, reads: int, tripped: bool) -> None:
    found = _frequency(_reads([12.0 + i * period_s for i in range(reads)]))
    assert bool(found) is tripped


def test_the_finding_cites_the_first_window_over_the_limit() -> None:
    times = [12.0 + i * 0.5 for i in range(40)]
    (finding,) = _frequency(_reads(times))
    assert finding.count == 40 and finding.first_ts == 12.0
    assert len(finding.evidence) == 11  # the limit + 1 reads that broke it
    assert finding.details["fullest_window"] == 40 and finding.phase is Phase.POST_CONSENT


def test_accessors_of_one_collection_count_once() -> None:
    # getLastKnownLocation, getLatitude, getLongitude within microseconds: one read each second.
    events = []
    for i in range(20):
        t = 12.0 + i
        events += [read(3 * i + k, t + k * 1e-5, DataCategory.LOCATION) for k in range(3)]
    assert _frequency(events) != []  # 20 reads in 20 s
    assert _frequency(events, max_reads=25) == []  # would trip at 60 if each call counted
    assert _frequency(events, coalesce_s=0.0, max_reads=25) != []


def test_reads_on_other_threads_are_not_merged() -> None:
    events = [read(2 * i + k, 12.0 + i, AID, thread=f"t{k}") for i in range(6) for k in range(2)]
    assert _frequency(events, max_reads=12) == []  # 12 reads, 2 threads, in 6 s
    assert _frequency(events, max_reads=11) != []
    assert _frequency(events, max_reads=11, coalesce_s=0.5) != []  # threads stay apart


def test_each_collector_is_counted_apart() -> None:
    app = _reads([12.0 + i for i in range(8)])
    sdk = [read(100 + i, 12.5 + i, AID, frame=UMENG_FRAME) for i in range(8)]
    assert _frequency(app + sdk) == []  # 16 reads together, 8 each
    found = _frequency(app + sdk, max_reads=7)
    assert sorted(f.collector for f in found) == ["Umeng Analytics", "first_party"]


def test_params_are_typed() -> None:
    params = rule_params(default_pack().rules["excessive-frequency"], FrequencyParams)
    assert params.coalesce_s == 0.05


def test_reads_in_the_background_are_findings() -> None:
    markers = [
        marker(1, 0.0, MarkerKind.LAUNCH),
        marker(2, 5.0, MarkerKind.CONSENT_ACCEPT),
        marker(3, 10.0, MarkerKind.BACKGROUND_START),
        marker(4, 20.0, MarkerKind.BACKGROUND_END),
    ]
    events = [
        read(0, 9.0, DataCategory.LOCATION),
        read(1, 11.0, DataCategory.LOCATION, thread="timer"),
        read(2, 12.0, DataCategory.LOCATION, thread="timer"),
        read(3, 15.0, DataCategory.WIFI_INFO, frame=UMENG_FRAME),
        read(4, 21.0, DataCategory.LOCATION),
    ]
    found = scored(timeline(events, markers=markers), profile()).findings
    assert keys(found, "background-collection") == {
        ("background-collection", "location", "post_consent", "first_party"),
        ("background-collection", "wifi_info", "post_consent", "Umeng Analytics"),
    }
    loc = next(
        f
        for f in found
        if f.rule == "background-collection" and f.category is DataCategory.LOCATION
    )
    assert [e.id for e in loc.evidence] == ["ev0000001", "ev0000002", "m0003"]  # + going away
    assert loc.details["threads"] == ["timer"]


def test_background_until_the_end_when_the_app_never_came_back() -> None:
    markers = [marker(1, 0.0, MarkerKind.LAUNCH), marker(2, 10.0, MarkerKind.BACKGROUND_START)]
    found = scored(timeline([read(0, 50.0, AID)], markers=markers), profile()).findings
    assert keys(found, "background-collection") == {
        ("background-collection", "android_id", "pre_consent", "first_party")
    }


def test_no_background_no_findings() -> None:
    found = scored(timeline([read(0, 15.0, AID)]), profile()).findings
    assert keys(found, "background-collection") == set()
