"""Bundles built in tests the way a run builds them: BundleWriter, real flows.mitm, in-run reports.

`build_bundle` writes one session's files (markers, hook events with Java stacks, a flow
carrying the device's IMEI to a third party, findings citing them, a hierarchy dump and a
screenshot), then the reports and the manifest through the same calls the orchestrator
makes. With `payloads`, every string the app controls carries them.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from mitmproxy import io as mitm_io
from mitmproxy.test import tflow

from harness.evidence.bundle import BundleWriter
from harness.evidence.report import write_reports
from harness.model import DataCategory, FlowRecord, KnownIdentifier
from harness.profile import AppProfile
from harness.timeline import ANALYSIS_KEY
from harness.traffic.analysis import analyze_flows
from harness.traffic.flows import FLOWS_FILE, flow_record
from tests.conftest import REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "evidence"
IMEI = "867530912345678"
T0 = 1_790_000_000.0


def hostile_payloads() -> list[str]:
    document = json.loads((FIXTURES / "hostile-payloads.json").read_text(encoding="utf-8"))
    return list(document["payloads"])


def tiny_png(width: int = 18, height: int = 39, rgb: tuple[int, int, int] = (40, 90, 160)) -> bytes:
    """A real PNG (one colour), so the report can embed a screenshot."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class Built:
    path: Path
    flow_id: str
    findings: int
    hook_events: int


def _placed(phase: str, background: bool = False) -> dict[str, object]:
    return {"phase": phase, "background": background, "near_phase_change": False}


def _analysis(record: FlowRecord) -> dict[str, object]:
    known = [KnownIdentifier(DataCategory.DEVICE_ID, IMEI, "devices.yaml")]
    (analysis,) = analyze_flows([record], known, AppProfile(package="com.sample.app"))
    return analysis.to_json()


