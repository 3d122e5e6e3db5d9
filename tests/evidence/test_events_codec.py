"""events.jsonl's one codec: each record type written as a line and read back unchanged.

Also the other shared record codecs of a bundle: a flow's analysis (on its row) and a
finding's key (FindingKey, from a finding and from its findings.json row), and the
write-aside-then-rename helper every finished file goes through.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.atomicfile import staged, write_atomically
from harness.errors import InputError
from harness.evidence.events import (
    decode_analysis,
    decode_line,
    decode_record,
    encode_line,
    encode_lines,
    read_judged_records,
)
from harness.model import (
    Attribution,
    ClockOffset,
    ContextEvent,
    DataCategory,
    EvidenceRef,
    Finding,
    FindingKey,
    FlowAnalysis,
    HookEvent,
    IdentifierMatch,
    Marker,
    MarkerKind,
    PermissionAnswer,
    PermissionPrompt,
    PermissionRequest,
    Phase,
    Receiver,
    Severity,
)
from harness.testkit.records import flow
from harness.timeline import ANALYSIS_KEY, TimedFlow, Timeline, build_timeline

HOOK = HookEvent(
    id="ev0000001",
    seq=1,
    ts=1.5,
    category=DataCategory.DEVICE_ID,
    api="android.telephony.TelephonyManager.getDeviceId",
    signature="()",
    thread="main",
    args=("0", "设备"),
    ret="867530912345678",
    stack=("a.B.c(B.java:1)", "com.example.App.onCreate(App.java:10)"),
    entry="telephony.device_id",
    stack_id=3,
    process="com.example:push",
)
THREW = HookEvent(
    id="ev0000002",
    seq=2,
    ts=1.6,
    category=DataCategory.IMSI,
    api="android.telephony.TelephonyManager.getSubscriberId",
    signature="()",
    thread="worker-1",
    args=(),
    ret=None,
    stack=(),
    threw="java.lang.SecurityException: no permission",
)
CONTEXT = ContextEvent(
    id="cx0000001",
    seq=4,
    ts=1.7,
    topic="carrier",
    entry="telephony.carrier",
    api="android.telephony.TelephonyManager.getNetworkOperatorName",
    signature="()",
    thread="main",
    args=(),
    ret="中国移动",
    stack=("com.example.App.onCreate(App.java:11)",),
    stack_id=None,
)
MARKER = Marker("m0002", 2.0, MarkerKind.CONSENT_ACCEPT, "tapped 同意", ("ui/0002.png",))
REQUEST = PermissionRequest(
    id="pr0000001",
    seq=5,
    ts=2.5,
    api="android.app.Activity.requestPermissions",
    permissions=("android.permission.READ_PHONE_STATE",),
    thread="main",
    stack=("com.example.Main.ask(Main.java:3)",),
    process="com.example",
)
PROMPT = PermissionPrompt(
    id="pp0001",
    ts=2.6,
    permission="android.permission.READ_PHONE_STATE",
    answer=PermissionAnswer.DENY,
    answered_ts=2.9,
    package="com.example",
    evidence=("ui/0003.xml",),
)
UNANSWERED = PermissionPrompt(
    id="pp0002",
    ts=3.0,
    permission="android.permission.CAMERA",
    answer=PermissionAnswer.ALLOW,
    answered_ts=None,
    package="com.example",
)


def _line_round_trip(row: dict[str, object]) -> object:
    line = encode_line(row)
    assert line.endswith("\n") and line.count("\n") == 1
    return decode_record(decode_line(line))


@pytest.mark.parametrize(
    "record", [HOOK, THREW, CONTEXT, MARKER, REQUEST, PROMPT, UNANSWERED], ids=lambda r: r.id
)
def test_each_record_type_reads_back_as_written(
    record: HookEvent | ContextEvent | Marker | PermissionRequest | PermissionPrompt,
) -> None:
    assert _line_round_trip(record.to_json()) == record


def test_a_placed_record_reads_back_without_its_placement() -> None:
    # Rows carry the placement after the record's fields: it is the timeline's, not the
    # record's, and the timeline places the record again when it is rebuilt.
    tl = _timeline()
    rows = tl.records_json()
    placed = [row for row in rows if row["type"] != "marker"]
    assert len(placed) == len(rows) - 1
    assert all({"phase", "background", "near_phase_change"} <= set(row) for row in placed)
    back = [decode_record(decode_line(encode_line(row))) for row in rows]
    assert back == [HOOK, THREW, CONTEXT, MARKER, REQUEST, PROMPT, None]  # time order


def _analysis() -> FlowAnalysis:
    return FlowAnalysis(
        "f1",
        Attribution("alog.umeng.com", "umeng.com", Receiver.THIRD_PARTY, "Umeng", ("a", "b")),
        (
            IdentifierMatch("f1", DataCategory.DEVICE_ID, "867530912345678", "md5", "url", "9f"),
            IdentifierMatch("f1", DataCategory.ANDROID_ID, "5f3c", "plain", "body/json:$.a"),
        ),
    )


def _timeline() -> Timeline:
    return build_timeline(
        [MARKER],
        [HOOK, THREW],
        [flow("f1", 3.5, "https://alog.umeng.com/app_logs", b"imei=867530912345678")],
        ClockOffset(0.0, 0.001, "same-host"),
        0.0,
        10.0,
        permission_requests=[REQUEST],
        permission_prompts=[PROMPT],
        context_events=[CONTEXT],
    )


def test_a_flow_rows_analysis_reads_back_as_written() -> None:
    analysis = _analysis()
    assert FlowAnalysis.from_json(json.loads(json.dumps(analysis.to_json()))) == analysis
    timed = _timeline().flows[0]
    analysed = TimedFlow(timed.record, timed.placement, analysis)
    row = decode_line(encode_line(analysed.row()))
    assert row["type"] == "flow" and decode_record(row) is None  # bodies live in flows.mitm
    assert decode_analysis(row) == analysis
    assert decode_analysis(decode_line(encode_line(timed.row()))) is None
    assert ANALYSIS_KEY not in timed.row()


def test_a_finding_key_is_the_same_from_the_finding_and_from_its_row() -> None:
    finding = Finding(
        rule="share-before-consent",
        category=DataCategory.DEVICE_ID,
        phase=Phase.PRE_CONSENT,
        severity=Severity.HIGH,
        title="t",
        collector="Umeng",
        first_ts=3.5,
        count=1,
        evidence=(EvidenceRef("flow", "f1"),),
    )
    row = json.loads(json.dumps(finding.to_json()))
    key = FindingKey.of(finding)
    assert FindingKey.of_row(row) == key
    assert key == ("share-before-consent", "device_id", "pre_consent", "Umeng")
    assert finding.key() == key.judged == ("share-before-consent", "device_id", "pre_consent")
    bare = {"rule": "beyond-necessary", "category": None, "phase": None, "collector": None}
    assert FindingKey.of_row(bare) == ("beyond-necessary", "", "", "")


def test_events_jsonl_is_read_back_by_kind_and_a_bad_row_names_its_line(tmp_path: Path) -> None:
    tl = _timeline()
    path = tmp_path / "events.jsonl"
    path.write_text(encode_lines(tl.records_json()), encoding="utf-8")
    judged = read_judged_records(path)
    assert judged.markers == [MARKER] and judged.events == [HOOK, THREW]
    assert judged.permission_requests == [REQUEST] and judged.permission_prompts == [PROMPT]
    assert judged.context_events == [CONTEXT] and judged.flow_rows == 1
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = '{"type": "hook", "id": "evX"}'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_judged_records(path)
    assert caught.value.line == 3 and caught.value.path == path


def test_a_line_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ValueError, match="JSON object"):
        decode_line("[1, 2]")


def test_written_aside_then_renamed_and_nothing_left_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_atomically(target, b"one")
    write_atomically(target, b"two")
    assert target.read_bytes() == b"two"
    folder = tmp_path / "scores"
    with pytest.raises(RuntimeError), staged(folder) as aside:
        aside.mkdir()
        (aside / "findings.json").write_text("[]", encoding="utf-8")
        raise RuntimeError("stopped half-way")
    assert not folder.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    with staged(folder) as aside:
        aside.mkdir()
        (aside / "findings.json").write_text("[]", encoding="utf-8")
    assert (folder / "findings.json").read_text(encoding="utf-8") == "[]"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "scores"]
