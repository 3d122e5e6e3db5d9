"""Blocking after a denial: the explorer ends on a screen offering only settings or quit."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InputError
from harness.ui.actions import ActionKind, screen_signature
from harness.ui.blocking import Blocked, BlockWatch, load_blocking_words
from harness.ui.explorer import ExplorationPlan, load_explorer_manners
from harness.ui.hierarchy import Hierarchy, parse_hierarchy
from tests.ui.dumps import button, node, screen

PKG = "com.example"
Screens = dict[str, list[tuple[str, str]]]  # screen -> buttons (label, screen it leads to)


def render(app: Screens, name: str) -> Hierarchy:
    buttons = [
        button(label, f"{PKG}:id/{name}_{i}", f"[0,{300 + 150 * i}][1080,{430 + 150 * i}]")
        for i, (label, _) in enumerate(app[name])
    ]
    return parse_hierarchy(screen(node(f"screen {name}", f"{PKG}:id/title_{name}"), *buttons))


def explore(app: Screens, first: str) -> tuple[Blocked | None, list[str]]:
    """The explore step's loop over a simulated app: plan, watch, act; the watch's verdict."""
    plan = ExplorationPlan(PKG, 7, 4, load_explorer_manners().avoid_words)
    watch = BlockWatch(PKG, load_blocking_words())
    stack, taken = [first], []
    for look in range(100):
        shown = render(app, stack[-1])
        watch.see(screen_signature(shown, PKG), 100.0 + look, shown, (f"ui/{look:04d}.xml",))
        action = plan.next_action(shown)
        if action is None:
            return watch.verdict(plan), taken
        taken.append(action.label or action.kind.value)
        if action.kind is ActionKind.BACK:
            if len(stack) > 1:
                stack.pop()
            continue
        target = dict(app[stack[-1]])[action.label]
        if target == "gone":
            raise AssertionError(f"the explorer tapped {action.label!r}")
        if target != stack[-1]:
            stack.append(target)
    raise AssertionError("exploration never ended")


def test_a_screen_offering_only_settings_or_quit_blocks() -> None:
    wall = {"wall": [("去设置", "wall"), ("退出", "gone")]}
    blocked, taken = explore(wall, "wall")
    assert taken == []  # both are avoided: the explorer has nothing to try
    assert blocked is not None
    assert blocked.ways_out == ("去设置", "退出")
    assert blocked.since == 100.0
    assert blocked.evidence == ("ui/0000.xml",)


def test_english_wording_blocks_too() -> None:
    wall = {"wall": [("Open Settings", "wall"), ("Exit", "gone")]}
    blocked, _ = explore(wall, "wall")
    assert blocked is not None and blocked.ways_out == ("Open Settings", "Exit")


def test_a_retry_that_comes_back_to_the_same_screen_still_blocks() -> None:
    wall = {"wall": [("重新授权", "wall"), ("我知道了", "wall"), ("去设置", "wall")]}
    blocked, taken = explore(wall, "wall")
    assert sorted(taken) == ["我知道了", "重新授权"]
    assert blocked is not None
    assert blocked.ways_out == ("去设置",)
    assert blocked.looks == 3  # seen before, and after each of the two taps
    assert blocked.evidence == ("ui/0000.xml", "ui/0001.xml", "ui/0002.xml")


def test_an_app_that_goes_on_is_not_blocked() -> None:
    app = {
        "home": [("附近", "list"), ("我的", "me"), ("退出", "gone")],
        "list": [("单车一", "list")],
        "me": [("设置", "prefs")],  # an in-app settings page, not the system's
        "prefs": [("关于", "prefs")],
    }
    blocked, taken = explore(app, "home")
    assert "附近" in taken and "设置" in taken
    assert blocked is None


def test_a_dialog_whose_dismiss_leads_on_is_not_blocked() -> None:
    app = {"ask": [("取消", "home"), ("去设置", "ask")], "home": [("附近", "home")]}
    blocked, _ = explore(app, "ask")
    assert blocked is None


def test_a_simple_screen_without_a_way_out_is_not_blocked() -> None:
    blocked, _ = explore({"one": [("刷新", "one")]}, "one")
    assert blocked is None


def test_a_bad_words_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "blocking.yaml"
    bad.write_text("version: 1\nsettings_words: [去设置]\n")
    with pytest.raises(InputError) as err:
        load_blocking_words(bad)
    assert "blocking.yaml" in str(err.value) and "quit_words" in str(err.value)
