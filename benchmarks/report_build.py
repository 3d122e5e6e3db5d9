"""How report building scales with the size of a bundle.

One command: `.venv/bin/python benchmarks/report_build.py`. Builds synthetic sealed bundles
whose sessions read N personal-data APIs (hook events with 8-frame Java stacks, spread over
6 categories and the two consent phases) and send N/10 requests carrying the IMEI, with one
finding per category citing every pre-consent read, as collect-before-consent does. Each
bundle's reports are then rebuilt with `harness.evidence.report.regenerate` (hash check,
read, assemble, render HTML/JSON/JUnit). Time and report.html size are given as ratios
against the smallest bundle (the calibration app's size), measured in the same run; the
best of 3 runs counts. Results and the machine go in benchmarks/report_build.md.
"""

from __future__ import annotations

import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from mitmproxy import io as mitm_io
from mitmproxy.test import tflow

from harness.evidence.bundle import BundleWriter
from harness.evidence.report import regenerate
from harness.traffic.flows import FLOWS_FILE, flow_record

SIZES = (10, 1_000, 10_000, 50_000)
REPEATS = 3
CATEGORIES = ("device_id", "android_id", "location", "installed_apps", "clipboard", "imsi")
T0 = 1_790_000_000.0
SPAN_S = 600.0


def _bundle(root: Path, events: int) -> Path:
    writer = BundleWriter(root, "bench", f"n{events}")
    stack = [f"com.example.app.Layer{i}.call(Layer{i}.java:{i})" for i in range(7)]
    stack.insert(0, "android.telephony.TelephonyManager.getDeviceId(Native Method)")
    consent = T0 + SPAN_S / 2
    rows: list[dict[str, object]] = [
        {"type": "marker", "id": "m1", "ts": T0, "kind": "launch", "detail": "", "evidence": []},
        {
            "type": "marker",
            "id": "m2",
            "ts": consent,
            "kind": "consent_accept",
            "detail": "",
            "evidence": [],
        },
    ]
    cited: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    for i in range(events):
        ts = T0 + SPAN_S * (i + 0.5) / events
        category = CATEGORIES[i % len(CATEGORIES)]
        phase = "pre_consent" if ts < consent else "post_consent"
        rows.append(
            {
                "type": "hook",
                "id": f"ev{i:07d}",
                "seq": i,
                "ts": ts,
                "category": category,
                "api": "android.telephony.TelephonyManager.getDeviceId",
                "signature": "()",
                "thread": "main",
                "args": [],
                "ret": "867530912345678",
                "stack": stack,
                "phase": phase,
                "background": False,
                "near_phase_change": False,
            }
        )
        if phase == "pre_consent":
            cited[category].append(f"ev{i:07d}")
    with writer.open_append(FLOWS_FILE) as handle:
        out = mitm_io.FlowWriter(handle)
        for i in range(max(events // 10, 1)):
            flow = tflow.tflow(resp=True)
            flow.request.url = f"https://alog.umeng.com/app_logs?n={i}"
            flow.request.content = b"appkey=bench&imei=867530912345678&os=android"
            flow.request.timestamp_start = T0 + SPAN_S * (i + 0.5) / max(events // 10, 1)
            out.add(flow)
            rows.append(
                {
                    **flow_record(flow).to_json(),
                    "phase": "pre_consent",
                    "background": False,
                    "near_phase_change": False,
                }
            )
    rows.append(
        {
            "type": "marker",
            "id": "m3",
            "ts": T0 + SPAN_S,
            "kind": "stop",
            "detail": "",
            "evidence": [],
        }
    )
    rows.sort(key=lambda r: float(r["ts"]))  # type: ignore[arg-type]
    writer.add_jsonl("events.jsonl", rows)
    writer.add_json(
        "findings.json",
        [
            {
                "rule": "collect-before-consent",
                "category": c,
                "phase": "pre_consent",
                "severity": "high",
                "title": "collected before consent",
                "regulation": "bench",
                "collector": "first_party",
                "first_ts": T0,
                "count": len(ids),
                "evidence": [{"kind": "event", "id": e} for e in ids],
                "details": {},
            }
            for c, ids in cited.items()
            if ids
        ],
    )
    writer.add_json(
        "hooks.json",
        {
            "installed": [],
            "missing": [],
            "hooks_ready": True,
            "lost_sequence_numbers": [],
            "agent_problems": [],
        },
    )
    info = {
        "harness_version": "bench",
        "app_package": "com.example.app",
        "started": T0,
        "ended": T0 + SPAN_S,
        "rules": ["collect-before-consent"],
    }
    return writer.finish(info)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="report-bench-"))
    try:
        results = []
        for events in SIZES:
            bundle = _bundle(work / "evidence", events)
            best = float("inf")
            for attempt in range(REPEATS):
                started = time.perf_counter()
                regenerate(bundle, work / "out" / f"{events}-{attempt}")
                best = min(best, time.perf_counter() - started)
            html = (work / "out" / f"{events}-0" / "report.html").stat().st_size
            events_size = (bundle / "events.jsonl").stat().st_size
            results.append((events, best, html, events_size))
        base_events, base_time, base_html, _ = results[0]
        print(
            f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, {platform.platform()}"
        )
        print(
            f"baseline: {base_events} hook events, {base_time * 1000:.0f} ms, "
            f"report.html {base_html / 1024:.0f} KiB"
        )
        print(
            "| hook events | flows | events.jsonl | time ratio | time per event ratio "
            "| report.html ratio |"
        )
        print("|---:|---:|---:|---:|---:|---:|")
        for events, seconds, html, events_size in results:
            per_event = (seconds / events) / (base_time / base_events)
            print(
                f"| {events} | {max(events // 10, 1)} | {events_size / 1e6:.1f} MB "
                f"| {seconds / base_time:.1f}x | {per_event:.3f}x | {html / base_html:.1f}x |"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
