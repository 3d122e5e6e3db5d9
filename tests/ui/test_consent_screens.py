"""Consent dialogs as real apps draw them: CMPs (Google UMP, OneTrust, Didomi), Chinese
first-run dialogs (two-step refusal, a soft "我再想想"), tick boxes, unknown wording.

The dumps are in tests/fixtures/android/hierarchy (uiautomator format, ids and classes as the
SDKs and apps name them). What each should give is stated here from the dialog's meaning.
"""

from __future__ import annotations

import pytest

from harness.ui.consent import detect_consent
from harness.ui.hierarchy import parse_hierarchy
from tests.ui.dumps import HIERARCHY, button, node, screen, windows


def detect(name: str):  # type: ignore[no-untyped-def]
    return detect_consent(parse_hierarchy((HIERARCHY / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("dump", "accept", "refuse", "manage"),
    [
        ("en-ump-consent-form.xml", "Consent", "Do not consent", "Manage options"),
        ("en-onetrust-banner.xml", "Accept All", "Reject All", "Cookies Settings"),
        ("en-didomi-notice.xml", "Agree & Close", "Disagree and close", "Learn More"),
        ("cn-first-run-dialog.xml", "同意并继续", "暂不同意", None),
        ("cn-first-run-think-again.xml", "同意并继续", "我再想想", None),
        ("cn-refuse-second-step.xml", "同意并使用", "不同意并退出", None),
    ],
)
def test_real_world_wordings(dump: str, accept: str, refuse: str, manage: str | None) -> None:
    dialog = detect(dump)
    assert dialog is not None
    assert dialog.accept is not None and dialog.accept.label == accept
    assert dialog.refuse is not None and dialog.refuse.label == refuse
    assert (dialog.manage.label if dialog.manage else None) == manage
    assert dialog.accept.confidence == dialog.refuse.confidence == 1.0
    assert dialog.tick is None and not dialog.preticked


def test_onetrust_ids_agree_and_taps_land_on_the_buttons() -> None:
    dialog = detect("en-onetrust-banner.xml")
    assert dialog is not None and dialog.accept is not None and dialog.refuse is not None
    assert dialog.accept.resource_id == "com.dailynews.reader:id/btn_accept_cookies"
    assert dialog.refuse.resource_id == "com.dailynews.reader:id/btn_reject_cookies"
    assert dialog.accept.center == (540, 1960)


def test_unknown_wording_of_a_known_structure_is_found_by_ids() -> None:
    # German buttons no word list knows; a dialog window with btn_accept_all / btn_reject.
    dialog = detect("de-consent-unknown-wording.xml")
    assert dialog is not None and dialog.accept is not None and dialog.refuse is not None
    assert (dialog.accept.label, dialog.refuse.label) == ("Alle akzeptieren", "Ablehnen")
    assert dialog.accept.confidence == dialog.refuse.confidence == 0.5
    assert dialog.confidence < 1.0


def test_accept_disabled_until_the_box_is_ticked() -> None:
    before = detect("cn-tick-required.xml")
    assert before is not None and before.accept is not None and before.tick is not None
    assert before.accept.label == "同意并继续" and before.accept.enabled is False
    assert before.tick.resource_id == "com.jd.demo.mall:id/cb_agreement"
    assert before.tick.ticked is False and before.needs_tick and not before.preticked
    after = detect("cn-tick-required-ticked.xml")
    assert after is not None and after.accept is not None and after.accept.enabled
    assert after.tick is not None and after.tick.ticked is True and not after.needs_tick


def test_consent_ticked_by_default_is_reported() -> None:
    dialog = detect("en-preticked-agreement.xml")
    assert dialog is not None and dialog.preticked
    assert dialog.tick is not None and dialog.tick.resource_id.endswith(":id/terms_checkbox")
    # The box's own label ("I have read and agree ...") is not taken for the accept button.
    assert dialog.accept is not None and dialog.accept.label == "Continue"
    assert dialog.refuse is not None and dialog.refuse.label == "Exit"


@pytest.mark.parametrize(
    "dump", ["cn-reader-home.xml", "cn-mall-home.xml", "perm-miui-location.xml"]
)
def test_no_consent_dialog_on_plain_screens_and_permission_prompts(dump: str) -> None:
    assert detect(dump) is None


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Continue without accepting", "refuse"),
        ("Accept only necessary", "refuse"),
        ("Don’t consent", "refuse"),
        ("仍不同意", "refuse"),
        ("仅浏览", "refuse"),
        ("退出应用", "refuse"),
        ("Agree and continue", "accept"),
        ("I accept", "accept"),
        ("Allow all", "accept"),
        ("Yes, I agree", "accept"),
    ],
)
def test_button_wordings(label: str, kind: str) -> None:
    xml = screen(
        node("Privacy Policy", bounds="[100,600][980,700]"),
        button(label, "", "[100,1500][500,1600]"),
        button("OK" if kind == "refuse" else "Cancel", "", "[580,1500][980,1600]"),
    )
    dialog = detect_consent(parse_hierarchy(xml))
    assert dialog is not None
    found = dialog.refuse if kind == "refuse" else dialog.accept
    assert found is not None and found.label == label


