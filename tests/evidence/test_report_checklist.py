"""The official checklist in report.json and report.html: pass / violation (linked to its
findings) / not tested and why, judged from what the bundle holds; the HTML in Chromium."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from harness.evidence.report import regenerate
from harness.evidence.report.checklist import ItemStatus, UntestedWhy, judge_checklist
from harness.evidence.views import FindingView, MarkerView, Regulation
from harness.paths import PACKAGE_DATA
from harness.rules.checklist import load_checklist
from harness.rules.pack import load_rule_pack
from tests.evidence.browser import full_page_screenshot, open_page
from tests.evidence.builders import Built, build_bundle

SCHEMA = json.loads((PACKAGE_DATA / "report-schema-1.json").read_text(encoding="utf-8"))
CHECKLIST = load_checklist(rules=set(load_rule_pack().rules))


def _finding(fid: str, rule: str) -> FindingView:
    return FindingView(
        fid, rule, "t", "high", None, None, "first_party", Regulation("", "", ""), 1.0, 1, (), {}
    )


def _marker(kind: str) -> MarkerView:
    return MarkerView(f"m-{kind}", 1.0, kind, "", ())


def _rows(view: Any) -> dict[tuple[str, str], Any]:
    return {(d.id, row.item): row for d in view.documents for row in d.rows}


def test_statuses_follow_findings_rules_run_skipped_and_the_scenario() -> None:
    ran = [
        r
        for r in load_rule_pack().rules
        if r not in {"undeclared-collection", "undisclosed-sdk", "no-purpose-stated"}
    ]
    manifest = {
        "rules": ran,
        "rules_skipped": [
            {"rule": r, "needs": ["policy"], "reason": "no privacy policy was captured"}
            for r in ("undeclared-collection", "undisclosed-sdk", "no-purpose-stated")
        ],
    }
    view = judge_checklist(
        CHECKLIST,
        manifest,
        [_finding("F1", "collect-before-consent"), _finding("F2", "collect-before-consent")],
        [_marker("launch"), _marker("consent_accept")],
    )
    rows = _rows(view)
    before = rows[("rending-2019", "三、1")]
    assert before.status is ItemStatus.VIOLATION and before.findings == ("F1", "F2")
    # No refusal in this scenario: collect-after-refusal not exercised; the other rule ran.
    refusal = rows[("rending-2019", "三、2")]
    assert refusal.status is ItemStatus.PASS
    assert refusal.tested == ("repeated-permission-request",)
    assert [(u.rule, u.why) for u in refusal.untested] == [
        ("collect-after-refusal", UntestedWhy.NOT_EXERCISED)
    ]
    policy = rows[("rending-2019", "二、1")]
    assert policy.status is ItemStatus.NOT_TESTED
    assert {u.why for u in policy.untested} == {UntestedWhy.SKIPPED}
    assert "no privacy policy" in policy.untested[0].detail
    manual = rows[("rending-2019", "一、4")]
    assert manual.status is ItemStatus.NOT_TESTED and manual.untested[0].why is UntestedWhy.MANUAL
    server = rows[("rending-2019", "五、2")]
    assert server.untested[0].why is UntestedWhy.NOT_DYNAMIC
    # consent-preticked ran, and the consent tap shows the dialog was there to judge.
    preticked = rows[("rending-2019", "三、4")]
    assert preticked.status is ItemStatus.PASS and preticked.tested == ("consent-preticked",)
    frequency = rows[("rending-2019", "四、4")]
    assert frequency.status is ItemStatus.PASS and frequency.untested == ()
    counts = view.counts()
    assert sum(counts.values()) == 44 and counts["violation"] == 2  # 三、1 and 164's type 1


def test_a_run_that_refused_exercises_collect_after_refusal() -> None:
    manifest = {"rules": ["collect-after-refusal"]}
    rows = _rows(
        judge_checklist(CHECKLIST, manifest, [], [_marker("launch"), _marker("consent_refuse")])
    )
    assert rows[("rending-2019", "三、2")].tested == ("collect-after-refusal",)


def test_a_manifest_without_its_rules_judges_only_by_findings() -> None:
    rows = _rows(judge_checklist(CHECKLIST, {}, [_finding("F1", "share-before-consent")], []))
    assert rows[("rending-2019", "五、1")].status is ItemStatus.VIOLATION
    unknown = rows[("rending-2019", "四、4")]
    assert unknown.status is ItemStatus.NOT_TESTED
    assert unknown.untested[0].why is UntestedWhy.RULES_UNKNOWN


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_bundle(tmp_path_factory.mktemp("checklist"))


def test_report_json_carries_the_checklist_valid_against_the_schema(built: Built) -> None:
    report = json.loads((built.path / "report.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    checklist = report["checklist"]
    assert checklist["version"] == CHECKLIST.version
    items = {(d["id"], i["item"]): i for d in checklist["documents"] for i in d["items"]}
    finding_ids = {f["rule"]: f["id"] for f in report["findings"]}
    assert items[("rending-2019", "三、1")]["status"] == "violation"
    assert items[("rending-2019", "三、1")]["findings"] == [finding_ids["collect-before-consent"]]
    assert items[("rending-2019", "五、1")]["findings"] == [finding_ids["share-before-consent"]]
    # The builder's run lists four rules: the rest are not in the pack that judged it.
    refusal = items[("rending-2019", "三、2")]
    assert refusal["status"] == "not_tested"
    assert {u["why"] for u in refusal["not_tested"]} == {"not_in_pack"}
    # beyond-necessary ran and found nothing; over-requested-permissions did not run.
    necessity = items[("rending-2019", "四、1")]
    assert necessity["status"] == "pass" and necessity["tested_rules"] == ["beyond-necessary"]
    counts = checklist["counts"]
    assert counts == {
        s: sum(1 for i in items.values() if i["status"] == s)
        for s in ("pass", "violation", "not_tested")
    }


def test_the_html_checklist_in_chromium(browser: Any, built: Built, tmp_path: Path) -> None:
    report = json.loads((built.path / "report.json").read_text(encoding="utf-8"))
    expected = {
        (d["id"], i["item"]): i for d in report["checklist"]["documents"] for i in d["items"]
    }
    logs = open_page(browser, built.path / "report.html")
    browser.execute_script("document.getElementById('checklist').scrollIntoView()")
    full_page_screenshot(browser, tmp_path / "checklist-report.png")
    assert [e for e in logs if e.get("level") == "SEVERE"] == []
    shown = browser.execute_script(
        "return [...document.querySelectorAll('#checklist tr.check')].map(tr => ({"
        " doc: tr.dataset.document, item: tr.dataset.item, status: tr.dataset.status,"
        " label: tr.querySelector('.status').textContent,"
        " visible: tr.getBoundingClientRect().height > 0,"
        " links: [...tr.querySelectorAll('a.finding-link')].map(a => a.getAttribute('href')),"
        " why: [...tr.querySelectorAll('ul.untested li')].map(li => li.dataset.why) }))"
    )
    assert len(shown) == len(expected) == 44
    # Laid out within the page: no column pushed off to the right.
    assert browser.execute_script(
        "return [...document.querySelectorAll('#checklist table')]"
        ".every(t => t.scrollWidth <= t.parentElement.clientWidth + 1)"
        " && [...document.querySelectorAll('#checklist .status')]"
        ".every(e => e.getBoundingClientRect().right <= document.documentElement.clientWidth)"
    )
    for row in shown:
        item = expected[(row["doc"], row["item"])]
        assert row["status"] == item["status"] and row["visible"]
        assert row["label"] == item["status"].replace("_", " ")
        assert row["links"] == [f"#{fid}" for fid in item["findings"]]
        assert row["why"] == [u["why"] for u in item["not_tested"]]
    # Each link lands on its finding, which is in the page.
    for href in {h for row in shown for h in row["links"]}:
        target = browser.execute_script(
            "const e = document.getElementById(arguments[0]); return e && e.dataset.rule",
            href[1:],
        )
        assert target is not None
    header = browser.execute_script(
        "const s = document.getElementById('checklist');"
        "return [s.dataset.violation, s.dataset.pass, s.dataset.notTested].map(Number)"
    )
    counts = report["checklist"]["counts"]
    assert header == [counts["violation"], counts["pass"], counts["not_tested"]]
    # The violation badge is drawn in the severity colour, the rest are not.
    colours = browser.execute_script(
        "return ['violation','pass','not_tested'].map(s => {"
        " const e = document.querySelector('#checklist .status-' + s);"
        " return e && getComputedStyle(e).backgroundColor; })"
    )
    assert (
        colours[0] == "rgb(179, 38, 30)" and colours[1] != colours[0] and colours[2] != colours[0]
    )
    nav = browser.execute_script(
        "return [...document.querySelectorAll('nav a')].map(a => a.getAttribute('href'))"
    )
    assert "#checklist" in nav


def test_a_rule_the_runs_pack_did_not_have_is_not_tested_for_that_reason() -> None:
    # An older bundle judged by a pack without the consent-dialog rules.
    manifest = {"rules": ["collect-before-consent"], "rules_skipped": []}
    rows = _rows(judge_checklist(CHECKLIST, manifest, [], [_marker("consent_accept")]))
    item = rows[("rending-2019", "三、4")]  # consent ticked by default: consent-preticked
    assert item.status is ItemStatus.NOT_TESTED
    assert [(u.rule, u.why) for u in item.untested] == [
        ("consent-preticked", UntestedWhy.NOT_IN_PACK)
    ]


def test_the_checklist_speaks_the_reports_language(
    browser: Any, built: Built, tmp_path: Path
) -> None:
    _, written = regenerate(built.path, tmp_path / "zh", lang="zh-CN", zone=dt.UTC)
    open_page(browser, written["report.html"])
    heading = browser.execute_script("return document.querySelector('#checklist h2').innerText")
    statuses = browser.execute_script(
        "return [...new Set([...document.querySelectorAll('#checklist .status')]"
        ".map(e => e.innerText.trim()))].sort()"
    )
    assert heading.startswith("官方检查清单")
    assert set(statuses) <= {"通过", "违规", "未检测"} and statuses
    whys = browser.execute_script(
        "return [...document.querySelectorAll('#checklist .untested li')].map(e => e.innerText)"
    )
    assert whys and not any("not testable dynamically" in w for w in whys)
    assert any("无法动态检测" in w for w in whys)
