"""Runtime-permission prompts of the OEM controllers (MIUI/HyperOS, ColorOS, OriginOS,
EMUI/HarmonyOS, MagicOS) and Samsung One UI's English AOSP prompt: which permission is
asked, and which button each answer taps. Dumps in tests/fixtures/android/hierarchy."""

from __future__ import annotations

import pytest

from harness.model import PermissionAnswer
from harness.ui.hierarchy import parse_hierarchy
from harness.ui.permissions import ButtonKind, PermissionDialog, detect_permission_dialog
from tests.ui.dumps import HIERARCHY, button, node, windows

LOCATION = "android.permission-group.LOCATION"
ALLOW, FG, DENY = PermissionAnswer.ALLOW, PermissionAnswer.ALLOW_FOREGROUND, PermissionAnswer.DENY


def detect(name: str) -> PermissionDialog:
    dialog = detect_permission_dialog(
        parse_hierarchy((HIERARCHY / name).read_text(encoding="utf-8"))
    )
    assert dialog is not None, name
    return dialog


@pytest.mark.parametrize(
    ("dump", "package", "group", "answers"),
    [
        (
            "perm-miui-location.xml",
            "com.lbe.security.miui",
            LOCATION,
            {ALLOW: "仅在使用中允许", FG: "仅在使用中允许", DENY: "拒绝"},
        ),
        (
            "perm-coloros-camera.xml",
            "com.oplus.securitypermission",
            "android.permission-group.CAMERA",
            {ALLOW: "使用时允许", FG: "使用时允许", DENY: "禁止"},
        ),
        (
            "perm-vivo-phone.xml",
            "com.vivo.permissionmanager",
            "android.permission-group.PHONE",
            {ALLOW: "允许", FG: "允许", DENY: "拒绝"},
        ),
        (
            "perm-emui-storage.xml",
            "com.huawei.systemmanager",
            "android.permission-group.STORAGE",
            {ALLOW: "始终允许", FG: "仅使用期间允许", DENY: "禁止"},
        ),
        (
            "perm-magicos-bare-mic.xml",
            "com.hihonor.systemmanager",
            "android.permission-group.MICROPHONE",  # from the icon's id: the text names none
            {ALLOW: "仅使用期间允许", FG: "仅使用期间允许", DENY: "禁止"},
        ),
        (
            "perm-oneui-location-en.xml",
            "com.google.android.permissioncontroller",
            LOCATION,
            {ALLOW: "While using the app", FG: "While using the app", DENY: "Don’t allow"},
        ),
    ],
)
def test_oem_prompt_permission_and_answers(
    dump: str, package: str, group: str, answers: dict[PermissionAnswer, str]
) -> None:
    dialog = detect(dump)
    assert dialog.package == package
    assert dialog.permission == group
    for answer, label in answers.items():
        choice = dialog.button_for(answer)
        assert choice is not None and choice[1].label == label, answer


def test_one_time_buttons_are_told_apart_from_foreground() -> None:
    miui = detect("perm-miui-location.xml")
    assert miui.button(ButtonKind.ALLOW_ONE_TIME) is not None
    assert miui.button(ButtonKind.ALLOW_ONE_TIME).label == "本次使用允许"  # type: ignore[union-attr]
    coloros = detect("perm-coloros-camera.xml")
    assert coloros.button(ButtonKind.ALLOW_ONE_TIME).label == "仅本次允许"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("拒绝且不再询问", ButtonKind.DENY),
        ("不允许（推荐）", ButtonKind.DENY),  # contains "允许": deny is tried first
        ("允许本次使用", ButtonKind.ALLOW_ONE_TIME),
        ("始终允许", ButtonKind.ALLOW),
        ("Allow only while using the app", ButtonKind.ALLOW_FOREGROUND),
        ("Don't allow", ButtonKind.DENY),
    ],
)
def test_vendor_wordings(label: str, kind: ButtonKind) -> None:
    pkg = "com.vivo.permissionmanager"
    xml = windows(
        node(
            "",
            bounds="[0,1400][1080,2340]",
            package=pkg,
            children=node("要允许“示例”访问位置信息吗？", package=pkg)
            + button(label, "android:id/button1", "[60,2000][1020,2100]", pkg),
        )
    )
    dialog = detect_permission_dialog(parse_hierarchy(xml))
    assert dialog is not None and dialog.button(kind) is not None


def test_dont_ask_again_box_is_not_an_answer() -> None:
    pkg = "com.huawei.systemmanager"
    box = node(
        "不再询问",
        "android:id/checkbox",
        True,
        "[60,1800][1020,1880]",
        cls="android.widget.CheckBox",
        package=pkg,
    )
    xml = windows(
        node(
            "",
            bounds="[0,1400][1080,2340]",
            package=pkg,
            children=node("是否允许“示例”获取位置信息？", package=pkg)
            + box
            + button("禁止", "android:id/button2", "[60,2000][500,2100]", pkg),
        )
    )
    dialog = detect_permission_dialog(parse_hierarchy(xml))
    assert dialog is not None
    assert [b.label for _, b in dialog.buttons] == ["禁止"]
