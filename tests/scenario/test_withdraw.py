"""The withdraw step over a scripted phone: the search, the confirmation, the bound."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InputError
from harness.model import MarkerKind
from harness.scenario.steps import load_scenario
from tests.scenario.fakes import PKG, PRIVACY, FakePhone, button, node, window
from tests.scenario.test_runner import kinds, run


def page(title: str, *buttons: tuple[str, str]) -> str:
    rows = [
        button(text, f"{PKG}:id/{rid}", (48, 400 + i * 150, 1032, 520 + i * 150))
        for i, (text, rid) in enumerate(buttons)
    ]
    return window(node(title, f"{PKG}:id/title_{title}", (48, 180, 1032, 300)), *rows)


def settings_phone(privacy_row: str = "隐私设置") -> FakePhone:
    """我的 → 设置 → 隐私设置 → 撤回同意 → 确定 → the privacy dialog again."""
    return FakePhone(
        screens={
            "privacy": PRIVACY,
            "main": page("首页", ("推荐", "feed"), ("我的", "tab_mine")),
            "feed": page("推荐内容", ("返回", "back")),
            "mine": page("我的", ("我的订单", "orders"), ("设置", "settings")),
            "orders": page("订单"),
            "settings": page("设置", ("关于", "about"), (privacy_row, "privacy")),
            "about": page("关于我们"),
            "privacy_settings": page("隐私", ("个性化推荐", "ads"), ("撤回同意", "withdraw")),
            "confirm": page("确定撤回同意吗？", ("取消", "cancel"), ("确定", "ok")),
        },
        taps={
            "privacy": {f"{PKG}:id/yes": "main"},
            "main": {f"{PKG}:id/feed": "feed", f"{PKG}:id/tab_mine": "mine"},
            "mine": {f"{PKG}:id/orders": "orders", f"{PKG}:id/settings": "settings"},
            "settings": {f"{PKG}:id/about": "about", f"{PKG}:id/privacy": "privacy_settings"},
            "privacy_settings": {f"{PKG}:id/withdraw": "confirm"},
            "confirm": {f"{PKG}:id/ok": "privacy", f"{PKG}:id/cancel": "privacy_settings"},
        },
        on_back={
            "feed": "main",
            "mine": "main",
            "orders": "mine",
            "settings": "mine",
            "about": "settings",
            "privacy_settings": "settings",
            "confirm": "privacy_settings",
        },
        current="main",
    )


def test_finds_the_way_by_words_withdraws_and_confirms(tmp_path: Path) -> None:
    device = settings_phone()
    runner, evidence = run(tmp_path, "  - launch\n  - withdraw\n  - stop\n", device)
    assert MarkerKind.CONSENT_WITHDRAWN in kinds(runner)
    withdrawn = next(m for m in runner.markers if m.kind is MarkerKind.CONSENT_WITHDRAWN)
    # The phase changes at the tap that confirmed it: the last click, on 确定.
    last_click = max(i for i, a in enumerate(device.actions) if a[0] == "click")
    assert withdrawn.ts == 1000.0 + last_click + 1
    assert device.current == "privacy"
    assert "我的 → 设置 → 隐私设置 → 撤回同意" in withdrawn.detail
    assert "'确定'" in withdrawn.detail and "line 4" in withdrawn.detail
    # Straight there: 我的 before 推荐, 隐私设置 before 关于; never 取消, nothing else.
    assert [a for a in device.actions if a[0] == "press"] == []
    assert len([a for a in device.actions if a[0] == "click"]) == 5
    names = [n for n in withdrawn.evidence if n.endswith(".xml")]
    assert any("withdraw-confirm" in n for n in names) and any("withdraw-done" in n for n in names)
    assert all(n in evidence.files for n in withdrawn.evidence)


def test_an_unknown_wording_is_reached_by_trying_the_other_controls(tmp_path: Path) -> None:
    device = settings_phone(privacy_row="数据与授权")  # no path word: the fallback finds it
    runner, _ = run(tmp_path, "  - launch\n  - withdraw\n", device)
    assert MarkerKind.CONSENT_WITHDRAWN in kinds(runner)
    assert device.current == "privacy"


def test_via_selectors_lead_the_way(tmp_path: Path) -> None:
    device = settings_phone(privacy_row="数据与授权")
    body = "  - launch\n  - withdraw: {via: [我的, 设置, 数据与授权], max_depth: 3}\n"
    runner, _ = run(tmp_path, body, device)
    withdrawn = next(m for m in runner.markers if m.kind is MarkerKind.CONSENT_WITHDRAWN)
    assert "我的 → 设置 → 数据与授权 → 撤回同意" in withdrawn.detail


def test_not_found_within_the_bound_records_every_screen_visited(tmp_path: Path) -> None:
    device = settings_phone()
    # The control is 3 taps down: two taps deep is not enough.
    runner, evidence = run(tmp_path, "  - launch\n  - withdraw: {max_depth: 2}\n", device)
    assert MarkerKind.CONSENT_WITHDRAWN not in kinds(runner)
    (missing,) = [m for m in runner.markers if m.kind is MarkerKind.WITHDRAWAL_NOT_FOUND]
    assert "within 2 taps" in missing.detail
    dumps = [n for n in missing.evidence if n.endswith(".xml")]
    shown = {evidence.files[n].decode() for n in dumps}
    # main, feed, mine, orders, settings: each once, and never the privacy settings.
    assert len(dumps) == 5
    assert not any("撤回同意" in xml for xml in shown)
    assert any("title_设置" in xml for xml in shown)


def test_the_action_budget_ends_the_search(tmp_path: Path) -> None:
    device = settings_phone()
    runner, _ = run(tmp_path, "  - launch\n  - withdraw: {max_taps: 2}\n", device)
    (missing,) = [m for m in runner.markers if m.kind is MarkerKind.WITHDRAWAL_NOT_FOUND]
    assert "2 actions spent" in missing.detail
    taken = [a for a in device.actions if a[0] in ("click", "press", "swipe")]
    assert len(taken) == 2


@pytest.mark.parametrize(
    ("step", "message", "line"),
    [
        ("withdraw: {via: 3}", "withdraw 'via' takes a list of selectors", 3),
        ("withdraw: {max_taps: 0}", "withdraw max_taps takes a whole number >= 1", 3),
        ("withdraw: {deep: 2}", "'withdraw' has no option 'deep'", 3),
    ],
)
def test_bad_options_name_the_line(tmp_path: Path, step: str, message: str, line: int) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(f"name: t\nsteps:\n  - launch\n  - {step}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert message in str(caught.value) and f":{line + 1}:" in str(caught.value)
