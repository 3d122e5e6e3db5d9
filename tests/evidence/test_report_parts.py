"""The report's pure parts: highlighting, frame classification, the timeline SVG's counts."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from harness.evidence.report import regenerate
from harness.evidence.report.highlight import Piece, pieces
from harness.evidence.report.stacks import FrameClassifier, FrameKind
from harness.evidence.report.svg import BIN_PX, WIDTH, render_timeline_svg
from harness.evidence.report.timeline_model import Band, Point, Row, Tap, TimelineModel
from harness.evidence.verify import verify_bundle
from harness.paths import PACKAGE_DATA
from harness.rules.pack import load_rule_pack
from harness.sdk import SdkDatabase
from tests.evidence.builders import build_bundle

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("text", "needles", "expected"),
    [
        ("imei=123456", [("123456", "device_id")], [("imei=", ""), ("123456", "device_id")]),
        ("a1b1", [("1", "x")], [("a", ""), ("1", "x"), ("b", ""), ("1", "x")]),
        ("no match", [("zzz", "x")], [("no match", "")]),
        ("", [("x", "x")], [("", "")]),
        ("abcdef", [("", "x")], [("abcdef", "")]),
        # Overlapping needles: the one starting first wins, then the longer at a tie.
        ("abcdef", [("bcd", "x"), ("cde", "y")], [("a", ""), ("bcd", "x"), ("ef", "")]),
        ("abcdef", [("bc", "x"), ("bcde", "y")], [("a", ""), ("bcde", "y"), ("f", "")]),
    ],
)
def test_pieces(text: str, needles: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    assert pieces(text, needles) == tuple(Piece(t, label) for t, label in expected)
    assert "".join(p.text for p in pieces(text, needles)) == text


@pytest.mark.parametrize(
    ("frame", "kind", "sdk"),
    [
        (
            "com.umeng.analytics.MobclickAgent.onStartup(MobclickAgent.java:20)",
            FrameKind.SDK,
            "Umeng",
        ),
        ("com.sample.app.DeviceInfo.collectDeviceId(DeviceInfo.java:18)", FrameKind.APP, ""),
        ("android.telephony.TelephonyManager.getDeviceId(Native Method)", FrameKind.PLATFORM, ""),
        # Code outside the app's package that no SDK covers: the app's own, as the rules say.
        ("com.sample.application.Other.run(Other.java:1)", FrameKind.APP, ""),
        ("<script>x</script>", FrameKind.APP, ""),
        # A general library (the rule pack's library_prefixes) is never an SDK, though some
        # SDK lists carry it: the rules look past it to its caller.
        ("okhttp3.RealCall.execute(RealCall.java:77)", FrameKind.LIBRARY, ""),
        ("harness.lab.LabLauncher.main(LabLauncher.java:59)", FrameKind.PLATFORM, ""),
    ],
)
def test_frames_are_marked_as_the_rules_see_them(frame: str, kind: FrameKind, sdk: str) -> None:
    prefixes = load_rule_pack().attribution
    classified = FrameClassifier(SdkDatabase.load(), "com.sample.app", prefixes).classify(frame)
    assert classified.kind is kind and sdk in classified.sdk and classified.text == frame


def _model(points_per_row: int) -> TimelineModel:
    start = 1000.0
    rows = tuple(
        Row(
            key,
            key,
            tuple(
                Point(start + 600 * i / points_per_row, kind, f"{key}{i}", i % 7 == 0, "t")
                for i in range(points_per_row)
            ),
        )
        for key, kind in (("device_id", "hook"), ("network", "flow"))
    )
    return TimelineModel(
        start=start,
        end=start + 600,
        bands=(
            Band("pre_consent", start, start + 300),
            Band("post_consent", start + 300, start + 600),
        ),
        background=((start + 400, start + 450),),
        taps=(Tap("m2", "consent_accept", start + 300, "tapped '<b>同意</b>'"),),
        markers=(Tap("m1", "launch", start, ""),),
        rows=rows,
    )


@pytest.mark.parametrize("points", [1, 40, 20_000])
def test_svg_marks_count_every_record_and_stay_few(points: int) -> None:
    svg = ET.fromstring(render_timeline_svg(_model(points)))
    marks = [e for e in svg.iter() if "mark" in (e.get("class") or "").split()]
    hooks = [m for m in marks if "hook" in m.get("class", "")]
    flows = [m for m in marks if "flow" in m.get("class", "")]
    assert sum(int(m.get("data-n", "0")) for m in hooks) == points
    assert sum(int(m.get("data-n", "0")) for m in flows) == points
    assert len(hooks) <= WIDTH // BIN_PX + 1  # one mark per pixel column at most
    assert svg.get("data-hooks") == str(points) and svg.get("data-flows") == str(points)
    taps = [e for e in svg.iter(f"{SVG}g") if e.get("data-kind") == "consent_accept"]
    assert len(taps) == 1
    assert "tapped '<b>同意</b>'" in "".join(taps[0].itertext())  # text, not markup
    assert [e.get("data-phase") for e in svg.iter(f"{SVG}rect") if e.get("data-phase")] == [
        "pre_consent",
        "post_consent",
    ]


def test_a_manifest_with_odd_types_still_gives_a_valid_report(tmp_path: Path) -> None:
    bundle = build_bundle(tmp_path / "evidence").path
    manifest = json.loads((bundle / "manifest.json").read_text())
    manifest.update(device="pixel", tools=["frida"], clock=3, started="yesterday", app_label=7)
    (bundle / "manifest.json").write_text(json.dumps(manifest))
    checked = verify_bundle(bundle)
    # The manifest does not hash itself; its signature is what catches the edit.
    assert checked.files_match and not checked.intact
    assert checked.signature.status.value == "invalid"
    _report, written = regenerate(bundle, tmp_path / "out")
    schema = json.loads((PACKAGE_DATA / "report-schema-1.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads(written["report.json"].read_text()))
    assert "<html" in written["report.html"].read_text()
