"""Which screen is the privacy policy, and which controls lead there first."""

from __future__ import annotations

from harness.ui.hierarchy import parse_hierarchy
from harness.ui.policy_reach import policy_paths, shows_policy
from tests.ui.dumps import HIERARCHY, REAL_DUMPS, button, node, screen

NOTE = "com.quicknote.app"


def load(name: str):  # type: ignore[no-untyped-def]
    return parse_hierarchy((HIERARCHY / name).read_text(encoding="utf-8"))


def test_a_policy_page_is_the_policy() -> None:
    assert shows_policy(load("cn-policy-page.xml"), NOTE) == "隐私政策"


def test_a_page_linking_the_policy_is_not() -> None:
    assert shows_policy(load("cn-settings-links.xml"), NOTE) == ""


def test_a_sentence_naming_the_policy_is_no_heading() -> None:
    # The login screen's "By logging in, you agree with our ... Privacy Policy" line.
    for path in REAL_DUMPS:
        assert shows_policy(parse_hierarchy(path.read_text(encoding="utf-8"))) == ""


def test_a_heading_over_a_webview_is_the_policy() -> None:
    xml = screen(
        node("Privacy Policy", "app:id/toolbar_title", bounds="[0,100][1080,250]"),
        node("", "app:id/web", bounds="[0,250][1080,2340]", cls="android.webkit.WebView"),
    )
    assert shows_policy(parse_hierarchy(xml)) == "Privacy Policy"


def test_a_heading_alone_is_not() -> None:
    xml = screen(node("隐私政策", "app:id/title", bounds="[0,100][1080,250]"))
    assert shows_policy(parse_hierarchy(xml)) == ""


def test_likely_ways_first_and_avoided_words_left_out() -> None:
    xml = screen(
        button("发现", "com.example:id/tab_find", "[0,2200][270,2340]"),
        button("我的", "com.example:id/tab_me", "[270,2200][540,2340]"),
        button("隐私政策", "com.example:id/privacy", "[0,400][1080,520]"),
        button("退出登录", "com.example:id/logout", "[0,600][1080,720]"),
    )
    labels = [a.label for a in policy_paths(parse_hierarchy(xml), "com.example", ("退出登录",))]
    assert labels == ["隐私政策", "我的", "发现"]


def test_a_short_policy_page_without_scrolling_is_the_policy() -> None:
    body = (
        "我们仅在您同意后收集您的位置信息，用于规划路线；我们不会向第三方共享您的个人信息。"
        "您可以随时在系统设置中撤回位置权限，或删除本应用。"
    )
    xml = screen(
        node("隐私政策", "app:id/title", bounds="[0,100][1080,250]"),
        node(body, "app:id/message", bounds="[0,300][1080,900]"),
    )
    assert shows_policy(parse_hierarchy(xml)) == "隐私政策"


def test_a_heading_over_unrelated_short_text_is_not() -> None:
    xml = screen(
        node("隐私政策", "app:id/title", bounds="[0,100][1080,250]"),
        node("加载失败，请稍后重试", "app:id/message", bounds="[0,300][1080,900]"),
    )
    assert shows_policy(parse_hierarchy(xml)) == ""
