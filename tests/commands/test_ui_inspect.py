"""`harness ui inspect DUMP.xml`: the detectors' view of a dump as JSON, for technicians."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from harness.testkit.cli import run_harness
from tests.ui.dumps import HIERARCHY, button, node, screen, windows
from tests.ui.test_permissions import android12_location


def inspect(*args: str) -> subprocess.CompletedProcess[str]:
    return run_harness("ui", "inspect", *args, timeout=60)


def test_real_dump_lists_actionable_nodes_and_no_dialogs() -> None:
    dump = HIERARCHY / "visiontest-homee-login.xml"
    result = inspect(str(dump), "--package", "de.vorwerk.homee.homee")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["consent"] is None and report["permission"] is None
    assert report["packages"] == ["com.android.systemui", "de.vorwerk.homee.homee"]
    log_in = next(a for a in report["actionable"] if a["text"] == "Log In")
    assert log_in == {
        "action": "tap",
        "text": "Log In",
        "resource_id": "",
        "class": "android.widget.Button",
        "bounds": "[42,1584][1038,1710]",
        "center": [540, 1647],
    }


def test_consent_and_permission_dialogs_with_buttons_and_confidence(tmp_path: Path) -> None:
    dialog = screen(
        node("个人信息保护指引"),
        button("不同意", "app:id/btn_disagree", "[132,1560][516,1656]"),
        button("同意并继续", "app:id/btn_agree", "[564,1560][948,1656]"),
    )
    path = tmp_path / "dialog.xml"
    path.write_text(dialog, encoding="utf-8")
    report = json.loads(inspect(str(path)).stdout)
    consent = report["consent"]
    assert consent["accept"]["text"] == "同意并继续" and consent["accept"]["confidence"] == 1.0
    assert consent["accept"]["bounds"] == "[564,1560][948,1656]"
    assert consent["refuse"]["text"] == "不同意" and consent["refuse"]["center"] == [324, 1608]
    assert consent["confidence"] == 1.0

    perm = tmp_path / "perm.xml"
    perm.write_text(android12_location(), encoding="utf-8")
    report = json.loads(inspect(str(perm)).stdout)
    assert report["consent"] is None
    assert report["permission"]["permission"] == "android.permission-group.LOCATION"
    assert set(report["permission"]["buttons"]) == {"allow_foreground", "allow_one_time", "deny"}


def test_not_a_dump_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text('<hierarchy>\n  <node bounds="[0,0][1,1]">\n</hierarchy>\n', encoding="utf-8")
    result = inspect(str(bad))
    assert result.returncode == 2
    assert f"{bad}:3: not a uiautomator hierarchy dump" in result.stderr
    missing = inspect(str(tmp_path / "none.xml"))
    assert missing.returncode == 2 and "none.xml: file not found" in missing.stderr
    html = tmp_path / "page.xml"
    html.write_text(windows().replace("hierarchy", "html"), encoding="utf-8")
    assert "expected <hierarchy>" in inspect(str(html)).stderr


def test_new_screens_show_tick_box_manage_button_and_oem_prompt() -> None:
    sheet = json.loads(inspect(str(HIERARCHY / "cn-tick-required.xml")).stdout)["consent"]
    assert sheet["accept"]["text"] == "同意并继续" and sheet["accept"]["enabled"] is False
    assert sheet["tick"]["resource_id"] == "com.jd.demo.mall:id/cb_agreement"
    assert sheet["tick"]["ticked"] is False and sheet["preticked"] is False
    ump = json.loads(inspect(str(HIERARCHY / "en-ump-consent-form.xml")).stdout)["consent"]
    assert (ump["accept"]["text"], ump["refuse"]["text"]) == ("Consent", "Do not consent")
    assert ump["manage"]["text"] == "Manage options"  # listed before "learn more" in the data
    miui = json.loads(inspect(str(HIERARCHY / "perm-miui-location.xml")).stdout)
    assert miui["consent"] is None
    prompt = miui["permission"]
    assert prompt["package"] == "com.lbe.security.miui"
    assert prompt["permission"] == "android.permission-group.LOCATION"
    assert prompt["buttons"]["deny"]["text"] == "拒绝"
