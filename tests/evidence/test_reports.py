"""Reports built from bundles: inside the seal, regenerated beside it, honest about damage.

No browser here (see test_report_hostile.py and test_report_hostlab.py for Chromium).
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from harness.errors import InputError
from harness.evidence.report import regenerate
from harness.evidence.verify import verify_bundle
from harness.paths import PACKAGE_DATA
from tests.evidence.builders import IMEI, build_bundle, hostile_payloads

SCHEMA = json.loads((PACKAGE_DATA / "report-schema-1.json").read_text(encoding="utf-8"))


def _validate(document: dict[str, object]) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(document)


def _json(path: Path) -> dict[str, object]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_reports_are_inside_the_seal_and_match_the_bundle(tmp_path: Path) -> None:
    built = build_bundle(tmp_path)
    manifest = _json(built.path / "manifest.json")
    assert {"report.html", "report.json", "junit.xml"} <= set(manifest["files"])  # type: ignore[arg-type]
    assert verify_bundle(built.path).intact
    report = _json(built.path / "report.json")
    _validate(report)
    assert report["bundle"]["integrity"]["status"] == "sealed"  # type: ignore[index]
    assert report["verdict"]["result"] == "violations_found"  # type: ignore[index]
    assert report["verdict"]["findings"] == built.findings  # type: ignore[index]
    assert [f["id"] for f in report["findings"]] == ["F1", "F2", "F3"]  # type: ignore[union-attr]
    assert all(e["resolved"] for f in report["findings"] for e in f["evidence"])  # type: ignore[union-attr]
    # Two findings cite the same clause: grouped under it, the other clause apart.
    groups = [len(g["findings"]) for g in report["regulations"]]  # type: ignore[union-attr]
    assert sorted(groups) == [1, 2]
    timeline = report["timeline"]
    assert [p["phase"] for p in timeline["phases"]] == ["pre_consent", "post_consent"]  # type: ignore[index]
    assert [c["kind"] for c in timeline["consent"]] == ["consent_accept"]  # type: ignore[index]
    assert len(timeline["background"]) == 1  # type: ignore[index,arg-type]
    rows = {r["key"]: r for r in timeline["rows"]}  # type: ignore[index]
    assert rows["device_id"]["hook_events"] == 1 and rows["device_id"]["flows"] == 1
    assert rows["location"]["hook_events"] == 1 and rows["permission_request"]["other"] == 1
    share = report["findings"][1]  # type: ignore[index]
    assert [s["when"] for s in share["screens"]] == ["after"]
    assert "ui/0002-consent-accept.png" in share["screens"][0]["files"]


def test_junit_has_a_case_per_rule_and_a_failure_per_finding(tmp_path: Path) -> None:
    built = build_bundle(tmp_path)
    suite = ET.parse(built.path / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == [
        "collect-before-consent",
        "share-before-consent",
        "background-collection",
        "beyond-necessary",
        "evidence-complete",
    ]
    assert len(cases["collect-before-consent"].findall("failure")) == 1
    assert cases["beyond-necessary"].findall("failure") == []  # ran, found nothing: passes
    assert cases["evidence-complete"].find("error") is None
    assert suite.get("tests") == "5" and suite.get("failures") == "3" and suite.get("errors") == "0"
    failure = cases["share-before-consent"].find("failure")
    assert failure is not None and failure.get("type") == "high"
    assert built.flow_id in (failure.text or "")


def test_hostile_text_is_escaped_in_html_and_junit_stays_well_formed(tmp_path: Path) -> None:
    payloads = [*hostile_payloads(), "bell\x07 nul\x00 esc\x1b"]
    built = build_bundle(tmp_path, payloads)
    page = (built.path / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<\s*(script|iframe|img|object|embed)\b", page, re.IGNORECASE)
    # The only links are the report's own, to anchors inside it.
    assert all(href.startswith("#") for href in re.findall(r'<a href="([^"]*)"', page))
    assert len(re.findall(r"<a\b", page)) == len(re.findall(r'<a href="#', page))
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+=", page, re.IGNORECASE)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    ET.parse(built.path / "junit.xml")  # raises on a control character XML cannot carry
    _validate(_json(built.path / "report.json"))


def test_regenerate_writes_beside_the_bundle_and_leaves_it_intact(tmp_path: Path) -> None:
    built = build_bundle(tmp_path / "evidence")
    before = {p: p.read_bytes() for p in built.path.rglob("*") if p.is_file()}
    report, written = regenerate(built.path, tmp_path / "out")
    assert set(written) == {"report.html", "report.json", "junit.xml"}
    assert {p: p.read_bytes() for p in built.path.rglob("*") if p.is_file()} == before
    assert verify_bundle(built.path).intact and report.integrity.status.value == "intact"
    sealed, again = _json(built.path / "report.json"), _json(tmp_path / "out" / "report.json")
    _validate(again)
    # Built from the bundle alone: only when, how, and the integrity check differ.
    for key in ("generated", "bundle"):
        sealed.pop(key), again.pop(key)
    assert sealed == again
    with pytest.raises(InputError, match="inside the bundle"):
        regenerate(built.path, built.path / "reports")


def test_an_altered_bundle_is_reported_as_such_never_complete(tmp_path: Path) -> None:
    built = build_bundle(tmp_path / "evidence")
    events = built.path / "events.jsonl"
    data = bytearray(events.read_bytes())
    data[5] ^= 0x01
    events.write_bytes(bytes(data))
    _report, written = regenerate(built.path, tmp_path / "out")
    document = _json(written["report.json"])
    _validate(document)
    assert document["bundle"]["integrity"]["status"] == "altered"  # type: ignore[index]
    assert document["bundle"]["integrity"]["changed"] == ["events.jsonl"]  # type: ignore[index]
    assert document["verdict"]["result"] == "inconclusive"  # type: ignore[index]
    assert document["completeness"]["complete"] is False  # type: ignore[index]
    page = written["report.html"].read_text(encoding="utf-8")
    assert 'data-status="altered"' in page and "changed: <code>events.jsonl</code>" in page
    suite = ET.parse(written["junit.xml"]).getroot()
    assert suite.get("errors") == "1"


def test_an_unfinished_run_can_be_reported_and_says_incomplete(tmp_path: Path) -> None:
    built = build_bundle(tmp_path / "evidence", seal=False)
    assert built.path.name.endswith(".partial")
    _report, written = regenerate(built.path, tmp_path / "out")
    document = _json(written["report.json"])
    _validate(document)
    assert document["bundle"]["integrity"]["status"] == "incomplete"  # type: ignore[index]
    assert document["verdict"]["result"] == "inconclusive"  # type: ignore[index]
    assert document["findings"]  # what was gathered is still shown


@pytest.mark.parametrize(
    ("damage", "gap"),
    [
        (lambda b: (b / "flows.mitm").unlink(), "flows.mitm: absent"),
        (lambda b: (b / "findings.json").write_text('{"not": "a list"}'), "not a list"),
        (lambda b: (b / "hooks.json").unlink(), "hooks.json: absent"),
        (
            lambda b: (b / "events.jsonl").write_text(
                (b / "events.jsonl").read_text() + "{broken\n" + '{"type": "hook"}\n'
            ),
            "events.jsonl:10",
        ),
        (lambda b: shutil.rmtree(b / "ui"), "ui/0001-consent-accept.xml (not in the bundle)"),
    ],
)
def test_missing_or_damaged_files_become_gaps_not_crashes(
    tmp_path: Path, damage: object, gap: str
) -> None:
    built = build_bundle(tmp_path / "evidence", seal=False)
    damage(built.path)  # type: ignore[operator]
    _report, written = regenerate(built.path, tmp_path / "out")
    document = _json(written["report.json"])
    _validate(document)
    page = written["report.html"].read_text(encoding="utf-8")
    details = [g["detail"] for g in document["completeness"]["gaps"]]  # type: ignore[index]
    assert any(gap in d for d in details) or gap in page, details


def test_lost_events_make_a_clean_run_inconclusive(tmp_path: Path) -> None:
    built = build_bundle(tmp_path / "evidence", seal=False)
    (built.path / "findings.json").write_text("[]")
    report, _ = regenerate(built.path, tmp_path / "clean")
    assert [g.kind for g in report.gaps] == ["integrity"]  # only the missing seal
    hooks = _json(built.path / "hooks.json")
    hooks["lost_sequence_numbers"] = [7, 8]
    (built.path / "hooks.json").write_text(json.dumps(hooks))
    report, _ = regenerate(built.path, tmp_path / "lost")
    assert "lost_events" in [g.kind for g in report.gaps]
    assert report.verdict.result.value == "inconclusive"


def test_identifier_matches_are_shown_as_the_flows_analysis_recorded(tmp_path: Path) -> None:
    built = build_bundle(tmp_path)
    report, _ = regenerate(built.path, tmp_path / "out")
    flow = next(f for f in report.flows if f.flow.id == built.flow_id)
    assert ("device_id", IMEI) in {(m.category, m.identifier) for m in flow.flow.matches}
    highlighted = [p.text for shown in flow.body for p in shown.parts if p.label]
    assert highlighted == [IMEI]
    assert flow.receiver_sdks and "Umeng" in flow.receiver_sdks[0]


def test_a_flow_without_an_analysis_is_not_matched_again(tmp_path: Path) -> None:
    # The report shows what the rules judged by: it finds no identifier of its own, and
    # names no receiver the traffic layer did not (the flow still shows, plainly).
    built = build_bundle(tmp_path / "evidence", seal=False)
    events = built.path / "events.jsonl"
    rows = [json.loads(line) for line in events.read_text().splitlines()]
    for row in rows:
        row.pop("analysis", None)
    events.write_text("".join(json.dumps(r) + "\n" for r in rows))
    report, _ = regenerate(built.path, tmp_path / "out")
    flow = next(f for f in report.flows if f.flow.id == built.flow_id)
    assert flow.flow.matches == () and flow.receiver_sdks == ()
    assert not [p for shown in flow.body for p in shown.parts if p.label]
    assert any(IMEI in p.text for shown in flow.body for p in shown.parts)


def test_stacks_cited_by_id_are_read_from_the_stack_table(tmp_path: Path) -> None:
    built = build_bundle(tmp_path / "evidence", seal=False)
    events = built.path / "events.jsonl"
    rows = [json.loads(line) for line in events.read_text().splitlines()]
    frames = rows[1].pop("stack")
    rows[1]["stack_id"] = 4
    events.write_text("".join(json.dumps(r) + "\n" for r in rows))
    (built.path / "stacks.json").write_text(
        json.dumps({"stacks": [{"id": 4, "uses": 1, "frames": frames}]})
    )
    report, _ = regenerate(built.path, tmp_path / "out")
    hook = report.findings[0].hooks[0]
    assert hook.hook.id == rows[1]["id"] and [f.text for f in hook.frames] == frames
    # No manifest in an unfinished run, so no app package: code outside the platform and
    # every SDK reads as the app's own, as the rules count it.
    assert [f.kind.value for f in hook.frames][:3] == ["platform", "app", "sdk"]
