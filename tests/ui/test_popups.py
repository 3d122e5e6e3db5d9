"""Pop-up windows of the app and their close marks (信息窗口的关闭或退出标识).

Dumps: the project's own cn-*/en-* screens in tests/fixtures/android/hierarchy (ad windows,
an upgrade prompt in a window of its own, a promotion with an unlabelled corner ×), and the
real dumps from other projects, which show no pop-up at all.
"""

from __future__ import annotations

import pytest

from harness.ui.consent import detect_consent
from harness.ui.hierarchy import Hierarchy, parse_hierarchy
from harness.ui.popups import Popup, find_popups, popup_free_signature
from tests.ui.dumps import HIERARCHY, REAL_DUMPS, button, node, screen, windows


def load(name: str) -> Hierarchy:
    return parse_hierarchy((HIERARCHY / name).read_text(encoding="utf-8"))


def app_package(hierarchy: Hierarchy) -> str:
    return next(p for p in sorted(hierarchy.packages()) if p != "com.android.systemui")


def popups_of(name: str) -> list[Popup]:
    hierarchy = load(name)
    dialog = detect_consent(hierarchy)
    exclude = (dialog.bounds,) if dialog else ()
    return find_popups(hierarchy, app_package(hierarchy), exclude=exclude)


def test_an_ad_without_close_mark() -> None:
    (popup,) = popups_of("cn-ad-popup-no-close.xml")
    assert popup.resource_id == "com.dailydeals.mall:id/popup_ad"
    assert popup.close_mark == ""
    # Its body point is on the ad image, not on the 立即领取 button below it.
    assert popup.body_point is not None
    x, y = popup.body_point
    assert 140 <= x < 940 and 640 <= y < 1500


def test_an_unlabelled_x_below_the_ad_closes_it() -> None:
    (popup,) = popups_of("cn-ad-popup-x-below.xml")
    assert "iv_x" in popup.close_mark


def test_an_upgrade_prompt_in_its_own_window() -> None:
    (popup,) = popups_of("cn-upgrade-dialog-window.xml")
    assert popup.window and popup.close_mark == "以后再说"
    assert popup.body_point is not None
    _x, y = popup.body_point
    assert not (1460 <= y < 1560)  # not on the buttons' row


def test_an_unlabelled_corner_image_whose_id_says_dismiss() -> None:
    (popup,) = popups_of("en-promo-corner-x.xml")
    assert popup.close_mark.endswith("iv_dismiss_promo")


@pytest.mark.parametrize(
    "dump",
    [
        "cn-mall-home.xml",
        "cn-reader-home.xml",
        "en-fitlife-home.xml",
        "cn-policy-page.xml",
        "cn-settings-links.xml",
        # Consent dialogs are the consent rules' business, not pop-ups.
        "cn-first-run-dialog.xml",
        "en-onetrust-banner.xml",
        "en-ump-consent-form.xml",
        "cn-ack-only-dialog.xml",
    ],
)
def test_screens_without_a_popup(dump: str) -> None:
    assert popups_of(dump) == []


@pytest.mark.parametrize("path", REAL_DUMPS, ids=lambda p: p.name)
def test_real_dumps_show_no_popup(path) -> None:  # type: ignore[no-untyped-def]
    hierarchy = parse_hierarchy(path.read_text(encoding="utf-8"))
    for package in hierarchy.packages():
        assert find_popups(hierarchy, package) == []


def _over_page(*popup_kids: str, rid: str = "app:id/popup_coupon") -> Hierarchy:
    page = node("首页", "app:id/title", bounds="[0,100][1080,300]", package="app")
    feed = node("今日推荐", "app:id/feed", bounds="[0,300][1080,2000]", package="app")
    popup = node("", rid, bounds="[140,600][940,1600]", children="".join(popup_kids), package="app")
    return parse_hierarchy(screen(page, feed, popup, package="app"))


@pytest.mark.parametrize(
    ("label", "rid", "desc"),
    [
        ("关闭", "app:id/b1", ""),
        ("跳过 5s", "app:id/b1", ""),
        ("以后再说", "app:id/b1", ""),
        ("Not now", "app:id/b1", ""),
        ("", "app:id/btn_skip", ""),
        ("", "app:id/b1", "Close"),
        ("×", "app:id/b1", ""),
    ],
)
def test_close_marks_by_label_id_or_description(label: str, rid: str, desc: str) -> None:
    close = node(
        label,
        rid,
        True,
        "[800,1500][930,1590]",
        desc=desc,
        cls="android.widget.Button",
        package="app",
    )
    claim = button("立即领取", "app:id/btn_claim", "[200,1400][700,1500]", package="app")
    (popup,) = find_popups(_over_page(claim, close), "app")
    assert popup.close_mark


def test_a_sentence_saying_close_is_no_close_mark() -> None:
    text = node(
        "活动将于今晚关闭，请尽快领取您的优惠券，过期作废。",
        "app:id/text",
        True,
        "[160,700][920,1000]",
        package="app",
    )
    claim = button("立即领取", "app:id/btn_claim", "[200,1400][700,1500]", package="app")
    (popup,) = find_popups(_over_page(text, claim), "app")
    assert popup.close_mark == ""


def test_an_inline_banner_not_over_anything_is_no_popup() -> None:
    banner = node(
        "",
        "app:id/banner_ad",
        bounds="[0,100][1080,600]",
        children=button("查看", "app:id/go", "[800,500][1000,580]", package="app"),
        package="app",
    )
    hierarchy = parse_hierarchy(screen(banner, package="app"))
    assert find_popups(hierarchy, "app") == []


def test_the_screen_under_a_popup_is_named_without_it() -> None:
    claim = button("立即领取", "app:id/btn_claim", "[200,1400][700,1500]", package="app")
    with_popup = _over_page(claim)
    page = parse_hierarchy(
        screen(
            node("首页", "app:id/title", bounds="[0,100][1080,300]", package="app"),
            node("今日推荐", "app:id/feed", bounds="[0,300][1080,2000]", package="app"),
            package="app",
        )
    )
    (popup,) = find_popups(with_popup, "app")
    under = popup_free_signature(with_popup, "app", popup.bounds)
    assert under == popup_free_signature(page, "app", None)
    assert under != popup_free_signature(with_popup, "app", None)


def test_a_toast_sized_window_is_no_popup() -> None:
    page = node("", "", bounds="[0,0][1080,2340]", package="app", cls="android.widget.FrameLayout")
    toast = node("已复制", "", bounds="[340,2000][740,2100]", package="app")
    hierarchy = parse_hierarchy(windows(page, toast))
    assert find_popups(hierarchy, "app") == []
