"""Consent-dialog detection on real dumps (none shows a dialog) and on built dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.ui.consent import detect_consent
from harness.ui.hierarchy import parse_hierarchy
from tests.ui.dumps import REAL_DUMPS, button, node, screen, windows

DUMPS = list(REAL_DUMPS)


@pytest.mark.parametrize("dump", DUMPS, ids=[d.name for d in DUMPS])
def test_no_consent_dialog_in_real_dumps_without_one(dump: Path) -> None:
    # None of them shows a consent dialog. The homee login screen mentions "Terms of Service
    # and Privacy Policy" in a sentence, beside "Log In" buttons: no accept, no dialog.
    assert detect_consent(parse_hierarchy(dump.read_text(encoding="utf-8"))) is None


def test_chinese_dialog_buttons_found_refuse_not_mistaken_for_accept() -> None:
    xml = screen(
        node(
            "",
            "app:id/dialog",
            bounds="[84,700][996,1640]",
            children=node("欢迎使用！请阅读《隐私政策》", bounds="[132,800][948,1400]")
            + button("不同意", "app:id/btn_disagree", "[100,1500][500,1600]")
            + button("同意", "app:id/btn_agree", "[600,1500][1000,1600]"),
        )
    )
    dialog = detect_consent(parse_hierarchy(xml))
    assert dialog is not None
    assert dialog.accept is not None and dialog.accept.resource_id == "app:id/btn_agree"
    assert dialog.accept.center == (800, 1550)
    assert dialog.refuse is not None and dialog.refuse.resource_id == "app:id/btn_disagree"
    assert dialog.confidence == 1.0
    assert str(dialog.bounds) == "[84,700][996,1640]"


def test_english_dialog_with_longer_labels() -> None:
    xml = screen(
        node("We value your privacy", bounds="[100,600][980,700]"),
        node("Read our Privacy Policy to learn more.", bounds="[100,720][980,900]"),
        button("Accept all", "", "[100,1500][500,1600]"),
        button("Reject all", "", "[580,1500][980,1600]"),
    )
    dialog = detect_consent(parse_hierarchy(xml))
    assert dialog is not None and dialog.accept is not None and dialog.refuse is not None
    assert (dialog.accept.label, dialog.refuse.label) == ("Accept all", "Reject all")
    assert dialog.accept.confidence == dialog.refuse.confidence == 1.0


def test_label_on_non_clickable_child_taps_the_clickable_parent() -> None:
    xml = screen(
        node("Privacy Policy"),
        node("", "app:id/accept_box", True, "[0,0][200,100]", children=node("Agree and continue")),
        node("", "app:id/decline_box", True, "[300,0][500,100]", children=node("Decline")),
    )
    dialog = detect_consent(parse_hierarchy(xml))
    assert dialog is not None and dialog.accept is not None and dialog.refuse is not None
    assert dialog.accept.resource_id == "app:id/accept_box"
    assert dialog.refuse.resource_id == "app:id/decline_box"


def test_a_weak_label_is_less_sure_and_an_agreeing_id_helps() -> None:
    weak = screen(node("用户协议"), button("同意，开始使用", "", "[0,500][500,600]"))
    helped = screen(
        node("用户协议"), button("同意，开始使用", "app:id/btn_agree", "[0,500][500,600]")
    )
    weak_dialog = detect_consent(parse_hierarchy(weak))
    helped_dialog = detect_consent(parse_hierarchy(helped))
    assert weak_dialog is not None and weak_dialog.accept is not None
    assert helped_dialog is not None and helped_dialog.accept is not None
    assert weak_dialog.accept.confidence == 0.6
    assert helped_dialog.accept.confidence == 0.8
    assert weak_dialog.confidence < helped_dialog.confidence < 1.0


def test_clickable_dialog_root_is_not_taken_for_the_button() -> None:
    # The label sits in a clickable dialog that swallows touches: tap the label itself? No:
    # with no button-sized clickable around it, it is not a button at all.
    xml = screen(
        node(
            "",
            "app:id/dialog",
            True,
            "[0,500][1080,1800]",
            children=node("隐私政策", bounds="[100,550][980,650]")
            + node("同意", bounds="[600,1600][700,1650]")
            + button("不同意", "app:id/no", "[100,1600][500,1700]"),
        )
    )
    assert detect_consent(parse_hierarchy(xml)) is None


@pytest.mark.parametrize(
    "xml",
    [
        # Buttons without any policy text.
        screen(button("同意", "a", "[0,0][10,10]"), button("不同意", "b", "[20,0][30,10]")),
        # A settings page linking the policy: no accept button.
        screen(
            button("隐私政策", "app:id/policy", "[0,0][1080,100]"),
            button("关于", "", "[0,200][1080,300]"),
        ),
        # After a refusal: the policy named, only "exit" and "review" offered.
        screen(
            node("您需要同意隐私政策后才能使用本应用", bounds="[0,900][1080,1040]"),
            button("重新查看", "app:id/review", "[48,1200][1032,1320]"),
            button("退出", "app:id/exit", "[48,1380][1032,1500]"),
        ),
        # A login form: "同意" only inside a sentence next to a checkbox.
        screen(
            node(
                "", "app:id/agree_box", True, "[40,1200][100,1260]", cls="android.widget.CheckBox"
            ),
            node("我已阅读并同意《用户协议》和《隐私政策》", bounds="[110,1200][1040,1260]"),
            button("登录", "app:id/login", "[40,1300][1040,1420]"),
        ),
    ],
    ids=["no-policy-text", "settings-link", "after-refusal", "login-checkbox-sentence"],
)
def test_no_dialog_where_there_is_none(xml: str) -> None:
    assert detect_consent(parse_hierarchy(xml)) is None


def test_system_windows_are_not_the_apps_consent_dialog() -> None:
    controller = "com.google.android.permissioncontroller"
    xml = windows(
        node("", bounds="[0,0][1080,2340]", package="com.example", children=node("首页")),
        node(
            "",
            bounds="[0,0][1080,2340]",
            package=controller,
            children=node("Read the Privacy Policy", package=controller)
            + button("Allow", "x:id/permission_allow_button", "[0,10][100,20]", controller),
        ),
    )
    assert detect_consent(parse_hierarchy(xml)) is None
