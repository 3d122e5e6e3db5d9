"""Recognising runtime-permission dialogs across Android versions, and picking the answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.model import PermissionAnswer
from harness.ui.hierarchy import parse_hierarchy
from harness.ui.permissions import ButtonKind, detect_permission_dialog
from tests.ui.dumps import REAL_DUMPS, button, node, screen, windows

DUMPS = list(REAL_DUMPS)
GOOGLE = "com.google.android.permissioncontroller"
AOSP = "com.android.permissioncontroller:id/"


def android12_location() -> str:
    # The shape of the Android 12 prompt described in reference/hierarchy/README.md.
    return windows(
        node("", bounds="[0,0][1080,2340]", children=node("App content")),
        node(
            "",
            f"{AOSP}grant_dialog",
            bounds="[66,1000][1014,1880]",
            package=GOOGLE,
            children=node(
                "Allow Camera to access this device's location?",
                f"{AOSP}permission_message",
                bounds="[132,1220][948,1400]",
                package=GOOGLE,
            )
            + button(
                "While using the app",
                f"{AOSP}permission_allow_foreground_only_button",
                "[132,1440][948,1560]",
                GOOGLE,
            )
            + button(
                "Only this time",
                f"{AOSP}permission_allow_one_time_button",
                "[132,1580][948,1700]",
                GOOGLE,
            )
            + button(
                "Don’t allow", f"{AOSP}permission_deny_button", "[132,1720][948,1840]", GOOGLE
            ),
        ),
    )


def android8_contacts() -> str:
    pkg = "com.android.packageinstaller"
    ids = f"{pkg}:id/"
    return screen(
        node("Allow Example to access your contacts?", f"{ids}permission_message", package=pkg),
        node(
            "Don't ask again",
            f"{ids}do_not_ask_checkbox",
            True,
            "[100,1300][900,1380]",
            package=pkg,
        ),
        button("DENY", f"{ids}permission_deny_button", "[500,1400][700,1500]", pkg),
        button("ALLOW", f"{ids}permission_allow_button", "[720,1400][980,1500]", pkg),
        package=pkg,
    )


def miui_text_only() -> str:
    pkg = "com.lbe.security.miui"
    return screen(
        node("允许“示例”获取此设备的位置信息？", bounds="[100,1200][980,1300]", package=pkg),
        button("始终允许", "", "[100,1400][980,1500]", pkg),
        button("仅在使用中允许", "", "[100,1520][980,1620]", pkg),
        button("拒绝", "", "[100,1640][980,1740]", pkg),
        package=pkg,
    )


def test_android12_location_prompt() -> None:
    dialog = detect_permission_dialog(parse_hierarchy(android12_location()))
    assert dialog is not None
    assert dialog.package == GOOGLE and dialog.confidence == 1.0
    assert dialog.permission == "android.permission-group.LOCATION"
    assert [k for k, _ in dialog.buttons] == [
        ButtonKind.ALLOW_FOREGROUND,
        ButtonKind.ALLOW_ONE_TIME,
        ButtonKind.DENY,
    ]
    allow = dialog.button_for(PermissionAnswer.ALLOW)
    assert allow is not None and allow[0] is ButtonKind.ALLOW_FOREGROUND  # no plain "allow"
    deny = dialog.button_for(PermissionAnswer.DENY)
    assert deny is not None and deny[1].label == "Don’t allow" and deny[1].center == (540, 1780)


def test_android8_packageinstaller_prompt() -> None:
    dialog = detect_permission_dialog(parse_hierarchy(android8_contacts()))
    assert dialog is not None
    assert dialog.permission == "android.permission-group.CONTACTS"
    foreground = dialog.button_for(PermissionAnswer.ALLOW_FOREGROUND)
    assert foreground is not None and foreground[0] is ButtonKind.ALLOW  # the closest offered
    assert dialog.button(ButtonKind.DENY) is not None
    assert "do_not_ask" not in str([b.resource_id for _, b in dialog.buttons])


def test_vendor_prompt_by_text_in_a_controller_window() -> None:
    dialog = detect_permission_dialog(parse_hierarchy(miui_text_only()))
    assert dialog is not None
    assert dialog.confidence == 0.8  # text alone is less sure than ids
    assert dialog.permission == "android.permission-group.LOCATION"
    assert {k for k, _ in dialog.buttons} == {
        ButtonKind.ALLOW,
        ButtonKind.ALLOW_FOREGROUND,
        ButtonKind.DENY,
    }


def test_unknown_message_is_kept_as_text() -> None:
    xml = android12_location().replace(
        "Allow Camera to access this device's location?", "要允许吗？"
    )
    dialog = detect_permission_dialog(parse_hierarchy(xml))
    assert dialog is not None and dialog.group is None and dialog.permission == "要允许吗？"


@pytest.mark.parametrize("dump", DUMPS, ids=[d.name for d in DUMPS])
def test_no_permission_dialog_in_real_dumps(dump: Path) -> None:
    assert detect_permission_dialog(parse_hierarchy(dump.read_text(encoding="utf-8"))) is None


def test_an_apps_own_allow_button_is_not_the_system_prompt() -> None:
    xml = screen(node("开启定位，发现附近好店"), button("允许", "app:id/allow", "[0,0][500,100]"))
    assert detect_permission_dialog(parse_hierarchy(xml)) is None
