"""The probe steps: policy_reach (taps from the main screen to the privacy policy) and
popup_probe (a pop-up's close mark, a tap on its body, BACK), over a scripted phone; their
parsing and its errors. The host-lab runs are in `harness calibrate` (lab/dialog-flaws,
lab/popup-ads, lab/compliant with scenarios/dialog-probe.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InputError
from harness.model import Marker, MarkerKind
from harness.reach import parse_reach
from harness.scenario.language import PolicyReach, PopupProbe
from harness.scenario.runner import ScenarioRunner
from harness.scenario.steps import load_scenario
from tests.scenario.fakes import PKG, Evidence, FakeApp, FakePhone, FakeTime, button, node, window

POLICY_TEXT = "我们如何收集和使用您的个人信息：" + "本政策说明我们收集的个人信息及其用途。" * 20


def page(title: str, *buttons: tuple[str, str]) -> str:
    kids = [node(title, f"{PKG}:id/title", (0, 132, 1080, 250))]
    for i, (label, rid) in enumerate(buttons):
        top = 1200 + 150 * i
        kids.append(button(label, f"{PKG}:id/{rid}", (0, top, 1080, top + 120)))
    return window(*kids)


POLICY = window(
    node("隐私政策", f"{PKG}:id/title", (0, 132, 1080, 250)),
    node(POLICY_TEXT, f"{PKG}:id/body", (0, 300, 1080, 2300)),
)


def run(phone: FakePhone, steps: str, tmp_path: Path) -> list[Marker]:
    path = tmp_path / "probe.yaml"
    path.write_text(f"name: probe\nsteps:\n  - launch\n{steps}", encoding="utf-8")
    clock = FakeTime()
    runner = ScenarioRunner(
        FakeApp(phone), Evidence(), None, clock.sleep, clock.monotonic, lambda: phone.clock
    )
    return runner.run(load_scenario(path))


def reach_of(markers: list[Marker]):  # type: ignore[no-untyped-def]
    (marker,) = [m for m in markers if m.kind is MarkerKind.POLICY_REACH]
    return parse_reach(marker.detail), marker


def app_with_two_ways() -> FakePhone:
    """设置 > 关于 > 法律 > 隐私政策 (4 taps, tried first) and 我的 > 隐私政策 (2 taps)."""
    screens = {
        "main": page("首页", ("设置", "settings"), ("我的", "me")),
        "settings": page("设置", ("关于", "about")),
        "about": page("关于", ("法律", "legal")),
        "legal": page("法律", ("隐私政策", "policy")),
        "me": page("我的", ("隐私政策", "policy"), ("首页", "home")),
        "policy": POLICY,
    }
    taps: dict[str, dict[str, object]] = {
        "main": {f"{PKG}:id/settings": "settings", f"{PKG}:id/me": "me"},
        "settings": {f"{PKG}:id/about": "about"},
        "about": {f"{PKG}:id/legal": "legal"},
        "legal": {f"{PKG}:id/policy": "policy"},
        # 首页 on 我的 goes up to the main page: BACK from there does not lead back.
        "me": {f"{PKG}:id/policy": "policy", f"{PKG}:id/home": "main"},
    }
    back = {"settings": "main", "about": "settings", "legal": "about", "me": "main"}
    return FakePhone(screens, taps, current="main", on_back={**back, "policy": "legal"})  # type: ignore[arg-type]


def test_the_shortest_way_wins_and_the_search_ends_where_it_began(tmp_path: Path) -> None:
    phone = app_with_two_ways()
    # Policy pages return where they were opened from.
    phone.taps["me"][f"{PKG}:id/policy"] = lambda: _open_policy(phone, "me")
    phone.taps["legal"][f"{PKG}:id/policy"] = lambda: _open_policy(phone, "legal")
    markers = run(phone, "  - policy_reach\n", tmp_path)
    reach, marker = reach_of(markers)
    assert reach is not None
    assert (reach.taps, reach.path, reach.complete) == (2, ("我的", "隐私政策"), True)
    assert len(marker.evidence) == 4  # the start screen and the policy, dump and picture
    assert phone.current == "main" and phone.foreground


def _open_policy(phone: FakePhone, opener: str) -> None:
    phone.current = "policy"
    phone.on_back["policy"] = opener


def test_a_tap_that_goes_up_is_retraced(tmp_path: Path) -> None:
    phone = app_with_two_ways()
    phone.screens["me"] = page("我的", ("首页", "home"))  # no policy here now
    phone.taps["legal"][f"{PKG}:id/policy"] = lambda: _open_policy(phone, "legal")
    markers = run(phone, "  - policy_reach\n", tmp_path)
    reach, _ = reach_of(markers)
    assert reach is not None and (reach.taps, reach.complete) == (4, True)
    assert reach.path == ("设置", "关于", "法律", "隐私政策")


def test_no_policy_within_the_depth(tmp_path: Path) -> None:
    phone = app_with_two_ways()
    phone.taps["legal"] = {}
    phone.taps["me"] = {}
    reach, _ = reach_of(run(phone, "  - policy_reach: {max_taps: 6}\n", tmp_path))
    assert reach is not None and (reach.taps, reach.searched, reach.complete) == (None, 6, True)


def test_a_search_out_of_budget_says_so(tmp_path: Path) -> None:
    phone = app_with_two_ways()
    phone.taps["me"] = {}
    reach, _ = reach_of(run(phone, "  - policy_reach: {max_actions: 3}\n", tmp_path))
    assert reach is not None and (reach.taps, reach.complete) == (None, False)


def test_the_main_screen_showing_the_policy_is_zero_taps(tmp_path: Path) -> None:
    phone = FakePhone({"policy": POLICY}, current="policy")
    reach, _ = reach_of(run(phone, "  - policy_reach\n", tmp_path))
    assert reach is not None and reach.taps == 0


def ad_over_main(*extra: str) -> str:
    ad = node(
        "",
        f"{PKG}:id/popup_ad",
        (140, 640, 940, 1700),
        cls="android.widget.FrameLayout",
        children=(
            node(
                "",
                f"{PKG}:id/iv_ad",
                (140, 640, 940, 1500),
                cls="android.widget.ImageView",
                clickable=True,
            ),
            button("立即领取", f"{PKG}:id/claim", (240, 1540, 840, 1660)),
            *extra,
        ),
    )
    return window(
        node("首页", f"{PKG}:id/title", (0, 132, 1080, 250)),
        node("今日推荐", f"{PKG}:id/feed", (0, 260, 1080, 2000)),
        ad,
    )


def test_an_ad_without_close_that_jumps_on_its_body(tmp_path: Path) -> None:
    screens = {"main_ad": ad_over_main(), "landing": page("领红包"), "main": page("首页")}
    taps = {"main_ad": {f"{PKG}:id/iv_ad": "landing", f"{PKG}:id/claim": "landing"}}
    phone = FakePhone(screens, taps, current="main_ad", on_back={"landing": "main"})  # type: ignore[arg-type]
    markers = run(phone, "  - popup_probe\n", tmp_path)
    kinds = [m.kind for m in markers]
    assert MarkerKind.POPUP_NO_CLOSE in kinds and MarkerKind.POPUP_JUMP in kinds
    jump = next(m for m in markers if m.kind is MarkerKind.POPUP_JUMP)
    assert "another page" in jump.detail and len(jump.evidence) == 4
    # The body tap was on the image, not the button; BACK then left the landing page.
    clicks = [a for a in phone.actions if a[0] == "click"]
    assert clicks == [("click", (540, 1170))]
    assert phone.current == "main"


def test_a_closable_prompt_whose_body_does_nothing(tmp_path: Path) -> None:
    later = button("以后再说", f"{PKG}:id/later", (160, 1560, 500, 1660))
    screens = {"main_ad": ad_over_main(later), "main": page("首页")}
    phone = FakePhone(screens, {}, current="main_ad", on_back={"main_ad": "main"})
    markers = run(phone, "  - popup_probe\n", tmp_path)
    kinds = {m.kind for m in markers}
    assert not kinds & {MarkerKind.POPUP_NO_CLOSE, MarkerKind.POPUP_JUMP}
    details = [m.detail for m in markers]
    assert any("BACK dismissed it" in d for d in details)
    assert any("closes by '以后再说'" in d for d in details)


def test_a_popup_back_cannot_dismiss_is_recorded(tmp_path: Path) -> None:
    phone = FakePhone(
        {"main_ad": ad_over_main()}, {}, current="main_ad", on_back={"main_ad": "main_ad"}
    )
    markers = run(phone, "  - popup_probe\n", tmp_path)
    (no_close,) = [m for m in markers if m.kind is MarkerKind.POPUP_NO_CLOSE]
    assert "BACK did not dismiss it" in no_close.detail
    assert MarkerKind.POPUP_JUMP not in {m.kind for m in markers}


def test_no_popup_is_a_step_marker(tmp_path: Path) -> None:
    phone = FakePhone({"main": page("首页", ("我的", "me"))}, current="main")
    markers = run(phone, "  - popup_probe: {timeout: 1}\n", tmp_path)
    assert any("no pop-up within 1 s" in m.detail for m in markers)


def test_the_steps_parse(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: t\nsteps:\n  - launch\n  - policy_reach\n"
        "  - policy_reach: {max_taps: 4, max_actions: 10, duration: 30}\n"
        "  - popup_probe\n  - popup_probe: {timeout: 2}\n",
        encoding="utf-8",
    )
    assert load_scenario(path).steps[1:] == (
        PolicyReach(4),
        PolicyReach(5, max_taps=4, max_actions=10, duration=30.0),
        PopupProbe(6),
        PopupProbe(7, timeout=2.0),
    )


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("  - policy_reach: {max_taps: 0}\n", 4, "whole number >= 1"),
        ("  - policy_reach: {depth: 3}\n", 4, "depth"),
        ("  - popup_probe: {timeout: -1}\n", 4, "seconds"),
        ("  - popup_probe:\n      timeout: 1\n      tap: body\n", 6, "no option 'tap'"),
    ],
)
def test_malformed_probe_steps_name_their_line(
    tmp_path: Path, body: str, line: int, fragment: str
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(f"name: t\nsteps:\n  - launch\n{body}", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert caught.value.line == line, caught.value.describe()
    assert fragment in caught.value.describe()


def test_a_body_tap_that_opens_another_app_is_a_jump_and_the_app_comes_back(
    tmp_path: Path,
) -> None:
    screens = {"main_ad": ad_over_main(button("关闭", f"{PKG}:id/close", (840, 660, 930, 750)))}
    phone = FakePhone(screens, {}, current="main_ad", on_back={"main_ad": "main_ad"})
    # The ad image hands the user to another app (a store, a browser): the app leaves.
    phone.taps["main_ad"] = {f"{PKG}:id/iv_ad": lambda: setattr(phone, "foreground", False)}
    markers = run(phone, "  - popup_probe\n", tmp_path)
    (jump,) = [m for m in markers if m.kind is MarkerKind.POPUP_JUMP]
    assert "another app came to the front (com.android.launcher3)" in jump.detail
    kinds = [m.kind for m in markers]
    assert MarkerKind.POPUP_NO_CLOSE not in kinds  # its 关闭 is a close mark
    assert kinds.index(MarkerKind.BACKGROUND_START) < kinds.index(MarkerKind.BACKGROUND_END)
    assert ("foreground", None) in phone.actions
