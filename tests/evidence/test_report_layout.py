"""The report's new parts, read in headless Chromium: the build tested, the verdict's
violation types, the SDK table, thumbnails that enlarge without script, print styles that
open collapsed evidence, timeline marks that lead to their finding, details as rows, the
Chinese report with times in the lab's zone, and the same parts inert under hostile text.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zoneinfo
from pathlib import Path
from typing import Any

import pytest

from harness.evidence.report import regenerate
from tests.evidence.browser import open_page
from tests.evidence.builders import T0, Built, build_bundle, hostile_payloads

PWNED = "return [window.__pwned, window.parent && window.parent.__pwned]"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_bundle(tmp_path_factory.mktemp("layout"))


@pytest.fixture(scope="module")
def english(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    _, written = regenerate(built.path, tmp_path_factory.mktemp("en"), lang="en", zone=dt.UTC)
    return written["report.html"]


@pytest.fixture(scope="module")
def chinese(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("zh")
    _, written = regenerate(built.path, out, lang="zh-CN", zone=SHANGHAI)
    return written["report.html"]


def _text(browser: Any, selector: str) -> str:
    text: str = browser.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : null", selector
    )
    return text


def test_identity_block_names_the_build(browser: Any, english: Path) -> None:
    open_page(browser, english)
    rows = browser.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('#identity tr')]"
        ".map(r => [r.dataset.field, r.querySelector('td').innerText.trim()]))"
    )
    assert rows["app_name"] == "样例"
    assert rows["package"] == "com.sample.app"
    assert rows["version_name"] == "3.4.5" and rows["version_code"] == "345"
    assert rows["apk_sha256"].startswith("ab" * 32)
    assert rows["signer"] == "cd" * 32
    assert rows["developer"] == "样例科技有限公司"
    assert rows["device"] == "host-lab (host-lab)"
    assert rows["harness_version"] == "test" and rows["rule_pack_version"] == "test-1"
    assert "android.permission.READ_PHONE_STATE" in rows["permissions"]


def test_verdict_names_violation_types_with_counts(browser: Any, english: Path) -> None:
    open_page(browser, english)
    types = browser.execute_script(
        "return [...document.querySelectorAll('#verdict tr.violation-type')]"
        ".map(r => [r.dataset.rule, Number(r.dataset.findings), r.querySelector('a').hash])"
    )
    assert sorted(t[0] for t in types) == [
        "background-collection",
        "collect-before-consent",
        "share-before-consent",
    ]
    assert all(n == 1 and link.startswith("#F") for _, n, link in types)


def test_sdk_table_lists_vendor_categories_time_and_phase(browser: Any, english: Path) -> None:
    open_page(browser, english)
    rows = browser.execute_script(
        "return [...document.querySelectorAll('#sdks tr.sdk-row')]"
        ".map(r => [...r.querySelectorAll('td')].map(td => td.innerText.trim()))"
    )
    # The flow's host is shared by several Umeng SDKs: it goes to the one seen collecting.
    umeng = [r for r in rows if "Umeng" in r[0]]
    assert len(umeng) == 1, rows
    name, vendor, collected, received, first, phase, counts = umeng[0]
    assert name == "Umeng Analytics"
    assert vendor and vendor != "not known"
    assert "Device identifier" in collected or "device" in collected.lower()
    assert received and received != "—"
    assert first.startswith("+0.700 s")  # the hook at T0 + 0.7 is its first record
    assert phase == "before consent"
    assert counts == "1 call(s), 1 request(s)"  # one hook had its code on the stack


def test_thumbnail_enlarges_by_css_and_closes(browser: Any, english: Path) -> None:
    open_page(browser, english)
    thumb = browser.find_element("css selector", "#steps a.thumb")
    zoom_id = thumb.get_attribute("hash")[1:]
    small = browser.execute_script(
        "return arguments[0].querySelector('svg').getBoundingClientRect().width", thumb
    )
    assert small <= 100
    zoom = browser.find_element("id", zoom_id)
    assert not zoom.is_displayed()
    thumb.click()
    assert zoom.is_displayed()
    large = browser.execute_script(
        "return arguments[0].querySelector('svg.shot-large').getBoundingClientRect().width", zoom
    )
    assert large > 3 * small
    assert browser.execute_script("return document.scripts.length") == 0
    browser.find_element("css selector", f"#{zoom_id} figcaption a").click()
    assert not zoom.is_displayed()


def test_page_stays_short_with_thumbnails(browser: Any, english: Path) -> None:
    open_page(browser, english)
    heights = browser.execute_script(
        "return [...document.querySelectorAll('svg.shot')].map(s => s.getBoundingClientRect()"
        ".height)"
    )
    # 18x39 px screenshots drawn 96 px wide: about 208 px tall, never a full screen.
    assert heights and max(heights) <= 210


def test_print_media_opens_collapsed_evidence(browser: Any, english: Path) -> None:
    open_page(browser, english)
    body = "return document.querySelector('details.finding:not([open]) .finding-body')" + (
        ".checkVisibility()"
    )
    assert browser.execute_script(body) is False  # on screen, a closed finding hides it
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.execute_script(body) is True
        hidden = browser.execute_script(
            "return [...document.querySelectorAll('details:not([open]) > :not(summary)')]"
            ".filter(e => !e.checkVisibility()).length"
        )
        assert hidden == 0
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_timeline_mark_leads_to_its_finding(browser: Any, english: Path) -> None:
    open_page(browser, english)
    links = browser.execute_script(
        "return [...document.querySelectorAll('#timeline a.mark-link')]"
        ".map(a => [a.getAttribute('href'), a.querySelector('.mark').dataset.ids])"
    )
    assert ["#F1", "ev0000000"] in links
    mark = browser.find_element("css selector", "#timeline a.mark-link[href='#F1'] .mark")
    click = "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))"
    browser.execute_script(click, mark)
    assert browser.execute_script("return location.hash") == "#F1"
    shown = browser.execute_script(
        "return document.querySelector('#F1 .finding-body').checkVisibility()"
    )
    assert shown is True  # the finding a link leads to shows its evidence


def test_details_are_rows_not_json(browser: Any, built: Built, tmp_path: Path) -> None:
    findings_file = built.path / "findings.json"
    rows = json.loads(findings_file.read_text(encoding="utf-8"))
    copy = tmp_path / "bundle"
    shutil.copytree(built.path, copy)
    rows[0]["details"] = {
        "app_type": "新闻资讯",
        "necessary": [],
        "declared": ["location"],
        "requested_at_runtime": 2,
        "permission_categories": {"android.permission.READ_PHONE_STATE": ["device_id"]},
    }
    (copy / "findings.json").write_text(json.dumps(rows), encoding="utf-8")
    _, written = regenerate(copy, tmp_path / "out", lang="en", zone=dt.UTC)
    open_page(browser, written["report.html"])
    browser.execute_script("document.getElementById('F1').open = true")
    cells = browser.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('#F1 table.details-rows > tbody"
        " > tr')].map(r => [r.dataset.key, [r.querySelector('th').innerText,"
        " r.querySelector('td').innerText.trim()]]))"
    )
    assert cells["necessary"] == ["necessary for the app type", "none"]
    assert cells["declared"] == ["declared by the policy", "location"]
    assert cells["requested_at_runtime"][1] == "2"
    nested = cells["permission_categories"][1]
    assert "android.permission.READ_PHONE_STATE" in nested and "device_id" in nested
    body = browser.execute_script("return document.querySelector('#F1').innerText")
    assert "[]" not in body and '["' not in body


def test_chinese_report_and_times_in_the_lab_zone(browser: Any, chinese: Path) -> None:
    open_page(browser, chinese)
    assert browser.execute_script("return document.documentElement.lang") == "zh-CN"
    assert _text(browser, "#identity h2") == "被测应用版本"
    assert _text(browser, "#verdict .verdict-word") == "发现违规"
    assert _text(browser, "#sdks h2").startswith("检出的 SDK")
    summary = _text(browser, "#F1 summary")
    assert "用户同意隐私政策前收集个人信息" in summary  # the rule pack's own zh title
    started = _text(browser, "#started td")
    expected = dt.datetime.fromtimestamp(T0, SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    assert started.startswith(expected) and "UTC+08:00" in started
    assert "Violations found" not in browser.execute_script("return document.body.innerText")


def test_hostile_text_in_the_new_parts_stays_inert(browser: Any, tmp_path: Path) -> None:
    hostile = build_bundle(tmp_path, hostile_payloads())
    for lang in ("en", "zh-CN"):
        _, written = regenerate(hostile.path, tmp_path / lang, lang=lang, zone=SHANGHAI)
        logs = open_page(browser, written["report.html"])
        browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert browser.execute_script(PWNED) == [None, None]
        assert browser.execute_script("return document.scripts.length") == 0
        assert not [e for e in logs if "Content Security Policy" in e["message"]]
        identity = _text(browser, "#identity")
        sdks = _text(browser, "#sdks")
        details = _text(browser, "#findings")
        for payload in hostile_payloads():
            assert payload in identity  # developer, version, app name: as text
            assert payload in sdks  # the SDK the traffic layer named
            assert payload in details  # the policy's sentence in a finding's details
