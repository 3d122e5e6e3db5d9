"""The consent dialog judged as a dialog: ticked by default, no refusal, no privacy policy.

Dumps: tests/fixtures/android/hierarchy (the project's own cn-*/en-*/de-* screens, the
device kit's dialog). What each should give is stated here from the dialog's meaning.
"""

from __future__ import annotations

import pytest

from harness.ui.consent import detect_consent
from harness.ui.dialog_quality import DialogDefects, assess_dialog
from harness.ui.hierarchy import parse_hierarchy
from tests.ui.dumps import HIERARCHY, button, node, screen


def judge_xml(xml: str) -> DialogDefects:
    hierarchy = parse_hierarchy(xml)
    dialog = detect_consent(hierarchy)
    assert dialog is not None
    return assess_dialog(hierarchy, dialog)


def judge(name: str) -> DialogDefects:
    return judge_xml((HIERARCHY / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "dump",
    [
        "cn-first-run-dialog.xml",
        "cn-first-run-think-again.xml",
        "cn-refuse-second-step.xml",
        "cn-tick-required.xml",
        "devicekit-privacy-dialog.xml",
        "en-onetrust-banner.xml",
        # CMP forms: the notice is linked as "Learn more" or named in German.
        "en-ump-consent-form.xml",
        "en-didomi-notice.xml",
        "de-consent-unknown-wording.xml",
    ],
)
def test_dialogs_in_order_have_no_defect(dump: str) -> None:
    defects = judge(dump)
    assert not defects.any(), defects
    assert defects.policy_named


def test_an_acknowledge_only_dialog_has_all_three_defects() -> None:
    defects = judge("cn-ack-only-dialog.xml")
    assert defects.preticked and defects.no_refuse and defects.no_policy
    assert defects.buttons == ("我知道了",)


def test_a_close_mark_is_a_way_to_refuse() -> None:
    # 同意 alone, but a × (iv_close, 关闭) in the corner of a dialog linking 《隐私政策》.
    defects = judge("cn-agree-with-close-x.xml")
    assert not defects.no_refuse and not defects.no_policy and not defects.preticked


def test_a_box_ticked_by_default_is_preticked() -> None:
    assert judge("en-preticked-agreement.xml").preticked
    assert judge("cn-tick-required-ticked.xml").preticked
    assert not judge("cn-tick-required.xml").preticked


def _dialog(message: str, *buttons: str, tick: str = "") -> str:
    kids = [node(message, "app:id/message", bounds="[100,900][980,1300]")]
    kids += [
        button(label, f"app:id/b{i}", f"[{100 + 300 * i},1400][{380 + 300 * i},1500]")
        for i, label in enumerate(buttons)
    ]
    if tick:
        kids.append(tick)
    panel = node("", "app:id/dialog_root", bounds="[80,800][1000,1600]", children="".join(kids))
    return screen(panel)


def test_only_the_user_agreement_is_not_the_privacy_policy() -> None:
    defects = judge_xml(_dialog("请阅读《用户协议》《服务条款》后开始使用。", "不同意", "同意"))
    assert defects.no_policy and not defects.no_refuse


def test_a_policy_title_in_book_marks_names_it() -> None:
    defects = judge_xml(_dialog("请阅读《儿童个人信息处理规则》与《用户协议》。", "拒绝", "同意"))
    assert not defects.no_policy


@pytest.mark.parametrize("ack", ["好的", "我知道了", "OK", "Got it", "同意并继续"])
def test_acknowledging_labels_are_no_refusal(ack: str) -> None:
    defects = judge_xml(_dialog("欢迎使用！请阅读《隐私政策》。", ack))
    assert defects.no_refuse and not defects.no_policy


def test_an_english_dialog_with_decline_is_refusable() -> None:
    defects = judge_xml(_dialog("Please read our Privacy Policy.", "Decline", "Accept"))
    assert not defects.any()


def test_a_tick_image_reporting_checked_is_preticked() -> None:
    # A custom box drawn as an image: not checkable, but checked="true".
    tick = node(
        "",
        "app:id/iv_check",
        True,
        "[100,1320][160,1380]",
        cls="android.widget.ImageView",
        extra='checked="true"',
    )
    label = node("我已阅读并同意《隐私政策》", "app:id/tv_agree", bounds="[170,1320][980,1380]")
    defects = judge_xml(_dialog("欢迎使用！", "不同意", "同意", tick=tick + label))
    assert defects.preticked and not defects.no_policy
