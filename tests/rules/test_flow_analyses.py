"""Each flow is analysed once, by the traffic layer; the rules and the flow rows read that.

`analyse_timeline` puts each flow's analysis (receiver and identifier matches) on the
timeline; the rules read it (the context's matches and receivers are those records) and the
timeline's rows carry it under `analysis`. It must be what a separate `analyze_flows` pass
over the device's identifiers plus those the app read finds, duplicates and blank values
included.
"""

from __future__ import annotations

import hashlib

from harness.model import DataCategory, KnownIdentifier, Receiver
from harness.rules.engine import build_context, receiver_of
from harness.timeline import ANALYSIS_KEY, Timeline
from harness.traffic.analysis import analyse_timeline, analyze_flows
from harness.traffic.observed import observed_values
from tests.rules.builders import IMEI, default_pack, findings, flow, profile, read, sdk_db, timeline

ANDROID_ID = "5f3c2e8a1d9b7460"
KNOWN = (
    KnownIdentifier(DataCategory.DEVICE_ID, IMEI, "devices.yaml"),
    # A value the app also reads (below): known twice, once from the device, once observed.
    KnownIdentifier(DataCategory.SERIAL, "HLAB0001XYZ", "devices.yaml"),
    KnownIdentifier(DataCategory.IMSI, "  ", "bundle"),  # blank: never searched for
)


def _timeline() -> Timeline:
    events = [
        read(0, 1.0, DataCategory.DEVICE_ID, ret=IMEI),
        read(1, 2.0, DataCategory.ANDROID_ID, ret=ANDROID_ID),  # only observed
        read(2, 3.0, DataCategory.SERIAL, ret="HLAB0001XYZ"),
    ]
    md5_id = hashlib.md5(ANDROID_ID.encode()).hexdigest()
    flows = [
        flow("f1", 4.0, "https://alog.umeng.com/app_logs", f"imei={IMEI}&s=HLAB0001XYZ".encode()),
        flow("f2", 5.0, f"https://api.harnesslab.com/v1/hello?aid={md5_id}"),
        flow("f3", 6.0, "https://cdn.example.net/static/logo.png"),
    ]
    return timeline(events, flows)


def test_the_analysed_timeline_carries_what_a_separate_analysis_pass_finds() -> None:
    tl = analyse_timeline(_timeline(), KNOWN, profile(), sdk_db())
    separate = analyze_flows(
        (timed.flow for timed in tl.flows),
        [*KNOWN, *observed_values((t.event for t in tl.events), profile().package)],
        profile(),
        sdk_db(),
    )
    assert [t.analysis for t in tl.flows] == separate
    umeng, own, cdn = separate
    assert {(m.category, m.encoding) for m in umeng.matches} == {
        (DataCategory.DEVICE_ID, "plain"),
        (DataCategory.SERIAL, "plain"),
    }
    assert (umeng.attribution.sdk, umeng.attribution.receiver) == ("Umeng", Receiver.THIRD_PARTY)
    assert [(m.category, m.encoding) for m in own.matches] == [(DataCategory.ANDROID_ID, "md5")]
    assert own.attribution.receiver is Receiver.FIRST_PARTY
    assert cdn.matches == ()


def test_the_rules_read_the_timelines_analyses() -> None:
    tl = analyse_timeline(_timeline(), KNOWN, profile(), sdk_db())
    context = build_context(tl, profile(), pack=default_pack(), sdk_db=sdk_db())
    for timed in tl.flows:
        analysis = timed.analysis
        assert analysis is not None
        assert context.flow_matches[analysis.flow_id] == analysis.matches
        assert context.receivers[analysis.flow_id] == receiver_of(analysis.attribution)


def test_an_unanalysed_timeline_gives_the_rules_no_match() -> None:
    # The rules match nothing themselves: a flow nobody analysed carries no identifier.
    tl = _timeline()
    context = build_context(tl, profile(), pack=default_pack(), sdk_db=sdk_db())
    assert context.flow_matches == {}
    assert findings(tl, known=KNOWN)  # analysed (as builders do), the same flows are shared
    assert any(f.rule == "share-before-consent" for f in findings(tl, known=KNOWN))


def test_the_flow_rows_carry_the_analyses() -> None:
    tl = analyse_timeline(_timeline(), KNOWN, profile(), sdk_db())
    rows = tl.records_json()
    flow_rows = [row for row in rows if row["type"] == "flow"]
    assert [row[ANALYSIS_KEY] for row in flow_rows] == [
        t.analysis.to_json() for t in tl.flows if t.analysis is not None
    ]
    assert all(ANALYSIS_KEY not in row for row in rows if row["type"] != "flow")
    assert all(ANALYSIS_KEY not in row for row in _timeline().records_json())
