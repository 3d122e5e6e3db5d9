"""Scoring analyses each flow once: the rules and the bundle's flow rows share the records.

`score_timeline` returns the per-flow analyses (receiver and identifier matches) its rules
judged by; a session writes them on events.jsonl's flow rows instead of matching the flows
again. They must be what a separate `analyze_flows` pass over the device's identifiers plus
those the app read finds, duplicates and blank values included.
"""

from __future__ import annotations

import hashlib

from harness.model import DataCategory, KnownIdentifier, Receiver
from harness.rules.engine import build_context, receiver_of
from harness.rules.scoring import ScoringInputs, score_timeline
from harness.timeline import Timeline
from harness.traffic.analysis import ANALYSIS_KEY, analyze_flows, with_analyses
from harness.traffic.observed import observed_values
from tests.rules.builders import IMEI, default_pack, flow, profile, read, sdk_db, timeline

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


def _inputs() -> ScoringInputs:
    return ScoringInputs(profile(), "app.yaml", KNOWN, None)


def test_scoring_returns_what_a_separate_analysis_pass_finds() -> None:
    tl = _timeline()
    outcome = score_timeline(tl, _inputs(), default_pack(), sdk_db=sdk_db())
    separate = analyze_flows(
        (timed.flow for timed in tl.flows),
        [*KNOWN, *observed_values((t.event for t in tl.events), profile().package)],
        profile(),
        sdk_db(),
    )
    assert outcome.analyses == tuple(separate)
    by_flow = {a.flow_id: a for a in outcome.analyses}
    assert [a.flow_id for a in outcome.analyses] == [t.flow.id for t in tl.flows]
    umeng, own, cdn = (by_flow[t.flow.id] for t in tl.flows)
    assert {(m.category, m.encoding) for m in umeng.matches} == {
        (DataCategory.DEVICE_ID, "plain"),
        (DataCategory.SERIAL, "plain"),
    }
    assert (umeng.attribution.sdk, umeng.attribution.receiver) == ("Umeng", Receiver.THIRD_PARTY)
    assert [(m.category, m.encoding) for m in own.matches] == [(DataCategory.ANDROID_ID, "md5")]
    assert own.attribution.receiver is Receiver.FIRST_PARTY
    assert cdn.matches == ()


def test_the_rules_read_the_same_analyses() -> None:
    tl = _timeline()
    context = build_context(tl, profile(), KNOWN, pack=default_pack(), sdk_db=sdk_db())
    assert context.analyses
    for analysis in context.analyses:
        assert context.flow_matches[analysis.flow_id] == analysis.matches
        assert context.receivers[analysis.flow_id] == receiver_of(analysis.attribution)


def test_the_flow_rows_carry_scorings_analyses() -> None:
    tl = _timeline()
    outcome = score_timeline(tl, _inputs(), default_pack(), sdk_db=sdk_db())
    rows = with_analyses(tl.records_json(), outcome.analyses)
    flow_rows = [row for row in rows if row["type"] == "flow"]
    assert [row[ANALYSIS_KEY] for row in flow_rows] == [a.to_json() for a in outcome.analyses]
    assert all(ANALYSIS_KEY not in row for row in rows if row["type"] != "flow")
