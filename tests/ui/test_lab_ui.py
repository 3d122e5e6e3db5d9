"""The lab's UI server growing what scenario steps need, on real JVM lab apps (no Frida).

Text fields, scrolling, long presses, several screens, the system permission dialog with its
AOSP ids (and the denial remembered), PNG screenshots; and the detectors on lab-app dumps.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from harness.hostlab import HostLabUi, find_lab_app
from harness.model import PermissionAnswer
from harness.testkit.lab import running
from harness.ui.consent import detect_consent
from harness.ui.driver import Key
from harness.ui.hierarchy import Hierarchy, parse_hierarchy
from harness.ui.permissions import ButtonKind, detect_permission_dialog
from harness.ui.selectors import Selector

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]

SHOP = "com.harnesslab.shop:id/"
CALIB = "com.harnesslab.calibration:id/"


def screen(ui: HostLabUi) -> Hierarchy:
    return parse_hierarchy(ui.dump_hierarchy())


def tap(ui: HostLabUi, selector: Selector) -> str:
    node = selector.find(screen(ui))
    assert node is not None, selector.describe()
    return ui.tap(*node.bounds.center).hit


def answer(ui: HostLabUi, kind: ButtonKind) -> None:
    dialog = detect_permission_dialog(screen(ui))
    assert dialog is not None
    button = dialog.button(kind)
    assert button is not None
    ui.click(*button.center)


def test_shop_first_screen_permission_dialog_over_the_privacy_dialog(tmp_path: Path) -> None:
    with running(find_lab_app("shop"), tmp_path) as lab:
        ui = lab.ui()
        first = screen(ui)
        assert [r.package for r in first.roots] == [
            "com.harnesslab.shop",
            "com.google.android.permissioncontroller",
        ]
        dialog = detect_permission_dialog(first)
        assert dialog is not None and dialog.confidence == 1.0
        assert dialog.permission == "android.permission-group.PHONE"
        assert {k for k, _ in dialog.buttons} == {ButtonKind.ALLOW, ButtonKind.DENY}
        ids = {n.resource_id for n in first.walk()}
        assert "com.android.permissioncontroller:id/grant_dialog" in ids
        assert "com.android.permissioncontroller:id/permission_message" in ids
        # The consent detector sees the app's dialog under it, not the system's "允许".
        consent = detect_consent(first)
        assert consent is not None and consent.accept is not None
        assert consent.accept.resource_id == f"{SHOP}btn_agree"
        # The system dialog is on top: a tap where 同意并继续 lies reaches its button instead.
        hit = ui.tap(*consent.accept.center).hit
        assert hit == "com.android.permissioncontroller:id/permission_allow_button"
        state = ui.state()
        assert (state.dialog, state.screen) == ("", "privacy_dialog")


def test_shop_location_denial_is_remembered_and_a_grant_reads_the_location(tmp_path: Path) -> None:
    with running(find_lab_app("shop"), tmp_path) as lab:
        ui = lab.ui()
        answer(ui, ButtonKind.DENY)
        tap(ui, Selector(resource_id=f"{SHOP}btn_agree"))
        tap(ui, Selector(text="附近门店"))
        dialog = detect_permission_dialog(screen(ui))
        assert dialog is not None and dialog.permission == "android.permission-group.LOCATION"
        assert {k for k, _ in dialog.buttons} == {
            ButtonKind.ALLOW_FOREGROUND,
            ButtonKind.ALLOW_ONE_TIME,
            ButtonKind.DENY,
        }
        chosen = dialog.button_for(PermissionAnswer.DENY)
        assert chosen is not None
        ui.click(*chosen[1].center)
        assert Selector(text="未获得位置权限，无法显示附近门店").find(screen(ui)) is not None
        ui.press(Key.BACK)
        tap(ui, Selector(text="附近门店"))
        again = screen(ui)
        assert detect_permission_dialog(again) is None  # remembered: no second dialog
        assert Selector(text_contains="未获得位置权限").find(again) is not None


def test_shop_grant_reads_the_location(tmp_path: Path) -> None:
    with running(find_lab_app("shop"), tmp_path) as lab:
        ui = lab.ui()
        answer(ui, ButtonKind.DENY)
        tap(ui, Selector(resource_id=f"{SHOP}btn_agree"))
        tap(ui, Selector(text="附近门店"))
        answer(ui, ButtonKind.ALLOW_FOREGROUND)
        # The fallback location of LabIdentifiers (devices.yaml's host-lab device).
        assert Selector(text_contains="39.9042, 116.4074").find(screen(ui)) is not None


def test_text_field_focus_input_and_enter(tmp_path: Path) -> None:
    with running(find_lab_app("shop"), tmp_path) as lab:
        ui = lab.ui()
        answer(ui, ButtonKind.DENY)
        tap(ui, Selector(resource_id=f"{SHOP}btn_agree"))
        field = Selector(resource_id="et_search")
        before = field.find(screen(ui))
        assert before is not None and before.text == "搜索商品"  # the hint, while empty
        assert tap(ui, field) == f"{SHOP}et_search"
        ui.input_text("耳机")
        typed = field.find(screen(ui))
        assert typed is not None and typed.text == "耳机"
        assert 'focused="true"' in ui.dump_hierarchy()
        ui.input_text(" Pro", clear=False)
        ui.press(Key.ENTER)
        results = screen(ui)
        assert ui.state().screen == "search"
        assert Selector(text="搜索：耳机 Pro").find(results) is not None
        assert [n.text for n in Selector(resource_id="item_title").find_all(results)] == [
            "无线耳机 Pro"
        ]


def test_scrolling_moves_the_list_and_taps_follow_it(tmp_path: Path) -> None:
    with running(find_lab_app("shop"), tmp_path) as lab:
        ui = lab.ui()
        answer(ui, ButtonKind.DENY)
        tap(ui, Selector(resource_id=f"{SHOP}btn_agree"))
        titles = Selector(resource_id="item_title")
        top = [n.text for n in titles.find_all(screen(ui))]
        assert top[0] == "智能手机 X1" and "车厘子 2 斤" not in top
        _, scrolled = ui.drag(540, 1800, 540, 800)
        assert scrolled == 1000
        after = screen(ui)
        shown = titles.find_all(after)
        assert shown[0].text != "智能手机 X1"
        # Every row shown lies inside the list; nothing is dumped outside it.
        lists = Selector(resource_id="product_list").find(after)
        assert lists is not None and lists.scrollable
        for row in Selector(resource_id="item_root").find_all(after):
            assert lists.bounds.top <= row.bounds.top and row.bounds.bottom <= lists.bounds.bottom
        # To the end: the list stops, it does not scroll past its content.
        total = sum(ui.drag(540, 1800, 540, 300)[1] for _ in range(6))
        assert 0 < total < 6 * 1500
        assert ui.drag(540, 1800, 540, 300)[1] == 0
        last = titles.find_all(screen(ui))[-1]
        assert last.text == "车厘子 2 斤"
        tap(ui, Selector(text="车厘子 2 斤"))
        assert Selector(resource_id="title", text="车厘子 2 斤").find(screen(ui)) is not None


def test_long_press_marks_a_favourite(tmp_path: Path) -> None:
    with running(find_lab_app("shop"), tmp_path) as lab:
        ui = lab.ui()
        answer(ui, ButtonKind.DENY)
        tap(ui, Selector(resource_id=f"{SHOP}btn_agree"))
        row = Selector(resource_id="item_root").find(screen(ui))
        assert row is not None and row.long_clickable
        assert ui.long_tap(*row.bounds.center).hit == f"{SHOP}item_root"
        assert Selector(text="已收藏").find(screen(ui)) is not None
        assert ui.state().screen == "home"  # a long press is not a click


def test_screenshots_are_pngs_of_the_screen(tmp_path: Path) -> None:
    with running(find_lab_app("shop"), tmp_path) as lab:
        ui = lab.ui()
        with_dialog = ui.screenshot_png()
        answer(ui, ButtonKind.DENY)
        without = ui.screenshot_png()
        assert with_dialog is not None and without is not None
        image = Image.open(io.BytesIO(with_dialog))
        assert (image.format, image.size) == ("PNG", (1080, 2340))
        # The permission dialog dims the screen behind it: the top corner is darker.
        dimmed = Image.open(io.BytesIO(with_dialog)).convert("L").getpixel((10, 300))
        clear = Image.open(io.BytesIO(without)).convert("L").getpixel((10, 300))
        assert isinstance(dimmed, int) and isinstance(clear, int) and dimmed < clear


@pytest.mark.parametrize(
    ("steps", "dialog_expected"),
    [
        ((), True),
        (("btn_agree",), False),  # main
        (("btn_agree", "btn_about"), False),  # about
        (("btn_disagree",), False),  # "您需要同意隐私政策后才能使用本应用" with 重新查看 / 退出
        (("btn_disagree", "btn_review"), True),  # the dialog again
    ],
)
def test_consent_detection_on_calibration_screens(
    tmp_path: Path, steps: tuple[str, ...], dialog_expected: bool
) -> None:
    with running(find_lab_app("calibration"), tmp_path) as lab:
        ui = lab.ui()
        for step in steps:
            tap(ui, Selector(resource_id=f"{CALIB}{step}"))
        dialog = detect_consent(screen(ui))
        assert (dialog is not None) == dialog_expected
        if dialog is not None:
            assert dialog.accept is not None and dialog.refuse is not None
            assert dialog.accept.resource_id == f"{CALIB}btn_agree"
            assert dialog.refuse.resource_id == f"{CALIB}btn_disagree"
            assert dialog.confidence == 1.0


def test_consent_detection_on_shop_screens(tmp_path: Path) -> None:
    with running(find_lab_app("shop"), tmp_path) as lab:
        ui = lab.ui()
        answer(ui, ButtonKind.DENY)
        tap(ui, Selector(resource_id=f"{SHOP}btn_disagree"))
        basic = screen(ui)
        # Browse-only mode names the policy and offers "同意隐私政策，使用完整服务": a long
        # label, not a consent button.
        assert detect_consent(basic) is None
        tap(ui, Selector(resource_id="btn_full_mode"))
        dialog = detect_consent(screen(ui))
        assert dialog is not None and dialog.refuse is not None
        assert dialog.refuse.label == "不同意"
        tap(ui, Selector(resource_id=f"{SHOP}btn_agree"))
        for tab in ("tab_mine", "tab_category", "tab_cart", "tab_home"):
            tap(ui, Selector(resource_id=tab))
            assert detect_consent(screen(ui)) is None, tab
            assert detect_permission_dialog(screen(ui)) is None, tab
