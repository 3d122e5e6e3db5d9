"""`harness score`: a sealed bundle re-scored offline, beside it, never changing it.

The bundles here are built by hand (typed records, a real mitmproxy flow file, the real
bundle writer); tests/rules/test_rules_hostlab.py re-scores a bundle of a real run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mitmproxy import io as mitm_io
from mitmproxy.test import tflow

from harness.cli import main
from harness.errors import InputError
from harness.evidence.bundle import BundleWriter
from harness.evidence.judged import read_judged_bundle
from harness.evidence.verify import verify_bundle
from harness.model import DataCategory, KnownIdentifier, MarkerKind
from harness.rules.pack import DEFAULT_RULE_PACK, load_rule_pack
from harness.rules.scoring import SCORING_FILE, ScoringInputs, score_timeline
from harness.traffic.analysis import analyse_timeline
from harness.traffic.flows import read_flows
from tests.rules.builders import (
    CLOCK,
    IMEI,
    PACKAGE,
    UMENG_FRAME,
    default_pack,
    marker,
    profile,
    read,
    timeline,
)

T0 = 1_700_000_000.0


def _flow_file(path: Path) -> None:
    f = tflow.tflow(resp=True)
    f.request.method = "POST"
    f.request.url = "https://alog.umeng.com/app_logs"
    f.request.headers.clear()
    f.request.headers["Content-Type"] = "application/x-www-form-urlencoded"
    f.request.raw_content = f"appkey=x&imei={IMEI}".encode()
    f.request.timestamp_start = T0 + 2.0
    with path.open("wb") as handle:
        mitm_io.FlowWriter(handle).add(f)


def make_bundle(root: Path, *, with_record: bool = True) -> Path:
    writer = BundleWriter(root, "sample", "run1")
    _flow_file(writer.path("flows.mitm"))
    events = [read(0, T0 + 1.0, DataCategory.DEVICE_ID, ret=IMEI)]
    events += [read(1 + i, T0 + 12.0 + i * 0.5, DataCategory.ANDROID_ID, frame=UMENG_FRAME)
               for i in range(12)]  # fmt: skip
    markers = [marker(1, T0, MarkerKind.LAUNCH), marker(2, T0 + 10.0, MarkerKind.CONSENT_ACCEPT)]
    flows = read_flows(writer.path("flows.mitm"))
    tl = timeline(events, flows, markers=markers, start=T0, end=T0 + 30)
    inputs = ScoringInputs(
        profile(), "app.yaml", (KnownIdentifier(DataCategory.DEVICE_ID, IMEI, "devices.yaml"),), ()
    )
    tl = analyse_timeline(tl, inputs.known, inputs.profile)  # as a session does
    outcome = score_timeline(tl, inputs, default_pack())
    writer.add_jsonl("events.jsonl", tl.records_json())
    writer.add_json("findings.json", [f.to_json() for f in outcome.scored.findings])
    if with_record:
        writer.add_json(SCORING_FILE, outcome.record)
    info = {
        "app_package": PACKAGE,
        "rule_pack_version": default_pack().version,
        "clock": CLOCK.to_json(),
        "started": T0,
        "ended": T0 + 30,
    }
    return writer.finish(info)


def _score(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    status = main(["score", *args])
    captured = capsys.readouterr()
    return status, captured.out.strip().splitlines(), captured.err


def _rows(folder: Path) -> list[tuple[str, str, str, str]]:
    rows = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    return sorted((r["rule"], r["category"] or "", r["phase"] or "", r["collector"]) for r in rows)


def test_rescoring_with_the_same_pack_reproduces_the_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = make_bundle(tmp_path)
    status, out, _ = _score(capsys, str(bundle))
    assert status == 0
    result = Path(out[-1])
    assert result.parent == bundle.parent / "run1.scores"
    assert _rows(result) == _rows(bundle)
    assert ("excessive-frequency", "android_id", "post_consent", "Umeng Analytics") in _rows(result)
    assert ("share-before-consent", "device_id", "pre_consent", "Umeng") in _rows(result)
    record = json.loads((result / SCORING_FILE).read_text(encoding="utf-8"))
    assert record["rule_pack"]["version"] == default_pack().version
    assert record["rule_pack"]["file"] == DEFAULT_RULE_PACK.name
    assert record["bundle"]["run_id"] == "run1" and len(record["bundle"]["manifest_sha256"]) == 64
    assert record["profile_source"] == "bundle"
    assert all(json.loads(line) for line in (bundle / "events.jsonl").open())  # untouched
    assert verify_bundle(bundle).intact  # nothing was written into the bundle


def test_another_pack_gives_other_findings_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = make_bundle(tmp_path)
    text = DEFAULT_RULE_PACK.read_text(encoding="utf-8")
    lenient = tmp_path / "lenient.yaml"
    lenient.write_text(
        text.replace("max_reads: 10", "max_reads: 50").replace(
            f'version: "{load_rule_pack().version}"', 'version: "lenient-1"'
        ),
        encoding="utf-8",
    )
    status, out, _ = _score(capsys, str(bundle), "--rules", str(lenient))
    assert status == 0
    result = Path(out[-1])
    assert result.name.endswith("-lenient-1")
    assert "excessive-frequency" not in {r[0] for r in _rows(result)}
    assert any(line.startswith("  - excessive-frequency") for line in out)
    record = json.loads((result / SCORING_FILE).read_text(encoding="utf-8"))
    assert record["rule_pack"]["version"] == "lenient-1"
    assert record["bundle"]["scored_by_rule_pack"] == default_pack().version
    rows = json.loads((result / "findings.json").read_text(encoding="utf-8"))
    assert {r["rule_pack"] for r in rows} == {"lenient-1"}
    assert verify_bundle(bundle).intact


def test_a_bundle_without_a_profile_skips_the_rules_that_need_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = make_bundle(tmp_path, with_record=False)
    status, out, _ = _score(capsys, str(bundle))
    assert status == 0
    assert any(line.startswith("  skipped beyond-necessary: ") for line in out)
    record = json.loads((Path(out[-1]) / SCORING_FILE).read_text(encoding="utf-8"))
    skipped = {s["rule"]: s["needs"] for s in record["rules_skipped"]}
    assert skipped == {
        "beyond-necessary": ["app_type"],
        "over-requested-permissions": ["app_type", "manifest"],
        "undeclared-collection": ["policy"],
        "undisclosed-sdk": ["policy"],
        "no-purpose-stated": ["policy"],
    }
    assert "beyond-necessary" not in record["rules_run"]
    assert record["profile_source"] == "none"


def test_a_profile_given_on_the_command_line_is_used_and_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = make_bundle(tmp_path, with_record=False)
    given = tmp_path / "profile.yaml"
    given.write_text(f"package: {PACKAGE}\napp_type: 新闻资讯\n", encoding="utf-8")
    status, out, _ = _score(capsys, str(bundle), "--profile", str(given))
    assert status == 0
    rows = _rows(Path(out[-1]))
    assert ("beyond-necessary", "android_id", "", "Umeng Analytics") in rows
    record = json.loads((Path(out[-1]) / SCORING_FILE).read_text(encoding="utf-8"))
    assert record["profile_source"] == str(given) and record["app_type"]["no"] == 30


def test_a_profile_for_another_app_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = make_bundle(tmp_path)
    given = tmp_path / "profile.yaml"
    given.write_text("package: com.other.app\n", encoding="utf-8")
    status, _, err = _score(capsys, str(bundle), "--profile", str(given))
    assert status == 2 and str(given) in err and "com.other.app" in err


def test_a_changed_bundle_is_not_scored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = make_bundle(tmp_path)
    with (bundle / "events.jsonl").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    status, _, err = _score(capsys, str(bundle))
    assert status == 2 and "events.jsonl" in err
    assert not (bundle.parent / "run1.scores").exists()


def test_a_broken_timeline_line_is_reported_with_its_line(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path)
    lines = (bundle / "events.jsonl").read_text(encoding="utf-8").splitlines()
    lines[3] = '{"type": "hook", "id": "evX"}'
    (bundle / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_judged_bundle(bundle)
    assert caught.value.line == 4


def test_the_bundle_reads_back_into_the_same_timeline(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path)
    contents = read_judged_bundle(bundle)
    assert len(contents.timeline.events) == 13 and len(contents.timeline.flows) == 1
    assert contents.timeline.flows[0].flow.request_body.endswith(IMEI.encode())
    assert contents.inputs.profile == profile() and contents.inputs.manifest_permissions == ()
    assert [k.value for k in contents.inputs.known] == [IMEI]