def test_english_words_match_whole_words_only() -> None:
    # "ok" is in "Cookies", "allow" in "Fallow": neither is an accept button.
    xml = screen(
        node("Privacy Policy", bounds="[100,600][980,700]"),
        button("Cookies", "", "[100,1500][500,1600]"),
        button("Fallow", "", "[580,1500][980,1600]"),
    )
    assert detect_consent(parse_hierarchy(xml)) is None


def test_generic_ok_cancel_alert_without_policy_is_not_consent() -> None:
    alert = node(
        "",
        bounds="[100,900][980,1500]",
        cls="android.widget.FrameLayout",
        children=node(
            "",
            "com.example:id/parentPanel",
            bounds="[100,900][980,1500]",
            children=(
                node("Delete this file?", "android:id/message", bounds="[150,950][930,1100]")
                + button("Delete", "android:id/button1", "[600,1350][930,1450]")
                + button("Cancel", "android:id/button2", "[150,1350][500,1450]")
            ),
        ),
    )
    full = node("", bounds="[0,0][1080,2340]", children=node("Files"))
    assert detect_consent(parse_hierarchy(windows(full, alert))) is None


def test_a_permission_rationale_dialog_is_not_the_consent_dialog() -> None:
    # Apps explain a permission before asking for it; "确定" there is not consent.
    xml = screen(
        node(
            "",
            "com.example:id/dialog_root",
            bounds="[84,700][996,1640]",
            children=node("权限申请说明", bounds="[132,760][948,850]")
            + node(
                "为了向您推荐附近的门店，我们需要获取您的位置信息。我们会严格保护您的个人信息。",
                bounds="[132,880][948,1300]",
            )
            + button("取消", "com.example:id/btn_cancel", "[100,1500][500,1600]")
            + button("确定", "com.example:id/btn_ok", "[580,1500][980,1600]"),
        )
    )
    assert detect_consent(parse_hierarchy(xml)) is None


def test_bottom_sheet_with_policy_link_and_positive_negative_ids() -> None:
    # Unknown words; the structure: a bottom sheet, a link whose id names the policy, and
    # buttons whose ids say positive / negative.
    xml = screen(
        node(
            "",
            "com.example:id/design_bottom_sheet",
            bounds="[0,1400][1080,2340]",
            cls="android.widget.FrameLayout",
            children=node(
                "Datenschutzerklärung",
                "com.example:id/tv_privacy_link",
                True,
                "[60,1500][700,1580]",
            )
            + button("Zustimmen", "com.example:id/btn_positive", "[60,2000][1020,2100]")
            + button("Nicht jetzt", "com.example:id/btn_negative", "[60,2150][1020,2250]"),
        )
    )
    dialog = detect_consent(parse_hierarchy(xml))
    assert dialog is not None and dialog.accept is not None and dialog.refuse is not None
    assert (dialog.accept.label, dialog.refuse.label) == ("Zustimmen", "Nicht jetzt")
    assert dialog.accept.confidence == 0.5