def build_bundle(out: Path, payloads: list[str] | None = None, *, seal: bool = True) -> Built:
    evil = " ".join(payloads or [])
    writer = BundleWriter(out, "sample", "20260101T000000Z-abcdef")
    flow = tflow.tflow(resp=True)
    flow.request.method = "POST"
    flow.request.url = "https://alog.umeng.com/app_logs?" + (f"q={evil}&" if evil else "") + "v=1"
    flow.request.headers["User-Agent"] = "UMengAnalytics/9.6" + (f" {evil}" if evil else "")
    flow.request.content = (
        f"appkey=calib&imei={IMEI}&os=android{'&note=' + evil if evil else ''}".encode()
    )
    flow.request.timestamp_start = T0 + 1.5
    with writer.open_append(FLOWS_FILE) as handle:
        mitm_io.FlowWriter(handle).add(flow)
    record = flow_record(flow)

    app_frame = "com.sample.app.DeviceInfo.collectDeviceId(DeviceInfo.java:18)"
    stack = [
        "android.telephony.TelephonyManager.getDeviceId(Native Method)",
        app_frame,
        "com.umeng.analytics.MobclickAgent.onStartup(MobclickAgent.java:20)",
    ]
    if evil:
        stack.append(f"com.sample.app.Evil.{evil}(Evil.java:1)")
    writer.add_file("ui/0001-consent-accept.xml", (FIXTURES / "hostile-screen.xml").read_bytes())
    writer.add_file("ui/0002-consent-accept.png", tiny_png())
    button = f"同意{evil}"
    rows: list[dict[str, object]] = [
        {
            "type": "marker",
            "id": "m0001",
            "ts": T0 + 0.2,
            "kind": "launch",
            "detail": "",
            "evidence": [],
        },
        {
            "type": "hook",
            "id": "ev0000000",
            "seq": 0,
            "ts": T0 + 0.7,
            "category": "device_id",
            "api": "android.telephony.TelephonyManager.getDeviceId",
            "signature": "()",
            "thread": "main",
            "args": [evil] if evil else [],
            "ret": IMEI,
            "stack": stack,
            **_placed("pre_consent"),
        },
        # The flow's analysis, as the session's one pass over the flows writes it; with hostile
        # text, the receiver's SDK as the traffic layer named it: the bundle's text, not ours.
        {
            **record.to_json(),
            **_placed("pre_consent"),
            ANALYSIS_KEY: _analysis(record)
            | ({"sdk": f"Umeng Analytics{evil}", "sdk_ids": []} if evil else {}),
        },
        {
            "type": "marker",
            "id": "m0002",
            "ts": T0 + 2.8,
            "kind": "consent_accept",
            "detail": f"tapped {button!r} (com.sample.app:id/btn_agree) at 760,1550",
            "evidence": ["ui/0001-consent-accept.xml", "ui/0002-consent-accept.png"],
        },
        {
            "type": "hook",
            "id": "ev0000001",
            "seq": 1,
            "ts": T0 + 2.81,
            "category": "location",
            "api": "android.location.LocationManager.getLastKnownLocation",
            "signature": "(java.lang.String)",
            "thread": "main",
            "args": ["gps"],
            "ret": f"Location[gps 39.9,116.4]{evil}",
            "stack": stack[:2],
            **_placed("post_consent"),
        },
        {
            "type": "marker",
            "id": "m0003",
            "ts": T0 + 4.0,
            "kind": "background_start",
            "detail": "",
            "evidence": [],
        },
        {
            "type": "permission_request",
            "id": "pr0000000",
            "seq": 2,
            "ts": T0 + 4.5,
            "api": "android.app.Activity.requestPermissions",
            "permissions": ["android.permission.ACCESS_FINE_LOCATION", evil],
            "thread": "main",
            "stack": stack,
            **_placed("post_consent", background=True),
        },
        {
            "type": "marker",
            "id": "m0004",
            "ts": T0 + 6.0,
            "kind": "background_end",
            "detail": "",
            "evidence": [],
        },
        {
            "type": "marker",
            "id": "m0005",
            "ts": T0 + 7.0,
            "kind": "stop",
            "detail": "",
            "evidence": [],
        },
    ]
    writer.add_jsonl("events.jsonl", rows)
    regulation = "《App违法违规收集使用个人信息行为认定方法》三、1"
    findings = [
        {
            "rule": "collect-before-consent",
            "category": "device_id",
            "phase": "pre_consent",
            "severity": "high",
            "title": "Personal information collected before consent",
            "regulation": regulation,
            "regulation_en": "Methods, 3.1",
            "collector": "first_party",
            "first_ts": T0 + 0.7,
            "count": 1,
            "evidence": [{"kind": "event", "id": "ev0000000"}],
            "details": {"attributed_by": app_frame, "note": evil},
        },
        {
            "rule": "share-before-consent",
            "category": "device_id",
            "phase": "pre_consent",
            "severity": "high",
            "title": "Personal information sent to a third party before consent",
            "regulation": "《App违法违规收集使用个人信息行为认定方法》五",
            "collector": "Umeng Analytics",
            "first_ts": T0 + 1.5,
            "count": 1,
            "evidence": [{"kind": "flow", "id": flow.id}],
            "details": {"receivers": [f"alog.umeng.com{evil}"]},
        },
        {
            "rule": "background-collection",
            "category": None,
            "phase": "post_consent",
            "severity": "medium",
            "title": "Permission requested in the background",
            "regulation": regulation,
            "collector": "first_party",
            "first_ts": T0 + 4.5,
            "count": 1,
            "evidence": [{"kind": "event", "id": "pr0000000"}],
            # What a privacy policy said, as a rule's details carry it: the app's text.
            "details": {"policy": {"sentence": f"我们收集设备信息{evil}", "sdks": [evil]}}
            if evil
            else {},
        },
    ]
    writer.add_json("findings.json", findings)
    writer.add_json(
        "hooks.json",
        {
            "installed": ["telephony.getDeviceId"],
            "missing": [],
            "hooks_ready": True,
            "events": 3,
            "events_produced": 3,
            "lost_sequence_numbers": [],
            "agent_logs": [],
            "agent_problems": [],
        },
    )
    info = {
        "harness_version": "test",
        "rule_pack_version": "test-1",
        "rules": [
            "collect-before-consent",
            "share-before-consent",
            "background-collection",
            "beyond-necessary",
        ],
        "scenario": "first-launch-accept",
        "app_package": "com.sample.app",
        "app_label": f"样例{evil}",
        "app_identity": {
            "label": f"样例{evil}",
            "package": "com.sample.app",
            "source": "apk",
            "version_name": f"3.4.5{evil}",
            "version_code": 345,
            "apk_file": "sample.apk",
            "apk_sha256": "ab" * 32,
            "signer_sha256": ["cd" * 32],
            "developer": f"样例科技有限公司{evil}",
            "manifest_permissions": [
                "android.permission.INTERNET",
                "android.permission.READ_PHONE_STATE",
            ],
        },
        "device": {
            "name": "host-lab",
            "kind": "host-lab",
            "fingerprint": {"hostname": "test", "entry": {"identifiers": {"device_id": IMEI}}},
        },
        "tools": {"frida": "test"},
        "clock": {"offset_s": 0.0, "uncertainty_s": 1e-6, "method": "same-host"},
        "started": T0,
        "ended": T0 + 7.5,
        "findings": len(findings),
    }
    built = Built(writer.staging, flow.id, len(findings), 2)
    if not seal:
        return built
    write_reports(writer, info)
    return Built(writer.finish(info), flow.id, len(findings), 2)
